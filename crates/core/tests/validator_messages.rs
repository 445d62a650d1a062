//! Every message the scenario validator can emit, each triggered by a small broken file and
//! checked for its exact text, severity, node, help and the field it points at.
//!
//! A guard reads the validator's source and fails when a message there is triggered by no
//! case here, so a new check cannot land untested.

mod common;

use common::{MINIMAL, edit, with_nodes};
use rapport_core::scenario::locate::{FieldPath, locate};
use rapport_core::scenario::{Diagnostic, LoadReport, Severity, load_bytes};

/// One broken file and the problem it must produce.
struct Case {
    source: String,
    severity: Severity,
    /// The exact message (every input is fixed, so there are no variable parts).
    message: String,
    /// The field the problem points at, as `nodes[0].responses[1].next`.
    path: &'static str,
    node: Option<&'static str>,
    help: Option<&'static str>,
}

fn error(source: String, path: &'static str, node: Option<&'static str>, message: &str) -> Case {
    Case {
        source,
        severity: Severity::Error,
        message: message.to_owned(),
        path,
        node,
        help: None,
    }
}

/// A warning case; its file must have no error, so the scenario still loads.
fn warning(source: String, path: &'static str, node: Option<&'static str>, message: &str) -> Case {
    Case {
        severity: Severity::Warning,
        ..error(source, path, node, message)
    }
}

impl Case {
    fn help(self, help: &'static str) -> Self {
        Case {
            help: Some(help),
            ..self
        }
    }
}

