//! Checks a parsed [`ScenarioFile`] and compiles it into a playable [`Scenario`].
//!
//! Problems are collected, not returned at the first one, so a trainer sees everything wrong
//! in one run. Each carries the path of the value it concerns; `load` turns paths into lines
//! and columns.

use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::diagnostic::Severity;
use super::format::{self, Condition as ConditionSpec, Effect, FORMAT_VERSION, ScenarioFile};
use super::locate::FieldPath;
use super::model::{
    Condition, ContentHash, Customer, Delta, Ending, FlagSet, Meta, Meters, Node, Reaction,
    Response, Scenario, Silence, Target,
};

/// Most nodes one scenario may have.
pub const MAX_NODES: usize = 20_000;
/// Most responses one node may offer: the game picks them with keys 1-9.
pub const MAX_RESPONSES: usize = 9;
/// Most characters in any one text.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Most distinct flags one scenario may use.
pub const MAX_FLAGS: usize = 128;
/// Longest time limit, in seconds.
pub const MAX_TIME_LIMIT_SECONDS: u32 = 600;

/// A problem found on the typed scenario, not yet located in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub path: FieldPath,
    pub node: Option<String>,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// What validation produced: the compiled scenario when there was no error, and every problem.
#[derive(Debug)]
pub struct Validated {
    pub scenario: Option<Scenario>,
    pub problems: Vec<Problem>,
}

/// Validates `file` and, if it has no errors, compiles it. `content_hash` is the hash of the
/// bytes it was read from.
pub fn validate(file: ScenarioFile, content_hash: ContentHash) -> Validated {
    let mut checker = Checker::default();
    checker.check_meta(&file);
    checker.check_customer(&file);
    let ids = checker.collect_ids(&file);
    checker.check_entry_points(&file, &ids);
    for (index, node) in file.nodes.iter().enumerate() {
        checker.check_node(index, node, &ids);
    }
    for (index, ending) in file.endings.iter().enumerate() {
        let path = FieldPath::root().field("endings").index(index);
        checker.text(
            &path.field("text"),
            None,
            &ending.text,
            &format!("closing text of ending `{}`", ending.id),
        );
    }
    checker.check_flags_are_set(&file);
    checker.check_structure(&file, &ids);
    if checker.has_errors() {
        return Validated {
            scenario: None,
            problems: checker.problems,
        };
    }
    let scenario = compile(file, &ids, &checker.flags, content_hash);
    Validated {
        scenario: Some(scenario),
        problems: checker.problems,
    }
}

/// Where an id leads, by index into the file's lists.
type Ids = HashMap<String, Target>;

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    /// Flag name to bit, in order of first use.
    flags: HashMap<String, u8>,
    flag_overflow_reported: bool,
}

