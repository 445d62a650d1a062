//! Plain-text rendering of analysis reports and debriefs for the terminal.

use std::fmt::Write;

use rapport_core::analysis::PathStep;
use rapport_core::analysis::bots::{Bot, BotSummary};
use rapport_core::analysis::cues::{
    LibraryCues, SHORT_REPLY_CHARS, SurfaceCues, TellCount, TellFlag,
};
use rapport_core::analysis::difficulty::DifficultyEvidence;
use rapport_core::analysis::report::{AnalysisReport, Extreme};
use rapport_core::calendar::utc_minutes;
use rapport_core::debrief::Debrief;
use rapport_core::scenario::format::{Pitfall, Skill};
use rapport_core::scenario::model::{Delta, Meters};
use rapport_core::scoring::SCORING_MODEL;
use rapport_core::session::SILENCE_LABEL;
use rapport_store::{Played, Store};

/// "+ empathy, clarity   - jargon".
pub fn tags(skills: &[Skill], pitfalls: &[Pitfall]) -> String {
    let mut text = String::new();
    if !skills.is_empty() {
        let names: Vec<&str> = skills.iter().map(|s| s.label()).collect();
        text.push_str(&format!("+ {}", names.join(", ")));
    }
    if !pitfalls.is_empty() {
        let names: Vec<&str> = pitfalls.iter().map(|p| p.label()).collect();
        if !text.is_empty() {
            text.push_str("   ");
        }
        text.push_str(&format!("- {}", names.join(", ")));
    }
    text
}

/// "satisfaction +10 (40) | trust 0 (45) | patience -5 (45)".
pub fn delta_summary(delta: Delta, after: Meters) -> String {
    format!(
        "satisfaction {} ({}) | trust {} ({}) | patience {} ({})",
        signed(delta.satisfaction),
        after.satisfaction,
        signed(delta.trust),
        after.trust,
        signed(delta.patience),
        after.patience
    )
}

fn signed(value: i16) -> String {
    if value > 0 {
        format!("+{value}")
    } else {
        value.to_string()
    }
}

fn stars(csat: u8) -> String {
    let full = usize::from(csat.min(5));
    format!("{}{} {csat}/5", "★".repeat(full), "☆".repeat(5 - full))
}

fn bar(share: u8) -> String {
    let filled = usize::from(share.min(100)) / 10;
    format!("{}{}", "#".repeat(filled), ".".repeat(10 - filled))
}

