//! Playing a scenario in the terminal: numbered replies on standard input (or the trainee's
//! own words, with `--type`), the customer's reaction to each, then its coaching card (or every
//! card at the debrief, when assessed), and the same debrief the game shows.

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use super::render::{delta_summary, render_debrief, tags};
use rapport_core::analysis::cache::{AnalysisCache, prepare};
use rapport_core::debrief::Debrief;
use rapport_core::record::{TypedReply, Understanding};
use rapport_core::scenario::model::Scenario;
use rapport_core::session::{Choice, Exchange, Session};
use rapport_core::understand::technique::{Finding, findings, tally};
use rapport_core::understand::{Matcher, Understood, replies_at, understand};

/// Typing replies instead of choosing them: the matcher that understands them, and what to
/// tell the trainee about it (the model is not installed, say).
pub struct Typing {
    pub matcher: Box<dyn Matcher>,
    pub notice: Option<String>,
}

/// When the coaching cards are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coaching {
    /// After each reply, once the customer has reacted to it.
    AfterEachReply,
    /// Held for the debrief (`--assess`): the debrief lists every turn's coaching.
    AtTheDebrief,
}

/// A card waiting for the customer's reaction, with what a silence stood for.
struct Card {
    exchange: Exchange,
    story_time: Option<String>,
    /// What the trainee's own words showed, when they typed.
    words: Option<Vec<Finding>>,
}

/// How a text session ended.
#[derive(Debug, Clone)]
pub struct PlayEnd {
    pub session: Session,
    /// The debrief printed at an ending; `None` when the trainee quit or input ended first
    /// (the session is abandoned and nothing is scored).
    pub debrief: Option<Box<Debrief>>,
    /// Milliseconds from each prompt to the trainee's answer.
    pub millis: Vec<u32>,
    /// The trainee's words for each turn they typed.
    pub typed: Vec<Option<TypedReply>>,
}

/// Plays `scenario` with `seed`, reading replies from `input` and writing to `out`. The
/// values for the debrief are worked out on another thread while the trainee plays (from
/// `cache` when it has them), so the debrief follows the last reply at once.
pub fn play_text(
    scenario: Arc<Scenario>,
    seed: u64,
    cache: Option<AnalysisCache>,
    coaching: Coaching,
    typing: Option<&Typing>,
    mut input: impl BufRead,
    out: &mut impl Write,
) -> io::Result<PlayEnd> {
    let mut session = Session::new(Arc::clone(&scenario), seed);
    let preparing = {
        let scenario = Arc::clone(&scenario);
        let initial = session.initial_state();
        std::thread::spawn(move || prepare(cache.as_ref(), &scenario, initial))
    };
    let customer = &scenario.customer;
    writeln!(out, "=== {} ===", scenario.meta.title)?;
    writeln!(
        out,
        "{} | difficulty {}/5 | about {} min | seed {seed}",
        scenario.meta.channel.label(),
        scenario.meta.difficulty,
        scenario.meta.estimated_minutes
    )?;
    writeln!(
        out,
        "\nCustomer: {}\n{}\n",
        customer.name, customer.situation
    )?;
    writeln!(out, "{}", meters_line(&session))?;
    if let Some(typing) = typing {
        writeln!(
            out,
            "\nType your replies in your own words; Enter sends.{}",
            typing
                .notice
                .as_deref()
                .map(|notice| format!("\n({notice})"))
                .unwrap_or_default()
        )?;
    }

    let mut millis = Vec::new();
    let mut typed_turns: Vec<Option<TypedReply>> = Vec::new();
    // Consequence first, then the lesson: the card for a reply follows the customer's
    // reaction to it.
    let mut card: Option<Card> = None;
    while let Some(prompt) = session.prompt().cloned() {
        writeln!(out)?;
        if let Some(direction) = &prompt.direction {
            writeln!(out, "  *{direction}*")?;
        }
        let node = scenario.node(prompt.node);
        let speaker = node.speaker.as_deref().unwrap_or(&customer.name);
        let line = prompt.customer_line();
        writeln!(out, "{speaker}: \"{line}\"\n")?;
        if let Some(card) = card.take() {
            write_card(out, &card)?;
            writeln!(out)?;
        }
        // The time to answer runs from when the replies are on screen.
        let asked = std::time::Instant::now();
        let story_time = node
            .silence
            .as_ref()
            .and_then(|silence| silence.story_time.as_deref());
        let answer = match typing {
            Some(typing) => {
                let customer_said = line.clone();
                typed_answer(
                    &session,
                    typing,
                    &customer_said,
                    story_time,
                    &mut input,
                    out,
                )?
            }
            None => chosen_answer(&session, story_time, &mut input, out)?,
        };
        let (choice, typed) = match answer {
            Answer::Quit(message) => {
                writeln!(out, "{message}")?;
                return Ok(PlayEnd {
                    session,
                    debrief: None,
                    millis,
                    typed: typed_turns,
                });
            }
            Answer::Choice(choice, typed) => (choice, typed),
        };
        millis.push(u32::try_from(asked.elapsed().as_millis()).unwrap_or(u32::MAX));
        let exchange = session
            .choose(choice)
            .map_err(|error| {
                io::Error::other(format!("the engine refused an offered choice: {error}"))
            })?
            .clone();
        card = (coaching == Coaching::AfterEachReply).then(|| Card {
            exchange,
            story_time: story_time.map(str::to_owned),
            words: typed.as_ref().map(|turn| turn.findings.clone()),
        });
        typed_turns.push(typed);
    }

    let ending = session
        .ending()
        .expect("the loop above ends only at an ending");
    writeln!(out, "\n{}", ending.text)?;
    if let Some(card) = card.take() {
        writeln!(out)?;
        write_card(out, &card)?;
    }
    if coaching == Coaching::AtTheDebrief {
        writeln!(
            out,
            "\nAssessment: the coaching for every reply is in the debrief below."
        )?;
    }
    // A thread that panicked prepared nothing: the debrief then analyses by itself.
    let prepared = preparing.join().ok().flatten();
    let debrief = Debrief::with_prepared(&session, prepared.as_ref()).map_err(io::Error::other)?;
    write!(out, "\n{}", render_debrief(&debrief))?;
    if typing.is_some() {
        write_your_words(out, &session, &typed_turns)?;
    }
    writeln!(out, "\nReplay this exact session with --seed {seed}.")?;
    Ok(PlayEnd {
        session,
        debrief: Some(Box::new(debrief)),
        millis,
        typed: typed_turns,
    })
}

