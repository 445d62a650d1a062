//! The money a conversation kept and what it gave away, in the scenario's currency, for the
//! debrief's plain-language line ("£480 a year kept for £40 spent").

use serde::Serialize;

use super::Retention;
use crate::scenario::model::CustomerValue;

/// Money kept and spent by one conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Money {
    /// The currency's symbol or code, as the scenario writes it.
    pub currency: String,
    /// What the customer is worth a year.
    pub per_year: u32,
    /// What the business can count on keeping a year: all of it from a customer who stays,
    /// half from one at risk, none from one who leaves.
    pub kept_per_year: u32,
    /// What the conversation gave away (credits, refunds, staff time).
    pub spent: u64,
    /// Whether the customer stays, which decides `kept_per_year`.
    pub retention: Retention,
}

impl Money {
    /// The money of a conversation that left the customer `retention` after giving `spent`
    /// away.
    pub fn of(value: &CustomerValue, retention: Retention, spent: u64) -> Self {
        let (kept, of) = retention.kept_share();
        Money {
            currency: value.currency.clone(),
            per_year: value.per_year,
            kept_per_year: (u64::from(value.per_year) * u64::from(kept) / u64::from(of)) as u32,
            spent,
            retention,
        }
    }

    /// The sum in this currency: "£40" or "40 EUR".
    pub fn amount(&self, amount: u64) -> String {
        CustomerValue {
            per_year: self.per_year,
            currency: self.currency.clone(),
        }
        .format(amount)
    }

    /// What was kept and what it cost, in a sentence a trainee reads at a glance.
    pub fn line(&self) -> String {
        let cost = if self.spent == 0 {
            "at no cost".to_owned()
        } else {
            format!("for {} spent", self.amount(self.spent))
        };
        let year = self.amount(u64::from(self.per_year));
        match self.retention {
            Retention::Stays => format!("{year} a year kept {cost}"),
            Retention::AtRisk => format!(
                "{} a year likely kept of {year} (the customer is at risk) {cost}",
                self.amount(u64::from(self.kept_per_year))
            ),
            Retention::Leaves if self.spent == 0 => format!("{year} a year lost"),
            Retention::Leaves => {
                format!("{year} a year lost, and {} spent", self.amount(self.spent))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pounds() -> CustomerValue {
        CustomerValue {
            per_year: 480,
            currency: "£".into(),
        }
    }

    #[test]
    fn the_line_says_what_was_kept_and_what_it_cost() {
        assert_eq!(
            Money::of(&pounds(), Retention::Stays, 40).line(),
            "£480 a year kept for £40 spent"
        );
        assert_eq!(
            Money::of(&pounds(), Retention::Stays, 0).line(),
            "£480 a year kept at no cost"
        );
        assert_eq!(
            Money::of(&pounds(), Retention::AtRisk, 40).line(),
            "£240 a year likely kept of £480 (the customer is at risk) for £40 spent"
        );
        assert_eq!(
            Money::of(&pounds(), Retention::Leaves, 40).line(),
            "£480 a year lost, and £40 spent"
        );
        assert_eq!(
            Money::of(&pounds(), Retention::Leaves, 0).line(),
            "£480 a year lost"
        );
    }

    #[test]
    fn a_currency_code_is_written_after_the_amount() {
        let euros = CustomerValue {
            per_year: 1200,
            currency: "EUR".into(),
        };
        assert_eq!(
            Money::of(&euros, Retention::Stays, 150).line(),
            "1200 EUR a year kept for 150 EUR spent"
        );
    }
}