/// The debrief as the text player prints it.
pub fn render_debrief(debrief: &Debrief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "=== Debrief: {} ===", debrief.title);
    let _ = writeln!(
        out,
        "Ending: {} ({}{})",
        debrief.ending,
        debrief.outcome.label(),
        if debrief.intended {
            ", the ending this scenario teaches"
        } else {
            ""
        }
    );
    if !debrief.scored {
        let _ = writeln!(
            out,
            "This was the tutorial: nothing is scored or saved. Every other scenario ends with a score, the customer's CSAT, NPS and whether they stay."
        );
        write_transcript(&mut out, debrief);
        return out;
    }
    let customer = &debrief.customer;
    let _ = writeln!(
        out,
        "Customer satisfaction (CSAT): {}",
        stars(customer.csat)
    );
    let _ = writeln!(
        out,
        "Would recommend (NPS):        {}/10, {}",
        customer.nps,
        customer.nps_category.label()
    );
    let _ = writeln!(
        out,
        "Retention:                    {}",
        customer.retention.label()
    );
    let _ = writeln!(
        out,
        "Customer effort:              {}",
        debrief.effort.describe()
    );
    if let Some(money) = &debrief.money {
        let _ = writeln!(out, "Money:                        {}", money.line());
    }
    let _ = writeln!(
        out,
        "Overall score:                {}/100 (100 = the best outcome this scenario allows)",
        debrief.score
    );
    if let Some(note) = debrief.exactness.note() {
        let _ = writeln!(out, "  The score is {note}.");
    }

    if !debrief.skills.is_empty() {
        let _ = writeln!(out, "\nSkills:");
        for skill in &debrief.skills {
            let share = skill.reading.label();
            let _ = writeln!(
                out,
                "  {:<17} {}  {} of {} points ({share})",
                skill.skill.label(),
                bar(skill.score.unwrap_or(0)),
                skill.points,
                skill.best
            );
        }
    }
    if let Some(pitfalls) = debrief.pitfall_summary() {
        let _ = writeln!(out, "Pitfalls: {pitfalls}");
    }

    let _ = writeln!(
        out,
        "\nMeters over the conversation (satisfaction / trust / patience):"
    );
    let history: Vec<String> = debrief
        .meters
        .iter()
        .map(|m| format!("{}/{}/{}", m.satisfaction, m.trust, m.patience))
        .collect();
    let _ = writeln!(out, "  {}", history.join(" -> "));

    if debrief.turning_points.is_empty() && !debrief.turning_points_measured() {
        let _ = writeln!(
            out,
            "\nTurning points: not measured after a reply the customer did not understand; see the pitfalls."
        );
    } else if debrief.turning_points.is_empty() {
        let _ = writeln!(
            out,
            "\nTurning points: none. Every reply kept the best outcome within reach."
        );
    } else {
        let _ = writeln!(out, "\nTurning points (the choices that cost the most):");
        for &index in &debrief.turning_points {
            let turn = &debrief.turns[index];
            if let Some(better) = &turn.better {
                let _ = writeln!(out, "  Turn {}: you said \"{}\"", turn.number, turn.reply);
                let _ = writeln!(
                    out,
                    "    A better reply: \"{}\" (+{} points within reach)",
                    better.text, better.gain
                );
                let _ = writeln!(out, "    Why: {}", better.coaching);
            }
        }
    }

    write_transcript(&mut out, debrief);
    out
}

/// Every turn: the customer's line, the reply, the lesson and the coaching.
fn write_transcript(out: &mut String, debrief: &Debrief) {
    let _ = writeln!(out, "\nTranscript:");
    for turn in &debrief.turns {
        let _ = writeln!(
            out,
            "  {}. Customer: \"{}\"",
            turn.number, turn.customer_line
        );
        let _ = writeln!(out, "     You: \"{}\"", turn.reply);
        if let Some(takeaway) = &turn.takeaway {
            let _ = writeln!(out, "     Lesson: {takeaway}");
        }
        let _ = writeln!(out, "     Coach: {}", turn.coaching);
    }
}

fn path_text(path: &[PathStep]) -> String {
    if path.is_empty() {
        return "  (no choices)\n".to_owned();
    }
    let mut out = String::new();
    for step in path {
        let _ = match step.response {
            Some(number) => writeln!(
                out,
                "    {:<24} reply {number}: \"{}\"",
                step.node, step.text
            ),
            None => writeln!(out, "    {:<24} {SILENCE_LABEL}", step.node),
        };
    }
    out
}

fn extreme_text(label: &str, extreme: Option<&Extreme>) -> String {
    let Some(extreme) = extreme else {
        return format!("{label}: no ending can be reached\n");
    };
    let customer = &extreme.customer;
    let money = extreme
        .money
        .as_ref()
        .map_or_else(String::new, |money| format!(", {}", money.line()));
    format!(
        "{label}: score {} -> ending `{}` ({}{}), CSAT {}/5, NPS {} ({}), customer {}, meters {}/{}/{}, effort {}{money}\n{}",
        extreme.score,
        extreme.ending,
        extreme.outcome.label(),
        if extreme.intended { ", intended" } else { "" },
        customer.csat,
        customer.nps,
        customer.nps_category.label(),
        customer.retention.label(),
        extreme.meters.satisfaction,
        extreme.meters.trust,
        extreme.meters.patience,
        extreme.effort,
        path_text(&extreme.path)
    )
}

