# Spanish translation of billing-error-callback.ron (keys: node and reply ids; see docs/translations.md)

title = Error de facturación: la tercera llamada
summary = Un cliente enfadado ya ha reclamado dos veces el mismo cargo erróneo. Escucha primero y luego soluciónalo de forma definitiva.
customer-situation = Marcus dio de baja el complemento Sports Extra (£22 al mes) en enero. Las facturas de febrero y marzo lo seguían incluyendo. Ha llamado dos veces: la primera le prometieron un abono en 48 horas; la segunda le dijeron que estaba «en el sistema». No ha llegado nada. Su factura de marzo es de £64 en lugar de £42, y el cobro automático se hace el viernes. Lleva veinte minutos en espera.

## node opening
opening-direction = habla rápido, casi sin pararse a respirar
opening-says-1 = A ver. Es la tercera vez que llamo por lo mismo. Di de baja Sports Extra en enero y mi factura ha pasado de cuarenta y dos libras a sesenta y cuatro. Otra vez. Dos veces me han dicho que estaba solucionado. Dos. ¿Y bien?
opening-says-2 = Tercera llamada. Tercera. Cancelé el paquete de deportes en enero, he reclamado el cargo dos veces y la factura de este mes sigue diciendo sesenta y cuatro libras en lugar de cuarenta y dos. Que alguien me explique por qué.
opening-says-3 = Llevo veinte minutos en espera para contarles algo que ya les he contado dos veces: di de baja Sports Extra en enero y me lo siguen cobrando. Sesenta y cuatro libras este mes.
opening-reply-1 = Perdone que le interrumpa, me pongo con ello ya mismo. ¿Me da su número de cuenta y el código postal de la cuenta?
opening-reply-1-coaching = Es tentador: necesitas la cuenta, y a él le alivia que por fin algo se mueva. Pero interrumpir a un cliente enfadado antes de que termine le dice que el procedimiento importa más que él, y un cliente al que cortan simplemente vuelve a empezar, y más alto. Déjalo terminar, reconoce cómo se siente y después pide los datos explicando para qué.
opening-reply-1-takeaway = Deja terminar a un cliente enfadado; el número de cuenta puede esperar una frase.
opening-reply-2 = ¿Tres llamadas por un solo cargo? Yo también estaría harto, y lo siento. ¿Qué pasó en esas llamadas?
opening-reply-2-coaching = Breve y acertada. Reconociste el hecho (tres llamadas), nombraste el sentimiento (harto), te disculpaste sin culpar a nadie y luego hiciste una sola pregunta abierta. Eso es el Escuchar (Hear) y el Empatizar (Empathise) de HEARD. Pedirle que lo cuente cuesta un poco de paciencia, pero sentirse escuchado es justo lo que busca con esta llamada, y su respuesta te dice qué debe incluir la solución.
opening-reply-2-takeaway = Reconoce el hecho, nombra el sentimiento y haz una sola pregunta abierta. Ser breve está bien.
opening-reply-3 = Lamento oír eso, pero yo no atendí ninguna de esas llamadas, así que no puedo decirle qué le dijeron. Solo puedo basarme en lo que tengo delante en la cuenta, y en las notas no hay nada sobre ningún abono prometido.
opening-reply-3-coaching = Es cierto y suena razonable, pero para el cliente «no fui yo» suena a «no es mi problema». Llamó a la empresa, no a una persona. Habla en nombre de la empresa: «Siento que le haya pasado esto; a partir de aquí me encargo yo». Asumirlo no te cuesta nada y le quita mucha tensión a la llamada.
opening-reply-3-takeaway = Llamó a la empresa, no a ti: habla en su nombre en lugar de defenderte.
opening-reply-4 = Entiendo perfectamente lo frustrante que debe de ser tener que llamarnos otra vez, y quiero asegurarle que su llamada es muy importante para nosotros. Voy a hacer hoy todo lo que esté en mi mano para que esto quede resuelto lo antes posible, ¿de acuerdo?
opening-reply-4-coaching = Suena atento, y es lo bastante largo como para parecer minucioso, pero es el guion que ya ha oído en dos llamadas: nada en él demuestra que escuchaste sus palabras (tres llamadas, sesenta y cuatro libras, enero). La empatía de guion con un cliente impaciente gasta paciencia y no aporta nada. Di una cosa cierta sobre su situación y luego pregunta.
opening-reply-4-takeaway = La empatía de guion no es escuchar: refleja sus propias palabras.
opening-silence-coaching = Ocho segundos de silencio tras una apertura enfadada suenan a que a nadie le importa, o a que estás buscando un guion. Al teléfono, reconoce lo que dice en uno o dos segundos, aunque todavía no tengas una respuesta: «Sigo aquí y lo escucho; tres llamadas son demasiadas». El silencio solo ayuda cuando el cliente ya se siente escuchado.
opening-silence-takeaway = Al teléfono, reconoce al cliente en uno o dos segundos, aunque aún no tengas la respuesta.

