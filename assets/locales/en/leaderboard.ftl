# en: leaderboard

leaderboard-menu = < Menu [Esc]
leaderboard-heading = Leaderboards
leaderboard-source-shared = shared database, self-reported
leaderboard-source-local = this machine, self-reported
leaderboard-tab-scenarios = Scenarios [1]
leaderboard-tab-teams = Teams [2]
leaderboard-tab-progress = My progress [3]
leaderboard-played-chosen = chosen replies
leaderboard-played-typed = typed replies
leaderboard-switch-trainee = Switch trainee: F4
leaderboard-not-saving = Results are not being saved, so there is nothing to rank.

## Column headers
leaderboard-col-scenario = scenario
leaderboard-col-best = best
leaderboard-col-average = average
leaderboard-col-sessions = sessions
leaderboard-col-best-csat = best CSAT
leaderboard-col-rank = rank
leaderboard-col-trainee = trainee
leaderboard-col-team = team
leaderboard-col-average-of-bests = average of bests
leaderboard-col-members = members
leaderboard-col-started = started (UTC)
leaderboard-col-status = status
leaderboard-col-score = score
leaderboard-col-csat = CSAT

## Scenarios and teams
leaderboard-no-sessions-play = No finished sessions yet: play a scenario and it will be ranked here.
leaderboard-scenarios-heading = Scenarios (Up/Down to choose)
leaderboard-leaders = Leaders: { $scenario }
leaderboard-no-sessions = No finished sessions yet.
leaderboard-teams-heading = Teams: the average of each member's best score per scenario
leaderboard-no-team = (no team)
leaderboard-trainees-heading = Trainees across every scenario

## My progress
leaderboard-progress-heading = Progress of { $trainee }
leaderboard-no-history = No sessions yet: your history and skill progress appear here after you play.
leaderboard-progress-explained = Each skill's score (0-100, against the best path) in the finished sessions that trained it, oldest to newest.
leaderboard-skill-latest = { $count ->
    [one] latest { $latest } (first { $first }, { $count } session)
   *[other] latest { $latest } (first { $first }, { $count } sessions)
}
leaderboard-not-trained-yet = not trained yet
leaderboard-sessions-heading = Sessions
leaderboard-status-finished = finished
leaderboard-status-abandoned = abandoned

## Saving results (results.rs)
leaderboard-results-not-saved = Results will not be saved: { $error }
# The reason a save failed when there is no store at all.
leaderboard-results-no-store = no results store
leaderboard-results-kept = This session could not be saved now ({ $reason }). It is kept in { $path } and will be saved the next time Rapport starts.
leaderboard-results-lost = This session was NOT saved: the results store failed ({ $reason }) and so did keeping it aside ({ $error }).
leaderboard-results-session-not-saved = This session was not saved ({ $reason }).
