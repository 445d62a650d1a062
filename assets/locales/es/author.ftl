# es: author
author-menu = < Menú [Esc]
author-scenarios = Escenarios
author-status-errors = errores
author-status-same-id = id repetido
author-status-warnings = avisos
author-status-ok = ok
author-pick = Elige un escenario a la izquierda para ver su análisis y su mapa.
author-duplicate-id = El id de escenario `{ $id }` ya lo usa { $first }: los resultados se guardan por id, así que este archivo no se juega hasta que uno de los dos tenga un id nuevo.
author-errors = Errores
author-warnings = Avisos
author-last-good = Se muestra la última versión que cargó sin errores.
author-exploring = Explorando todos los caminos...
author-approximate = aproximado: este escenario tiene demasiados caminos para comprobarlos todos, así que en cada turno solo se siguieron sus { $width } estados más prometedores; el mejor resultado es el mejor encontrado, y la puntuación se mide respecto a él
author-map = Mapa
author-map-legend = Verde: el mejor camino. Rojo: inalcanzable, sin salida o nunca alcanzado. Haz clic en un nodo para probar desde él.
author-playtest-from = Probar desde `{ $node }`
author-start-playtest = Empezar la prueba
author-key-click = clic

## The cohort's play over the map.
author-cohort-play = Cómo jugó tu grupo:
author-asking-server = consultando el servidor de resultados...
author-cohorts-failed = no se pueden listar tus grupos: { $error }
author-no-cohort = aún no diriges ningún grupo en este servidor
author-finished-sessions = { $count ->
    [one] { $count } sesión terminada de esta versión
   *[other] { $count } sesiones terminadas de esta versión
}
author-refresh = Actualizar
author-cohort-legend = Azul: cuántas sesiones del grupo llegaron a un nodo (más oscuro, más sesiones), con el número bajo su nombre; las flechas más anchas se tomaron más veces. Haz clic en un nodo para ver sus respuestas.
author-cohort-at = El grupo en `{ $node }`
author-no-session-reached = Ninguna sesión del grupo llegó a este nodo.
author-chosen = Elegida
author-average-score = Puntuación media
author-reply = Respuesta

## The analysis.
author-states-explored = Estados explorados
author-states = { $states } ({ $paths } caminos distintos)
author-best = Mejor
author-worst = Peor
author-extreme = puntuación { $score } -> `{ $ending }` ({ $outcome }), CSAT { $csat }/5, NPS { $nps }
author-no-ending = no se puede llegar a ningún final
author-endings = Finales
author-ending-reached = { $ending } ({ $outcome }): alcanzado
author-ending-never-reached = { $ending } ({ $outcome }): nunca alcanzado
author-dead-ends = Nodos sin salida
author-none = ninguno
author-dominated = Respuestas dominadas
author-node-hover = { $node }: haz clic para probar desde aquí
