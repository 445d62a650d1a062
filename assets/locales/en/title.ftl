# en: title
title-language-system = as the system
title-window = Rapport: customer-service training
title-tagline = Customer-service training: listen, own it, keep the customer.
title-playing-as = Playing as { $name }
title-playing-as-team = Playing as { $name } (team { $team })
title-welcome-back = Welcome back. Press Enter to continue as { $name }, or type another name.
title-welcome-back-team = Welcome back. Press Enter to continue as { $name } ({ $team }), or type another name.
title-your-name = Your name
title-team = Team
title-team-hint = optional
title-library = Scenario library
title-key-enter = Enter
title-leaderboards = Leaderboards
title-team-match = Team match
title-switch-trainee = Switch trainee
title-author-view = Author view
title-quit = Quit

## Settings
title-settings = Settings (kept for next time)
title-size = size of everything
title-theme = Theme
title-theme-dark = dark
title-theme-high-contrast = high contrast
title-reduced-motion = Reduced motion: lines and meters appear at once
title-timers = Time limits count down (customers wait only so long)
title-time-limits-run = Time limits run
title-pace-standard = x1
title-pace-longer = x1.5
title-pace-double = x2
title-more-reading-time = More reading time before a customer's wait starts
title-assessment = Assessment: no coaching while playing, all of it in the debrief
title-typing = Type replies in your own words (Tab switches to the list while playing)

## The results server
title-server-heading = Results server
title-server-signed-in = Signed in to { $url } as { $name } ({ $role }). Your sessions are scored by the server and ranked on your cohort's boards.
title-server-signed-in-cohort = Signed in to { $url } as { $name } ({ $role }, cohort { $cohort }). Your sessions are scored by the server and ranked on your cohort's boards.
title-server-role-admin = admin
title-server-role-trainer = trainer
title-server-role-trainee = trainee
title-server-waiting = { $count ->
    [one] { $count } session wait to be sent; they go when the server can be reached.
   *[other] { $count } sessions wait to be sent; they go when the server can be reached.
}
title-server-sign-out = Sign out
title-server-optional = Optional: be scored and ranked by your team's server. Without it, results stay on this machine.
title-server-url = Server
title-server-account = Account
title-server-password = Password
title-server-sign-in = Sign in
title-server-signing-in = Signing in...
title-server-sign-in-not-kept = signed in, but the sign-in cannot be kept: { $error }
title-server-not-taken = The results server did not take this session: { $reason }
title-server-kept-for-later = The results server could not take this session now ({ $error }). It is kept in { $path } and will be sent the next time you play or start Rapport.
title-server-refused = The results server refused this session: { $error }
title-server-not-kept = This session was NOT kept: the results server could not take it ({ $error }) and neither could the outbox ({ $keep }).
title-server-scored = Scored by the results server: { $score }/100
title-server-abandoned = The results server has this abandoned session (not scored)
title-server-offline = { $figures }; played offline, so it is kept but not ranked.
title-server-ranked-typed = { $figures }, on your cohort's board for typed replies.
title-server-ranked = { $figures }, on your cohort's board.
title-server-words-not-kept = { $ranked } Your typed words were not kept, so it ranks with chosen replies: { $why }

## The trainee switcher (F4)
title-switch-nobody = Nobody has played here yet.
title-switch-playing-now = playing now
title-switch-someone-new = someone new
title-switch-close = close
title-sound-mute = No sound
title-sound-volume = sound cues (ringing, messages, time running low)
