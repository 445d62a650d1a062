//! Helpers shared by the integration tests and the benchmarks.
#![allow(
    dead_code,
    reason = "each test file uses a different subset of the helpers"
)]

use std::path::PathBuf;

/// A small valid scenario: three nodes, four endings, a time limit, a flag and a condition.
pub const MINIMAL: &str = r#"// A small scenario the tests mutate to make broken files.
ScenarioFile(
    format_version: 1,
    id: "test-minimal",
    title: "Test: a double charge",
    summary: "A customer was charged twice.",
    difficulty: 1,
    channel: Phone,
    skills: [Empathy, ActiveListening, Ownership],
    estimated_minutes: 2,
    customer: CustomerSpec(
        name: "Sam",
        situation: "Charged twice for one order.",
        satisfaction: 40,
        trust: 50,
        patience: 40,
        traits: [Impatient],
    ),
    start: "opening",
    walkout: "hangs-up",
    nodes: [
        NodeSpec(
            id: "opening",
            direction: "sighs",
            says: ["I was charged twice.", "You took my money twice!"],
            responses: [
                ResponseSpec(
                    text: "That is frustrating. Can you tell me what you see on your statement?",
                    skills: [Empathy, ActiveListening],
                    effect: Effect(satisfaction: 10, trust: 10),
                    coaching: "You named the feeling and asked an open question.",
                    next: "details",
                ),
                ResponseSpec(
                    text: "Refunds take 5 days.",
                    pitfalls: [Rushing],
                    effect: Effect(satisfaction: -10, patience: -10),
                    coaching: "You jumped to a fix before listening.",
                    next: "details",
                    sets: ["rushed"],
                ),
                ResponseSpec(
                    text: "The bank must have made a mistake.",
                    pitfalls: [Blame],
                    effect: Effect(satisfaction: -20, trust: -20),
                    coaching: "Blaming someone else never helps the customer.",
                    next: "manager",
                ),
            ],
            time_limit: TimeLimitSpec(
                seconds: 10,
                effect: Effect(patience: -20),
                coaching: "Silence on the phone feels like nobody is listening.",
                next: "details",
            ),
        ),
        NodeSpec(
            id: "details",
            reactions: [ReactionSpec(when: [Flag("rushed")], says: "You didn't even let me finish.")],
            says: ["Two charges of 40 euros on the 3rd."],
            responses: [
                ResponseSpec(
                    text: "So two charges of 40 euros on the 3rd. I will refund the second one now.",
                    skills: [ActiveListening, Ownership],
                    effect: Effect(satisfaction: 30, trust: 20),
                    coaching: "You summarised and owned the next step.",
                    next: "resolved",
                ),
                ResponseSpec(
                    text: "I will pass this to billing.",
                    pitfalls: [PolicyHiding],
                    effect: Effect(satisfaction: -5),
                    coaching: "Handing it off without owning it leaves the customer unsure.",
                    next: "partly",
                ),
                ResponseSpec(
                    text: "Let me make sure I have this right before I refund anything.",
                    skills: [Clarity],
                    effect: Effect(trust: 5),
                    coaching: "Checking is fine, but only once trust is there.",
                    next: "details",
                    requires: [AtLeast(Trust, 60), NotFlag("checked")],
                    sets: ["checked"],
                ),
            ],
        ),
        NodeSpec(
            id: "manager",
            says: ["Get me your manager."],
            responses: [
                ResponseSpec(
                    text: "I'll transfer you.",
                    skills: [Professionalism],
                    coaching: "Sometimes escalation is right; better to have avoided it.",
                    next: "escalated",
                ),
            ],
        ),
    ],
    endings: [
        EndingSpec(id: "resolved", outcome: Resolved, text: "Sam thanks you."),
        EndingSpec(id: "partly", outcome: PartlyResolved, text: "Sam waits for billing."),
        EndingSpec(id: "escalated", outcome: Escalated, text: "Sam talks to a manager."),
        EndingSpec(id: "hangs-up", outcome: CustomerLost, text: "Sam hangs up."),
    ],
)
"#;

