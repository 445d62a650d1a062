//! Scenarios as Bevy assets: a loader for `.ron` files, the library of every file in the
//! scenarios folder, and hot reload that keeps the last good version of a file whose new
//! save is broken. Translations (`<scenario>.<language>.ftl` beside a scenario) load and
//! reload the same way.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext, LoadedFolder};
use bevy::prelude::*;

use bevy::tasks::futures_lite::AsyncReadExt;
use rapport_core::scenario::load::MAX_FILE_BYTES;
use rapport_core::scenario::translation::{MAX_TRANSLATION_BYTES, Translation};
use rapport_core::scenario::{Diagnostic, LoadReport, Scenario, load_bytes};

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<ScenarioFile>()
        .init_asset::<TranslationFile>()
        .init_asset_loader::<ScenarioLoader>()
        .init_asset_loader::<TranslationLoader>()
        .init_resource::<Library>()
        .add_message::<ScenarioChanged>()
        .add_systems(Startup, load_scenario_folder)
        .add_systems(
            Update,
            (track_scenario_files, track_translation_files).chain(),
        );
}

/// A translation file's text, read as it is; checked against its scenario by `rapport
/// validate` and the author screen, applied where it parses.
#[derive(Asset, TypePath, Debug)]
pub struct TranslationFile {
    pub text: String,
}

/// Reads `.ftl` files.
#[derive(Default, TypePath)]
pub struct TranslationLoader;

