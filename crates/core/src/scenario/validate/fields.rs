//! The walk over the file's fields in file order: header, customer, each node, each ending,
//! handing every value to the check for its kind (range, text, flag, reference).

use crate::scenario::format::{FORMAT_VERSION, NodeSpec, ScenarioFile};
use crate::scenario::locate::FieldPath;

use super::ranges::{
    COST, CUSTOMER_VALUE, DIFFICULTY, EFFORT, ESTIMATED_MINUTES, MAX_CURRENCY_CHARS, MAX_TURNS,
    METER, NODE_COUNT, RESPONSE_COUNT, TIME_LIMIT,
};
use super::{Checker, Ids, MAX_RESPONSES};

impl Checker {
    /// The header: version, id, titles, numbers, skills, and that there are endings.
    pub(super) fn check_meta(&mut self, file: &ScenarioFile) {
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
            );
            self.help("results are stored under this id; use something like `billing-error`");
        }
        self.text(&root.field("title"), None, &file.title, "title");
        self.text(&root.field("summary"), None, &file.summary, "summary");
        self.bounded(
            &DIFFICULTY,
            &root.field("difficulty"),
            None,
            "",
            file.difficulty,
        );
        self.bounded(
            &ESTIMATED_MINUTES,
            &root.field("estimated_minutes"),
            None,
            "",
            file.estimated_minutes,
        );
        if file.skills.is_empty() {
            self.warning(
                &root.field("skills"),
                None,
                "the scenario names no skills it trains",
                "empty list",
            );
        }
        self.bounded(
            &MAX_TURNS,
            &root.field("max_turns"),
            None,
            "",
            file.max_turns,
        );
        self.bounded(
            &NODE_COUNT,
            &root.field("nodes"),
            None,
            "",
            file.nodes.len(),
        );
        if file.endings.is_empty() {
            self.error(
                &root.field("endings"),
                None,
                "the scenario has no endings",
                "add at least one ending",
            );
        }
    }

    /// The customer: name, situation and starting meters.
    pub(super) fn check_customer(&mut self, file: &ScenarioFile) {
        let path = FieldPath::root().field("customer");
        let customer = &file.customer;
        self.text(&path.field("name"), None, &customer.name, "customer's name");
        self.text(
            &path.field("situation"),
            None,
            &customer.situation,
            "customer's situation",
        );
        for (meter, value) in [
            ("satisfaction", customer.satisfaction),
            ("trust", customer.trust),
            ("patience", customer.patience),
        ] {
            self.bounded(
                &METER,
                &path.field(meter),
                None,
                &format!("starting {meter}"),
                value,
            );
        }
        // Allowed, so that files relying on it keep their scores, but rarely meant.
        for (index, trait_) in customer.traits.iter().enumerate() {
            if customer.traits[..index].contains(trait_) {
                self.warning(
                    &path.field("traits").index(index),
                    None,
                    format!("trait `{trait_:?}` is listed twice, so it applies twice"),
                    "listed before",
                );
                self.help("list each trait once: every listing applies the trait again");
            }
        }
        // Only shipped portraits: a name is never a path, so nothing outside
        // `assets/portraits/` can be reached through it.
        if let Some(portrait) = &customer.portrait
            && !crate::portrait::exists(portrait)
        {
            self.error(
                &path.field("portrait"),
                None,
                format!("no portrait is called `{portrait}`"),
                "not a shipped portrait",
            );
            self.help(format!(
                "one of: {} (or leave it out and the seed picks)",
                crate::portrait::PORTRAITS.join(", ")
            ));
        }
        // In range, but a conversation that is over before it starts.
        if customer.patience == 0 {
            self.error(
                &path.field("patience"),
                None,
                "starting patience is 0: the customer would walk out before the first reply",
                "must be at least 1",
            );
        }
    }

    /// The customer's value, and that no reply's cost goes uncounted for want of one.
    pub(super) fn check_customer_value(&mut self, file: &ScenarioFile) {
        let path = FieldPath::root().field("customer_value");
        match &file.customer_value {
            Some(value) => {
                self.bounded(
                    &CUSTOMER_VALUE,
                    &path.field("per_year"),
                    None,
                    "",
                    value.per_year,
                );
                let currency = value.currency.trim();
                let fits = !currency.is_empty()
                    && currency.chars().count() <= MAX_CURRENCY_CHARS
                    && !value
                        .currency
                        .chars()
                        .any(|c| c.is_whitespace() || c.is_control());
                if !fits {
                    self.error(
                        &path.field("currency"),
                        None,
                        format!(
                            "currency `{}` must be a symbol or a code of 1 to {MAX_CURRENCY_CHARS} characters without spaces",
                            value.currency
                        ),
                        "not a currency",
                    );
                    self.help("write a symbol such as \"£\" or a code such as \"EUR\"");
                }
            }
            None => {
                // A cost with nothing to weigh it against would silently count for nothing.
                for (index, node) in file.nodes.iter().enumerate() {
                    for (response_index, response) in node.responses.iter().enumerate() {
                        if response.cost != 0 {
                            self.warning(
                                &FieldPath::root()
                                    .field("nodes")
                                    .index(index)
                                    .field("responses")
                                    .index(response_index)
                                    .field("cost"),
                                Some(node.id.as_str()),
                                "this cost is not counted: the scenario has no `customer_value` to weigh it against",
                                "not counted",
                            );
                        }
                    }
                }
            }
        }
    }

    /// One node: its lines, reactions, responses and time limit.
    pub(super) fn check_node(&mut self, index: usize, node: &NodeSpec, ids: &Ids) {
        let path = FieldPath::root().field("nodes").index(index);
        let id = Some(node.id.as_str());
        if let Some(speaker) = &node.speaker {
            self.text(&path.field("speaker"), id, speaker, "speaker's name");
        }
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
        let last_reaction = node.reactions.len().saturating_sub(1);
        for (reaction_index, reaction) in node.reactions.iter().enumerate() {
            let reaction_path = path.field("reactions").index(reaction_index);
            // Only the first reaction that holds is said, so an empty `when` is a fallback at
            // the end of a list, and shadows every reaction after it anywhere else.
            if reaction.when.is_empty() && node.reactions.len() == 1 {
                self.error(
                    &reaction_path.field("when"),
                    id,
                    "a reaction with no conditions would always be said; put the line in `says`",
                    "empty list",
                );
            } else if reaction.when.is_empty() && reaction_index < last_reaction {
                self.error(
                    &reaction_path.field("when"),
                    id,
                    "a reaction with no conditions always holds, so the reactions after it are never said",
                    "empty list",
                );
                self.help(
                    "move it to the end of the list: there it is said whenever no other reaction holds",
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
            );
            self.help("add a response, or point the previous `next` at an ending");
        }
        // Points at the first response past the limit: the one to remove.
        self.bounded(
            &RESPONSE_COUNT,
            &path.field("responses").index(MAX_RESPONSES),
            id,
            "",
            node.responses.len(),
        );
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
            self.takeaway(
                &response_path.field("takeaway"),
                id,
                response.takeaway.as_deref(),
            );
            self.examples(&response_path.field("examples"), id, &response.examples);
            self.effect(&response_path.field("effect"), id, &response.effect);
            self.target(&response_path.field("next"), id, &response.next, ids);
            self.conditions(&response_path.field("requires"), id, &response.requires);
            for (flag_index, flag) in response.sets.iter().enumerate() {
                self.flag(&response_path.field("sets").index(flag_index), id, flag);
            }
            for (flag_index, flag) in response.clears.iter().enumerate() {
                self.flag(&response_path.field("clears").index(flag_index), id, flag);
            }
            self.bounded(
                &EFFORT,
                &response_path.field("effort"),
                id,
                "",
                response.effort,
            );
            self.bounded(&COST, &response_path.field("cost"), id, "", response.cost);
            if response.severity.is_some() && response.pitfalls.is_empty() {
                self.severity_without_pitfalls(&response_path.field("severity"), id);
            }
            self.game_only_pitfall(&response_path.field("pitfalls"), id, &response.pitfalls);
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
            self.bounded(
                &TIME_LIMIT,
                &limit_path.field("seconds"),
                id,
                "",
                limit.seconds,
            );
            if let Some(story_time) = &limit.story_time {
                self.text(
                    &limit_path.field("story_time"),
                    id,
                    story_time,
                    "story time of the time limit",
                );
            }
            self.effect(&limit_path.field("effect"), id, &limit.effect);
            self.text(
                &limit_path.field("coaching"),
                id,
                &limit.coaching,
                "coaching for silence",
            );
            self.takeaway(&limit_path.field("takeaway"), id, limit.takeaway.as_deref());
            self.target(&limit_path.field("next"), id, &limit.next, ids);
            for (flag_index, flag) in limit.sets.iter().enumerate() {
                self.flag(&limit_path.field("sets").index(flag_index), id, flag);
            }
            if limit.severity.is_some() && limit.pitfalls.is_empty() {
                self.severity_without_pitfalls(&limit_path.field("severity"), id);
            }
            self.game_only_pitfall(&limit_path.field("pitfalls"), id, &limit.pitfalls);
        }
    }

    /// `Unclear` is what a typed reply nothing matched records; an authored reply is understood
    /// by definition.
    fn game_only_pitfall(
        &mut self,
        path: &FieldPath,
        node: Option<&str>,
        pitfalls: &[crate::scenario::format::Pitfall],
    ) {
        if let Some(index) = pitfalls
            .iter()
            .position(|pitfall| *pitfall == crate::scenario::format::Pitfall::Unclear)
        {
            self.error(
                &path.index(index),
                node,
                "`Unclear` is recorded when a typed reply matches nothing; a scenario cannot list it",
                "not for authors",
            );
            self.help("tag what the reply gets wrong instead, e.g. `Jargon` or `Dismissiveness`");
        }
    }

    /// A severity rates the pitfalls beside it; with none it rates nothing.
    fn severity_without_pitfalls(&mut self, path: &FieldPath, node: Option<&str>) {
        self.warning(
            path,
            node,
            "`severity` rates the pitfalls beside it, but none are listed",
            "rates nothing",
        );
        self.help("add the pitfall it rates to `pitfalls`, or remove `severity`");
    }

    /// Each ending's closing text, and that the walkout ending is not the one taught.
    pub(super) fn check_endings(&mut self, file: &ScenarioFile) {
        for (index, ending) in file.endings.iter().enumerate() {
            let path = FieldPath::root().field("endings").index(index);
            self.text(
                &path.field("text"),
                None,
                &ending.text,
                &format!("closing text of ending `{}`", ending.id),
            );
            // Running out of patience or turns is what happens when nothing was handled.
            if ending.intended && ending.id == file.walkout {
                self.error(
                    &path.field("intended"),
                    None,
                    format!(
                        "ending `{}` is the walkout ending, reached when the customer runs out of patience or turns; it cannot be the intended ending",
                        ending.id
                    ),
                    "walkout ending",
                );
                self.help(
                    "mark the ending the trainee should reach by handling the conversation well",
                );
            }
        }
    }
}
