//! The scenario format: RON types, loading, located diagnostics and validation.
//!
//! Data flows one way: bytes -> [`format::ScenarioFile`] (serde) -> [`validate`] ->
//! [`Scenario`] (compiled, indices instead of ids). Everything a trainer can get wrong comes
//! back as a [`Diagnostic`] with file, line, column and node.

pub mod diagnostic;
pub mod folder;
pub mod format;
pub mod graph;
pub mod load;
pub mod locate;
pub mod model;
mod recover;
pub mod translation;
pub mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use folder::FolderCheck;
pub use format::{Channel, Meter, Outcome, Pitfall, PitfallSeverity, Skill, Trait};
pub use load::{LoadReport, discover, load_bytes, load_file, load_valid};
pub use model::{
    Condition, ContentHash, Delta, EndingIndex, FlagSet, Meters, NodeIndex, Scenario, Target,
};
