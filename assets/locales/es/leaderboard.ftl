# es: leaderboard

leaderboard-menu = < Menú [Esc]
leaderboard-heading = Clasificaciones
leaderboard-source-shared = base de datos compartida, sin verificar
leaderboard-source-local = este dispositivo, sin verificar
leaderboard-tab-scenarios = Escenarios [1]
leaderboard-tab-teams = Equipos [2]
leaderboard-tab-progress = Mi progreso [3]
leaderboard-played-chosen = respuestas elegidas
leaderboard-played-typed = respuestas escritas
leaderboard-switch-trainee = Cambiar de participante: F4
leaderboard-not-saving = Los resultados no se están guardando, así que no hay nada que clasificar.

## Column headers
leaderboard-col-scenario = escenario
leaderboard-col-best = mejor
leaderboard-col-average = media
leaderboard-col-sessions = sesiones
leaderboard-col-best-csat = mejor CSAT
leaderboard-col-rank = puesto
leaderboard-col-trainee = participante
leaderboard-col-team = equipo
leaderboard-col-average-of-bests = media de mejores
leaderboard-col-members = miembros
leaderboard-col-started = inicio (UTC)
leaderboard-col-status = estado
leaderboard-col-score = puntuación
leaderboard-col-csat = CSAT

## Scenarios and teams
leaderboard-no-sessions-play = Aún no hay sesiones terminadas: juega un escenario y aparecerá aquí en la clasificación.
leaderboard-scenarios-heading = Escenarios (Arriba/Abajo para elegir)
leaderboard-leaders = Líderes: { $scenario }
leaderboard-no-sessions = Aún no hay sesiones terminadas.
leaderboard-teams-heading = Equipos: la media de la mejor puntuación de cada miembro por escenario
leaderboard-no-team = (sin equipo)
leaderboard-trainees-heading = Participantes en todos los escenarios

## My progress
leaderboard-progress-heading = Progreso de { $trainee }
leaderboard-no-history = Aún no hay sesiones: tu historial y el progreso de tus habilidades aparecerán aquí cuando juegues.
leaderboard-progress-explained = La puntuación de cada habilidad (0-100, respecto al mejor camino) en las sesiones terminadas que la entrenaron, de la más antigua a la más reciente.
leaderboard-skill-latest = { $count ->
    [one] última { $latest } (primera { $first }, { $count } sesión)
   *[other] última { $latest } (primera { $first }, { $count } sesiones)
}
leaderboard-not-trained-yet = aún sin entrenar
leaderboard-sessions-heading = Sesiones
leaderboard-status-finished = terminada
leaderboard-status-abandoned = abandonada

## Saving results (results.rs)
leaderboard-results-not-saved = Los resultados no se guardarán: { $error }
# The reason a save failed when there is no store at all.
leaderboard-results-no-store = no hay almacén de resultados
leaderboard-results-kept = Esta sesión no se pudo guardar ahora ({ $reason }). Se conserva en { $path } y se guardará la próxima vez que se inicie Rapport.
leaderboard-results-lost = Esta sesión NO se guardó: falló el almacén de resultados ({ $reason }) y también falló apartarla ({ $error }).
leaderboard-results-session-not-saved = Esta sesión no se guardó ({ $reason }).