/// What the trainee did at a prompt.
enum Answer {
    Choice(Choice, Option<TypedReply>),
    /// Quit, or input ended: the message to print.
    Quit(&'static str),
}

const ABANDONED: &str = "Session abandoned, nothing scored.";
const INPUT_ENDED: &str = "\n\nInput ended: session abandoned, nothing scored.";

/// Reads one line; `None` at the end of input.
fn read_answer(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut line = String::new();
    Ok((input.read_line(&mut line)? > 0).then(|| line.trim().to_owned()))
}

fn is_quit(answer: &str) -> bool {
    answer.eq_ignore_ascii_case("q") || answer.eq_ignore_ascii_case("quit")
}

/// The numbered replies, and the trainee's pick among them.
fn chosen_answer(
    session: &Session,
    story_time: Option<&str>,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Answer> {
    let prompt = session.prompt().expect("a prompt is on screen").clone();
    for (number, choice) in prompt.options.iter().enumerate() {
        writeln!(
            out,
            "  {}) {}",
            number + 1,
            session.choice_text(*choice).unwrap_or_default()
        )?;
    }
    if let Some(seconds) = prompt.time_limit {
        // In email a short timer stands for days; the author's words say which.
        let wait = story_time.map_or_else(|| format!("{seconds} s"), str::to_owned);
        writeln!(out, "  0) Say nothing yet (the customer waits {wait})")?;
    }
    loop {
        write!(out, "\nYour reply (number, q to quit): ")?;
        out.flush()?;
        let Some(answer) = read_answer(input)? else {
            return Ok(Answer::Quit(INPUT_ENDED));
        };
        if is_quit(&answer) {
            return Ok(Answer::Quit(ABANDONED));
        }
        match answer.parse::<usize>() {
            Ok(0) if prompt.time_limit.is_some() => {
                return Ok(Answer::Choice(Choice::Silence, None));
            }
            Ok(number) if (1..=prompt.options.len()).contains(&number) => {
                return Ok(Answer::Choice(prompt.options[number - 1], None));
            }
            _ => {
                let silence = if prompt.time_limit.is_some() {
                    ", or 0 to stay silent"
                } else {
                    ""
                };
                writeln!(
                    out,
                    "Please type a number from 1 to {}{silence}.",
                    prompt.options.len()
                )?;
            }
        }
    }
}

/// The trainee's own words, understood as a reply on offer: at once when sure; "did you
/// mean" (1 or 2, at no cost) when torn between two; as a reply that made no sense when
/// nothing is close.
fn typed_answer(
    session: &Session,
    typing: &Typing,
    customer_said: &str,
    story_time: Option<&str>,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Answer> {
    let prompt = session.prompt().expect("a prompt is on screen").clone();
    let node = session.scenario().node(prompt.node);
    let replies = replies_at(node, prompt.options.iter().copied());
    let wait = match prompt.time_limit {
        Some(seconds) => format!(
            "; /wait says nothing yet (the customer waits {})",
            story_time.map_or_else(|| format!("{seconds} s"), str::to_owned)
        ),
        None => String::new(),
    };
    writeln!(out, "  (/list shows the replies to choose from{wait})")?;
    loop {
        write!(out, "\nYou say (q to quit): ")?;
        out.flush()?;
        let Some(text) = read_answer(input)? else {
            return Ok(Answer::Quit(INPUT_ENDED));
        };
        if is_quit(&text) {
            return Ok(Answer::Quit(ABANDONED));
        }
        if text == "/wait" && prompt.time_limit.is_some() {
            return Ok(Answer::Choice(Choice::Silence, None));
        }
        // Choosing this once, as Tab does in the game.
        if text == "/list" {
            return chosen_answer(session, story_time, input, out);
        }
        let (_, understood) = understand(typing.matcher.as_ref(), &text, &replies);
        let turn = |understood: &Understood, picked| {
            TypedReply::new(
                &text,
                understood,
                picked,
                typing.matcher.name(),
                findings(&text, customer_said),
            )
        };
        match understood {
            Understood::Sure { choice, .. } => {
                writeln!(
                    out,
                    "  (understood as: {})",
                    session.choice_text(choice).unwrap_or_default()
                )?;
                return Ok(Answer::Choice(choice, Some(turn(&understood, None))));
            }
            Understood::Unclear { .. } => {
                return Ok(Answer::Choice(
                    Choice::Unclear,
                    Some(turn(&understood, None)),
                ));
            }
            Understood::Torn { first, second, .. } => {
                writeln!(out, "  Did you mean:")?;
                writeln!(
                    out,
                    "    1) {}",
                    session.choice_text(first).unwrap_or_default()
                )?;
                writeln!(
                    out,
                    "    2) {}",
                    session.choice_text(second).unwrap_or_default()
                )?;
                write!(out, "  1 or 2 (anything else: say it again): ")?;
                out.flush()?;
                let Some(pick) = read_answer(input)? else {
                    return Ok(Answer::Quit(INPUT_ENDED));
                };
                let picked = match pick.as_str() {
                    "1" => first,
                    "2" => second,
                    _ => continue,
                };
                return Ok(Answer::Choice(
                    picked,
                    Some(turn(&understood, Some(picked))),
                ));
            }
        }
    }
}

/// The debrief's account of the typed replies: each one, what it was understood as, and what
/// the words showed over the session.
fn write_your_words(
    out: &mut impl Write,
    session: &Session,
    typed: &[Option<TypedReply>],
) -> io::Result<()> {
    writeln!(out, "\nYour words")?;
    for (number, (exchange, turn)) in session.transcript().iter().zip(typed).enumerate() {
        let Some(turn) = turn else {
            writeln!(out, "  {}. {}", number + 1, exchange.reply_shown())?;
            continue;
        };
        writeln!(out, "  {}. You said: \"{}\"", number + 1, turn.text)?;
        match turn.understood {
            Understanding::Sure => writeln!(
                out,
                "     understood as: {} (confidence {:.2})",
                exchange.reply_shown(),
                turn.confidence_share()
            )?,
            Understanding::Picked => {
                writeln!(out, "     you meant: {}", exchange.reply_shown())?;
            }
            Understanding::Unclear => writeln!(
                out,
                "     not understood: the customer asked what you meant"
            )?,
        }
    }
    let counts = tally(typed.iter().flatten().flat_map(|turn| &turn.findings));
    if !counts.is_empty() {
        let summary: Vec<String> = counts
            .iter()
            .map(|(technique, count)| {
                format!(
                    "{}{} x{count}",
                    if technique.helps() { "+" } else { "-" },
                    technique.label()
                )
            })
            .collect();
        writeln!(
            out,
            "  In your words over the session: {}",
            summary.join(", ")
        )?;
    }
    Ok(())
}

/// The coaching card for one reply: what it showed, what it did to the meters, and why.
fn write_card(out: &mut impl Write, card: &Card) -> io::Result<()> {
    let exchange = &card.exchange;
    writeln!(out, "  --- coaching ---")?;
    if exchange.choice == Choice::Silence {
        match &card.story_time {
            Some(wait) => writeln!(out, "  You stayed silent; the customer waited {wait}.")?,
            None => writeln!(out, "  You stayed silent.")?,
        }
    }
    let shown = tags(&exchange.skills, &exchange.pitfalls);
    if !shown.is_empty() {
        writeln!(out, "  {shown}")?;
    }
    writeln!(
        out,
        "  {}",
        delta_summary(exchange.applied, exchange.after.meters)
    )?;
    match &exchange.takeaway {
        Some(takeaway) => {
            writeln!(out, "  {takeaway}")?;
            writeln!(out, "  Why: {}", exchange.coaching)?;
        }
        None => writeln!(out, "  {}", exchange.coaching)?,
    }
    if let Some(words) = card.words.as_ref().filter(|words| !words.is_empty()) {
        writeln!(out, "  In your words:")?;
        for finding in words {
            writeln!(
                out,
                "    {} {}: {}",
                if finding.technique.helps() { "+" } else { "-" },
                finding.technique.label(),
                finding.evidence
            )?;
        }
    }
    if exchange.walked_out {
        writeln!(out, "  The customer has had enough and leaves.")?;
    }
    Ok(())
}

fn meters_line(session: &Session) -> String {
    let meters = session.meters();
    format!(
        "Satisfaction {} | Trust {} | Patience {}",
        meters.satisfaction, meters.trust, meters.patience
    )
}
