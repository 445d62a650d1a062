# es: debrief

debrief-sending = Enviando esta sesión al servidor de resultados...
debrief-saving = Guardando esta sesión...
debrief-retry-same-seed = Reintentar, misma semilla
debrief-retry-new-seed = Reintentar, nueva semilla
debrief-another-scenario = Otro escenario
debrief-menu = Menú
debrief-heading = Repaso: { $title }
debrief-tutorial = Esto era el tutorial: no se puntúa ni se guarda nada. Todos los demás escenarios terminan con una puntuación, el CSAT y el NPS del cliente y si se queda.

## The outcome
debrief-outcome = Resultado
debrief-outcome-intended = { $outcome } (el final que enseña este escenario)
debrief-csat = Satisfacción del cliente (CSAT)
debrief-nps = Lo recomendaría (NPS)
debrief-retention = Retención
debrief-effort = Esfuerzo del cliente
debrief-money = Dinero
debrief-overall-score = Puntuación global
debrief-score-explained = 100 significa que alcanzaste el mejor resultado que permite este escenario.
debrief-score-approximate = La puntuación es aproximada: este escenario tiene demasiados caminos para comprobarlos todos, así que en cada turno solo se siguieron sus { $count } estados más prometedores; el mejor resultado es el mejor encontrado, y la puntuación se mide respecto a él.
# The customer's effort: "3 (1 turn more than the shortest way to this ending, 2 from replies)".
debrief-effort-none = ninguno
debrief-effort-total = { $total } ({ $parts })
debrief-effort-extra-turns = { $count ->
    [one] { $count } turno más que el camino más corto a este final
   *[other] { $count } turnos más que el camino más corto a este final
}
debrief-effort-silences = { $count ->
    [one] { $count } silencio
   *[other] { $count } silencios
}
debrief-effort-from-replies = { $count } por las respuestas
# Money: $year, $kept, $amount and $spent are sums in the scenario's currency ("£480").
debrief-money-no-cost = sin gastar nada
debrief-money-cost = gastando { $amount }
debrief-money-kept = { $year } al año conservados { $cost }
debrief-money-at-risk = { $kept } al año probablemente conservados de { $year } (el cliente está en riesgo) { $cost }
debrief-money-lost = { $year } al año perdidos
debrief-money-lost-and-spent = { $year } al año perdidos, y { $spent } gastados

## Skills and the customer's meters
debrief-skills = Habilidades
debrief-skill-scored = { $points } de { $best } puntos ({ $score }%)
debrief-skill-not-enough-evidence = { $points } de { $best } puntos: no hay pruebas suficientes
debrief-skill-not-called-on = { $points } puntos (aquí no hacía falta)
# A pitfall or a technique and how often: "interrupting x2".
debrief-times = { $name } x{ $count }
debrief-pitfalls = Errores: { $pitfalls }
debrief-customer-over-time = El cliente a lo largo de la conversación

## The cohort's board on the results server
debrief-cohort-board = Grupo { $cohort }: clasificación de este escenario, puntuada por el servidor
debrief-cohort-best = mejor { $score }

## Turning points and the trainee's own words
debrief-turning-points = Momentos clave
debrief-turning-points-not-measured = Sin medir tras una respuesta que el cliente no entendió; mira los errores.
debrief-turning-points-none = Ninguno: cada respuesta mantuvo el mejor resultado a tu alcance.
debrief-turn-you-said = Turno { $number }: dijiste
debrief-better-reply = Una respuesta mejor (+{ $gain } puntos a tu alcance):
debrief-your-words = Tus palabras
debrief-over-the-session = En toda la sesión:
debrief-understood-as = Entendido como (confianza { $confidence }): { $reply }
debrief-you-meant = Dijiste que querías decir: { $reply }
debrief-not-understood-asked = No se entendió: el cliente preguntó qué querías decir.
debrief-understood-by-words = Entendido por coincidencia de palabras (el modelo no estaba instalado).
debrief-understood-by-model = Entendido por el modelo de lenguaje, en este dispositivo.

## The transcript
debrief-full-transcript = Transcripción completa
debrief-transcript-customer = { $number }. Cliente: "{ $line }"
debrief-transcript-you = Tú: "{ $reply }"
# What the core writes for a silence, a reply nobody understood, the customer's answer to it
# and its coaching.