## node dead_air
dead_air-direction = toma aire bruscamente
dead_air-says-1 = ¿Hola? ¿Hay alguien ahí?
dead_air-says-2 = ¿Hola? ¿Me ha puesto en silencio? Increíble.
dead_air-says-3 = {""}...¿Sigue ahí, o me han vuelto a cortar?
dead_air-reply-1 = Sí, perdone, el sistema va lentísimo hoy; lleva así toda la mañana. ¿Me puede dar su número de cuenta y el código postal mientras carga, para que podamos empezar?
dead_air-reply-1-coaching = «El sistema va lento» es la excusa más vieja del teléfono, y pasa por encima de su frustración directamente a tu procedimiento. Si hay un retraso, di qué estás haciendo y por qué, y reconócelo a él primero: «Sigo aquí y lo escucho; tres llamadas son demasiadas».
dead_air-reply-1-takeaway = Culpar al sistema sigue siendo culpar; asume la pausa y vuelve con él.
dead_air-reply-2 = Perdone, estaba leyendo las notas de sus dos últimas llamadas para que no tenga que contarlo todo otra vez. Veo las dos solicitudes de abono; déjeme averiguar por qué no se han tramitado.
dead_air-reply-2-coaching = Buen instinto, y rápido: leer las notas para que no tenga que repetirse es todo un detalle, y a él le alivia que algo esté pasando. Pero has ido directo a la solución sin reconocer la frustración de tres llamadas ni preguntarle qué es lo que más le importa, así que se te escapará lo que de verdad está en juego el viernes.
dead_air-reply-2-takeaway = Leer las notas es amable, pero pregúntale qué le importa antes de resolver.
dead_air-reply-3 = Aquí estoy. Perdone el silencio; tres llamadas son demasiadas. ¿Qué le dijeron la última vez?
dead_air-reply-3-coaching = Buena recuperación. Asume el silencio en pocas palabras y con honestidad, y luego haz lo que la apertura necesitaba: reconocer, disculparte sin culpar y hacer una pregunta abierta. No expliques de más la pausa; a él le importa su factura, no tu pantalla.
dead_air-reply-3-takeaway = Asume un silencio en pocas palabras y luego haz lo que el momento pedía.