impl Checker {
    fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    fn report(
        &mut self,
        severity: Severity,
        path: &FieldPath,
        node: Option<&str>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> &mut Problem {
        self.problems.push(Problem {
            severity,
            path: *path,
            node: node.map(str::to_owned),
            message: message.into(),
            label: label.into(),
            help: None,
        });
        self.problems.last_mut().expect("a problem was just pushed")
    }

    fn error(
        &mut self,
        path: &FieldPath,
        node: Option<&str>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> &mut Problem {
        self.report(Severity::Error, path, node, message, label)
    }

    fn warning(
        &mut self,
        path: &FieldPath,
        node: Option<&str>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> &mut Problem {
        self.report(Severity::Warning, path, node, message, label)
    }

    /// A text must say something and stay within [`MAX_TEXT_CHARS`].
    fn text(&mut self, path: &FieldPath, node: Option<&str>, text: &str, what: &str) {
        if text.trim().is_empty() {
            self.error(
                path,
                node,
                format!("the {what} is empty"),
                "write something here",
            );
        } else if text.len() > MAX_TEXT_CHARS {
            // Characters never outnumber bytes, so only long texts need counting.
            let chars = text.chars().count();
            if chars > MAX_TEXT_CHARS {
                self.error(
                    path,
                    node,
                    format!("the {what} is {chars} characters long; the limit is {MAX_TEXT_CHARS}"),
                    "too long",
                );
            }
        }
    }

    fn meter_value(&mut self, path: &FieldPath, node: Option<&str>, value: i32, what: &str) {
        if !(0..=100).contains(&value) {
            self.error(
                path,
                node,
                format!("{what} is {value}; meters run from 0 to 100"),
                "out of range",
            );
        }
    }

    fn effect(&mut self, path: &FieldPath, node: Option<&str>, effect: &Effect) {
        for (name, value) in [
            ("satisfaction", effect.satisfaction),
            ("trust", effect.trust),
            ("patience", effect.patience),
        ] {
            if !(-100..=100).contains(&value) {
                self.error(
                    &path.field(name_of(name)),
                    node,
                    format!("a change of {value} to {name} is out of range; changes run from -100 to 100"),
                    "out of range",
                );
            }
        }
    }

    fn flag(&mut self, path: &FieldPath, node: Option<&str>, name: &str) {
        if name.trim().is_empty() {
            self.error(path, node, "a flag name is empty", "name the flag");
            return;
        }
        if self.flags.contains_key(name) {
            return;
        }
        if self.flags.len() >= MAX_FLAGS {
            if !self.flag_overflow_reported {
                self.flag_overflow_reported = true;
                self.error(
                    path,
                    node,
                    format!("flag `{name}` is one more than the {MAX_FLAGS} distinct flags a scenario may use"),
                    "too many flags",
                );
            }
            return;
        }
        let bit = u8::try_from(self.flags.len()).expect("fewer than 128 flags fit in u8");
        self.flags.insert(name.to_owned(), bit);
    }

    fn conditions(&mut self, path: &FieldPath, node: Option<&str>, conditions: &[ConditionSpec]) {
        for (index, condition) in conditions.iter().enumerate() {
            let path = path.index(index);
            match condition {
                ConditionSpec::Flag(flag) | ConditionSpec::NotFlag(flag) => {
                    self.flag(&path, node, flag)
                }
                ConditionSpec::AtLeast(meter, value) | ConditionSpec::Below(meter, value) => {
                    self.meter_value(
                        &path,
                        node,
                        *value,
                        &format!("the {} threshold", meter.label()),
                    );
                }
            }
        }
    }

    fn target(&mut self, path: &FieldPath, node: Option<&str>, next: &str, ids: &Ids) {
        if !ids.contains_key(next) {
            let problem = self.error(
                path,
                node,
                format!("`next` names no node or ending: `{next}`"),
                "no node or ending has this id",
            );
            problem.help = closest_id(next, ids).map(|id| format!("did you mean `{id}`?"));
        }
    }

    fn check_meta(&mut self, file: &ScenarioFile) {
        let root = FieldPath::root();
        if file.format_version != FORMAT_VERSION {
            self.error(
                &root.field("format_version"),
                None,
                format!(
                    "format version {} is not supported; this Rapport reads version {FORMAT_VERSION}",
                    file.format_version
                ),
                "unsupported version",
            );
        }
        let id_ok = !file.id.is_empty()
            && file
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            self.error(
                &root.field("id"),
                None,
                format!(
                    "scenario id `{}` must be letters, digits, `-` or `_`",
                    file.id
                ),
                "not a stable id",
            )
            .help =
                Some("results are stored under this id; use something like `billing-error`".into());
        }
        self.text(&root.field("title"), None, &file.title, "title");
        self.text(&root.field("summary"), None, &file.summary, "summary");
        if !(1..=5).contains(&file.difficulty) {
            self.error(
                &root.field("difficulty"),
                None,
                format!(
                    "difficulty {} is out of range; use 1 (gentle) to 5 (hardest)",
                    file.difficulty
                ),
                "out of range",
            );
        }
        if file.estimated_minutes == 0 {
            self.error(
                &root.field("estimated_minutes"),
                None,
                "estimated minutes must be at least 1",
                "zero",
            );
        }
        if file.skills.is_empty() {
            self.warning(
                &root.field("skills"),
                None,
                "the scenario names no skills it trains",
                "empty list",
            );
        }
        if file.max_turns == 0 {
            self.error(
                &root.field("max_turns"),
                None,
                "max_turns must be at least 1",
                "zero",
            );
        }
        if file.nodes.len() > MAX_NODES {
            self.error(
                &root.field("nodes"),
                None,
                format!(
                    "{} nodes is more than the {MAX_NODES} a scenario may have",
                    file.nodes.len()
                ),
                "too many nodes",
            );
        }
        if file.endings.is_empty() {
            self.error(
                &root.field("endings"),
                None,
                "the scenario has no endings",
                "add at least one ending",
            );
        }
    }

    fn check_customer(&mut self, file: &ScenarioFile) {
        let path = FieldPath::root().field("customer");
        let customer = &file.customer;
        self.text(&path.field("name"), None, &customer.name, "customer's name");
        self.text(
            &path.field("situation"),
            None,
            &customer.situation,
            "customer's situation",
        );
        self.meter_value(
            &path.field("satisfaction"),
            None,
            customer.satisfaction,
            "starting satisfaction",
        );
        self.meter_value(&path.field("trust"), None, customer.trust, "starting trust");
        self.meter_value(
            &path.field("patience"),
            None,
            customer.patience,
            "starting patience",
        );
        if customer.patience == 0 {
            self.error(
                &path.field("patience"),
                None,
                "starting patience is 0: the customer would walk out before the first reply",
                "must be at least 1",
            );
        }
    }

    /// Gathers node and ending ids, reporting empty and duplicate ones.
    fn collect_ids(&mut self, file: &ScenarioFile) -> Ids {
        let mut ids = Ids::new();
        let root = FieldPath::root();
        let nodes = file
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (root.field("nodes").index(i), &n.id, Target::Node(i as u32)));
        let endings = file.endings.iter().enumerate().map(|(i, e)| {
            (
                root.field("endings").index(i),
                &e.id,
                Target::Ending(i as u32),
            )
        });
        for (path, id, target) in nodes.chain(endings).collect::<Vec<_>>() {
            let path = path.field("id");
            if id.trim().is_empty() {
                self.error(&path, None, "an id is empty", "give this an id");
            } else if ids.contains_key(id.as_str()) {
                self.error(
                    &path,
                    Some(id.as_str()),
                    format!("duplicate id `{id}`: node and ending ids must be unique"),
                    "used before",
                );
            } else {
                ids.insert(id.clone(), target);
            }
        }
        ids
    }

    fn check_entry_points(&mut self, file: &ScenarioFile, ids: &Ids) {
        let root = FieldPath::root();
        match ids.get(&file.start) {
            Some(Target::Node(_)) => {}
            Some(Target::Ending(_)) => {
                self.error(
                    &root.field("start"),
                    None,
                    format!(
                        "`start` names an ending (`{}`); it must name a node",
                        file.start
                    ),
                    "an ending",
                );
            }
            None => self.target(&root.field("start"), None, &file.start, ids),
        }
        match ids.get(&file.walkout) {
            Some(Target::Ending(_)) => {}
            Some(Target::Node(_)) => {
                self.error(
                    &root.field("walkout"),
                    None,
                    format!(
                        "`walkout` names a node (`{}`); it must name an ending",
                        file.walkout
                    ),
                    "a node",
                );
            }
            None => self.target(&root.field("walkout"), None, &file.walkout, ids),
        }
    }

    fn check_node(&mut self, index: usize, node: &format::NodeSpec, ids: &Ids) {
        let path = FieldPath::root().field("nodes").index(index);
        let id = Some(node.id.as_str());
        if let Some(direction) = &node.direction {
            self.text(&path.field("direction"), id, direction, "stage direction");
        }
        if node.says.is_empty() {
            self.error(
                &path.field("says"),
                id,
                "the customer says nothing: `says` needs at least one line",
                "empty list",
            );
        }
        for (variant, line) in node.says.iter().enumerate() {
            self.text(
                &path.field("says").index(variant),
                id,
                line,
                "customer's line",
            );
        }
        for (reaction_index, reaction) in node.reactions.iter().enumerate() {
            let reaction_path = path.field("reactions").index(reaction_index);
            if reaction.when.is_empty() {
                self.error(
                    &reaction_path.field("when"),
                    id,
                    "a reaction with no conditions would always be said; put the line in `says`",
                    "empty list",
                );
            }
            self.conditions(&reaction_path.field("when"), id, &reaction.when);
            self.text(
                &reaction_path.field("says"),
                id,
                &reaction.says,
                "reaction line",
            );
        }
        if node.responses.is_empty() && node.time_limit.is_none() {
            self.error(
                &path.field("responses"),
                id,
                "dead end: this node has no responses and no time limit, so the conversation cannot go on",
                "no way out",
            )
            .help = Some("add a response, or point the previous `next` at an ending".into());
        }
        if node.responses.len() > MAX_RESPONSES {
            self.error(
                &path.field("responses").index(MAX_RESPONSES),
                id,
                format!(
                    "{} responses is more than the {MAX_RESPONSES} a node may offer",
                    node.responses.len()
                ),
                "one too many",
            );
        }
        for (response_index, response) in node.responses.iter().enumerate() {
            let response_path = path.field("responses").index(response_index);
            self.text(
                &response_path.field("text"),
                id,
                &response.text,
                "response text",
            );
            self.text(
                &response_path.field("coaching"),
                id,
                &response.coaching,
                "coaching feedback",
            );
            self.effect(&response_path.field("effect"), id, &response.effect);
            self.target(&response_path.field("next"), id, &response.next, ids);
            self.conditions(&response_path.field("requires"), id, &response.requires);
            for (flag_index, flag) in response.sets.iter().enumerate() {
                self.flag(&response_path.field("sets").index(flag_index), id, flag);
            }
            for (flag_index, flag) in response.clears.iter().enumerate() {
                self.flag(&response_path.field("clears").index(flag_index), id, flag);
            }
            if response.skills.is_empty() && response.pitfalls.is_empty() {
                self.warning(
                    &response_path.field("text"),
                    id,
                    "this response has no skill or pitfall tags, so it counts for nothing in the debrief",
                    "untagged",
                );
            }
        }
        if let Some(limit) = &node.time_limit {
            let limit_path = path.field("time_limit");
            if !(1..=MAX_TIME_LIMIT_SECONDS).contains(&limit.seconds) {
                self.error(
                    &limit_path.field("seconds"),
                    id,
                    format!(
                        "a time limit of {} s is out of range; use 1 to {MAX_TIME_LIMIT_SECONDS}",
                        limit.seconds
                    ),
                    "out of range",
                );
            }
            self.effect(&limit_path.field("effect"), id, &limit.effect);
            self.text(
                &limit_path.field("coaching"),
                id,
                &limit.coaching,
                "coaching for silence",
            );
            self.target(&limit_path.field("next"), id, &limit.next, ids);
            for (flag_index, flag) in limit.sets.iter().enumerate() {
                self.flag(&limit_path.field("sets").index(flag_index), id, flag);
            }
        }
    }

    /// Warns about conditions on flags that nothing ever sets: they never (or always) hold.
    fn check_flags_are_set(&mut self, file: &ScenarioFile) {
        let mut set: HashSet<&str> = HashSet::new();
        for node in &file.nodes {
            for response in &node.responses {
                set.extend(response.sets.iter().map(String::as_str));
            }
            if let Some(limit) = &node.time_limit {
                set.extend(limit.sets.iter().map(String::as_str));
            }
        }
        let mut tested = Vec::new();
        for (index, node) in file.nodes.iter().enumerate() {
            let path = FieldPath::root().field("nodes").index(index);
            for (r, reaction) in node.reactions.iter().enumerate() {
                tested.push((
                    path.field("reactions").index(r).field("when"),
                    &node.id,
                    &reaction.when,
                ));
            }
            for (r, response) in node.responses.iter().enumerate() {
                tested.push((
                    path.field("responses").index(r).field("requires"),
                    &node.id,
                    &response.requires,
                ));
            }
        }
        for (path, node, conditions) in tested {
            for (index, condition) in conditions.iter().enumerate() {
                if let ConditionSpec::Flag(flag) | ConditionSpec::NotFlag(flag) = condition
                    && !set.contains(flag.as_str())
                {
                    let always = if matches!(condition, ConditionSpec::Flag(_)) {
                        "never"
                    } else {
                        "always"
                    };
                    self.warning(
                        &path.index(index),
                        Some(node.as_str()),
                        format!("no response sets flag `{flag}`, so this condition {always} holds"),
                        "flag never set",
                    );
                }
            }
        }
    }

    /// Reachability over the authored graph, ignoring conditions: nodes and endings no path
    /// reaches (warnings) and loops no path leaves (errors).
    fn check_structure(&mut self, file: &ScenarioFile, ids: &Ids) {
        let Some(Target::Node(start)) = ids.get(&file.start).copied() else {
            return;
        };
        let node_count = file.nodes.len();
        let successors: Vec<Vec<Target>> = file
            .nodes
            .iter()
            .map(|node| {
                node.responses
                    .iter()
                    .map(|r| r.next.as_str())
                    .chain(node.time_limit.iter().map(|t| t.next.as_str()))
                    .filter_map(|next| ids.get(next).copied())
                    .collect()
            })
            .collect();

        let mut node_reached = vec![false; node_count];
        let mut ending_reached = vec![false; file.endings.len()];
        if let Some(Target::Ending(walkout)) = ids.get(&file.walkout).copied() {
            // The customer can always walk out, so the walkout ending counts as reachable.
            ending_reached[walkout as usize] = true;
        }
        let mut queue = VecDeque::from([start as usize]);
        node_reached[start as usize] = true;
        while let Some(node) = queue.pop_front() {
            for target in &successors[node] {
                match *target {
                    Target::Node(next) if !node_reached[next as usize] => {
                        node_reached[next as usize] = true;
                        queue.push_back(next as usize);
                    }
                    Target::Ending(ending) => ending_reached[ending as usize] = true,
                    Target::Node(_) => {}
                }
            }
        }
        // After an error (a misspelt or duplicate id), "unreachable" is usually its echo.
        let report_unreached = !self.has_errors();
        for (index, node) in file.nodes.iter().enumerate() {
            if report_unreached && !node_reached[index] {
                self.warning(
                    &FieldPath::root().field("nodes").index(index).field("id"),
                    Some(node.id.as_str()),
                    "no path from `start` reaches this node",
                    "unreachable",
                );
            }
        }
        for (index, ending) in file.endings.iter().enumerate() {
            if report_unreached && !ending_reached[index] {
                self.warning(
                    &FieldPath::root().field("endings").index(index).field("id"),
                    None,
                    format!("no path from `start` reaches ending `{}`", ending.id),
                    "unreachable",
                );
            }
        }

        // Backwards from the endings: which nodes can finish the conversation at all?
        let mut predecessors = vec![Vec::new(); node_count];
        let mut can_end = vec![false; node_count];
        let mut queue = VecDeque::new();
        for (node, targets) in successors.iter().enumerate() {
            for target in targets {
                match *target {
                    Target::Node(next) => predecessors[next as usize].push(node),
                    Target::Ending(_) if !can_end[node] => {
                        can_end[node] = true;
                        queue.push_back(node);
                    }
                    Target::Ending(_) => {}
                }
            }
        }
        while let Some(node) = queue.pop_front() {
            for &previous in &predecessors[node] {
                if !can_end[previous] {
                    can_end[previous] = true;
                    queue.push_back(previous);
                }
            }
        }
        let stuck: Vec<usize> = (0..node_count)
            .filter(|&n| node_reached[n] && !can_end[n] && !successors[n].is_empty())
            .collect();
        if let Some(&first) = stuck.first() {
            let names: Vec<&str> = stuck
                .iter()
                .take(8)
                .map(|&n| file.nodes[n].id.as_str())
                .collect();
            let more = if stuck.len() > 8 {
                format!(" and {} more", stuck.len() - 8)
            } else {
                String::new()
            };
            self.error(
                &FieldPath::root().field("nodes").index(first).field("id"),
                Some(file.nodes[first].id.as_str()),
                format!(
                    "a loop that can never end: no ending can be reached from {}{more}",
                    names.join(", ")
                ),
                "trapped here",
            )
            .help =
                Some("give one of these nodes a response whose `next` leads to an ending".into());
        }
    }
}

/// Field names are `&'static str` in paths; meter names come from a fixed set.
fn name_of(meter: &str) -> &'static str {
    match meter {
        "satisfaction" => "satisfaction",
        "trust" => "trust",
        _ => "patience",
    }
}

