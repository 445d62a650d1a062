# en: team-match
match-menu = < Menu [Esc]
match-title = Team match
match-title-named = Team match: { $name }
match-turns-played = { $done } of { $all } turns played
match-key-enter = Enter

## A match in progress.
match-saving-turn = Saving the turn...
match-turn-playing = A turn is being played.
match-scored = { $player } scored { $score }/100 (CSAT { $csat }/5)
match-left = { $player } left the conversation: 0 points
match-final-ranking = Final ranking
match-next-player = Next player
match-round-of = Round { $round } of { $rounds }: { $title }
match-pass-keyboard = Pass the keyboard to { $name }
match-pass-keyboard-team = Pass the keyboard to { $name } ({ $team })
match-look-away = Everyone plays the same customer with the same words. The previous player's conversation is not shown; everyone else, please look away.
match-is-ready = { $name } is ready
match-standings = Standings
match-column-rank = rank
match-column-player = player
match-column-team = team
match-column-total = total
match-column-rounds-played = rounds played
match-column-average = average
match-column-players = players
match-rounds-of = { $done } of { $all }
match-left-short = left

## The final ranking.
# Joins the names of a tie: "Ana and Bo".
match-and = and
match-wins = { $name } wins with { $points } points
match-tie = { $names } tie with { $points } points
match-teams = Teams (average of their players' totals)
match-no-team = (no team)
match-best-moments = Best moments
match-round-best = { $title }: best score { $best }, by { $names }
match-moment = { $name }, round { $round }, turn { $turn }:
match-moment-reply = "{ $reply }"
match-moment-gain = +{ $gain } satisfaction and trust
match-back-to-menu = Back to the menu

## Setting up a match.
match-unfinished = Unfinished matches
match-unfinished-line = { $name }: { $done } of { $all } turns played, { $players } players
match-resume-key = Resume [R]
match-resume = Resume
match-discard = Discard
match-new = New match
match-name = Name
match-players = Players, in playing order
match-hint-name = name
match-hint-team = team
match-remove = Remove
match-add-player = Add a player
match-scenarios = Scenarios, played in this order
match-scenario-choice = { $title } (difficulty { $difficulty }/5, { $channel })
match-seed = Seed { $seed } (the same lines for everyone)
match-new-seed = New seed
match-competition-number = Competition round (optional): competition number
match-competition-help = A round is scored by the results server: name each player as their account, a trainee of the competition's cohort.
match-start = Start the match

## Why a match cannot start or go on.
match-not-a-competition = `{ $id }` is not a competition number
match-round-needs-trainer = A competition round is run by its trainer: sign in as a trainer on the title screen first.
match-too-few-players = a match needs at least two players
match-too-many-players = a match has at most { $count } players
match-no-rounds = pick at least one scenario
match-too-many-rounds = a match has at most { $count } scenarios
match-unnamed-player = player { $number } has no name
match-duplicate-player = { $name } is in the match twice
match-no-name = give the match a name
match-waiting-for-server = Waiting for the results server to say how this round is run...
match-no-valid-version = { $file } has no valid version in the scenario folder; fix the file to go on.
match-scenario-changed = { $title } has changed since the match began: this turn plays the current version.
match-turn-not-counted = This turn was not counted. { $reason } The same player plays it again.
match-turn-not-saved = It could not be saved.
match-turn-not-counted-because = This turn was not counted: { $error }
match-error-finished = the match is over
match-error-out-of-turn = it is { $player }'s turn on round { $round }, not this one