## node story
story-reaction-1 = Me ha cortado antes de que terminara, así que lo voy a decir una vez más, despacio.
story-reaction-2 = Y no me hace ninguna gracia que me dejen esperando así.
story-says-1 = Llamé en enero y di de baja Sports Extra. La primera vez que llamé por la factura, el señor me dijo que el abono estaría en cuarenta y ocho horas. Nada. La segunda vez, una señora me dijo que estaba «en el sistema». Ahora la factura de marzo es de sesenta y cuatro libras y me la cobran de la cuenta el viernes.
story-says-2 = En enero di de baja Sports Extra. La factura de febrero lo incluía igualmente, así que llamé y me prometieron un reembolso en dos días. Nunca llegó. Volví a llamar y me dijeron que se estaba «procesando». Marzo: el mismo cargo. Sesenta y cuatro libras, y el cobro automático se hace el viernes.
story-reply-1 = De acuerdo, le devuelvo todo hoy y me aseguro de que esto no vuelva a pasar nunca.
story-reply-1-coaching = Parece la forma más rápida de calmarlo, y por un momento funciona, pero todavía no has mirado la cuenta, y «nunca más» no está en tu mano. Ya le han prometido una solución dos veces; una tercera promesa sin comprobar suena exactamente igual que las dos primeras. Resume lo que has oído, comprueba los datos y solo entonces comprométete.
story-reply-1-takeaway = Una promesa sin comprobar a un cliente defraudado dos veces suena como las dos primeras.
story-reply-2 = De acuerdo. ¿Me da el número de cuenta y el código postal, y le echo un vistazo?
story-reply-2-coaching = Es el siguiente paso del procedimiento, y es ágil, algo que a un cliente impaciente le gusta. Pero has pasado de su historia directamente al número de cuenta sin mostrar que has escuchado nada, y te has perdido lo único que necesita oír de vuelta: el viernes. Primero parafrasea y luego pide los datos explicando para qué.
story-reply-2-takeaway = Demuestra que has escuchado la historia antes de pedir la cuenta.
story-reply-3 = Parece que quien atendió su primera llamada nunca llegó a tramitar la baja. Tendría que haber abierto un ticket.
story-reply-3-coaching = Puede que incluso sea verdad, y quizá a él le guste oírlo un momento, pero culpar a un compañero hace que toda la empresa parezca un caos y no lo acerca ni un milímetro a la solución. Discúlpate sin culpar («Lo siento, está claro que esto no se gestionó como debía») y luego muestra qué vas a hacer de otra manera.
story-reply-3-takeaway = Culpar a un compañero hace que toda la empresa parezca un caos.
story-reply-4 = Entonces: lo dio de baja en enero, se lo cobraron igualmente en febrero y marzo, le prometieron dos abonos que nunca llegaron, y el pago del viernes vuelve a estar mal. ¿Hay algo más?
story-reply-4-coaching = Una paráfrasis bien hecha: los hechos en orden, en sus términos, incluida la fecha límite que más le importa (el viernes), con una pregunta de comprobación al final. Un resumen así demuestra que escuchaste y detecta errores antes de actuar. El «¿hay algo más?» abierto a menudo saca a la luz la verdadera preocupación. Es el Escuchar (Hear) de HEARD.
story-reply-4-takeaway = Resume en sus términos, con la fecha límite incluida, y pregunta «¿hay algo más?».
story-reply-5 = Bien, antes de seguir necesito algunos datos. ¿En qué fecha exacta de enero hizo la baja, en qué fechas fueron sus dos llamadas, y tiene los nombres de los asesores con los que habló o algún número de referencia que le dieran?
story-reply-5-coaching = Parece minucioso, pero te lo acaba de contar todo, y las fechas están en la cuenta. Interrogar a un cliente por datos que puedes consultar le obliga a hacer tu trabajo en su tercera llamada. Las preguntas son para lo que no sabes; aquí lo que necesitaba era que le devolvieras un resumen.
story-reply-5-takeaway = No hagas que el cliente repita lo que ya dijo o lo que puedes consultar tú.

## node more
more-direction = una pausa; ahora habla más bajo
more-reaction-1 = Bueno. Al menos esta vez me ha dejado terminar.
more-says-1 = Eso es. Exactamente eso. ...Y el caso es que este mes voy justo de dinero. Si el viernes me cobran sesenta y cuatro, me quedo en números rojos, y son otras veinticinco libras de comisiones del banco.
more-says-2 = Sí, eso es todo. Salvo que el viernes importa de verdad. Ya me he quedado corto dos veces por esto. Si vuelven a cobrarme sesenta y cuatro, me quedo en números rojos, y el banco también me cobra por eso.
more-reply-1 = No se preocupe por las comisiones del banco: si se queda en números rojos, también se las devolvemos, sin ningún problema.
more-reply-1-coaching = Generoso, y él se relaja un momento, pero has prometido pagar las comisiones de otra empresa sin saber si puedes, a un hombre al que ya le han fallado dos promesas. Lo recordará. Comprométete con lo que controlas: que el pago del viernes sea correcto para que no haya números rojos desde el principio.
more-reply-1-takeaway = Arregla la causa (el pago del viernes) en lugar de prometer pagar los daños.
more-reply-2 = Las comisiones del banco son cosa suya y de su banco, me temo; no podemos hacernos responsables de eso. Pero vamos a arreglar la factura. ¿Número de cuenta?
more-reply-2-coaching = Es honesto sobre lo que no puedes hacer, lo cual es mejor que una falsa promesa, pero responde a su miedo con un descargo de responsabilidad y pasa a otra cosa. Te ha dicho que va justo de dinero; escucha eso antes que nada y lleva la preocupación a donde puedes actuar: el pago del viernes.
more-reply-2-takeaway = Responde a un miedo con lo que puedes hacer, no con un descargo de responsabilidad.
more-reply-3 = Entonces el viernes debe salir bien, o queda en números rojos. Es mi prioridad. ¿Número de cuenta y código postal?
more-reply-3-coaching = Le devolviste la verdadera preocupación con sus palabras (el viernes, números rojos), la convertiste en tu primera prioridad y pediste los datos dando un motivo. Escuchar primero ha dado resultado: ahora sabes qué debe incluir una buena solución, y él sabe que lo sabes.
more-reply-3-takeaway = Refleja la verdadera preocupación y conviértela en tu primera tarea; luego pide los datos.
more-reply-4 = Lo entiendo, y siento mucho que ahora mismo vaya justo de dinero; es una época difícil para mucha gente. Si está pasando apuros, tenemos un equipo de apoyo específico que puede explicarle planes de pago y otras ayudas. ¿Quiere que le pase con ellos?
more-reply-4-coaching = Con buena intención, y a veces es la oferta adecuada, pero no aquí: no está en apuros económicos, es que le estamos cobrando de más. Ofrecerle pasarlo a un equipo de apoyo trata nuestro error como si fuera su problema y lo manda a una cuarta persona. Arregla la factura; esa es la ayuda que necesita.
more-reply-4-takeaway = Necesita que arreglemos nuestro error, no que lo pasemos a un equipo de apoyo.

