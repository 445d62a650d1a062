# en: leaderboard
