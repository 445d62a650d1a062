# Palabras que comparten varias pantallas.
common-ok = Aceptar
common-back = Volver
common-turns = { $count ->
    [one] { $count } turno
   *[other] { $count } turnos
}
common-language = Idioma

## Nombres de los valores del núcleo.
core-skill-empathy = empatía
core-skill-active-listening = escucha activa
core-skill-ownership = responsabilidad
core-skill-clarity = claridad
core-skill-problem-solving = resolución de problemas
core-skill-professionalism = profesionalidad
core-pitfall-blame = culpar a otros
core-pitfall-jargon = jerga
core-pitfall-dismissiveness = quitar importancia
core-pitfall-over-promising = prometer de más
core-pitfall-interrupting = interrumpir
core-pitfall-rushing-to-a-fix = correr hacia una solución
core-pitfall-hiding-behind-policy = escudarse en la política
core-pitfall-defensiveness = ponerse a la defensiva
core-pitfall-bypassing-a-control = saltarse un control
core-pitfall-gaming-a-metric = maquillar una métrica
core-pitfall-a-reply-that-made-no-sense = una respuesta sin sentido
core-severity-minor = leve
core-severity-major = grave
core-severity-critical = crítico
core-meter-satisfaction = satisfacción
core-meter-trust = confianza
core-meter-patience = paciencia
core-channel-phone = teléfono
core-channel-chat = chat
core-channel-in-person = en persona
core-channel-email = correo
core-outcome-resolved = resuelto
core-outcome-partly-resolved = resuelto en parte
core-outcome-escalated = escalado
core-outcome-customer-lost = cliente perdido
core-nps-promoter = promotor
core-nps-passive = pasivo
core-nps-detractor = detractor
core-retention-stays = se queda
core-retention-at-risk = en riesgo
core-retention-leaves = se va
core-understood-sure = seguro
core-understood-picked = elegido
core-understood-unclear = no entendido
core-technique-open-question = pregunta abierta
core-technique-reflected-their-words = repitió sus palabras
core-technique-named-a-feeling = nombró un sentimiento
core-technique-apology = disculpa
core-technique-took-ownership = asumió el siguiente paso
core-technique-jargon = jerga
core-technique-blame = culpa
core-technique-absolute-promise = promesa absoluta

## Widgets
common-meter-value = { $meter }: { $value } de 100
common-no-skill-shown = ninguna habilidad mostrada
common-satisfaction = Satisfacción
common-trust = Confianza
common-patience = Paciencia
common-portrait-meters = satisfacción { $satisfaction }, confianza { $trust }, paciencia { $patience }

## Cómo se ve el cliente (el retrato, leído por un lector de pantalla).
common-looks-furious = El cliente parece furioso
common-looks-annoyed = El cliente parece molesto
common-looks-neutral = El cliente parece neutral
common-looks-warming = El cliente se está calmando
common-looks-pleased = El cliente parece contento

## Lo que escribe el núcleo donde irían las palabras del participante o del escenario.
common-silence = (silencio)
common-not-understood = (no se entendió)
common-unclear-line = Perdón, ¿cómo? No entiendo lo que quieres decir.
common-unclear-coaching = El cliente no entendió qué querías decir, así que tuvo que preguntar y esperar. Responde a lo que dijo, con palabras sencillas sobre su problema.
