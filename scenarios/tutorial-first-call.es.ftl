# Spanish translation of tutorial-first-call.ron (keys: node and reply ids; see docs/translations.md)

title = Tutorial: tu primera llamada
summary = Tres turnos para aprender la pantalla: los indicadores del cliente, el límite de tiempo, cuándo guardar silencio y la tarjeta de coaching. Sin puntuación.
customer-situation = Una llamada de práctica. Joy pidió un regalo de cumpleaños para su sobrino; debía llegar ayer y no ha llegado. A la izquierda ves sus tres indicadores: satisfacción (cómo se siente con esta llamada), confianza (si te cree) y paciencia (cuánto tiempo seguirá hablando). Cada respuesta los mueve.

## node meters
meters-direction = una llamada de práctica: observa las tres barras de la izquierda mientras respondes
meters-says-1 = Hola. El regalo de mi sobrino tenía que llegar ayer y no ha llegado. Su fiesta es el sábado.
meters-reply-1 = Siento el retraso, con la fiesta tan cerca. Déjeme localizarlo: ¿cuál es el número de pedido?
meters-reply-1-coaching = Mira las barras: la satisfacción y la confianza subieron, y la paciencia bajó un poco, porque cada pregunta le pide algo al cliente. Captaste el detalle que le importa (la fiesta del sábado) y diste tú el siguiente paso. Eso es lo que premian los indicadores.
meters-reply-1-takeaway = Los indicadores se mueven con cada respuesta: los suyos subieron porque captaste la fecha límite y te hiciste cargo.
meters-reply-2 = Las entregas pueden tardar hasta cinco días hábiles, así que en realidad aún no va con retraso.
meters-reply-2-coaching = Mira las barras: las tres bajaron. Citar las condiciones de entrega responde a una pregunta que no hizo e ignora la fiesta del sábado. Los indicadores muestran lo que siente el cliente, no si técnicamente tenías razón.
meters-reply-2-takeaway = Las tres barras bajaron: tener razón técnicamente no es lo mismo que ayudar.
meters-reply-3 = ¿Número de pedido?
meters-reply-3-coaching = Ser breve puede estar bien, pero esto se saltó por completo lo que te contó (la fiesta del sábado), así que bajaron las barras de satisfacción y paciencia. Pedir el número es el paso correcto; di por qué lo pides y demuestra primero que la has escuchado.
meters-reply-3-takeaway = La pregunta correcta, hecha sin haberla escuchado antes, sigue costando satisfacción.

## node silence
silence-direction = se oye crujir papel; está buscando el correo
silence-says-1 = Espere, está en algún correo... deme un segundo...
silence-reply-1 = Mientras lo busca: ¿qué decía el correo sobre la fecha de entrega?
silence-reply-1-coaching = Te pidió un segundo. Una pregunta nueva mientras busca divide su atención y la retrasa. La cuenta atrás gris sobre las respuestas es el límite de tiempo: cuando se agota, el silencio es tu elección. Aquí, no decir nada era lo correcto.
silence-reply-1-takeaway = Cuando el cliente pide un momento, dáselo: el silencio puede ser la mejor respuesta.
silence-reply-2 = Sin prisa, tómese su tiempo.
silence-reply-2-coaching = Amable, pero aun así habla por encima de su búsqueda. Podrías no haber dicho nada: el límite de tiempo sobre las respuestas solo empieza a contar cuando has tenido tiempo de leer, y dejar que se agote es silencio, que ya es una elección en sí. Aquí el silencio la habría ayudado más.
silence-reply-2-takeaway = Amable, pero el silencio era mejor: dejar que se agote el temporizador es una elección.
silence-silence-coaching = Dejaste que se agotara el temporizador, así que el silencio fue tu elección, y fue la correcta: te pidió un segundo y se lo diste. Al teléfono, el silencio suele dar la sensación de que no hay nadie; aquí transmitió paciencia. El temporizador solo empieza cuando has tenido tiempo de leer las respuestas.
silence-silence-takeaway = Aquí el silencio era lo correcto: te pidió un momento y se lo diste.

## node card
card-says-1 = Ya está. Es RB-4471. ¿Llegará antes del sábado?
card-reply-1 = Gracias. Está en nuestro almacén local y sale mañana en la primera furgoneta: el viernes antes del mediodía. Ahora le envío por SMS el enlace de seguimiento, y si mañana a las 9 no se ha movido, la llamo.
card-reply-1-coaching = Esta tarjeta es el coaching: después de cada respuesta el cliente reacciona primero y luego la tarjeta explica qué consiguió la respuesta y por qué. Respondiste a su verdadera pregunta (¿antes del sábado?), diste una hora que se puede comprobar y prometiste un seguimiento que controlas tú. La línea en negrita es la idea clave; pulsa W para ver el motivo completo.
card-reply-1-takeaway = Responde a la pregunta que te hizo, con una hora que se pueda comprobar y un seguimiento que dependa de ti.
card-reply-2 = ¡Le llegará sin falta antes del sábado, se lo garantizo!
card-reply-2-coaching = Una garantía que no puedes comprobar sienta bien ahora y cuesta confianza después: la confianza bajó aunque la satisfacción subiera. Da en su lugar una hora y un seguimiento que controles. Esta es la tarjeta de coaching: aparece después de la reacción del cliente; pulsa W para ver el motivo completo cuando hay una idea clave.
card-reply-2-takeaway = Una garantía que no puedes comprobar cuesta confianza: da una hora y un seguimiento que controles.

## endings
ending-sorted = Joy abre el enlace de seguimiento mientras sigues al teléfono. «El viernes. Perfecto. Gracias». El tutorial ha terminado: todos los demás escenarios terminan con una puntuación y un informe final como este.
ending-hopeful = Joy dice que te tomará la palabra y cuelga con esperanza. El tutorial ha terminado: todos los demás escenarios terminan con una puntuación y un informe final como este.
ending-hung_up = A Joy se le ha acabado la paciencia y cuelga. El tutorial ha terminado: vuelve a intentarlo y observa su barra de paciencia.