/// [`MINIMAL`] with each `from` (which must occur) replaced, first occurrence only.
pub fn edit(replacements: &[(&str, &str)]) -> String {
    let mut source = MINIMAL.to_owned();
    for (from, to) in replacements {
        assert!(source.contains(from), "MINIMAL has no `{from}`");
        source = source.replacen(from, to, 1);
    }
    source
}

/// [`MINIMAL`] with `nodes` appended to its node list.
pub fn with_nodes(nodes: &str) -> String {
    edit(&[(
        "    ],\n    endings: [\n",
        &format!("{nodes}\n    ],\n    endings: [\n"),
    )])
}

/// The repository's top folder, from whichever crate of the workspace a test runs in.
pub fn repository() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|folder| folder.join("scenarios").is_dir() && folder.join("crates").is_dir())
        .expect("tests run inside the repository")
        .to_path_buf()
}

/// The shipped scenario folder.
pub fn scenarios_folder() -> PathBuf {
    repository().join("scenarios")
}

/// The shipped scenario files.
pub fn shipped_scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_folder())
        .expect("the scenarios folder exists")
        .map(|entry| entry.expect("readable folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    files.sort();
    files
}

/// A generated scenario of `nodes` nodes: a three-way tree of conversation beats whose
/// leaves lead to four endings, with flags, conditions and time limits sprinkled in, so that
/// every feature of the format is exercised at scale.
pub fn generate_large(nodes: usize) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(nodes * 900);
    out.push_str(
        "ScenarioFile(\n    format_version: 1,\n    id: \"generated-large\",\n    title: \"Generated\",\n    \
         summary: \"A generated scenario for benchmarks.\",\n    difficulty: 3,\n    channel: Chat,\n    \
         skills: [Empathy, ActiveListening, ProblemSolving],\n    estimated_minutes: 30,\n    \
         customer: CustomerSpec(\n        name: \"Generated customer\",\n        situation: \"Has many questions.\",\n        \
         satisfaction: 50,\n        trust: 50,\n        patience: 50,\n        traits: [Skeptical],\n    ),\n    \
         start: \"n0\",\n    walkout: \"lost\",\n    max_turns: 40,\n    nodes: [\n",
    );
    let target = |child: usize, fallback: &str| {
        if child < nodes {
            format!("n{child}")
        } else {
            fallback.to_owned()
        }
    };
    for node in 0..nodes {
        let good = target(3 * node + 1, "resolved");
        let tempting = target(3 * node + 2, "partly");
        let poor = target(3 * node + 3, "escalated");
        let _ = write!(
            out,
            "        NodeSpec(\n            id: \"n{node}\",\n            \
             says: [\"Customer line {node}, first variant.\", \"Customer line {node}, second variant.\"],\n            \
             reactions: [ReactionSpec(when: [Flag(\"rushed\")], says: \"You rushed me earlier.\")],\n            \
             responses: [\n                \
             ResponseSpec(text: \"I hear you. Tell me more about {node}.\", skills: [Empathy, ActiveListening], \
             effect: Effect(satisfaction: 4, trust: 3, patience: -1), coaching: \"Acknowledge, then ask.\", next: \"{good}\"),\n                \
             ResponseSpec(text: \"Here is the fix for {node}.\", skills: [ProblemSolving], pitfalls: [Rushing], \
             effect: Effect(satisfaction: -2, trust: 1, patience: -3), coaching: \"Fixing before listening.\", next: \"{tempting}\", sets: [\"rushed\"]),\n                \
             ResponseSpec(text: \"That is our policy for {node}.\", pitfalls: [PolicyHiding], \
             effect: Effect(satisfaction: -6, trust: -4, patience: -5), coaching: \"Policy is not an answer.\", next: \"{poor}\", \
             requires: [NotFlag(\"calm\")]),\n            ],\n"
        );
        if node % 7 == 0 {
            let _ = writeln!(
                out,
                "            time_limit: TimeLimitSpec(seconds: 20, effect: Effect(patience: -30), \
                 coaching: \"Silence costs patience.\", next: \"{good}\", sets: [\"calm\"]),"
            );
        }
        out.push_str("        ),\n");
    }
    out.push_str(
        "    ],\n    endings: [\n        \
         EndingSpec(id: \"resolved\", outcome: Resolved, text: \"Resolved.\"),\n        \
         EndingSpec(id: \"partly\", outcome: PartlyResolved, text: \"Partly resolved.\"),\n        \
         EndingSpec(id: \"escalated\", outcome: Escalated, text: \"Escalated.\"),\n        \
         EndingSpec(id: \"lost\", outcome: CustomerLost, text: \"Lost.\"),\n    ],\n)\n",
    );
    out
}