## node pushback
pushback-direction = una risa breve, sin gracia
pushback-says-1 = Eso es palabra por palabra lo que me dijeron la última vez. ¿Por qué debería creerle?
pushback-says-2 = Qué curioso, los dos anteriores también dijeron eso. ¿Qué cambia esta vez?
pushback-reply-1 = Es justo. Eso ya lo ha oído antes. Déjeme mirar primero y prometer después. ¿Número de cuenta?
pushback-reply-1-coaching = Buena recuperación. Aceptaste el desafío en lugar de discutir, retiraste la promesa sin comprobar y la sustituiste por algo que puedes cumplir: mirar ahora e informarle. Promete menos y luego da más.
pushback-reply-1-takeaway = Retira abiertamente una promesa sin comprobar; mira primero y promete después.
pushback-reply-2 = Solo puedo decirle lo que voy a hacer yo, señor. Yo no atendí esas llamadas, no sé qué le dijeron ni por qué, y no puedo responder por otras personas. Lo único que puedo hacer es mirarlo ahora.
pushback-reply-2-coaching = Defenderte hace que la conversación gire en torno a ti. Su desconfianza está justificada: la empresa ha roto esta promesa dos veces. Dale la razón en lo que es cierto («tiene todos los motivos para dudarlo») y recupera su confianza con un paso concreto que él pueda comprobar.
pushback-reply-2-takeaway = Cuando la duda está justificada, dale la razón; no te defiendas.
pushback-reply-3 = Mire, ¿quiere que se lo arregle o no?
pushback-reply-3-coaching = Contestar de malas maneras a un cliente que te está poniendo a prueba acaba con la llamada: cuelga, y contará por qué. Cuando sientas que te cuestionan, ve más despacio, reconoce lo que siente («tiene todos los motivos para dudar de mí») y ofrece un paso concreto.
pushback-reply-3-takeaway = Contestar mal a un cliente que te pone a prueba acaba con la llamada.