impl AssetLoader for TranslationLoader {
    type Asset = TranslationFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        _load_context: &mut LoadContext<'_>,
    ) -> Result<Self::Asset, Self::Error> {
        // One byte past the limit tells a file that is too large from one that just fits.
        let bytes = read_at_most(reader, MAX_TRANSLATION_BYTES + 1).await?;
        if bytes.len() > MAX_TRANSLATION_BYTES {
            return Err(std::io::Error::other(format!(
                "larger than {} MB: not a translation",
                MAX_TRANSLATION_BYTES / (1024 * 1024)
            )));
        }
        Ok(TranslationFile {
            text: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ftl"]
    }
}

/// One scenario file as loaded: the playable scenario, or the diagnostics that say why not.
/// Broken files load successfully as assets, so the library can show their errors.
#[derive(Asset, TypePath, Debug)]
pub struct ScenarioFile {
    pub report: LoadReport,
}

/// Reads `.ron` files through the engine-free loader.
#[derive(Default, TypePath)]
pub struct ScenarioLoader;

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<Self::Asset, Self::Error> {
        // At most one byte past the limit: a link to an endless file (or a huge one) is refused
        // by the core's size check instead of being read until memory runs out.
        let bytes = read_at_most(reader, MAX_FILE_BYTES + 1).await?;
        let name = load_context.path().path().display().to_string();
        Ok(ScenarioFile {
            report: load_bytes(&name, &bytes),
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// The first `limit` bytes of a file: never more, however large (or endless) it is.
async fn read_at_most(reader: &mut dyn Reader, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    AsyncReadExt::take(reader, limit as u64)
        .read_to_end(&mut bytes)
        .await?;
    Ok(bytes)
}

/// Every scenario file in the folder, in file-name order.
#[derive(Resource, Default)]
pub struct Library {
    /// Kept so the folder (and its hot reload) stays alive.
    folder: Option<Handle<LoadedFolder>>,
    pub entries: Vec<LibraryEntry>,
    /// Translations that parse, by (scenario file, language tag).
    translations: BTreeMap<(String, String), Arc<Translation>>,
}

/// One file of the library.
#[derive(Debug, Clone)]
pub struct LibraryEntry {
    /// File name within the scenarios folder.
    pub file: String,
    pub id: AssetId<ScenarioFile>,
    /// The version that can be played: the last that loaded without errors, unless an
    /// earlier file (by name) uses the same scenario id.
    pub scenario: Option<Arc<Scenario>>,
    /// The file's own last version that loaded without errors, playable or not.
    pub loaded: Option<Arc<Scenario>>,
    /// The earlier file that uses this file's scenario id. Results, leaderboards and exports
    /// are stored under the id, so the second file is not played until one id changes.
    pub duplicate_of: Option<String>,
    /// Problems in the current version of the file (errors and warnings).
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics rendered like a compiler's, for display.
    pub rendered: String,
    /// Whether the current version of the file has errors (the scenario shown is then older).
    pub broken: bool,
    /// The playable scenario in each language it is translated into, by language tag.
    pub translated: BTreeMap<String, Arc<Scenario>>,
}

impl LibraryEntry {
    /// The playable scenario in `language` (a tag), or as written when it has no translation
    /// into it. The translation changes only the words: choices and scoring are the same.
    pub fn scenario_in(&self, language: &str) -> Option<Arc<Scenario>> {
        self.translated
            .get(language)
            .or(self.scenario.as_ref())
            .cloned()
    }
}

impl Library {
    /// The entry for `file`, if the library has it.
    pub fn get(&self, file: &str) -> Option<&LibraryEntry> {
        self.entries.iter().find(|entry| entry.file == file)
    }

    /// Every entry's translated scenarios, made again from its playable version.
    fn translate_entries(&mut self) {
        for entry in &mut self.entries {
            entry.translated.clear();
            let Some(scenario) = &entry.scenario else {
                continue;
            };
            for ((file, language), translation) in &self.translations {
                if *file == entry.file {
                    let translated = translation.apply(scenario);
                    entry
                        .translated
                        .insert(language.clone(), Arc::new(translated));
                }
            }
        }
    }
}

/// The scenario file and language a translation file's name stands for:
/// `billing.es.ftl` translates `billing.ron` into `es`.
fn translation_target(name: &str) -> Option<(String, String)> {
    let stem = name.strip_suffix(".ftl")?;
    let (scenario, language) = stem.rsplit_once('.')?;
    let plausible = !scenario.is_empty()
        && !language.is_empty()
        && language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    plausible.then(|| (format!("{scenario}.ron"), language.to_ascii_lowercase()))
}

/// Keeps the library's translations in step with the `.ftl` files on disk.
fn track_translation_files(
    mut events: MessageReader<AssetEvent<TranslationFile>>,
    files: Res<Assets<TranslationFile>>,
    asset_server: Res<AssetServer>,
    mut library: ResMut<Library>,
    mut changed: MessageWriter<ScenarioChanged>,
    mut names: Local<BTreeMap<AssetId<TranslationFile>, String>>,
) {
    let mut any = false;
    for event in events.read() {
        match *event {
            AssetEvent::Added { id } | AssetEvent::Modified { id } => {
                let Some(file) = files.get(id) else {
                    continue;
                };
                let Some(name) = asset_server
                    .get_path(id)
                    .map(|path| path.path().display().to_string())
                else {
                    continue;
                };
                let Some(target) = translation_target(&name) else {
                    continue;
                };
                let (translation, diagnostics) = Translation::parse(&name, &target.1, &file.text);
                match translation {
                    Some(translation) => {
                        library
                            .translations
                            .insert(target.clone(), Arc::new(translation));
                    }
                    // A broken save keeps the last version that parsed, as scenarios do.
                    None => warn!(
                        "{name}: {} problem(s); the last version that read is kept",
                        diagnostics.len()
                    ),
                }
                names.insert(id, name);
                changed.write(ScenarioChanged { file: target.0 });
                any = true;
            }
            AssetEvent::Removed { id } => {
                if let Some(target) = names.remove(&id).and_then(|name| translation_target(&name)) {
                    library.translations.remove(&target);
                    changed.write(ScenarioChanged { file: target.0 });
                    any = true;
                }
            }
            AssetEvent::Unused { .. } | AssetEvent::LoadedWithDependencies { .. } => {}
        }
    }
    if any {
        library.translate_entries();
    }
}

/// A scenario file was added, changed or removed.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct ScenarioChanged {
    pub file: String,
}

fn load_scenario_folder(asset_server: Res<AssetServer>, mut library: ResMut<Library>) {
    library.folder = Some(asset_server.load_folder(""));
}

/// Keeps [`Library`] in step with the files on disk.
fn track_scenario_files(
    mut events: MessageReader<AssetEvent<ScenarioFile>>,
    files: Res<Assets<ScenarioFile>>,
    asset_server: Res<AssetServer>,
    mut library: ResMut<Library>,
    mut changed: MessageWriter<ScenarioChanged>,
) {
    for event in events.read() {
        match *event {
            AssetEvent::Added { id } | AssetEvent::Modified { id } => {
                let Some(file) = files.get(id) else {
                    continue;
                };
                let name = asset_server
                    .get_path(id)
                    .map(|path| path.path().display().to_string())
                    .unwrap_or_else(|| file.report.file.clone());
                let entry = update_entry(&mut library, &name, id);
                entry.diagnostics = file.report.diagnostics.clone();
                entry.rendered = file.report.render(false);
                entry.broken = file.report.has_errors();
                if let Some(scenario) = &file.report.scenario {
                    entry.loaded = Some(Arc::new(scenario.clone()));
                }
                settle_scenario_ids(&mut library);
                changed.write(ScenarioChanged { file: name });
            }
            AssetEvent::Removed { id } => {
                if let Some(position) = library.entries.iter().position(|entry| entry.id == id) {
                    let entry = library.entries.remove(position);
                    settle_scenario_ids(&mut library);
                    changed.write(ScenarioChanged { file: entry.file });
                }
            }
            AssetEvent::Unused { .. } | AssetEvent::LoadedWithDependencies { .. } => {}
        }
    }
}

/// The entry for `file`, created in file-name order if new.
fn update_entry<'a>(
    library: &'a mut Library,
    file: &str,
    id: AssetId<ScenarioFile>,
) -> &'a mut LibraryEntry {
    let position = match library
        .entries
        .binary_search_by(|entry| entry.file.as_str().cmp(file))
    {
        Ok(position) => position,
        Err(position) => {
            library.entries.insert(
                position,
                LibraryEntry {
                    file: file.to_owned(),
                    id,
                    scenario: None,
                    loaded: None,
                    duplicate_of: None,
                    diagnostics: Vec::new(),
                    rendered: String::new(),
                    broken: false,
                    translated: BTreeMap::new(),
                },
            );
            position
        }
    };
    let entry = &mut library.entries[position];
    entry.id = id;
    entry
}

/// Decides which files can be played: the first file (by name) to use a scenario id keeps it;
/// a later file with the same id waits until one of them changes. Files load in no fixed
/// order, so this is worked out again whenever one changes.
fn settle_scenario_ids(library: &mut Library) {
    let mut first_file: std::collections::HashMap<String, String> = Default::default();
    for entry in &mut library.entries {
        entry.duplicate_of = None;
        entry.scenario = None;
        let Some(loaded) = &entry.loaded else {
            continue;
        };
        match first_file.get(&loaded.meta.id) {
            Some(first) => entry.duplicate_of = Some(first.clone()),
            None => {
                first_file.insert(loaded.meta.id.clone(), entry.file.clone());
                entry.scenario = Some(Arc::clone(loaded));
            }
        }
    }
    library.translate_entries();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_names_its_scenario_and_language() {
        assert_eq!(
            translation_target("billing-error-callback.es.ftl"),
            Some(("billing-error-callback.ron".into(), "es".into()))
        );
        assert_eq!(
            translation_target("sub/x.pt-BR.ftl"),
            Some(("sub/x.ron".into(), "pt-br".into()))
        );
        assert_eq!(translation_target("x.ftl"), None);
        assert_eq!(translation_target(".es.ftl"), None);
        assert_eq!(translation_target("x.ron"), None);
    }
}