/// [`generate_large`] with `untagged` of its replies stripped of their skill tags, spread
/// evenly through the file: each is a warning ("counts for nothing in the debrief") and the
/// scenario still loads, so loading it measures what locating warnings costs.
pub fn generate_large_with_untagged(nodes: usize, untagged: usize) -> String {
    let mut text = generate_large(nodes);
    for warning in 0..untagged {
        let node = warning * nodes / untagged;
        let tagged = format!(
            "\"I hear you. Tell me more about {node}.\", skills: [Empathy, ActiveListening], "
        );
        let bare = format!("\"I hear you. Tell me more about {node}.\", ");
        text = text.replacen(&tagged, &bare, 1);
    }
    text
}

/// A malformed or hostile scenario file and the located error it must get.
pub struct BadInput {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// The message, exactly as `rapport validate` prints it after `Error: `.
    pub message: &'static str,
    /// 1-based line and column of the spot the message points at.
    pub line: usize,
    pub column: usize,
}

/// The bad-input suite: syntax errors at known places, wrong types, unknown references,
/// hostile sizes and bytes. Used by the CLI tests and by the game's (it must show each error
/// and keep running).
pub fn bad_inputs() -> Vec<BadInput> {
    let response = "                ResponseSpec(\n                    text: \"Okay.\",\n                    skills: [Empathy],\n                    effect: Effect(satisfaction: 1),\n                    coaching: \"Fine.\",\n                    next: \"details\",\n                ),\n";
    let responses_at = MINIMAL.find("            responses: [\n").unwrap() + 25;
    let mut thousands = MINIMAL.to_owned();
    thousands.insert_str(responses_at, &response.repeat(3000));
    let case = |name, bytes: Vec<u8>, message, line, column| BadInput {
        name,
        bytes,
        message,
        line,
        column,
    };
    vec![
        case(
            "wrong-type",
            MINIMAL
                .replace("difficulty: 1,", "difficulty: \"two\",")
                .into_bytes(),
            "Expected integer",
            7,
            16,
        ),
        case(
            "huge-number",
            MINIMAL
                .replace("difficulty: 1,", "difficulty: 99999999999999999999999,")
                .into_bytes(),
            "Integer is out of bounds",
            7,
            17,
        ),
        case(
            "negative-meter",
            MINIMAL
                .replacen("satisfaction: 40,", "satisfaction: -5,", 1)
                .into_bytes(),
            "starting satisfaction is -5; meters run from 0 to 100",
            14,
            23,
        ),
        case(
            "missing-field",
            MINIMAL.replace("    channel: Phone,\n", "").into_bytes(),
            "Unexpected missing field named `channel` in `ScenarioFile`",
            // The closing parenthesis, one line up once the field's line is gone.
            MINIMAL.lines().count() - 1,
            1,
        ),
        case(
            "unknown-reference",
            MINIMAL
                .replacen("next: \"manager\",", "next: \"mangr\",", 1)
                .into_bytes(),
            "`next` names no node or ending: `mangr` (node `opening`)",
            MINIMAL
                .lines()
                .position(|line| line.contains("next: \"manager\""))
                .unwrap()
                + 1,
            27,
        ),
        case(
            "truncated",
            MINIMAL.as_bytes()[..MINIMAL.len() / 2].to_vec(),
            "the file ends too early",
            // Just after the last thing written before the cut.
            MINIMAL[..MINIMAL.len() / 2].trim_end().lines().count(),
            MINIMAL[..MINIMAL.len() / 2]
                .trim_end()
                .lines()
                .last()
                .unwrap()
                .chars()
                .count()
                + 1,
        ),
        case(
            "binary",
            b"\x00\x01\x02ScenarioFile(\x07".to_vec(),
            "Expected opening `(` for struct `ScenarioFile`",
            1,
            1,
        ),
        case(
            "thousands-of-responses",
            thousands.into_bytes(),
            "3003 responses is more than the 9 a node may offer (node `opening`)",
            90,
            17,
        ),
        case(
            "long-text",
            MINIMAL
                .replace(
                    "\"I was charged twice.\"",
                    &format!("\"{}\"", "x".repeat(5000)),
                )
                .into_bytes(),
            "the customer's line is 5000 characters long; the limit is 4000 (node `opening`)",
            25,
            20,
        ),
        case(
            "invalid-utf8",
            {
                let mut bytes = MINIMAL.as_bytes().to_vec();
                let at = MINIMAL.find("Sam").unwrap();
                bytes[at] = 0xff;
                bytes
            },
            "the file is not valid UTF-8: byte 0xff cannot start or continue a character",
            12,
            16,
        ),
    ]
}

