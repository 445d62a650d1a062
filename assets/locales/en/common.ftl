# Words shared by several screens.
common-ok = OK
common-back = Back
common-turns = { $count ->
    [one] { $count } turn
   *[other] { $count } turns
}
common-language = Language

## Names of the core's values. Ids are `core-<kind>-<English label, spaces as dashes>`.
core-skill-empathy = empathy
core-skill-active-listening = active listening
core-skill-ownership = ownership
core-skill-clarity = clarity
core-skill-problem-solving = problem solving
core-skill-professionalism = professionalism
core-pitfall-blame = blame
core-pitfall-jargon = jargon
core-pitfall-dismissiveness = dismissiveness
core-pitfall-over-promising = over-promising
core-pitfall-interrupting = interrupting
core-pitfall-rushing-to-a-fix = rushing to a fix
core-pitfall-hiding-behind-policy = hiding behind policy
core-pitfall-defensiveness = defensiveness
core-pitfall-bypassing-a-control = bypassing a control
core-pitfall-gaming-a-metric = gaming a metric
core-pitfall-a-reply-that-made-no-sense = a reply that made no sense
core-severity-minor = minor
core-severity-major = major
core-severity-critical = critical
core-meter-satisfaction = satisfaction
core-meter-trust = trust
core-meter-patience = patience
core-channel-phone = phone
core-channel-chat = chat
core-channel-in-person = in person
core-channel-email = email
core-outcome-resolved = resolved
core-outcome-partly-resolved = partly resolved
core-outcome-escalated = escalated
core-outcome-customer-lost = customer lost
core-nps-promoter = promoter
core-nps-passive = passive
core-nps-detractor = detractor
core-retention-stays = stays
core-retention-at-risk = at risk
core-retention-leaves = leaves
core-understood-sure = sure
core-understood-picked = picked
core-understood-unclear = unclear
core-technique-open-question = open question
core-technique-reflected-their-words = reflected their words
core-technique-named-a-feeling = named a feeling
core-technique-apology = apology
core-technique-took-ownership = took ownership
core-technique-jargon = jargon
core-technique-blame = blame
core-technique-absolute-promise = absolute promise

## Widgets
common-meter-value = { $meter }: { $value } of 100
common-no-skill-shown = no skill shown
common-satisfaction = Satisfaction
common-trust = Trust
common-patience = Patience
common-portrait-meters = satisfaction { $satisfaction }, trust { $trust }, patience { $patience }

## How the customer looks (the portrait, read to a screen reader).
common-looks-furious = The customer looks furious
common-looks-annoyed = The customer looks annoyed
common-looks-neutral = The customer looks neutral
common-looks-warming = The customer is warming up
common-looks-pleased = The customer looks pleased

## What the core writes where the trainee's or the scenario's words would be.
common-silence = (silence)
common-not-understood = (not understood)
common-unclear-line = Sorry, what? I don't follow what you mean.
common-unclear-coaching = The customer could not tell what you meant, so they had to ask and wait. Answer what they said, in plain words about their problem.