/// The analysis as `rapport analyze` prints it.
/// "Difficulty: the file says 3; the data suggest 4 (...)".
pub fn difficulty_line(evidence: &DifficultyEvidence) -> String {
    let verdict = if evidence.stated == evidence.suggested {
        "as the data suggest".to_owned()
    } else {
        format!("the data suggest {}", evidence.suggested)
    };
    format!(
        "\nDifficulty: the file says {}; {verdict} (a random player's mean score {:.1}, best path {} decisions; see docs/authoring.md)",
        evidence.stated, evidence.random_mean, evidence.best_path_decisions
    )
}

pub fn render_analysis(report: &AnalysisReport, bots: Option<&[BotSummary]>, seed: u64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Analysis of \"{}\" ({})",
        report.title, report.scenario_id
    );
    let paths = if report.distinct_paths == u128::MAX {
        "more than 10^38".to_owned()
    } else {
        report.distinct_paths.to_string()
    };
    let _ = writeln!(
        out,
        "  {} states, {} moves, {paths} distinct paths\n",
        report.states, report.moves
    );
    if let Some(note) = report.exactness.note() {
        let _ = writeln!(out, "  Note: {note}.\n");
    }
    out.push_str(&extreme_text("Best", report.best.as_ref()));
    out.push_str(&extreme_text("Worst", report.worst.as_ref()));

    let _ = writeln!(
        out,
        "\nSkill points reachable (best / worst), and on the best path:"
    );
    for range in &report.skills {
        let _ = writeln!(
            out,
            "  {:<17} {:>3} / {:>3}   best path {:>3}{}",
            range.skill.label(),
            range.best,
            range.worst,
            range.on_best_path,
            if range.on_best_path > 0 && !range.enough_evidence {
                " (not enough evidence to score)"
            } else {
                ""
            }
        );
    }

    let _ = writeln!(out, "\nEndings:");
    for ending in &report.endings {
        let status = if ending.reached {
            format!(
                "reached in {} end state{}",
                ending.end_states,
                if ending.end_states == 1 { "" } else { "s" }
            )
        } else {
            "NEVER REACHED".to_owned()
        };
        let _ = writeln!(
            out,
            "  {:<24} {:<16} {status}",
            ending.id,
            ending.outcome.label()
        );
    }
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_owned()
        } else {
            items.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "\nNodes no play reaches: {}",
        list(&report.unreached_nodes)
    );
    if report.dead_ends.is_empty() {
        let _ = writeln!(out, "Dead ends: none");
    } else {
        let _ = writeln!(
            out,
            "Dead ends (no reply is offered and there is no time limit):"
        );
        for dead_end in &report.dead_ends {
            let _ = writeln!(
                out,
                "  node `{}` with meters {}/{}/{} and flags [{}], reached by:\n{}",
                dead_end.node,
                dead_end.meters.satisfaction,
                dead_end.meters.trust,
                dead_end.meters.patience,
                dead_end.flags.join(", "),
                path_text(&dead_end.path)
            );
        }
    }
    if report.dominated.is_empty() {
        let _ = writeln!(out, "Dominated responses: none");
    } else {
        let _ = writeln!(
            out,
            "Dominated responses (never better than a sibling on any measure):"
        );
        for dominated in &report.dominated {
            let _ = writeln!(
                out,
                "  node `{}`: reply {} \"{}\" never beats reply {} \"{}\"",
                dominated.node,
                dominated.response,
                dominated.text,
                dominated.by_response,
                dominated.by_text
            );
        }
    }
    if report.scoring.mistakes_that_pay.is_empty() {
        let _ = writeln!(out, "Mistakes that pay: none");
    } else {
        let _ = writeln!(
            out,
            "Mistakes that pay (a pitfall keeps more within reach than the best clean reply):"
        );
    }
    for warning in &report.scoring.warnings {
        let _ = writeln!(out, "  warning: {warning}");
    }
    let bias = &report.bias;
    let _ = writeln!(
        out,
        "\nAuthoring bias over {} decisions: best reply listed first {:.0}%, longest {:.0}% (chance {:.0}%)",
        bias.decisions,
        bias.best_is_first * 100.0,
        bias.best_is_longest * 100.0,
        bias.by_chance * 100.0
    );
    for warning in &bias.warnings {
        let _ = writeln!(out, "  warning: {warning}");
    }
    out.push_str(&cues_text(&report.cues));
    if let Some(bots) = bots {
        let _ = writeln!(out, "\nBots (first seed {seed}):");
        for bot in bots {
            let csat: Vec<String> = bot
                .csat
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{}*:{n}", i + 1))
                .collect();
            let _ = writeln!(
                out,
                "  {:<12} {} runs  score min {:>3}  median {:>3}  mean {:>5.1}  max {:>3}  CSAT {}{}",
                bot_name(bot.bot),
                bot.runs,
                bot.min,
                bot.median,
                bot.mean,
                bot.max,
                csat.join(" "),
                if bot.stuck > 0 {
                    format!("  stuck {}", bot.stuck)
                } else {
                    String::new()
                }
            );
        }
    }
    out
}

