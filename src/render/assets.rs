//! The theme: CSS, scripts and fonts compiled into the binary, overridden file by file by a
//! project's own `theme/` folder. Every asset is written under a name that carries a hash of
//! its content, so a browser never runs a stale script after an update.

use std::collections::BTreeMap;
use std::path::Path;

pub use super::embedded::DEFAULT_THEME;

/// Theme files after overrides, by name (`style.css`), with their fingerprinted output paths.
#[derive(Debug, Default)]
pub struct Assets {
    files: BTreeMap<String, (String, Vec<u8>)>,
}

impl Assets {
    /// The defaults, with every file of `theme_dir` (if it exists) replacing or adding one.
    pub fn load(theme_dir: &Path) -> std::io::Result<Assets> {
        let mut assets = Assets::default();
        for (name, bytes) in DEFAULT_THEME {
            assets.insert(name, bytes.to_vec());
        }
        if theme_dir.is_dir() {
            for entry in walkdir::WalkDir::new(theme_dir).sort_by_file_name() {
                let entry = entry.map_err(std::io::Error::other)?;
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(theme_dir).unwrap_or(entry.path());
                    let name = rel.to_string_lossy().replace('\\', "/");
                    assets.insert(&name, std::fs::read(entry.path())?);
                }
            }
        }
        Ok(assets)
    }

    pub fn insert(&mut self, name: &str, bytes: Vec<u8>) {
        let path = format!("theme/{}", fingerprinted(name, &bytes));
        self.files.insert(name.to_string(), (path, bytes));
    }

    /// The output path (relative to the site root) of an asset, e.g. `theme/style.1a2b3c4d.css`.
    pub fn path(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(|(p, _)| p.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.values().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// Name → output path, for templates.
    pub fn paths(&self) -> BTreeMap<String, String> {
        self.files
            .iter()
            .map(|(n, (p, _))| (n.replace(['.', '/', '-'], "_"), p.clone()))
            .collect()
    }
}

/// FNV-1a: stable across Rust versions and platforms (unlike `DefaultHasher`), which a
/// fingerprint must be.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash
}

/// `style.css` → `style.1a2b3c4d.css`; fonts and images keep their names (they are
/// referenced from CSS by name).
fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = format!("{:08x}", fnv1a(bytes) as u32);
    match name.rsplit_once('.') {
        Some((stem, ext)) if matches!(ext, "css" | "js") => format!("{stem}.{hash}.{ext}"),
        _ => name.to_string(),
    }
}
