//! `handbook eject`: copies the built-in templates and theme into the project.

use std::path::Path;

use super::{error, EXIT_OK, EXIT_SETUP};
use crate::render::{DEFAULT_TEMPLATES, DEFAULT_THEME};

pub fn run(dir: &Path, force: bool) -> i32 {
    let Some(dir) = super::find_project(dir) else {
        return EXIT_SETUP;
    };
    let dir = dir.as_path();
    let mut files: Vec<(String, &[u8])> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| (format!("templates/{name}"), text.as_bytes()))
        .collect();
    files.extend(
        DEFAULT_THEME
            .iter()
            .map(|(name, bytes)| (format!("theme/{name}"), *bytes)),
    );
    let mut written = 0;
    let mut kept = 0;
    for (relative, bytes) in files {
        let path = dir.join(&relative);
        if path.exists() && !force {
            kept += 1;
            continue;
        }
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = result {
            error(format!("cannot write `{}`: {e}", path.display()));
            return EXIT_SETUP;
        }
        written += 1;
    }
    eprintln!(
        "wrote {written} files to templates/ and theme/{}",
        if kept > 0 {
            format!(" ({kept} existing files kept; --force overwrites)")
        } else {
            String::new()
        }
    );
    eprintln!("edit them freely: each replaces the built-in file of the same name");
    EXIT_OK
}
