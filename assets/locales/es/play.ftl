# es: play

## The customer
play-meter-satisfaction = Satisfacción
play-meter-trust = Confianza
play-meter-patience = Paciencia
play-situation = Situación
play-pause-button = Pausa [Esc]

## Keys named on buttons
play-key-enter = Intro
play-key-backspace = Retroceso

## The replies and the coaching card
play-restart = Reiniciar con la nueva versión
play-coaching = Consejos
play-why = ¿Por qué? [W]
play-walked-out = El cliente ya no aguanta más y se va.
play-see-debrief = Ver el informe
play-continue = Continuar
play-working-out-debrief = Preparando tu informe...
play-customer-reacts = El cliente reacciona a tu respuesta...
play-space-whole-line = Espacio: mostrar la frase completa
play-time-to-read = Tiempo para leer: la espera del cliente empieza en { $seconds } s
play-waiting-in-story = El cliente está esperando ({ $story } en la historia): { $seconds } s
play-waiting = El cliente está esperando: { $seconds } s
play-your-reply = Tu respuesta
play-tab-own-words = Tab: dilo con tus propias palabras
play-timers-off = (Temporizadores desactivados: nadie elige el silencio por ti.)
play-in-your-words = En tus palabras:

## The conversation
play-you = Tú
play-taken-as = entendido como: { $reply }

## Paused
play-paused = En pausa
play-paused-note = El cliente espera; los temporizadores están detenidos.
play-resume = Reanudar
play-abandon = Abandonar (sin puntuar)

## Typing
play-your-own-words = Tu respuesta, con tus propias palabras
play-tab-list = Tab: elige de la lista
play-you-said = Dijiste: "{ $text }"
play-did-you-mean = ¿Quisiste decir...?
play-say-again = Ninguna: dilo otra vez
play-understanding = Entendiendo...
play-type-hint = Escribe lo que le dirías al cliente y pulsa Intro
play-silence-choice = No decir nada también es una opción: el cliente solo esperará un tiempo.
play-typing-by-words-not-installed = Entendiendo por palabras, que capta menos que el modelo. El modelo no está instalado: `rapport model install` lo añade.
play-typing-by-words = Entendiendo por palabras, que capta menos que el modelo. { $why }

## Notices (playtests, reloads)
play-notice-playtest = Prueba desde `{ $node }`: el informe puntúa desde este punto.
play-notice-file-removed = Se eliminó el archivo del escenario; sigues jugando la versión cargada antes.
play-notice-file-broken = El archivo ahora tiene errores; sigues jugando la última versión correcta.
play-notice-reloaded = Escenario recargado: continúas en `{ $node }` con los mismos indicadores.
play-notice-updated-after-end = El escenario se actualizó; el cambio se aplicará la próxima vez que lo juegues.
play-notice-node-gone = El escenario se actualizó y el nodo `{ $node }` ya no existe: pulsa R para reiniciar con la nueva versión.

## La escena alrededor de la conversación, según el canal.
scene-phone-call = Llamada con { $name }
scene-phone-connected = conectado
scene-phone-on-hold = En espera
scene-phone-on-hold-note = El cliente oye la música de espera; el contador de la llamada sigue, los límites de tiempo se detienen.
scene-phone-hold-button = Poner en espera [Esc]
scene-chat-with = Chat en directo con { $name }
scene-chat-online = en línea
scene-chat-typing = { $name } está escribiendo…
scene-email-from = De: { $name }   Para: ti
scene-email-subject = Asunto: Re: { $title }
scene-counter = En el mostrador: { $name }
