//! Reply vectors kept between runs: one file per scenario version (by content hash) in the data
//! folder's `embeddings/`, each vector under the BLAKE3 digest of its text. A file that is
//! missing, stale or damaged is simply worked out again.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"RAPPORT-VECTORS 1\n";

/// The cache file of one scenario version.
pub fn file_for(dir: &Path, content_hash: &str) -> PathBuf {
    let safe: String = content_hash
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    dir.join(format!("{safe}.vectors"))
}

/// Vectors by the digest of their text.
#[derive(Debug, Clone, Default)]
pub struct Vectors {
    by_text: HashMap<[u8; 32], Vec<f32>>,
}

fn digest(text: &str) -> [u8; 32] {
    *blake3::hash(text.as_bytes()).as_bytes()
}

impl Vectors {
    pub fn get(&self, text: &str) -> Option<&Vec<f32>> {
        self.by_text.get(&digest(text))
    }

    pub fn insert(&mut self, text: &str, vector: Vec<f32>) {
        self.by_text.insert(digest(text), vector);
    }

    pub fn read(file: &Path) -> io::Result<Vectors> {
        let mut bytes = Vec::new();
        std::fs::File::open(file)?.read_to_end(&mut bytes)?;
        let damaged = || io::Error::new(io::ErrorKind::InvalidData, "not a vector file");
        let rest = bytes.strip_prefix(MAGIC).ok_or_else(damaged)?;
        let word = |at: usize| -> io::Result<u32> {
            rest.get(at..at + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok_or_else(damaged)
        };
        let dims = word(0)? as usize;
        let count = word(4)? as usize;
        let entry = 32 + dims * 4;
        if rest.len() != 8 + count * entry || dims == 0 {
            return Err(damaged());
        }
        let mut by_text = HashMap::with_capacity(count);
        for chunk in rest[8..].chunks_exact(entry) {
            let mut key = [0u8; 32];
            key.copy_from_slice(&chunk[..32]);
            let vector = chunk[32..]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            by_text.insert(key, vector);
        }
        Ok(Vectors { by_text })
    }

    /// Writes the file whole or not at all (a temporary file renamed over it).
    pub fn write(&self, file: &Path) -> io::Result<()> {
        let dims = self.by_text.values().next().map_or(0, Vec::len);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + self.by_text.len() * (32 + dims * 4));
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(dims as u32).to_le_bytes());
        bytes.extend_from_slice(&(self.by_text.len() as u32).to_le_bytes());
        for (key, vector) in &self.by_text {
            if vector.len() != dims {
                return Err(io::Error::other("vectors of different lengths"));
            }
            bytes.extend_from_slice(key);
            for value in vector {
                bytes.extend_from_slice(&value.to_le_bytes());
            }
        }
        let temporary = file.with_extension("vectors.partial");
        let mut out = std::fs::File::create(&temporary)?;
        out.write_all(&bytes)?;
        out.sync_all()?;
        std::fs::rename(&temporary, file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_survive_a_round_trip_and_damage_is_refused() {
        let dir = std::env::temp_dir().join(format!("rapport-vectors-{}", std::process::id()));
        let file = file_for(&dir, "abc/../def");
        assert_eq!(file.file_name().unwrap(), "abcdef.vectors");
        let mut vectors = Vectors::default();
        vectors.insert("hello", vec![0.5, -1.0, 2.0]);
        vectors.insert("bye", vec![1.0, 0.0, 0.25]);
        vectors.write(&file).unwrap();
        let back = Vectors::read(&file).unwrap();
        assert_eq!(back.get("hello"), Some(&vec![0.5, -1.0, 2.0]));
        assert_eq!(back.get("bye"), Some(&vec![1.0, 0.0, 0.25]));
        assert_eq!(back.get("other"), None);
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
        assert!(Vectors::read(&file).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