## node verify
verify-says-1 = La cuenta es la 4471 0923, código postal LS6 2PQ. ¿Y qué dice?
verify-says-2 = Es la 4471 0923. LS6 2PQ. A ver: ¿qué aparece en su pantalla?
verify-reply-1 = Gracias. Ya veo lo que pasó, y lo siento: su baja quedó registrada el 12 de enero, pero el paquete nunca se desactivó, así que le siguió cobrando £22 al mes. Los dos abonos se solicitaron y nunca se aprobaron. El error es nuestro, no suyo.
verify-reply-1-coaching = Una disculpa que asume el error sin echarle la culpa a nadie («el error es nuestro, no suyo») y una explicación en lenguaje llano de lo que falló en su factura. Nombrar qué falló, y no solo que algo falló, es lo que recupera la confianza tras un fallo repetido, y te señala la solución: desactivar el paquete y aprobar el abono.
verify-reply-1-takeaway = Discúlpate en nombre de la empresa y di claramente qué falló en su factura.
verify-reply-2 = Bien, el SOC de Sports Extra nunca se cerró, así que le siguió facturando todos los meses, y las dos solicitudes de abono siguen ahí pendientes de que alguien las apruebe porque nadie las recogió después de sus llamadas.
verify-reply-2-coaching = Casi todo es correcto, pero «SOC» es palabra nuestra, no suya, y un solo término sin explicar basta para que un cliente se sienta tratado con condescendencia, o despachado. Tradúcelo: «El paquete nunca se desactivó, así que le siguió cobrando». Y pide perdón: ya sabe lo que pasó, pero no que lo lamentamos.
verify-reply-2-takeaway = Una sola palabra interna sin explicar puede costarte un cliente; dilo con sus palabras.
verify-reply-3 = Veo que se solicitaron los abonos. Por desgracia, los abonos de más de £40 necesitan la aprobación de un jefe de equipo, y por eso está tardando.
verify-reply-3-coaching = Claro, y citar la norma de aprobación explica el retraso desde nuestro lado, pero a él le suena a motivo para que esta vez tampoco pase nada. Si hay un paso de aprobación, asúmelo («Me encargo yo de esa aprobación, hoy mismo») en lugar de escudarte en él.
verify-reply-3-takeaway = Asume el paso de aprobación; no te escudes en él.

## node doubt
doubt-direction = un largo suspiro
doubt-reaction-1 = No he entendido la mitad de eso, y no sé si se suponía que debía entenderlo.
doubt-says-1 = Bien. Así que dos veces alguien pidió este abono, y dos veces no pasó nada. ¿Qué cambia esta vez?
doubt-says-2 = O sea, que ha estado parado en una cola. Dos veces. ¿Qué impide que se quede ahí una tercera?
doubt-says-3 = Dos veces me han dicho que está hecho. ¿Por qué iba a ser distinta la tercera?
doubt-reply-1 = ¿Sinceramente? Los agentes de sus dos últimas llamadas deberían haber reclamado esa aprobación, y no lo hicieron. Ahí es donde falló, no fue culpa suya.
doubt-reply-1-coaching = Ponerte de su lado contra tus compañeros parece honestidad, y a él en parte le gusta, pero responde a «¿qué cambia?» con «ellos no sirvieron para nada», lo que no le dice nada sobre esta vez. Discúlpate en nombre de la empresa en su conjunto y luego di qué vas a hacer de otra manera que él pueda comprobar.
doubt-reply-1-takeaway = «No sirvieron para nada» no responde a «¿qué cambia esta vez?».
doubt-reply-2 = No volverá a pasar, se lo prometo. Voy a dejar una nota bien grande en la cuenta para que nadie pueda pasarla por alto, y vigilaré personalmente sus facturas a partir de ahora, todos los meses, así que puede estar tranquilo: nunca tendrá que volver a llamarnos por esto.
doubt-reply-2-coaching = Cercano, seguro, y suena a compromiso, pero «no volverá a pasar» y «todos los meses, personalmente» son promesas que no puedes cumplir, hechas a un hombre que ya ha oído dos. Responde qué es distinto hoy, en concreto, y ofrece un seguimiento que de verdad puedas hacer.
doubt-reply-2-takeaway = «Nunca más» no lo puedes prometer tú; di qué es distinto hoy.
doubt-reply-3 = Pregunta justa. Esta vez no hay cola: puedo aprobarlo yo, ahora, mientras me escucha.
doubt-reply-3-coaching = Le diste la razón en lo que era cierto (su duda está justificada) y luego respondiste exactamente a la pregunta: qué es distinto y cómo lo sabrá. Asumir tú el paso, mientras él escucha, convierte una promesa en algo de lo que puede ser testigo. Eso es asumir la responsabilidad sin prometer de más, en una sola frase.
doubt-reply-3-takeaway = Responde a «¿qué cambia?» con un paso del que pueda ser testigo.