/// One tagged response leading to `next`.
fn response(next: &str) -> String {
    format!(r#"ResponseSpec(text: "Okay.", skills: [Empathy], coaching: "Fine.", next: "{next}")"#)
}

/// A one-line node offering `responses`.
fn node(id: &str, responses: &[String]) -> String {
    format!(
        r#"        NodeSpec(id: "{id}", says: ["Hm."], responses: [{}]),"#,
        responses.join(", ")
    )
}

/// A list of `count` flag names, `f0` onwards.
fn flag_list(count: usize) -> String {
    let names: Vec<String> = (0..count).map(|i| format!("\"f{i}\"")).collect();
    format!("[{}]", names.join(", "))
}

/// `extra` more nodes, each leading straight to an ending.
fn many_nodes(extra: usize) -> String {
    let nodes: Vec<String> = (0..extra)
        .map(|i| node(&format!("extra{i}"), &[response("resolved")]))
        .collect();
    with_nodes(&nodes.join("\n"))
}

const OPENING: Option<&str> = Some("opening");
const DETAILS: Option<&str> = Some("details");
const MANAGER: Option<&str> = Some("manager");
const FIRST_COACHING: &str = r#"coaching: "You named the feeling and asked an open question.","#;
const SILENCE_COACHING: &str =
    r#"coaching: "Silence on the phone feels like nobody is listening.","#;

/// Every case, grouped as the validator's files are.
fn cases() -> Vec<Case> {
    let long = "x".repeat(4001);
    vec![
        // The header.
        error(
            edit(&[("format_version: 1,", "format_version: 2,")]),
            "format_version",
            None,
            "format version 2 is not supported; this Rapport reads version 1",
        ),
        error(
            edit(&[(r#"id: "test-minimal""#, r#"id: "test minimal""#)]),
            "id",
            None,
            "scenario id `test minimal` must be letters, digits, `-` or `_`",
        )
        .help("results are stored under this id; use something like `billing-error`"),
        error(
            edit(&[(r#"id: "test-minimal""#, r#"id: """#)]),
            "id",
            None,
            "scenario id `` must be letters, digits, `-` or `_`",
        )
        .help("results are stored under this id; use something like `billing-error`"),
        error(
            edit(&[(r#"title: "Test: a double charge""#, r#"title: " ""#)]),
            "title",
            None,
            "the title is empty",
        ),
        error(
            edit(&[(
                r#"title: "Test: a double charge""#,
                &format!("title: \"{long}\""),
            )]),
            "title",
            None,
            "the title is 4001 characters long; the limit is 4000",
        ),
        error(
            edit(&[(r#"summary: "A customer was charged twice.""#, r#"summary: """#)]),
            "summary",
            None,
            "the summary is empty",
        ),
        error(
            edit(&[("difficulty: 1,", "difficulty: 0,")]),
            "difficulty",
            None,
            "difficulty 0 is out of range; use 1 (gentle) to 5 (hardest)",
        ),
        error(
            edit(&[("difficulty: 1,", "difficulty: 6,")]),
            "difficulty",
            None,
            "difficulty 6 is out of range; use 1 (gentle) to 5 (hardest)",
        ),
        error(
            edit(&[("estimated_minutes: 2,", "estimated_minutes: 0,")]),
            "estimated_minutes",
            None,
            "estimated minutes must be at least 1",
        ),
        warning(
            edit(&[("skills: [Empathy, ActiveListening, Ownership],", "skills: [],")]),
            "skills",
            None,
            "the scenario names no skills it trains",
        ),
        error(
            edit(&[(
                "    walkout: \"hangs-up\",\n",
                "    walkout: \"hangs-up\",\n    max_turns: 0,\n",
            )]),
            "max_turns",
            None,
            "max_turns must be at least 1",
        ),
        error(
            // MINIMAL's three and 19,998 more.
            many_nodes(19_998),
            "nodes",
            None,
            "20001 nodes is more than the 20000 a scenario may have",
        ),
        error(
            format!("{}    endings: [],\n)\n", MINIMAL.split("    endings: [\n").next().unwrap_or_default()),
            "endings",
            None,
            "the scenario has no endings",
        ),
        // The customer.
        error(
            edit(&[(r#"name: "Sam""#, r#"name: """#)]),
            "customer.name",
            None,
            "the customer's name is empty",
        ),
        error(
            edit(&[(r#"situation: "Charged twice for one order.""#, r#"situation: "  ""#)]),
            "customer.situation",
            None,
            "the customer's situation is empty",
        ),
        error(
            edit(&[("satisfaction: 40,", "satisfaction: -5,")]),
            "customer.satisfaction",
            None,
            "starting satisfaction is -5; meters run from 0 to 100",
        ),
        error(
            edit(&[("trust: 50,", "trust: 101,")]),
            "customer.trust",
            None,
            "starting trust is 101; meters run from 0 to 100",
        ),
        error(
            edit(&[("patience: 40,", "patience: 150,")]),
            "customer.patience",
            None,
            "starting patience is 150; meters run from 0 to 100",
        ),
        error(
            edit(&[("patience: 40,", "patience: 0,")]),
            "customer.patience",
            None,
            "starting patience is 0: the customer would walk out before the first reply",
        ),
        warning(
            edit(&[("traits: [Impatient],", "traits: [Impatient, Loyal, Impatient],")]),
            "customer.traits[2]",
            None,
            "trait `Impatient` is listed twice, so it applies twice",
        )
        .help("list each trait once: every listing applies the trait again"),
        error(
            edit(&[(
                "traits: [Impatient],",
                "traits: [Impatient],\n        portrait: \"../faces/me\",",
            )]),
            "customer.portrait",
            None,
            "no portrait is called `../faces/me`",
        )
        .help(
            "one of: man-bald-goatee, man-dreads, man-full-beard, man-turban, \
             older-man-grey-hair, older-woman-grey-bob, older-woman-grey-bun, woman-afro, \
             woman-bangs, woman-bun-glasses, woman-hijab, young-man-short-hair, \
             young-man-twists, young-woman-long-hair (or leave it out and the seed picks)",
        ),
        // Ids and references.
        warning(
            edit(&[
                (r#"id: "manager""#, r#"id: "manager ""#),
                (r#"next: "manager""#, r#"next: "manager ""#),
            ]),
            "nodes[2].id",
            Some("manager "),
            "id `manager ` starts or ends with white space, which every place that names it must repeat",
        )
        .help("remove the spaces: names are compared exactly"),
        warning(
            edit(&[
                (r#"sets: ["rushed"]"#, "sets: [\"rushed\\n\"]"),
                (r#"Flag("rushed")"#, "Flag(\"rushed\\n\")"),
            ]),
            "nodes[0].responses[1].sets[0]",
            OPENING,
            "flag name `rushed\\n` starts or ends with white space, which every place that names it must repeat",
        )
        .help("remove the spaces: names are compared exactly"),
        error(
            edit(&[(r#"id: "manager""#, r#"id: """#)]),
            "nodes[2].id",
            None,
            "an id is empty",
        ),
        error(
            edit(&[(r#"id: "partly""#, r#"id: "details""#)]),
            "endings[1].id",
            DETAILS,
            "duplicate id `details`: node and ending ids must be unique",
        ),
        error(
            edit(&[(r#"start: "opening""#, r#"start: "resolved""#)]),
            "start",
            None,
            "`start` names an ending (`resolved`); it must name a node",
        ),
        error(
            edit(&[(r#"walkout: "hangs-up""#, r#"walkout: "opening""#)]),
            "walkout",
            None,
            "`walkout` names a node (`opening`); it must name an ending",
        ),
        error(
            edit(&[(r#"start: "opening""#, r#"start: "openin""#)]),
            "start",
            None,
            "`next` names no node or ending: `openin`",
        )
        .help("did you mean `opening`?"),
        error(
            edit(&[(r#"walkout: "hangs-up""#, r#"walkout: "gone""#)]),
            "walkout",
            None,
            "`next` names no node or ending: `gone`",
        ),
        error(
            edit(&[(r#"next: "manager""#, r#"next: "mangr""#)]),
            "nodes[0].responses[2].next",
            OPENING,
            "`next` names no node or ending: `mangr`",
        )
        .help("did you mean `manager`?"),
        error(
            edit(&[(
                &format!("{SILENCE_COACHING}\n                next: \"details\""),
                &format!("{SILENCE_COACHING}\n                next: \"somewhere-else\""),
            )]),
            "nodes[0].time_limit.next",
            OPENING,
            "`next` names no node or ending: `somewhere-else`",
        ),
        // Nodes: lines and reactions.
        error(
            edit(&[(r#"direction: "sighs""#, r#"direction: """#)]),
            "nodes[0].direction",
            OPENING,
            "the stage direction is empty",
        ),
        error(
            edit(&[(r#"says: ["Get me your manager."]"#, "says: []")]),
            "nodes[2].says",
            MANAGER,
            "the customer says nothing: `says` needs at least one line",
        ),
        error(
            edit(&[(r#"id: "manager","#, r#"id: "manager", speaker: " ","#)]),
            "nodes[2].speaker",
            MANAGER,
            "the speaker's name is empty",
        ),
        error(
            edit(&[(r#""You took my money twice!""#, r#""""#)]),
            "nodes[0].says[1]",
            OPENING,
            "the customer's line is empty",
        ),
        error(
            edit(&[(r#"when: [Flag("rushed")]"#, "when: []")]),
            "nodes[1].reactions[0].when",
            DETAILS,
            "a reaction with no conditions would always be said; put the line in `says`",
        ),
        error(
            edit(&[(
                r#"reactions: [ReactionSpec(when: [Flag("rushed")], says: "You didn't even let me finish.")]"#,
                r#"reactions: [ReactionSpec(when: [], says: "Well?"), ReactionSpec(when: [Flag("rushed")], says: "You didn't even let me finish.")]"#,
            )]),
            "nodes[1].reactions[0].when",
            DETAILS,
            "a reaction with no conditions always holds, so the reactions after it are never said",
        )
        .help("move it to the end of the list: there it is said whenever no other reaction holds"),
        error(
            edit(&[(r#"says: "You didn't even let me finish.""#, r#"says: """#)]),
            "nodes[1].reactions[0].says",
            DETAILS,
            "the reaction line is empty",
        ),
        // Nodes: responses.
        error(
            with_nodes(&node("stuck", &[])),
            "nodes[3].responses",
            Some("stuck"),
            "dead end: this node has no responses and no time limit, so the conversation cannot go on",
        )
        .help("add a response, or point the previous `next` at an ending"),
        error(
            with_nodes(&node("chatty", &vec![response("resolved"); 10])),
            "nodes[3].responses[9]",
            Some("chatty"),
            "10 responses is more than the 9 a node may offer",
        ),
        error(
            edit(&[(
                r#"text: "That is frustrating. Can you tell me what you see on your statement?""#,
                r#"text: """#,
            )]),
            "nodes[0].responses[0].text",
            OPENING,
            "the response text is empty",
        ),
        error(
            edit(&[(FIRST_COACHING, r#"coaching: "","#)]),
            "nodes[0].responses[0].coaching",
            OPENING,
            "the coaching feedback is empty",
        ),
        error(
            edit(&[(
                "effect: Effect(satisfaction: 10, trust: 10),",
                "effect: Effect(satisfaction: 130, trust: 10),",
            )]),
            "nodes[0].responses[0].effect.satisfaction",
            OPENING,
            "a change of 130 to satisfaction is out of range; changes run from -100 to 100",
        ),
        error(
            edit(&[(
                "effect: Effect(satisfaction: 10, trust: 10),",
                "effect: Effect(satisfaction: 10, trust: -101),",
            )]),
            "nodes[0].responses[0].effect.trust",
            OPENING,
            "a change of -101 to trust is out of range; changes run from -100 to 100",
        ),
        warning(
            edit(&[("skills: [Empathy, ActiveListening],\n", "")]),
            "nodes[0].responses[0].text",
            OPENING,
            "this response has no skill or pitfall tags, so it counts for nothing in the debrief",
        ),
        // Nodes: the time limit.
        error(
            edit(&[("seconds: 10,", "seconds: 0,")]),
            "nodes[0].time_limit.seconds",
            OPENING,
            "a time limit of 0 s is out of range; use 1 to 600",
        ),
        error(
            edit(&[("seconds: 10,", "seconds: 601,")]),
            "nodes[0].time_limit.seconds",
            OPENING,
            "a time limit of 601 s is out of range; use 1 to 600",
        ),
        error(
            edit(&[("effect: Effect(patience: -20),", "effect: Effect(patience: -200),")]),
            "nodes[0].time_limit.effect.patience",
            OPENING,
            "a change of -200 to patience is out of range; changes run from -100 to 100",
        ),
        error(
            edit(&[("seconds: 10,", r#"seconds: 10, story_time: "","#)]),
            "nodes[0].time_limit.story_time",
            OPENING,
            "the story time of the time limit is empty",
        ),
        error(
            edit(&[(
                FIRST_COACHING,
                &format!("{FIRST_COACHING} takeaway: \"\","),
            )]),
            "nodes[0].responses[0].takeaway",
            OPENING,
            "the takeaway is empty",
        ),
        error(
            edit(&[(
                FIRST_COACHING,
                &format!("{FIRST_COACHING} takeaway: \"{}\",", "y".repeat(130)),
            )]),
            "nodes[0].responses[0].takeaway",
            OPENING,
            "the takeaway is 130 characters long; a takeaway is one line of at most 120",
        )
        .help("keep the lesson here and the reasons in `coaching`, which the card shows on demand"),
        error(
            edit(&[(
                SILENCE_COACHING,
                &format!("{SILENCE_COACHING} takeaway: \"Say so.\\nThen check.\","),
            )]),
            "nodes[0].time_limit.takeaway",
            OPENING,
            "the takeaway has a line break; a takeaway is one line",
        ),
        error(
            edit(&[(
                FIRST_COACHING,
                &format!("{FIRST_COACHING} examples: [\"Fine\", \" \"],"),
            )]),
            "nodes[0].responses[0].examples[1]",
            OPENING,
            "the example phrasing is empty",
        ),
        error(
            edit(&[(
                FIRST_COACHING,
                &format!(
                    "{FIRST_COACHING} examples: [{}],",
                    vec!["\"Same again\""; 21].join(", ")
                ),
            )]),
            "nodes[0].responses[0].examples",
            OPENING,
            "the reply has 21 example phrasings; the limit is 20",
        )
        .help("keep the phrasings that differ most from the reply and from each other"),
        error(
            edit(&[(
                FIRST_COACHING,
                &format!("{FIRST_COACHING} pitfalls: [Jargon, Unclear],"),
            )]),
            "nodes[0].responses[0].pitfalls[1]",
            OPENING,
            "`Unclear` is recorded when a typed reply matches nothing; a scenario cannot list it",
        )
        .help("tag what the reply gets wrong instead, e.g. `Jargon` or `Dismissiveness`"),
        error(
            edit(&[(SILENCE_COACHING, r#"coaching: "","#)]),
            "nodes[0].time_limit.coaching",
            OPENING,
            "the coaching for silence is empty",
        ),
        // Money, effort and severity.
        error(
            edit(&[(
                r#"start: "opening","#,
                r#"customer_value: ValueSpec(per_year: 0, currency: "£"), start: "opening","#,
            )]),
            "customer_value.per_year",
            None,
            "a customer value of 0 a year is out of range; use 1 to 1000000000",
        ),
        error(
            edit(&[(
                r#"start: "opening","#,
                r#"customer_value: ValueSpec(per_year: 480, currency: "US dollars"), start: "opening","#,
            )]),
            "customer_value.currency",
            None,
            "currency `US dollars` must be a symbol or a code of 1 to 12 characters without spaces",
        )
        .help("write a symbol such as \"£\" or a code such as \"EUR\""),
        warning(
            edit(&[(FIRST_COACHING, &format!("cost: 40,\n{FIRST_COACHING}"))]),
            "nodes[0].responses[0].cost",
            OPENING,
            "this cost is not counted: the scenario has no `customer_value` to weigh it against",
        ),
        error(
            edit(&[(FIRST_COACHING, &format!("cost: -1,\n{FIRST_COACHING}"))]),
            "nodes[0].responses[0].cost",
            OPENING,
            "a cost of -1 is out of range; use 0 to 1000000000",
        ),
        error(
            edit(&[(FIRST_COACHING, &format!("effort: 11,\n{FIRST_COACHING}"))]),
            "nodes[0].responses[0].effort",
            OPENING,
            "an effort of 11 is out of range; use 0 to 10",
        ),
        warning(
            edit(&[(FIRST_COACHING, &format!("severity: Critical,\n{FIRST_COACHING}"))]),
            "nodes[0].responses[0].severity",
            OPENING,
            "`severity` rates the pitfalls beside it, but none are listed",
        )
        .help("add the pitfall it rates to `pitfalls`, or remove `severity`"),
        warning(
            edit(&[(SILENCE_COACHING, &format!("severity: Major,\n{SILENCE_COACHING}"))]),
            "nodes[0].time_limit.severity",
            OPENING,
            "`severity` rates the pitfalls beside it, but none are listed",
        )
        .help("add the pitfall it rates to `pitfalls`, or remove `severity`"),
        error(
            edit(&[(
                r#"outcome: CustomerLost, text: "Sam hangs up.""#,
                r#"outcome: CustomerLost, text: "Sam hangs up.", intended: true"#,
            )]),
            "endings[3].intended",
            None,
            "ending `hangs-up` is the walkout ending, reached when the customer runs out of patience or turns; it cannot be the intended ending",
        )
        .help("mark the ending the trainee should reach by handling the conversation well"),
        // Endings.
        error(
            edit(&[(r#"text: "Sam thanks you.""#, r#"text: """#)]),
            "endings[0].text",
            None,
            "the closing text of ending `resolved` is empty",
        ),
        // Flags and conditions.
        error(
            edit(&[(r#"sets: ["rushed"]"#, r#"sets: [""]"#)]),
            "nodes[0].responses[1].sets[0]",
            OPENING,
            "a flag name is empty",
        ),
        error(
            edit(&[(r#"sets: ["checked"],"#, r#"sets: ["checked"], clears: [" "],"#)]),
            "nodes[1].responses[2].clears[0]",
            DETAILS,
            "a flag name is empty",
        ),
        error(
            edit(&[(r#"NotFlag("checked")"#, r#"NotFlag("")"#)]),
            "nodes[1].responses[2].requires[1]",
            DETAILS,
            "a flag name is empty",
        ),
        error(
            edit(&[(SILENCE_COACHING, &format!("{SILENCE_COACHING} sets: [\"\"],"))]),
            "nodes[0].time_limit.sets[0]",
            OPENING,
            "a flag name is empty",
        ),
        error(
            // The first flags the checks meet, so `f128` is the 129th.
            edit(&[(
                FIRST_COACHING,
                &format!("{FIRST_COACHING} sets: {},", flag_list(129)),
            )]),
            "nodes[0].responses[0].sets[128]",
            OPENING,
            "flag `f128` is one more than the 128 distinct flags a scenario may use",
        ),
        error(
            edit(&[("AtLeast(Trust, 60)", "AtLeast(Trust, 101)")]),
            "nodes[1].responses[2].requires[0]",
            DETAILS,
            "the trust threshold is 101; meters run from 0 to 100",
        ),
        error(
            edit(&[("AtLeast(Trust, 60)", "AtLeast(Satisfaction, 200)")]),
            "nodes[1].responses[2].requires[0]",
            DETAILS,
            "the satisfaction threshold is 200; meters run from 0 to 100",
        ),
        error(
            edit(&[(r#"when: [Flag("rushed")]"#, "when: [Below(Patience, -1)]")]),
            "nodes[1].reactions[0].when[0]",
            DETAILS,
            "the patience threshold is -1; meters run from 0 to 100",
        ),
        warning(
            edit(&[("                    sets: [\"rushed\"],\n", "")]),
            "nodes[1].reactions[0].when[0]",
            DETAILS,
            "no response sets flag `rushed`, so this condition never holds",
        ),
        warning(
            edit(&[("                    sets: [\"checked\"],\n", "")]),
            "nodes[1].responses[2].requires[1]",
            DETAILS,
            "no response sets flag `checked`, so this condition always holds",
        ),
        // The graph.
        warning(
            with_nodes(&node("orphan", &[response("resolved")])),
            "nodes[3].id",
            Some("orphan"),
            "no path from `start` reaches this node",
        ),
        warning(
            edit(&[(
                "    ],\n)\n",
                "        EndingSpec(id: \"never\", outcome: Resolved, text: \"Never.\"),\n    ],\n)\n",
            )]),
            "endings[4].id",
            None,
            "no path from `start` reaches ending `never`",
        ),
        error(
            {
                let loop_nodes = [
                    node("loop-a", &[response("loop-b")]),
                    node("loop-b", &[response("loop-a")]),
                ];
                let source = with_nodes(&loop_nodes.join("\n"));
                source.replacen(r#"next: "escalated""#, r#"next: "loop-a""#, 1)
            },
            "nodes[2].id",
            MANAGER,
            "a loop that can never end: no ending can be reached from manager, loop-a, loop-b",
        )
        .help("give one of these nodes a response whose `next` leads to an ending"),
        error(
            {
                let circle: Vec<String> = (0..10)
                    .map(|i| node(&format!("c{i}"), &[response(&format!("c{}", (i + 1) % 10))]))
                    .collect();
                let source = with_nodes(&circle.join("\n"));
                source.replacen(r#"next: "escalated""#, r#"next: "c0""#, 1)
            },
            "nodes[2].id",
            MANAGER,
            "a loop that can never end: no ending can be reached from manager, c0, c1, c2, c3, c4, c5, c6 and 3 more",
        )
        .help("give one of these nodes a response whose `next` leads to an ending"),
    ]
}

/// `spec` (`nodes[0].responses[1].next`) as the path the validator would build.
fn field_path(spec: &'static str) -> FieldPath {
    let mut path = FieldPath::root();
    for part in spec.split('.') {
        let mut pieces = part.split('[');
        if let Some(name) = pieces.next() {
            path = path.field(name);
        }
        for index in pieces {
            let index = index.trim_end_matches(']');
            path = path.index(index.parse().expect("indices in the cases are numbers"));
        }
    }
    path
}

fn rendered(report: &LoadReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| format!("  {}:{} {d}", d.line, d.column))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_message_is_reported_at_its_field() {
    for case in cases() {
        let report = load_bytes("case.ron", case.source.as_bytes());
        let expected = locate(&case.source, &field_path(case.path));
        let at_field = |d: &&Diagnostic| {
            d.message == case.message && (d.line, d.column) == (expected.line, expected.column)
        };
        let Some(found) = report.diagnostics.iter().find(at_field) else {
            panic!(
                "expected `{}` at {} (line {}, column {}); got:\n{}",
                case.message,
                case.path,
                expected.line,
                expected.column,
                rendered(&report)
            );
        };
        assert_eq!(found.severity, case.severity, "{}", case.message);
        assert_eq!(found.node.as_deref(), case.node, "{}", case.message);
        assert_eq!(found.help.as_deref(), case.help, "{}", case.message);
        match case.severity {
            Severity::Error => assert!(report.scenario.is_none(), "{}", case.message),
            Severity::Warning => assert!(
                !report.has_errors() && report.scenario.is_some(),
                "a warning case must load: {}\n{}",
                case.message,
                rendered(&report)
            ),
        }
    }
}

#[test]
fn the_flag_limit_is_reported_once() {
    let source = edit(&[(
        FIRST_COACHING,
        &format!("{FIRST_COACHING} sets: {},", flag_list(140)),
    )]);
    let report = load_bytes("case.ron", source.as_bytes());
    let over = report
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("flag `"))
        .count();
    assert_eq!(over, 1, "{}", rendered(&report));
}

#[test]
fn values_on_the_limits_are_accepted() {
    let nine: Vec<String> = vec![response("resolved"); 9];
    let sources = [
        edit(&[("difficulty: 1,", "difficulty: 5,")]),
        edit(&[("estimated_minutes: 2,", "estimated_minutes: 1,")]),
        edit(&[(
            "    walkout: \"hangs-up\",\n",
            "    walkout: \"hangs-up\",\n    max_turns: 1,\n",
        )]),
        edit(&[("seconds: 10,", "seconds: 1,")]),
        edit(&[("seconds: 10,", "seconds: 600,")]),
        edit(&[
            ("satisfaction: 40,", "satisfaction: 0,"),
            ("trust: 50,", "trust: 100,"),
            ("patience: 40,", "patience: 1,"),
        ]),
        edit(&[(
            "effect: Effect(satisfaction: 10, trust: 10),",
            "effect: Effect(satisfaction: 100, trust: -100),",
        )]),
        edit(&[("AtLeast(Trust, 60)", "AtLeast(Trust, 100)")]),
        edit(&[("AtLeast(Trust, 60)", "Below(Trust, 0)")]),
        // 4,000 two-byte characters: the limit counts characters, not bytes.
        edit(&[(
            r#"title: "Test: a double charge""#,
            &format!("title: \"{}\"", "é".repeat(4000)),
        )]),
        // 126 new flags and MINIMAL's `rushed` and `checked`.
        edit(&[(
            FIRST_COACHING,
            &format!("{FIRST_COACHING} sets: {},", flag_list(126)),
        )]),
        with_nodes(&node("nine", &nine)).replacen(r#"next: "escalated""#, r#"next: "nine""#, 1),
        many_nodes(19_997),
    ];
    for source in sources {
        let report = load_bytes("case.ron", source.as_bytes());
        assert!(!report.has_errors(), "{}", rendered(&report));
    }
}

// --- The guard: every message in the validator's source is one of the cases above. ---

/// Enough of Rust's tokens to find a call's arguments: strings, words and punctuation.
#[derive(Debug, PartialEq)]
enum Token {
    Str(String),
    Word(String),
    Punct(char),
}

/// Tokens of `source`, with comments (doc comments too), char literals and lifetimes dropped.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && at(i + 1) == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' {
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                    match at(i) {
                        'n' => text.push('\n'),
                        't' => text.push('\t'),
                        // A line continuation: the newline and the next line's indent vanish.
                        '\n' => {
                            while at(i + 1).is_whitespace() {
                                i += 1;
                            }
                        }
                        other => text.push(other),
                    }
                } else {
                    text.push(chars[i]);
                }
                i += 1;
            }
            i += 1;
            out.push(Token::Str(text));
        } else if c == '\'' {
            // `'x'` or `'\x'` is a char literal; anything else is a lifetime's quote.
            if at(i + 1) == '\\' {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if (word == "r" || word == "br") && (at(i) == '"' || at(i) == '#') {
                // A raw string: no escapes, ends at a quote followed by as many `#`.
                let hashes = chars[i..].iter().take_while(|&&h| h == '#').count();
                i += hashes + 1;
                let start = i;
                while i < chars.len()
                    && !(chars[i] == '"' && chars[i + 1..].iter().take(hashes).all(|&h| h == '#'))
                {
                    i += 1;
                }
                out.push(Token::Str(chars[start..i].iter().collect()));
                i += 1 + hashes;
            } else {
                out.push(Token::Word(word));
            }
        } else {
            if !c.is_whitespace() {
                out.push(Token::Punct(c));
            }
            i += 1;
        }
    }
    out
}

/// The first string in the argument at `position` of every `.method(...)` call.
fn call_strings(tokens: &[Token], method: &str, position: usize) -> Vec<String> {
    let mut found = Vec::new();
    for (start, window) in tokens.windows(3).enumerate() {
        let [Token::Punct('.'), Token::Word(name), Token::Punct('(')] = window else {
            continue;
        };
        if name != method {
            continue;
        }
        let mut depth = 0;
        let mut argument = 0;
        for token in &tokens[start + 3..] {
            match token {
                Token::Punct('(' | '[' | '{') => depth += 1,
                Token::Punct(')' | ']' | '}') if depth == 0 => break,
                Token::Punct(')' | ']' | '}') => depth -= 1,
                Token::Punct(',') if depth == 0 => {
                    argument += 1;
                    if argument > position {
                        break;
                    }
                }
                Token::Str(text) if argument == position => {
                    found.push(text.clone());
                    break;
                }
                _ => {}
            }
        }
    }
    found
}

/// The first string in every `message: |...| ...` field value (the range table's rows).
fn message_field_strings(tokens: &[Token]) -> Vec<String> {
    let mut found = Vec::new();
    for (start, window) in tokens.windows(2).enumerate() {
        if window != [Token::Word("message".into()), Token::Punct(':')] {
            continue;
        }
        let mut rest = &tokens[start + 2..];
        // A closure's parameters hold commas that do not end the value.
        if rest.first() == Some(&Token::Punct('|')) {
            let close = rest[1..]
                .iter()
                .position(|t| *t == Token::Punct('|'))
                .map_or(rest.len(), |p| p + 2);
            rest = &rest[close..];
        }
        let mut depth = 0;
        for token in rest {
            match token {
                Token::Punct('(' | '[' | '{') => depth += 1,
                Token::Punct(')' | ']' | '}' | ',') if depth == 0 => break,
                Token::Punct(')' | ']' | '}') => depth -= 1,
                Token::Str(text) => {
                    found.push(text.clone());
                    break;
                }
                _ => {}
            }
        }
    }
    found
}

/// The literal pieces of a format string, split where `{...}` placeholders go.
fn pieces(template: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                pieces.last_mut().into_iter().for_each(|p| p.push('{'));
            }
            '{' => {
                for skipped in chars.by_ref() {
                    if skipped == '}' {
                        break;
                    }
                }
                pieces.push(String::new());
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                pieces.last_mut().into_iter().for_each(|p| p.push('}'));
            }
            other => pieces.last_mut().into_iter().for_each(|p| p.push(other)),
        }
    }
    pieces
}

/// Whether `text` is `template` with its placeholders filled in; with `anywhere`, whether
/// `text` contains such a filling.
fn fills(template: &str, text: &str, anywhere: bool) -> bool {
    let pieces = pieces(template);
    let (first, rest) = pieces
        .split_first()
        .expect("`pieces` starts with one piece");
    let mut remaining = if anywhere {
        match text.find(first.as_str()) {
            Some(at) => &text[at + first.len()..],
            None => return false,
        }
    } else if let Some(after) = text.strip_prefix(first.as_str()) {
        after
    } else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return anywhere || remaining.is_empty();
    };
    for piece in middle {
        match remaining.find(piece.as_str()) {
            Some(at) => remaining = &remaining[at + piece.len()..],
            None => return false,
        }
    }
    if anywhere {
        remaining.contains(last.as_str())
    } else {
        remaining.ends_with(last.as_str())
    }
}

#[test]
fn every_message_in_the_validator_has_a_case() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/src/scenario/validate/");
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .expect("the validator is a folder of modules")
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    // Whole messages: the message argument of every report, and every row of the range table.
    let mut templates = Vec::new();
    // Parts of messages: what `text` and `bounded` call the value ("the {what} is empty").
    let mut fragments = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("validator source is readable");
        let tokens = tokens(&source);
        templates.extend(call_strings(&tokens, "error", 2));
        templates.extend(call_strings(&tokens, "warning", 2));
        templates.extend(call_strings(&tokens, "report", 3));
        templates.extend(message_field_strings(&tokens));
        fragments.extend(call_strings(&tokens, "text", 3));
        fragments.extend(call_strings(&tokens, "bounded", 3));
    }
    fragments.retain(|fragment| !fragment.is_empty());
    // If the scanner stopped finding messages it would pass vacuously; the validator has 30
    // message templates and 13 names of values.
    assert!(templates.len() >= 30, "found only {templates:?}");
    assert!(fragments.len() >= 13, "found only {fragments:?}");

    let tested: Vec<String> = cases().into_iter().map(|case| case.message).collect();
    let untested: Vec<&String> = templates
        .iter()
        .filter(|template| !tested.iter().any(|message| fills(template, message, false)))
        .chain(
            fragments
                .iter()
                .filter(|fragment| !tested.iter().any(|message| fills(fragment, message, true))),
        )
        .collect();
    assert!(
        untested.is_empty(),
        "no case in this file triggers these messages of the validator: {untested:#?}"
    );
}

#[test]
fn the_guard_matches_templates_as_intended() {
    assert!(fills(
        "`next` names no node or ending: `{next}`",
        "`next` names no node or ending: `x`",
        false
    ));
    assert!(!fills("the {what} is empty", "the title is empty!", false));
    assert!(fills("the {what} is empty", "the title is empty", false));
    assert!(fills("a loop{}{more}", "a loop: a, b and 3 more", false));
    assert!(fills(
        "closing text of ending `{}`",
        "the closing text of ending `x` is empty",
        true
    ));
    assert!(!fills("stage direction", "the title is empty", true));
    let found = tokens(
        r#"self.error(&path.field("id"), None, format!("bad {x}, really"), "label"); // "no""#,
    );
    assert_eq!(call_strings(&found, "error", 2), ["bad {x}, really"]);
    let found = tokens(
        r#"const A: Bound = Bound { message: |what, v| format!("{what} is {v}"), label: "x" };"#,
    );
    assert_eq!(message_field_strings(&found), ["{what} is {v}"]);
}
