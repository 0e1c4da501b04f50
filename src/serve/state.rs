//! The site being served: the last good build in memory, the problems of the latest build,
//! and a version number that changes on every rebuild (the browser waits on it).

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

#[derive(Default)]
pub struct Snapshot {
    /// Path (relative, `/`-separated) → bytes, from the last build that succeeded.
    pub files: HashMap<String, Vec<u8>>,
    /// The diagnostics of the latest build, rendered as text; empty when it succeeded.
    pub problems: Vec<Problem>,
    pub version: u64,
    /// Whether any build has ever succeeded (until then every page is the error page).
    pub has_site: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub place: String,
    pub message: String,
    pub help: Option<String>,
    pub severity: &'static str,
}

#[derive(Default)]
pub struct SiteState {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
}

impl SiteState {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Snapshot> {
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Publishes a new build: new files (when it succeeded) and its problems.
    pub fn publish(&self, files: Option<HashMap<String, Vec<u8>>>, problems: Vec<Problem>) {
        let mut s = self.lock();
        if let Some(files) = files {
            s.files = files;
            s.has_site = true;
        }
        s.problems = problems;
        s.version += 1;
        self.changed.notify_all();
    }

    /// Blocks until the version differs from `seen` or `timeout` passes; returns the version.
    pub fn wait_for_change(&self, seen: u64, timeout: Duration) -> u64 {
        let guard = self.lock();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        guard.version
    }
}
