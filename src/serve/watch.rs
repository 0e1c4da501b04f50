//! Watching the project for changes: book.toml, the sources, templates/ and theme/.
//! Events are debounced (editors write several times per save) and editor temporary files
//! are ignored. `--poll` polls instead, for network drives and editors whose atomic saves
//! some file-system event APIs miss.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Config, Event, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::load::is_editor_junk;

pub struct ProjectWatcher {
    _watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    ignored: Vec<PathBuf>,
    root: PathBuf,
}

/// What to watch in `root`: everything, except the build folder and hidden folders.
pub fn watch(root: &Path, build_dir: &Path, poll: bool) -> notify::Result<ProjectWatcher> {
    let (tx, rx) = channel();
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        Box::new(PollWatcher::new(
            tx,
            Config::default().with_poll_interval(Duration::from_millis(300)),
        )?)
    } else {
        Box::new(RecommendedWatcher::new(tx, Config::default())?)
    };
    watcher.watch(root, RecursiveMode::Recursive)?;
    Ok(ProjectWatcher {
        _watcher: watcher,
        events: rx,
        ignored: vec![build_dir.to_path_buf()],
        root: root.to_path_buf(),
    })
}

impl ProjectWatcher {
    fn relevant(&self, path: &Path) -> bool {
        if is_editor_junk(path) || self.ignored.iter().any(|d| path.starts_with(d)) {
            return false;
        }
        // Hidden files and folders inside the project (.git, .book.staging, …) are not
        // sources; the project itself may well sit in a hidden folder.
        let inside = path.strip_prefix(&self.root).unwrap_or(path);
        !inside.components().any(|c| {
            c.as_os_str()
                .to_str()
                .is_some_and(|s| s.starts_with('.') && s.len() > 1 && s != "..")
        })
    }

    /// Blocks until a relevant change, then waits until no relevant change has come for
    /// `settle`; returns the changed paths. Irrelevant events (reads, editor junk, the build
    /// folder) never extend the wait: a log file polled in the project folder must not keep
    /// a rebuild from ever starting.
    pub fn next_change(&self, settle: Duration) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        while changed.is_empty() {
            let event = self.events.recv().ok()?;
            self.collect(event, &mut changed);
        }
        let mut deadline = Instant::now() + settle;
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Some(changed);
            }
            match self.events.recv_timeout(deadline - now) {
                Ok(event) => {
                    let before = changed.len();
                    self.collect(event, &mut changed);
                    if changed.len() > before {
                        deadline = Instant::now() + settle;
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return Some(changed)
                }
            }
        }
    }

    fn collect(&self, event: notify::Result<Event>, changed: &mut Vec<PathBuf>) {
        let Ok(event) = event else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            if self.relevant(&path) && !changed.contains(&path) {
                changed.push(path);
            }
        }
    }
}
