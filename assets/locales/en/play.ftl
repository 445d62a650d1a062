# en: play

## The customer
play-meter-satisfaction = Satisfaction
play-meter-trust = Trust
play-meter-patience = Patience
play-situation = Situation
play-pause-button = Pause [Esc]

## Keys named on buttons
play-key-enter = Enter
play-key-backspace = Backspace

## The replies and the coaching card
play-restart = Restart with the new version
play-coaching = Coaching
play-why = Why? [W]
play-walked-out = The customer has had enough and leaves.
play-see-debrief = See the debrief
play-continue = Continue
play-working-out-debrief = Working out your debrief...
play-customer-reacts = The customer reacts to your reply...
play-space-whole-line = Space: show the whole line
play-time-to-read = Time to read: the customer's wait starts in { $seconds } s
play-waiting-in-story = The customer is waiting ({ $story } in the story): { $seconds } s
play-waiting = The customer is waiting: { $seconds } s
play-your-reply = Your reply
play-tab-own-words = Tab: say it in your own words instead
play-timers-off = (Timers are off: silence is not chosen for you.)
play-in-your-words = In your words:

## The conversation
play-you = You
play-taken-as = taken as: { $reply }

## Paused
play-paused = Paused
play-paused-note = The customer waits; timers are stopped.
play-resume = Resume
play-abandon = Abandon (not scored)

## Typing
play-your-own-words = Your reply, in your own words
play-tab-list = Tab: choose from the list instead
play-you-said = You said: "{ $text }"
play-did-you-mean = Did you mean:
play-say-again = Neither: say it again
play-understanding = Understanding...
play-type-hint = Type what you would say to the customer, then press Enter
play-silence-choice = Saying nothing is a choice too: the customer will wait only so long.
play-typing-by-words-not-installed = Understanding by words, which catches less than the model. The model is not installed: `rapport model install` adds it.
play-typing-by-words = Understanding by words, which catches less than the model. { $why }

## Notices (playtests, reloads)
play-notice-playtest = Playtest from `{ $node }`: the debrief scores from this point.
play-notice-file-removed = The scenario file was removed; you are playing the version loaded before.
play-notice-file-broken = The file now has errors; you keep playing the last good version.
play-notice-reloaded = Scenario reloaded: continuing at `{ $node }` with the same meters.
play-notice-updated-after-end = The scenario was updated; it takes effect next time you play it.
play-notice-node-gone = The scenario was updated and node `{ $node }` is gone: press R to restart with the new version.

## The scene around the conversation, by channel.
scene-phone-call = Call with { $name }
scene-phone-connected = connected
scene-phone-on-hold = On hold
scene-phone-on-hold-note = The customer hears the hold music; the call timer runs on, the time limits stand still.
scene-phone-hold-button = Hold [Esc]
scene-chat-with = Live chat with { $name }
scene-chat-online = online
scene-chat-typing = { $name } is typing…
scene-email-from = From: { $name }   To: you
scene-email-subject = Subject: Re: { $title }
scene-counter = At the counter: { $name }
