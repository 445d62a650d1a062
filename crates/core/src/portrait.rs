//! Who the customer looks like: the shipped portraits (`assets/portraits/<id>/<expression>.png`)
//! and which expression the meters show. A scenario names a portrait (`portrait: "woman-afro"`
//! in its customer); without one, the session's seed picks, so a replay looks the same.

use crate::scenario::Meters;

/// Every shipped portrait, by id: the folder names under `assets/portraits/` (a test holds the
/// two together). Fourteen people varied in age, gender and skin tone.
pub const PORTRAITS: [&str; 14] = [
    "man-bald-goatee",
    "man-dreads",
    "man-full-beard",
    "man-turban",
    "older-man-grey-hair",
    "older-woman-grey-bob",
    "older-woman-grey-bun",
    "woman-afro",
    "woman-bangs",
    "woman-bun-glasses",
    "woman-hijab",
    "young-man-short-hair",
    "young-man-twists",
    "young-woman-long-hair",
];

/// How the customer looks now, from furious to pleased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expression {
    Furious,
    Annoyed,
    Neutral,
    Warming,
    Pleased,
}

impl Expression {
    pub const ALL: [Expression; 5] = [
        Expression::Furious,
        Expression::Annoyed,
        Expression::Neutral,
        Expression::Warming,
        Expression::Pleased,
    ];

    /// The expression the meters show: satisfaction sets it, and a customer about to walk out
    /// (patience under 15) is furious whatever their satisfaction.
    pub fn of(meters: Meters) -> Expression {
        if meters.patience < 15 {
            return Expression::Furious;
        }
        match meters.satisfaction {
            0..20 => Expression::Furious,
            20..40 => Expression::Annoyed,
            40..60 => Expression::Neutral,
            60..80 => Expression::Warming,
            _ => Expression::Pleased,
        }
    }

    /// The file name of this expression in a portrait's folder, without `.png`.
    pub fn file_stem(self) -> &'static str {
        match self {
            Expression::Furious => "furious",
            Expression::Annoyed => "annoyed",
            Expression::Neutral => "neutral",
            Expression::Warming => "warming",
            Expression::Pleased => "pleased",
        }
    }
}

/// Whether `id` is a shipped portrait.
pub fn exists(id: &str) -> bool {
    PORTRAITS.contains(&id)
}

/// The portrait a session shows: the scenario's own, else one picked by the seed.
pub fn for_session(named: Option<&str>, seed: u64) -> &'static str {
    if let Some(known) = named.and_then(|id| PORTRAITS.iter().find(|p| **p == id)) {
        return known;
    }
    // A seed's low bits are as good as any; the same seed always gives the same face.
    PORTRAITS[(seed % PORTRAITS.len() as u64) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meters(satisfaction: u8, patience: u8) -> Meters {
        Meters {
            satisfaction,
            trust: 50,
            patience,
        }
    }

    #[test]
    fn the_expression_follows_satisfaction_and_a_customer_out_of_patience_is_furious() {
        let shown: Vec<Expression> = [0, 19, 20, 39, 40, 59, 60, 79, 80, 100]
            .into_iter()
            .map(|s| Expression::of(meters(s, 50)))
            .collect();
        use Expression::*;
        assert_eq!(
            shown,
            [
                Furious, Furious, Annoyed, Annoyed, Neutral, Neutral, Warming, Warming, Pleased,
                Pleased
            ]
        );
        assert_eq!(Expression::of(meters(95, 14)), Furious);
        assert_eq!(Expression::of(meters(95, 15)), Pleased);
    }

    #[test]
    fn a_named_portrait_is_shown_and_otherwise_the_seed_picks_every_one() {
        assert_eq!(for_session(Some("woman-hijab"), 3), "woman-hijab");
        assert_eq!(for_session(None, 7), for_session(None, 7));
        assert_eq!(for_session(Some("../etc/passwd"), 7), for_session(None, 7));
        let picked: std::collections::BTreeSet<&str> = (0..PORTRAITS.len() as u64)
            .map(|seed| for_session(None, seed))
            .collect();
        assert_eq!(picked.len(), PORTRAITS.len());
    }

    #[test]
    fn a_scenario_names_a_shipped_portrait_or_is_refused() {
        use crate::scenario::{load_bytes, load_valid};
        let text = include_str!("../../../scenarios/tutorial-first-call.ron");
        let named = |portrait: &str| {
            text.replacen(
                "portrait: \"woman-afro\",",
                &format!("portrait: \"{portrait}\","),
                1,
            )
        };
        let scenario = load_valid("t.ron", &named("man-turban")).unwrap();
        assert_eq!(scenario.customer.portrait.as_deref(), Some("man-turban"));
        for bad in ["../../etc/passwd", "woman-afro/furious", "Woman-Afro", ""] {
            let report = load_bytes("t.ron", named(bad).as_bytes());
            assert!(report.has_errors(), "{bad:?} was accepted");
            assert!(report.render(false).contains("no portrait is called"));
        }
    }

    /// The list is the folders in `assets/portraits/`, each with its five expressions.
    #[test]
    fn every_portrait_is_shipped_with_every_expression() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/portraits");
        let mut shipped: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        shipped.sort();
        assert_eq!(shipped, PORTRAITS);
        for id in PORTRAITS {
            for expression in Expression::ALL {
                let file = folder
                    .join(id)
                    .join(format!("{}.png", expression.file_stem()));
                assert!(file.is_file(), "{} is missing", file.display());
            }
        }
    }
}
