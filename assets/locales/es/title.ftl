# es: title
title-language-system = como el sistema
title-window = Rapport: formación en atención al cliente
title-tagline = Formación en atención al cliente: escucha, hazte cargo, conserva al cliente.
title-playing-as = Jugando como { $name }
title-playing-as-team = Jugando como { $name } (equipo { $team })
title-welcome-back = Hola de nuevo. Pulsa Intro para seguir como { $name } o escribe otro nombre.
title-welcome-back-team = Hola de nuevo. Pulsa Intro para seguir como { $name } ({ $team }) o escribe otro nombre.
title-your-name = Tu nombre
title-team = Equipo
title-team-hint = opcional
title-library = Biblioteca de escenarios
title-key-enter = Intro
title-leaderboards = Clasificaciones
title-team-match = Partida por equipos
title-switch-trainee = Cambiar de participante
title-author-view = Vista de autor
title-quit = Salir

## Ajustes
title-settings = Ajustes (se guardan para la próxima vez)
title-size = tamaño de todo
title-theme = Tema
title-theme-dark = oscuro
title-theme-high-contrast = alto contraste
title-reduced-motion = Movimiento reducido: las frases y los medidores aparecen al instante
title-timers = Límites de tiempo con cuenta atrás (los clientes no esperan para siempre)
title-time-limits-run = Los límites de tiempo duran
title-pace-standard = x1
title-pace-longer = x1,5
title-pace-double = x2
title-more-reading-time = Más tiempo de lectura antes de que empiece la espera del cliente
title-assessment = Evaluación: sin consejos durante la partida, todos en el informe final
title-typing = Escribe las respuestas con tus palabras (Tab cambia a la lista durante la partida)

## El servidor de resultados
title-server-heading = Servidor de resultados
title-server-signed-in = Sesión iniciada en { $url } como { $name } ({ $role }). El servidor puntúa tus sesiones y las clasifica en las tablas de tu grupo.
title-server-signed-in-cohort = Sesión iniciada en { $url } como { $name } ({ $role }, grupo { $cohort }). El servidor puntúa tus sesiones y las clasifica en las tablas de tu grupo.
title-server-role-admin = administrador
title-server-role-trainer = formador
title-server-role-trainee = participante
title-server-waiting = { $count ->
    [one] { $count } sesión espera para enviarse; se enviará cuando se pueda contactar con el servidor.
   *[other] { $count } sesiones esperan para enviarse; se enviarán cuando se pueda contactar con el servidor.
}
title-server-sign-out = Cerrar sesión
title-server-optional = Opcional: que el servidor de tu equipo te puntúe y te clasifique. Sin él, los resultados se quedan en este dispositivo.
title-server-url = Servidor
title-server-account = Cuenta
title-server-password = Contraseña
title-server-sign-in = Iniciar sesión
title-server-signing-in = Iniciando sesión...
title-server-sign-in-not-kept = sesión iniciada, pero no se puede guardar: { $error }
title-server-not-taken = El servidor de resultados no aceptó esta sesión: { $reason }
title-server-kept-for-later = El servidor de resultados no puede aceptar esta sesión ahora ({ $error }). Queda guardada en { $path } y se enviará la próxima vez que juegues o abras Rapport.
title-server-refused = El servidor de resultados rechazó esta sesión: { $error }
title-server-not-kept = Esta sesión NO se ha guardado: el servidor de resultados no pudo aceptarla ({ $error }) y la bandeja de salida tampoco ({ $keep }).
title-server-scored = Puntuada por el servidor de resultados: { $score }/100
title-server-abandoned = El servidor de resultados tiene esta sesión abandonada (sin puntuar)
title-server-offline = { $figures }; jugada sin conexión, así que se guarda pero no entra en la clasificación.
title-server-ranked-typed = { $figures }, en la tabla de tu grupo para respuestas escritas.
title-server-ranked = { $figures }, en la tabla de tu grupo.
title-server-words-not-kept = { $ranked } Tus palabras escritas no se guardaron, así que cuenta como respuestas elegidas: { $why }

## El selector de participante (F4)
title-switch-nobody = Aún no ha jugado nadie aquí.
title-switch-playing-now = jugando ahora
title-switch-someone-new = alguien nuevo
title-switch-close = cerrar
title-sound-mute = Sin sonido
title-sound-volume = avisos sonoros (llamada, mensajes, tiempo que se acaba)