fn bot_name(bot: Bot) -> String {
    format!("{bot:?}").to_lowercase()
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// "\"!\" 0/6 never best".
fn tell_text(tell: &TellCount) -> String {
    let verdict = match tell.flagged {
        Some(TellFlag::NeverBest) => " never best",
        Some(TellFlag::AlwaysBest) => " always best",
        None => "",
    };
    format!("\"{}\" {}/{}{verdict}", tell.tell, tell.best, tell.replies)
}

/// The surface-cue section of one scenario's analysis.
fn cues_text(cues: &SurfaceCues) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nSurface cues over the same decisions ({} replies, {} best):",
        cues.replies, cues.best_replies
    );
    let _ = writeln!(
        out,
        "  a best reply is one of the two longest at {} (chance {})",
        percent(cues.best_in_top_two_by_length),
        percent(cues.top_two_by_chance)
    );
    let short = &cues.short;
    let _ = writeln!(
        out,
        "  short replies (under {SHORT_REPLY_CHARS} characters): {} of {} best; a short reply is best at {} of the {} decisions offering one (chance {}); {} of all replies are short",
        short.best,
        short.replies,
        percent(short.best_share),
        short.decisions,
        percent(short.by_chance),
        percent(short.share_of_replies)
    );
    let seen: Vec<String> = cues
        .tells
        .iter()
        .filter(|tell| tell.replies > 0)
        .map(tell_text)
        .collect();
    let _ = writeln!(
        out,
        "  tells (best / replies containing it): {}",
        if seen.is_empty() {
            "none found".to_owned()
        } else {
            seen.join(", ")
        }
    );
    for warning in &cues.warnings {
        let _ = writeln!(out, "  warning: {warning}");
    }
    out
}

