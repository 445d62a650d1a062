# en: team-match
