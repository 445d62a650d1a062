# en: play
