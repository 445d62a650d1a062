//! Checking what a client says its trainee typed. Clients submit choices, never results: a
//! typed session also carries the words, and whoever ranks it (the results server, an import)
//! understands the words again to see that they could have meant the reply recorded. The
//! check is deliberately tolerant, because the checker may hold a different matcher than the
//! player had (words where the player had the model): the reply recorded must be among the
//! checker's two closest, and close enough to be understood at all. A reply nothing matched
//! is always believed: it only ever cost the trainee. What is kept is the checker's reading:
//! its score and its name, and the findings read again; only how the trainee came to the reply
//! (sure, or picked after "did you mean") is the client's account.

use crate::record::{MAX_TYPED_CHARS, TypedReply, Understanding};
use crate::session::{Choice, Session};
use crate::understand::technique::findings;
use crate::understand::{Matcher, replies_at, understand};

/// The words of a replayed `session`'s turns as `claimed` (one entry per turn, `None` for a
/// chosen reply), checked against `matcher`. The findings are read again from the words, so a
/// client cannot claim habits its trainee did not show. `Err` says which turn does not hold.
pub fn check_typed(
    session: &Session,
    claimed: &[Option<TypedReply>],
    matcher: &dyn Matcher,
) -> Result<Vec<Option<TypedReply>>, String> {
    let transcript = session.transcript();
    if claimed.len() > transcript.len() {
        return Err(format!(
            "words for {} turns, but the session has {}",
            claimed.len(),
            transcript.len()
        ));
    }
    let mut checked = Vec::with_capacity(transcript.len());
    for (number, exchange) in transcript.iter().enumerate() {
        let turn = number + 1;
        let words = claimed.get(number).cloned().flatten();
        let Some(mut words) = words else {
            if exchange.choice == Choice::Unclear {
                return Err(format!(
                    "turn {turn} was not understood, but no words were sent for it"
                ));
            }
            checked.push(None);
            continue;
        };
        if words.text.chars().count() > MAX_TYPED_CHARS {
            return Err(format!(
                "turn {turn}: more than {MAX_TYPED_CHARS} characters typed"
            ));
        }
        let node = session.scenario().node(exchange.prompt.node);
        let replies = replies_at(node, exchange.prompt.options.iter().copied());
        let (ranked, _) = understand(matcher, &words.text, &replies);
        match exchange.choice {
            Choice::Silence => {
                return Err(format!("turn {turn} was a silence, yet words were sent"));
            }
            Choice::Unclear => {
                words.understood = Understanding::Unclear;
            }
            Choice::Response(_) => {
                let accept = matcher.thresholds().accept;
                let close = ranked
                    .iter()
                    .take(2)
                    .any(|(choice, score)| *choice == exchange.choice && *score >= accept);
                if !close {
                    return Err(format!(
                        "turn {turn}: \"{}\" does not read as the reply recorded for it",
                        words.text
                    ));
                }
                if words.understood == Understanding::Unclear {
                    return Err(format!(
                        "turn {turn} is recorded as a reply but its words as not understood"
                    ));
                }
            }
        }
        // The checker's own figures, never the client's: the score of the reply recorded (the
        // best score there was, for a reply nothing matched) and the matcher that gave it.
        let score = match exchange.choice {
            Choice::Response(_) => ranked
                .iter()
                .find(|(choice, _)| *choice == exchange.choice)
                .map_or(0.0, |(_, score)| *score),
            Choice::Silence | Choice::Unclear => ranked.first().map_or(0.0, |(_, score)| *score),
        };
        words.confidence = crate::record::thousandths(score);
        words.matcher = matcher.name().to_owned();
        words.findings = findings(&words.text, &exchange.prompt.customer_line());
        checked.push(Some(words));
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::WordMatcher;
    use std::sync::Arc;

    const TEMPLATE: &str = include_str!("../../../../scenarios/_template.ron");

    fn typed(text: &str) -> Option<TypedReply> {
        Some(TypedReply {
            text: text.into(),
            understood: Understanding::Sure,
            confidence: 900,
            matcher: "lexical".into(),
            findings: Vec::new(),
        })
    }

    #[test]
    fn words_must_read_as_the_reply_recorded() {
        let scenario = Arc::new(crate::scenario::load_valid("t.ron", TEMPLATE).unwrap());
        let matcher = WordMatcher::for_scenario(&scenario);
        let node = &scenario.nodes[0];
        let mut session = Session::new(Arc::clone(&scenario), 1);
        let (best, other) = (0u8, 1u8);
        session.choose(Choice::Response(best)).unwrap();
        let own = node.responses[usize::from(best)].text.clone();
        let mut claim = typed(&own);
        if let Some(words) = claim.as_mut() {
            words.confidence = 1;
            words.matcher = "a model nobody has".into();
        }
        let checked = check_typed(&session, &[claim], &matcher).unwrap();
        let words = checked[0].as_ref().unwrap();
        assert_eq!(words.text, own);
        // The checker's score and name are kept, not the client's.
        assert_eq!(words.matcher, "lexical");
        assert!(words.confidence > 1, "{words:?}");

        // Another reply's words claimed as this one: refused.
        let others = node.responses[usize::from(other)].text.clone();
        let refused = check_typed(&session, &[typed(&others)], &matcher);
        assert!(
            refused
                .as_ref()
                .is_err_and(|why| why.contains("does not read as")),
            "{refused:?}"
        );
        // Nonsense claimed as a reply: refused.
        assert!(check_typed(&session, &[typed("purple monkey dishwasher")], &matcher).is_err());
        // A chosen turn needs no words.
        assert_eq!(check_typed(&session, &[], &matcher).unwrap(), vec![None]);
        // Words for turns that were never played: refused.
        assert!(check_typed(&session, &[None, typed("hello")], &matcher).is_err());
    }

    #[test]
    fn a_reply_not_understood_is_believed_and_its_findings_are_read_again() {
        let scenario = Arc::new(crate::scenario::load_valid("t.ron", TEMPLATE).unwrap());
        let matcher = WordMatcher::for_scenario(&scenario);
        let mut session = Session::new(Arc::clone(&scenario), 1);
        session.choose(Choice::Unclear).unwrap();
        let mut claim = typed("I'm so sorry, what happened?").unwrap();
        claim.findings = vec![crate::understand::technique::Finding {
            technique: crate::understand::technique::Technique::Reflection,
            evidence: "claimed by the client".into(),
        }];
        let checked = check_typed(&session, &[Some(claim)], &matcher).unwrap();
        let words = checked[0].as_ref().unwrap();
        assert_eq!(words.understood, Understanding::Unclear);
        assert!(
            words
                .findings
                .iter()
                .all(|finding| finding.evidence != "claimed by the client")
        );
        assert!(!words.findings.is_empty(), "the apology is found again");
        // An unclear turn always comes with words.
        assert!(check_typed(&session, &[None], &matcher).is_err());
    }
}
