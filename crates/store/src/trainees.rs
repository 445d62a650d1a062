//! Trainees who have played here, most recent first, so the game can offer to continue and
//! switch between them.

use rapport_core::calendar::now;
use rapport_core::trainee::Trainee;

use crate::{Store, StoreError};

impl Store {
    /// Records that `trainee` is playing, so the next start can offer to continue.
    pub fn remember_trainee(&mut self, trainee: &Trainee) -> Result<(), StoreError> {
        self.write(|sql| {
            // Strictly after everyone else, even within the same second: the stamp orders
            // trainees, and the clock alone cannot tell two switches a moment apart.
            let latest = sql
                .query("SELECT MAX(last_seen) FROM trainees", &[])?
                .first()
                .map(|row| row.opt_int(0))
                .transpose()?
                .flatten()
                .unwrap_or(0);
            sql.execute(
                "INSERT INTO trainees (name, team, last_seen) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET team = excluded.team, last_seen = excluded.last_seen",
                &[
                    trainee.name.as_str().into(),
                    trainee.team.as_str().into(),
                    now().max(latest + 1).into(),
                ],
            )?;
            Ok(())
        })
    }

    /// Trainees, the most recent first.
    pub fn trainees(&mut self) -> Result<Vec<Trainee>, StoreError> {
        self.read(|sql| {
            sql.query(
                "SELECT name, team FROM trainees ORDER BY last_seen DESC, name",
                &[],
            )?
            .iter()
            .map(|row| Ok(Trainee::new(row.text(0)?, row.text(1)?)))
            .collect()
        })
    }

    /// The trainee who played last, with their team.
    pub fn last_trainee(&mut self) -> Result<Option<Trainee>, StoreError> {
        Ok(self.trainees()?.into_iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_trainee_is_remembered_across_opens() {
        let folder = crate::tests::scratch("trainee");
        {
            let mut store = Store::open_in(&folder).unwrap();
            assert_eq!(store.last_trainee().unwrap(), None);
            store.remember_trainee(&Trainee::new("Ali", "Red")).unwrap();
            store
                .remember_trainee(&Trainee::new("Dana", "Blue"))
                .unwrap();
        }
        let mut store = Store::open_in(&folder).unwrap();
        assert_eq!(
            store.last_trainee().unwrap(),
            Some(Trainee::new("Dana", "Blue"))
        );
        let _ = std::fs::remove_dir_all(&folder);
    }
}