## node fix_plan
fix_plan-reaction-1 = Y dijo que cubriría las comisiones del banco. Le tomo la palabra.
fix_plan-says-1 = Bien. ¿Y qué va a hacer exactamente? Porque no pienso dejar que me cobren sesenta y cuatro libras el viernes.
fix_plan-says-2 = Ya. ¿Y el viernes? Ese pago va a salir, lo hayan arreglado o no.
fix_plan-reply-1 = Abriré una reclamación formal con nuestro equipo de facturación, y le contactarán en un plazo de cinco a siete días laborables.
fix_plan-reply-1-coaching = Pasarlo a otro parece seguro, y se acaba rápido, pero ya lo han derivado dos veces y el pago del viernes no va a esperar siete días. Escala cuando de verdad no puedas actuar; aquí sí podías. Si tienes que escalar, asume el traspaso: quién, para cuándo y qué pasa con el viernes.
fix_plan-reply-1-takeaway = No derives lo que puedes arreglar tú, y menos por tercera vez.
fix_plan-reply-2 = Hoy mismo le tramito ese abono, le añado un pago de compensación por todas las molestias y me aseguro personalmente de que nunca vuelva a pasar nada parecido en su cuenta. ¿Así se queda más tranquilo?
fix_plan-reply-2-coaching = Suena generoso y a él le gusta oírlo, pero un pago de compensación que no has confirmado y la garantía de que nada volverá a fallar nunca están fuera de tu control, y un cliente enfadado recuerda cada palabra. Promete lo que vas a hacer y cuándo; una sorpresa agradable después es mejor que prometer de más ahora.
fix_plan-reply-2-takeaway = Promete lo que vas a hacer y cuándo, no lo que nadie puede garantizar.
fix_plan-reply-3 = Sports Extra queda dado de baja hoy. Apruebo yo ahora el abono de £44: lo verá en línea antes de una hora. El viernes se cobran las £42 correctas, sin números rojos. Le llamo el jueves por la tarde para comprobarlo.
fix_plan-reply-3-coaching = Asumir el siguiente paso y fijar expectativas: qué has hecho, qué pasa después, cuándo lo verá y cuándo volverás a llamarlo, con su preocupación por el viernes respondida con todas las letras. Las cantidades y horas concretas son lo que hace creíble una promesa tras dos incumplidas. Este es el Resolver (Resolve) de HEARD.
fix_plan-reply-3-takeaway = Resuelve con cantidades y horas, y responde a su fecha límite con todas las letras.

## node closing
closing-reaction-1 = ¿Sabe? Al principio me cortó antes de que hubiera empezado siquiera. Pero bueno, reconozco que es la primera respuesta clara que me dan.
closing-says-1 = Bien. ¿Y de verdad me va a llamar el jueves?
closing-says-2 = De acuerdo. Eso es... más de lo que me habían dado hasta ahora. El jueves, ¿ha dicho?
closing-reply-1 = Sí: el jueves, de cuatro a cinco, a este número; referencia NB-20417. Una cosa más: he informado de por qué se atascaron los dos abonos, para que se corrija el paso de aprobación, no solo su factura. ¿Hay algo más en lo que pueda ayudarle hoy?
closing-reply-1-coaching = El compromiso, confirmado con precisión (día, hora, número, referencia), y luego el Diagnosticar (Diagnose) de HEARD: tras resolver su factura, averiguaste por qué ocurrió (dos abonos atascados en un paso de aprobación) e informaste de ello sin culpar a nadie, para que no le pase al siguiente cliente. Con el problema realmente resuelto, «¿algo más?» es un cierre sincero, no una forma de quitárselo de encima.
closing-reply-1-takeaway = Tras la solución, diagnostica: informa de la causa sin culpar a nadie para que no se repita.
closing-reply-2 = Por supuesto. Le llamaré el jueves, y además esta noche le enviaré por correo un resumen por escrito, le mandaré un SMS en cuanto llegue el abono, marcaré su cuenta para mi jefe de equipo y revisaré yo su factura de abril antes de que se emita, para que nunca más tenga que ir detrás de nosotros.
closing-reply-2-coaching = Cada punto tiene buena intención, y la lista impresiona, pero cinco promesas nuevas a un cliente al que le fallaron dos son cinco oportunidades más de fallarle, y «nunca más tenga que ir detrás de nosotros» no está en tu mano. Confirma con precisión el único compromiso por el que preguntó, y cúmplelo.
closing-reply-2-takeaway = Confirma el compromiso por el que preguntó; no acumules otros nuevos.
closing-reply-3 = Debería, sí. Normalmente no hay problema.
closing-reply-3-coaching = Rápido, y él ya tiene ganas de colgar, pero «debería» y «normalmente» deshacen la confianza que acabas de construir. Un cliente al que han fallado dos veces necesita un seguimiento lo bastante concreto como para exigírtelo: día, hora, número, referencia.
closing-reply-3-takeaway = «Debería» deshace la confianza; confirma día, hora y referencia.

