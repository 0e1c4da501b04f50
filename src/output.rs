//! Stage 6, write: the output tree in memory → the build folder, atomically.
//!
//! The site is written to a sibling staging folder first; only when every file is written is
//! it swapped in (old folder renamed aside, staging renamed in, old folder deleted). A build
//! that fails at any point leaves the previous site as it was. A marker file identifies
//! folders we created, so a folder we did not create is never emptied or replaced.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Written into every build folder; its presence means "handbook made this, it may go".
pub const MARKER: &str = ".handbook-build";

/// The rendered site: relative paths (with `/`) and their bytes.
#[derive(Debug, Default)]
pub struct OutputTree {
    pub files: Vec<(String, Vec<u8>)>,
}

impl OutputTree {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.push((path.into(), bytes.into()));
    }

    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|(_, b)| b.len()).sum()
    }
}

#[derive(Debug)]
pub enum WriteError {
    /// The destination exists, is not empty, and was not made by us.
    Foreign(PathBuf),
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Foreign(path) => write!(
                f,
                "refusing to replace `{}`: it is not empty and was not made by handbook (no {MARKER} file in it); choose an empty or new folder with -d",
                path.display()
            ),
            WriteError::Io { path, error } => write!(f, "cannot write `{}`: {error}", path.display()),
        }
    }
}

impl std::error::Error for WriteError {}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    }
}

fn sibling(dest: &Path, suffix: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into());
    dest.with_file_name(format!(".{name}.{suffix}"))
}

fn is_ours_or_empty(dir: &Path) -> io::Result<bool> {
    if !dir.exists() {
        return Ok(true);
    }
    if dir.join(MARKER).is_file() {
        return Ok(true);
    }
    Ok(fs::read_dir(dir)?.next().is_none())
}

/// Recovers from a crash between the two renames of an earlier swap: if the destination is
/// missing but the set-aside old site exists, put it back.
fn recover(dest: &Path) -> Result<(), WriteError> {
    let old = sibling(dest, "old");
    if old.exists() {
        if !dest.exists() {
            fs::rename(&old, dest).map_err(io_err(&old))?;
        } else {
            fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
    }
    Ok(())
}

/// Writes `tree` to `dest` atomically (see the module docs). `fail_after` is for tests: it
/// makes the write fail after that many files, as a full disk would.
pub fn write_atomically(
    tree: &OutputTree,
    dest: &Path,
    fail_after: Option<usize>,
) -> Result<(), WriteError> {
    recover(dest)?;
    if !is_ours_or_empty(dest).map_err(io_err(dest))? {
        return Err(WriteError::Foreign(dest.to_path_buf()));
    }
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    let staging = sibling(dest, "staging");
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    let result = write_tree(tree, &staging, fail_after);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let old = sibling(dest, "old");
    if dest.exists() {
        fs::rename(dest, &old).map_err(io_err(dest))?;
    }
    if let Err(error) = fs::rename(&staging, dest) {
        // Put the previous site back before reporting.
        let _ = fs::rename(&old, dest);
        return Err(WriteError::Io {
            path: dest.to_path_buf(),
            error,
        });
    }
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_err(&old))?;
    }
    Ok(())
}

fn write_tree(tree: &OutputTree, root: &Path, fail_after: Option<usize>) -> Result<(), WriteError> {
    use rayon::prelude::*;
    fs::create_dir_all(root).map_err(io_err(root))?;
    // Folders first (few, and each once), then the files in parallel: creating thousands of
    // small files is system-call bound, and two cores halve it.
    let mut dirs: Vec<PathBuf> = tree
        .files
        .iter()
        .filter_map(|(relative, _)| root.join(relative).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    tree.files
        .par_iter()
        .enumerate()
        .try_for_each(|(index, (relative, bytes))| {
            let path = root.join(relative);
            if fail_after == Some(index) {
                return Err(WriteError::Io {
                    path,
                    error: io::Error::other("injected write failure"),
                });
            }
            let mut file = fs::File::create(&path).map_err(io_err(&path))?;
            file.write_all(bytes).map_err(io_err(&path))
        })?;
    let marker = root.join(MARKER);
    fs::write(
        &marker,
        "This folder was generated by `handbook build` and is replaced on every build.\n",
    )
    .map_err(io_err(&marker))?;
    Ok(())
}
