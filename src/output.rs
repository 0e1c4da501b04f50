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

/// A build being written: files go into a sibling staging folder as they are rendered;
/// [`Staging::commit`] swaps it in. Dropped without a commit (an error anywhere), the staging
/// folder is removed and the previous site stays as it was.
pub struct Staging {
    dest: PathBuf,
    root: PathBuf,
    written: std::sync::atomic::AtomicUsize,
    /// Test hook: fail the write of the file with this index, as a full disk would.
    fail_after: Option<usize>,
    made_dirs: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Prepares to replace `dest`: recovers from an earlier crash, refuses a folder we did not
    /// make, and starts an empty staging folder beside it.
    pub fn begin(dest: &Path, fail_after: Option<usize>) -> Result<Staging, WriteError> {
        recover(dest)?;
        if !is_ours_or_empty(dest).map_err(io_err(dest))? {
            return Err(WriteError::Foreign(dest.to_path_buf()));
        }
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let root = sibling(dest, "staging");
        if root.exists() {
            fs::remove_dir_all(&root).map_err(io_err(&root))?;
        }
        fs::create_dir_all(&root).map_err(io_err(&root))?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            root,
            written: Default::default(),
            fail_after,
            made_dirs: Default::default(),
            committed: false,
        })
    }

    /// Writes one file into the staging folder (safe to call from several threads).
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let index = self
            .written
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = self.root.join(relative);
        if self.fail_after == Some(index) {
            return Err(WriteError::Io {
                path,
                error: io::Error::other("injected write failure"),
            });
        }
        if let Some(parent) = path.parent() {
            // Created under the lock: another thread must not write into a folder that is
            // registered but not made yet.
            let mut made = self.made_dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(parent) {
                fs::create_dir_all(parent).map_err(io_err(parent))?;
                made.insert(parent.to_path_buf());
            }
        }
        let mut file = fs::File::create(&path).map_err(io_err(&path))?;
        file.write_all(bytes).map_err(io_err(&path))
    }

    /// Marks the staging folder as ours and swaps it in for the destination.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let marker = self.root.join(MARKER);
        fs::write(
            &marker,
            "This folder was generated by `handbook build` and is replaced on every build.\n",
        )
        .map_err(io_err(&marker))?;
        let old = sibling(&self.dest, "old");
        if self.dest.exists() {
            fs::rename(&self.dest, &old).map_err(io_err(&self.dest))?;
        }
        if let Err(error) = fs::rename(&self.root, &self.dest) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&old, &self.dest);
            return Err(WriteError::Io {
                path: self.dest.clone(),
                error,
            });
        }
        self.committed = true;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        self.write(path, &bytes).map_err(|e| e.to_string())
    }
}
