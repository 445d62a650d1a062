//! Playing a scenario in the terminal: numbered replies on standard input, the customer's
//! reaction to each, then its coaching card (or every card at the debrief, when assessed), and
//! the same debrief the game shows.

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use super::render::{delta_summary, render_debrief, tags};
use rapport_core::analysis::cache::{AnalysisCache, prepare};
use rapport_core::debrief::Debrief;
use rapport_core::scenario::model::Scenario;
use rapport_core::session::{Choice, Exchange, Session};

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
}

/// Plays `scenario` with `seed`, reading replies from `input` and writing to `out`. The
/// values for the debrief are worked out on another thread while the trainee plays (from
/// `cache` when it has them), so the debrief follows the last reply at once.
pub fn play_text(
    scenario: Arc<Scenario>,
    seed: u64,
    cache: Option<AnalysisCache>,
    coaching: Coaching,
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

    let mut millis = Vec::new();
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
        for (number, choice) in prompt.options.iter().enumerate() {
            writeln!(
                out,
                "  {}) {}",
                number + 1,
                session.choice_text(*choice).unwrap_or_default()
            )?;
        }
        let story_time = node
            .silence
            .as_ref()
            .and_then(|silence| silence.story_time.as_deref());
        if let Some(seconds) = prompt.time_limit {
            // In email a short timer stands for days; the author's words say which.
            let wait = story_time.map_or_else(|| format!("{seconds} s"), str::to_owned);
            writeln!(out, "  0) Say nothing yet (the customer waits {wait})")?;
        }
        let choice = loop {
            write!(out, "\nYour reply (number, q to quit): ")?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                writeln!(out, "\n\nInput ended: session abandoned, nothing scored.")?;
                return Ok(PlayEnd {
                    session,
                    debrief: None,
                    millis,
                });
            }
            let answer = line.trim();
            if answer.eq_ignore_ascii_case("q") || answer.eq_ignore_ascii_case("quit") {
                writeln!(out, "Session abandoned, nothing scored.")?;
                return Ok(PlayEnd {
                    session,
                    debrief: None,
                    millis,
                });
            }
            match answer.parse::<usize>() {
                Ok(0) if prompt.time_limit.is_some() => break Choice::Silence,
                Ok(number) if (1..=prompt.options.len()).contains(&number) => {
                    break prompt.options[number - 1];
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
        });
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
    writeln!(out, "\nReplay this exact session with --seed {seed}.")?;
    Ok(PlayEnd {
        session,
        debrief: Some(Box::new(debrief)),
        millis,
    })
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
