# es: debrief
