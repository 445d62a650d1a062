# es: play