/// A team match of Dana (Blue) and Sam (Red) on one round: `scenario`, read from `file`.
pub fn two_player_match(
    scenario: &rapport_core::scenario::Scenario,
    file: &str,
    seed: u64,
) -> rapport_core::team_match::MatchPlan {
    use rapport_core::team_match::{MatchPlan, Round};
    use rapport_core::trainee::Trainee;
    let player = Trainee::new;
    MatchPlan {
        uid: rapport_core::record::new_uid(),
        name: "Friday cup".into(),
        seed,
        players: vec![player("Dana", "Blue"), player("Sam", "Red")],
        rounds: vec![Round {
            file: file.into(),
            scenario_id: scenario.meta.id.clone(),
            title: scenario.meta.title.clone(),
            content_hash: scenario.content_hash.0.clone(),
        }],
        created_at: 1_795_600_000,
    }
}

/// One reply of a [`chain_scenario`] node: its text and whether it is the node's best reply.
pub type ChainReply<'a> = (&'a str, bool);

/// A scenario of nodes in a row, each offering `nodes[i]`'s replies in that order; every reply
/// leads on to the next node (the last to a resolved ending). A best reply pleases the
/// customer, every other reply annoys them, so each node is a decision whose best replies are
/// exactly the ones marked. Replies are shown in authored order.
pub fn chain_scenario(id: &str, nodes: &[&[ChainReply]]) -> String {
    use std::fmt::Write;
    let mut out = format!(
        "ScenarioFile(\n    format_version: 1,\n    id: \"{id}\",\n    title: \"Chain {id}\",\n    \
         summary: \"Replies in a row.\",\n    difficulty: 1,\n    channel: Chat,\n    \
         skills: [Empathy],\n    estimated_minutes: 2,\n    shuffle_responses: false,\n    \
         customer: CustomerSpec(\n        name: \"Ada\",\n        situation: \"Waiting.\",\n        \
         satisfaction: 40,\n        trust: 40,\n        patience: 60,\n    ),\n    \
         start: \"n0\",\n    walkout: \"lost\",\n    nodes: [\n"
    );
    for (index, replies) in nodes.iter().enumerate() {
        let next = if index + 1 < nodes.len() {
            format!("n{}", index + 1)
        } else {
            "resolved".to_owned()
        };
        let _ = write!(
            out,
            "        NodeSpec(\n            id: \"n{index}\",\n            says: [\"Line {index}.\"],\n            responses: [\n"
        );
        for (text, best) in replies.iter() {
            let (tags, effect) = if *best {
                ("skills: [Empathy]", "Effect(satisfaction: 10, trust: 5)")
            } else {
                ("pitfalls: [Rushing]", "Effect(satisfaction: -5)")
            };
            let _ = writeln!(
                out,
                "                ResponseSpec(text: {text:?}, {tags}, effect: {effect}, coaching: \"Why.\", next: \"{next}\"),"
            );
        }
        out.push_str("            ],\n        ),\n");
    }
    out.push_str(
        "    ],\n    endings: [\n        \
         EndingSpec(id: \"resolved\", outcome: Resolved, text: \"Resolved.\"),\n        \
         EndingSpec(id: \"lost\", outcome: CustomerLost, text: \"Lost.\"),\n    ],\n)\n",
    );
    out
}