## node last_word
last_word-reaction-1 = Salvo las comisiones del banco que dijo que cubriría. Estaré pendiente de eso.
last_word-says-1 = No, eso es todo. ...Le seré sincero, antes de llamar ya había mirado otros proveedores.
last_word-says-2 = No. Con eso está todo. ¿Sabe que casi me había dado por vencido con ustedes? Tenía medio rellenado un formulario para cambiarme.
last_word-reply-1 = Entonces déjeme compensárselo: le pondré un mes de banda ancha gratis en la cuenta por todas las molestias. Lo tiene que aprobar mi jefe, pero eso nunca es un problema.
last_word-reply-1-coaching = Un impulso amable, y a él le gusta, pero es una cuarta promesa que depende de la aprobación de otra persona, justo lo que le falló dos veces, y gasta dinero en un cliente cuyo problema ya está resuelto. Aquí necesitaba agradecimiento, no un regalo: reconoce lo cerca que estuvo de irse y dale las gracias por la oportunidad de arreglarlo.
last_word-reply-1-takeaway = Un problema resuelto pide agradecimiento, no un regalo que depende de la aprobación de otro.
last_word-reply-2 = Gracias por darnos otra oportunidad, señor Reid. Siento lo de las tres llamadas. ¡Hasta el jueves!
last_word-reply-2-coaching = Un cierre cálido y sincero: reconociste lo que estuvo a punto de hacer sin discutírselo, te disculpaste una vez más por el coste real (tres llamadas), le diste las gracias y repetiste el siguiente paso. Es el Agradecer (Thank) de LAST, y es la frase que recordará cuando le cuente a alguien cómo fue la llamada.
last_word-reply-2-takeaway = Da las gracias a un cliente que estuvo a punto de irse y repite el siguiente paso.
last_word-reply-3 = ¡Pues me alegro mucho de que no lo hiciera! Bien, ya tengo todo lo que necesito, así que, salvo que pueda ayudarle en algo más hoy, no le quito más tiempo esta tarde.
last_word-reply-3-coaching = Alegre y eficiente, y a él le parece bien despedirse, pero te acaba de decir lo cerca que estuvo la empresa de perderlo y pasaste de largo hacia la despedida de guion. Esa confesión merece un momento: reconócela, dale las gracias por la oportunidad de arreglar las cosas y repite el siguiente paso.
last_word-reply-3-takeaway = Cuando un cliente dice que casi se va, detente en ello antes de despedirte.
last_word-reply-4 = Me alegro de que no lo hiciera, porque, sinceramente, solemos hacerlo muy bien; nuestras puntuaciones de satisfacción están entre las mejores del sector, y algo así es muy poco habitual. Si recibe una encuesta después de esta llamada, una buena puntuación me ayudaría mucho.
last_word-reply-4-coaching = Defender el historial de la empresa ante un hombre que llama por tercera vez le dice que su experiencia no cuenta, y pedirle una buena puntuación en la encuesta trabaja para el indicador en lugar de para el cliente. La puntuación llega sola con el servicio; dale las gracias y deja que la llamada hable por sí misma.
last_word-reply-4-takeaway = Nunca pidas una puntuación en la encuesta; gánatela y deja que la llamada hable por sí misma.

## endings
ending-resolved = La voz de Marcus ha perdido la tensión: «El jueves, entonces. Gracias. De verdad». El jueves el abono está ahí, el pago del viernes es de £42 y tu llamada dura noventa segundos. Se queda, y le cuenta a su pareja que por fin alguien lo solucionó.
ending-partly_sorted = El cargo está corregido, pero Marcus cuelga sin estar convencido: «Ya veremos». Revisa su cuenta tres veces antes del viernes y le cuenta a un vecino que para que te arreglen algo allí hacen falta tres llamadas y un poco de suerte.
ending-escalated = Pasan a Marcus al equipo de facturación por tercera vez. El pago del viernes sale por £64, su reclamación está «en cola», y esa misma tarde empieza a comparar proveedores de banda ancha.
ending-hung_up = Marcus cuelga a mitad de frase. Esa misma noche ya tiene un nuevo proveedor elegido, una reseña de una estrella publicada y una reclamación al defensor del consumidor a medio redactar.