/// `rapport analyze DIR`: one row per scenario and the library's, pooled, for the surface cues
/// and then the bots.
pub fn render_library(
    folder: &str,
    cues: &LibraryCues,
    left_out: &[String],
    runs: Option<usize>,
    seed: u64,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Surface cues of {} scenario{} in {folder}",
        cues.scenarios.len(),
        if cues.scenarios.len() == 1 { "" } else { "s" }
    );
    if !left_out.is_empty() {
        let _ = writeln!(
            out,
            "  left out (names starting with `_` are for authors; tutorials are not scored): {}",
            left_out.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\n  {:<30} {:>9}  {:<17}  {:<17}  {:>8}  flagged tells (best/replies)",
        "scenario", "decisions", "best in top two", "short reply best", "short"
    );
    let row = |name: &str, cues: &SurfaceCues| {
        let flagged: Vec<String> = cues.flagged_tells().map(tell_text).collect();
        format!(
            "  {:<30} {:>9}  {:<17}  {:<17}  {:>8}  {}\n",
            name,
            cues.decisions,
            format!(
                "{:>4} (chance {})",
                percent(cues.best_in_top_two_by_length),
                percent(cues.top_two_by_chance)
            ),
            format!(
                "{:>4} (chance {})",
                percent(cues.short.best_share),
                percent(cues.short.by_chance)
            ),
            percent(cues.short.share_of_replies),
            if flagged.is_empty() {
                "-".to_owned()
            } else {
                flagged.join(", ")
            }
        )
    };
    for scenario in &cues.scenarios {
        out.push_str(&row(&scenario.scenario_id, &scenario.cues));
    }
    out.push_str(&row("library (pooled)", &cues.total));
    let total = &cues.total;
    let _ = writeln!(
        out,
        "\n  {} decisions, {} replies, {} best; {} short replies, {} of them best",
        total.decisions, total.replies, total.best_replies, total.short.replies, total.short.best
    );
    let _ = writeln!(
        out,
        "\nTells over the library (best / replies containing it):"
    );
    for tell in &total.tells {
        let _ = writeln!(out, "  {}", tell_text(tell));
    }
    if !total.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings for the library:");
        for warning in &total.warnings {
            let _ = writeln!(out, "  warning: {warning}");
        }
    }
    if let Some(runs) = runs {
        out.push_str(&library_bots_text(cues, runs, seed));
    }
    out
}

/// The bots' table of a library: mean and best score per scenario, pooled mean per library.
fn library_bots_text(cues: &LibraryCues, runs: usize, seed: u64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nBots ({runs} runs each per scenario, first seed {seed}): mean / best score"
    );
    let mut header = format!("  {:<30}", "scenario");
    for bot in Bot::ALL {
        let _ = write!(header, " {:>13}", bot_name(bot));
    }
    let _ = writeln!(out, "{header}");
    for scenario in &cues.scenarios {
        let mut line = format!("  {:<30}", scenario.scenario_id);
        for bot in &scenario.bots {
            let _ = write!(line, " {:>13}", format!("{:.1} / {}", bot.mean, bot.max));
        }
        let _ = writeln!(out, "{line}");
    }
    let mut mean = format!("  {:<30}", "library (pooled mean)");
    let mut at_100 = format!("  {:<30}", "scenarios where best is 100");
    for bot in &cues.bots {
        let _ = write!(mean, " {:>13}", format!("{:.1}", bot.mean));
        let _ = write!(
            at_100,
            " {:>13}",
            format!("{} of {}", bot.scenarios_at_100, bot.scenarios)
        );
    }
    let _ = writeln!(out, "{mean}\n{at_100}");
    out
}

/// `rapport leaderboard`: scenarios, trainees and teams from the results store.
pub fn write_leaderboard(
    store: &mut Store,
    (scenario, team): (Option<&str>, Option<&str>),
    played: Played,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let scenarios = store
        .scenario_standings(scenario, team, played)
        .map_err(std::io::Error::other)?;
    if scenarios.is_empty() {
        writeln!(
            out,
            "No finished sessions with {} yet{}.",
            played.label(),
            filter_text(scenario, team)
        )?;
        return Ok(());
    }
    // Whoever can write the store can write these figures; a results server's boards are
    // `rapport board`.
    writeln!(
        out,
        "Results in {} ({}, self-reported): sessions played with {}\n",
        store.location(),
        if store.is_shared() {
            "a shared database"
        } else {
            "this machine"
        },
        played.label()
    )?;
    writeln!(out, "Scenarios{}", filter_text(scenario, team))?;
    writeln!(
        out,
        "  {:<32} {:>5} {:>8} {:>9} {:>10}",
        "scenario", "best", "average", "sessions", "best CSAT"
    )?;
    for row in &scenarios {
        writeln!(
            out,
            "  {:<32} {:>5} {:>8.1} {:>9} {:>10}",
            printable(&row.name),
            row.best,
            row.average,
            row.sessions,
            row.best_csat
        )?;
    }
    writeln!(out, "\nTrainees")?;
    writeln!(
        out,
        "  {:<4} {:<20} {:<16} {:>5} {:>8} {:>9}",
        "rank", "trainee", "team", "best", "average", "sessions"
    )?;
    for (rank, row) in store
        .trainee_standings(scenario, team, played)
        .map_err(std::io::Error::other)?
        .iter()
        .enumerate()
    {
        writeln!(
            out,
            "  {:<4} {:<20} {:<16} {:>5} {:>8.1} {:>9}",
            rank + 1,
            printable(&row.name),
            printable(&row.team),
            row.best,
            row.average,
            row.sessions
        )?;
    }
    if team.is_none() {
        writeln!(out, "\nTeams (average of each member's best per scenario)")?;
        writeln!(
            out,
            "  {:<4} {:<20} {:>8} {:>8} {:>9}",
            "rank", "team", "average", "members", "sessions"
        )?;
        for (rank, row) in store
            .team_standings(scenario, played)
            .map_err(std::io::Error::other)?
            .iter()
            .enumerate()
        {
            let name = if row.team.is_empty() {
                "(no team)".to_owned()
            } else {
                printable(&row.team)
            };
            writeln!(
                out,
                "  {:<4} {:<20} {:>8.1} {:>8} {:>9}",
                rank + 1,
                name,
                row.average_of_bests,
                row.members,
                row.sessions
            )?;
        }
    }
    Ok(())
}

