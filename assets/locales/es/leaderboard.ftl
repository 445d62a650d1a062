# es: leaderboard
