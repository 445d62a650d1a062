# es: team-match
match-menu = < Menú [Esc]
match-title = Partida por equipos
match-title-named = Partida por equipos: { $name }
match-turns-played = { $done } de { $all } turnos jugados
match-key-enter = Intro

## A match in progress.
match-saving-turn = Guardando el turno...
match-turn-playing = Se está jugando un turno.
match-scored = { $player } obtuvo { $score }/100 (CSAT { $csat }/5)
match-left = { $player } abandonó la conversación: 0 puntos
match-final-ranking = Clasificación final
match-next-player = Siguiente jugador
match-round-of = Ronda { $round } de { $rounds }: { $title }
match-pass-keyboard = Pasa el teclado a { $name }
match-pass-keyboard-team = Pasa el teclado a { $name } ({ $team })
match-look-away = Todos juegan con el mismo cliente y las mismas palabras. La conversación del jugador anterior no se muestra; que los demás no miren, por favor.
match-is-ready = Turno de { $name }
match-standings = Clasificación
match-column-rank = puesto
match-column-player = jugador
match-column-team = equipo
match-column-total = total
match-column-rounds-played = rondas jugadas
match-column-average = media
match-column-players = jugadores
match-rounds-of = { $done } de { $all }
match-left-short = abandonó

## The final ranking.
# Joins the names of a tie: "Ana y Bo".
match-and = y
match-wins = { $name } gana con { $points } puntos
match-tie = { $names } empatan con { $points } puntos
match-teams = Equipos (media de los totales de sus jugadores)
match-no-team = (sin equipo)
match-best-moments = Mejores momentos
match-round-best = { $title }: mejor puntuación { $best }, de { $names }
match-moment = { $name }, ronda { $round }, turno { $turn }:
match-moment-reply = «{ $reply }»
match-moment-gain = +{ $gain } de satisfacción y confianza
match-back-to-menu = Volver al menú

## Setting up a match.
match-unfinished = Partidas sin terminar
match-unfinished-line = { $name }: { $done } de { $all } turnos jugados, { $players } jugadores
match-resume-key = Reanudar [R]
match-resume = Reanudar
match-discard = Descartar
match-new = Nueva partida
match-name = Nombre
match-players = Jugadores, en orden de juego
match-hint-name = nombre
match-hint-team = equipo
match-remove = Quitar
match-add-player = Añadir jugador
match-scenarios = Escenarios, en este orden de juego
match-scenario-choice = { $title } (dificultad { $difficulty }/5, { $channel })
match-seed = Semilla { $seed } (las mismas frases para todos)
match-new-seed = Nueva semilla
match-competition-number = Ronda de competición (opcional): número de competición
match-competition-help = El servidor de resultados puntúa la ronda: pon a cada jugador el nombre de su cuenta, un alumno del grupo de la competición.
match-start = Empezar la partida

## Why a match cannot start or go on.
match-not-a-competition = `{ $id }` no es un número de competición
match-round-needs-trainer = Una ronda de competición la dirige su formador: primero inicia sesión como formador en la pantalla de inicio.
match-too-few-players = una partida necesita al menos dos jugadores
match-too-many-players = una partida tiene como máximo { $count } jugadores
match-no-rounds = elige al menos un escenario
match-too-many-rounds = una partida tiene como máximo { $count } escenarios
match-unnamed-player = el jugador { $number } no tiene nombre
match-duplicate-player = { $name } está dos veces en la partida
match-no-name = ponle un nombre a la partida
match-waiting-for-server = Esperando a que el servidor de resultados diga cómo se juega esta ronda...
match-no-valid-version = { $file } no tiene ninguna versión válida en la carpeta de escenarios; corrige el archivo para continuar.
match-scenario-changed = { $title } ha cambiado desde que empezó la partida: este turno usa la versión actual.
match-turn-not-counted = Este turno no ha contado. { $reason } El mismo jugador lo vuelve a jugar.
match-turn-not-saved = No se pudo guardar.
match-turn-not-counted-because = Este turno no ha contado: { $error }
match-error-finished = la partida ha terminado
match-error-out-of-turn = es el turno de { $player } en la ronda { $round }, no este
