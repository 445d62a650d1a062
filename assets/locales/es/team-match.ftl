# es: team-match