fn filter_text(scenario: Option<&str>, team: Option<&str>) -> String {
    let (scenario, team) = (scenario.map(printable), team.map(printable));
    match (scenario, team) {
        (Some(s), Some(t)) => format!(" (scenario {s}, team {t})"),
        (Some(s), None) => format!(" (scenario {s})"),
        (None, Some(t)) => format!(" (team {t})"),
        (None, None) => String::new(),
    }
}

/// `rapport history NAME`: every session of a trainee.
pub fn write_history(
    store: &mut Store,
    trainee: &str,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let rows = store.history(trainee).map_err(std::io::Error::other)?;
    if rows.is_empty() {
        writeln!(out, "No sessions for {}.", printable(trainee))?;
        return Ok(());
    }
    writeln!(out, "Sessions of {}", printable(trainee))?;
    writeln!(
        out,
        "  {:<17} {:<32} {:<10} {:>5} {:>5}",
        "started (UTC)", "scenario", "status", "score", "CSAT"
    )?;
    let mut older = false;
    for row in &rows {
        let number = |value: Option<u8>| value.map_or_else(|| "-".to_owned(), |v| v.to_string());
        let model = if row.scoring_model == SCORING_MODEL {
            String::new()
        } else {
            older = true;
            format!("  (model {})", row.scoring_model)
        };
        writeln!(
            out,
            "  {:<17} {:<32} {:<10} {:>5} {:>5}{model}",
            utc_minutes(row.started_at),
            printable(&row.scenario_id),
            row.status,
            number(row.score),
            number(row.csat)
        )?;
    }
    if older {
        writeln!(
            out,
            "Scores marked (model N) were worked out by an earlier scoring model and are not ranked beside today's (docs/scoring.md)."
        )?;
    }
    Ok(())
}

/// `text` fit for a terminal: control characters (newlines, escape sequences, C1 codes) and
/// the invisible characters that reorder text are shown as U+FFFD. Names and ids in the store
/// can come from another machine's export, and printed raw they could fake leaderboard rows,
/// recolour the screen or hide an import's summary.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            let reorders = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || reorders {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_reordering_marks_never_reach_the_terminal() {
        assert_eq!(printable("Dana"), "Dana");
        assert_eq!(printable("Zoë Ó Sé"), "Zoë Ó Sé");
        assert_eq!(
            printable("Eve\n  1    Mallory  100\u{1b}[2J\u{9b}\u{202e}x"),
            "Eve\u{fffd}  1    Mallory  100\u{fffd}[2J\u{fffd}\u{fffd}x"
        );
    }
}
