# en: author
author-menu = < Menu [Esc]
author-scenarios = Scenarios
author-status-errors = errors
author-status-same-id = same id
author-status-warnings = warnings
author-status-ok = ok
author-pick = Pick a scenario on the left to see its analysis and map.
author-duplicate-id = Scenario id `{ $id }` is already used by { $first }: results are stored under the id, so this file is not played until one of them gets a new id.
author-errors = Errors
author-warnings = Warnings
author-last-good = Showing the last version that loaded without errors.
author-exploring = Exploring every path...
author-approximate = approximate: this scenario has too many ways through it to check them all, so each turn only its { $width } most promising states were followed; the best outcome is the best found, and the score is measured against it
author-map = Map
author-map-legend = Green: the best path. Red: unreachable, dead end or never reached. Click a node to playtest from it.
author-playtest-from = Playtest from `{ $node }`
author-start-playtest = Start playtest
author-key-click = click

## The cohort's play over the map.
author-cohort-play = Your cohort's play:
author-asking-server = asking the results server...
author-cohorts-failed = cannot list your cohorts: { $error }
author-no-cohort = you lead no cohort on this server yet
author-finished-sessions = { $count ->
    [one] { $count } finished session of this version
   *[other] { $count } finished sessions of this version
}
author-refresh = Refresh
author-cohort-legend = Blue: how many of the cohort's sessions reached a node (darker is more), with the count under its name; wider arrows were taken more. Click a node for its replies.
author-cohort-at = The cohort at `{ $node }`
author-no-session-reached = No session of the cohort reached this node.
author-chosen = Chosen
author-average-score = Average score
author-reply = Reply

## The analysis.
author-states-explored = States explored
author-states = { $states } ({ $paths } distinct paths)
author-best = Best
author-worst = Worst
author-extreme = score { $score } -> `{ $ending }` ({ $outcome }), CSAT { $csat }/5, NPS { $nps }
author-no-ending = no ending can be reached
author-endings = Endings
author-ending-reached = { $ending } ({ $outcome }): reached
author-ending-never-reached = { $ending } ({ $outcome }): never reached
author-dead-ends = Dead ends
author-none = none
author-dominated = Dominated replies
author-node-hover = { $node }: click to playtest from here
