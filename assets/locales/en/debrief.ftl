# en: debrief
