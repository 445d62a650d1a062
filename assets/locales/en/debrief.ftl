# en: debrief

debrief-sending = Sending this session to the results server...
debrief-saving = Saving this session...
debrief-retry-same-seed = Retry, same seed
debrief-retry-new-seed = Retry, new seed
debrief-another-scenario = Another scenario
debrief-menu = Menu
debrief-heading = Debrief: { $title }
debrief-tutorial = This was the tutorial: nothing is scored or saved. Every other scenario ends with a score, the customer's CSAT, NPS and whether they stay.

## The outcome
debrief-outcome = Outcome
debrief-outcome-intended = { $outcome } (the ending this scenario teaches)
debrief-csat = Customer satisfaction (CSAT)
debrief-nps = Would recommend (NPS)
debrief-retention = Retention
debrief-effort = Customer effort
debrief-money = Money
debrief-overall-score = Overall score
debrief-score-explained = 100 means you reached the best outcome this scenario allows.
debrief-score-approximate = The score is approximate: this scenario has too many ways through it to check them all, so each turn only its { $count } most promising states were followed; the best outcome is the best found, and the score is measured against it.
# The customer's effort: "3 (1 turn more than the shortest way to this ending, 2 from replies)".
debrief-effort-none = none
debrief-effort-total = { $total } ({ $parts })
debrief-effort-extra-turns = { $count ->
    [one] { $count } turn more than the shortest way to this ending
   *[other] { $count } turns more than the shortest way to this ending
}
debrief-effort-silences = { $count ->
    [one] { $count } silence
   *[other] { $count } silences
}
debrief-effort-from-replies = { $count } from replies
# Money: $year, $kept, $amount and $spent are sums in the scenario's currency ("£480").
debrief-money-no-cost = at no cost
debrief-money-cost = for { $amount } spent
debrief-money-kept = { $year } a year kept { $cost }
debrief-money-at-risk = { $kept } a year likely kept of { $year } (the customer is at risk) { $cost }
debrief-money-lost = { $year } a year lost
debrief-money-lost-and-spent = { $year } a year lost, and { $spent } spent

## Skills and the customer's meters
debrief-skills = Skills
debrief-skill-scored = { $points } of { $best } points ({ $score }%)
debrief-skill-not-enough-evidence = { $points } of { $best } points: not enough evidence
debrief-skill-not-called-on = { $points } points (not called on here)
# A pitfall or a technique and how often: "interrupting x2".
debrief-times = { $name } x{ $count }
debrief-pitfalls = Pitfalls: { $pitfalls }
debrief-customer-over-time = The customer over the conversation

## The cohort's board on the results server
debrief-cohort-board = Cohort { $cohort }: this scenario's board, scored by the server
debrief-cohort-best = best { $score }

## Turning points and the trainee's own words
debrief-turning-points = Turning points
debrief-turning-points-not-measured = Not measured after a reply the customer did not understand; see the pitfalls.
debrief-turning-points-none = None: every reply kept the best outcome within reach.
debrief-turn-you-said = Turn { $number }: you said
debrief-better-reply = A better reply (+{ $gain } points within reach):
debrief-your-words = Your words
debrief-over-the-session = Over the session:
debrief-understood-as = Understood as (confidence { $confidence }): { $reply }
debrief-you-meant = You said you meant: { $reply }
debrief-not-understood-asked = Not understood: the customer asked what you meant.
debrief-understood-by-words = Understood by matching words (the model was not installed).
debrief-understood-by-model = Understood by the language model, on this computer.

## The transcript
debrief-full-transcript = Full transcript
debrief-transcript-customer = { $number }. Customer: "{ $line }"
debrief-transcript-you = You: "{ $reply }"
# What the core writes for a silence, a reply nobody understood, the customer's answer to it
# and its coaching.