/// The known id nearest to a misspelt one, if any is close.
fn closest_id<'a>(wanted: &str, ids: &'a Ids) -> Option<&'a str> {
    ids.keys()
        .map(|id| (edit_distance(wanted, id), id))
        .filter(|(distance, id)| *distance <= (id.chars().count() / 3).max(1))
        .min()
        .map(|(_, id)| id.as_str())
}

/// Levenshtein distance, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// Builds the engine's scenario from a file that passed every check.
fn compile(
    file: ScenarioFile,
    ids: &Ids,
    flags: &HashMap<String, u8>,
    content_hash: ContentHash,
) -> Scenario {
    let target = |id: &str| ids[id];
    let flag_set = |names: &[String]| {
        names
            .iter()
            .fold(FlagSet::default(), |set, name| set.with(flags[name]))
    };
    let conditions = |specs: Vec<ConditionSpec>| -> Vec<Condition> {
        specs
            .into_iter()
            .map(|spec| match spec {
                ConditionSpec::Flag(flag) => Condition::Flag(flags[&flag]),
                ConditionSpec::NotFlag(flag) => Condition::NotFlag(flags[&flag]),
                ConditionSpec::AtLeast(meter, value) => Condition::AtLeast(meter, meter_u8(value)),
                ConditionSpec::Below(meter, value) => Condition::Below(meter, meter_u8(value)),
            })
            .collect()
    };
    let mut flag_names = vec![String::new(); flags.len()];
    for (name, bit) in flags {
        flag_names[usize::from(*bit)] = name.clone();
    }
    let Target::Node(start) = target(&file.start) else {
        unreachable!("checked: start names a node")
    };
    let Target::Ending(walkout) = target(&file.walkout) else {
        unreachable!("checked: walkout names an ending")
    };
    let nodes = file
        .nodes
        .into_iter()
        .map(|node| Node {
            responses: node
                .responses
                .into_iter()
                .map(|response| Response {
                    next: target(&response.next),
                    sets: flag_set(&response.sets),
                    clears: flag_set(&response.clears),
                    requires: conditions(response.requires),
                    effect: delta(response.effect),
                    text: response.text,
                    skills: response.skills,
                    pitfalls: response.pitfalls,
                    coaching: response.coaching,
                })
                .collect(),
            silence: node.time_limit.map(|limit| Silence {
                next: target(&limit.next),
                sets: flag_set(&limit.sets),
                seconds: limit.seconds,
                effect: delta(limit.effect),
                pitfalls: limit.pitfalls,
                coaching: limit.coaching,
            }),
            reactions: node
                .reactions
                .into_iter()
                .map(|reaction| Reaction {
                    when: conditions(reaction.when),
                    says: reaction.says,
                })
                .collect(),
            id: node.id,
            direction: node.direction,
            says: node.says,
        })
        .collect();
    Scenario {
        meta: Meta {
            id: file.id,
            title: file.title,
            summary: file.summary,
            difficulty: file.difficulty,
            channel: file.channel,
            skills: file.skills,
            estimated_minutes: file.estimated_minutes,
        },
        customer: Customer {
            name: file.customer.name,
            situation: file.customer.situation,
            start: Meters {
                satisfaction: meter_u8(file.customer.satisfaction),
                trust: meter_u8(file.customer.trust),
                patience: meter_u8(file.customer.patience),
            },
            traits: file.customer.traits,
        },
        start,
        walkout,
        max_turns: file.max_turns,
        shuffle_responses: file.shuffle_responses,
        nodes,
        endings: file
            .endings
            .into_iter()
            .map(|ending| Ending {
                id: ending.id,
                outcome: ending.outcome,
                text: ending.text,
            })
            .collect(),
        flag_names,
        content_hash,
    }
}

/// A meter value already checked to be 0-100.
fn meter_u8(value: i32) -> u8 {
    value.clamp(0, 100) as u8
}

/// An effect already checked to be -100 to 100 per meter.
fn delta(effect: Effect) -> Delta {
    let narrow = |value: i32| value.clamp(-100, 100) as i16;
    Delta {
        satisfaction: narrow(effect.satisfaction),
        trust: narrow(effect.trust),
        patience: narrow(effect.patience),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("greeting", "greting"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
