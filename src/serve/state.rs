//! The site being served: the last good build in memory, the problems of the latest build,
//! and a version number that changes on every rebuild (the browser waits on it).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use hyper::body::Bytes;
use tokio::sync::watch;

#[derive(Default)]
pub struct Snapshot {
    /// Path (relative, `/`-separated) → bytes, from the last build that succeeded.
    pub files: HashMap<String, Bytes>,
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

pub struct SiteState {
    snapshot: Mutex<Snapshot>,
    /// The version, for the pages waiting on a change (one receiver per waiting page).
    version: watch::Sender<u64>,
}

impl Default for SiteState {
    fn default() -> Self {
        SiteState {
            snapshot: Mutex::default(),
            version: watch::Sender::new(0),
        }
    }
}

impl SiteState {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Snapshot> {
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Publishes a new build: new files (when it succeeded) and its problems.
    pub fn publish(&self, files: Option<HashMap<String, Vec<u8>>>, problems: Vec<Problem>) {
        let mut s = self.lock();
        if let Some(files) = files {
            // Bytes, so that answering a request shares the file instead of copying it.
            s.files = files
                .into_iter()
                .map(|(k, v)| (k, Bytes::from(v)))
                .collect();
            s.has_site = true;
        }
        s.problems = problems;
        s.version += 1;
        let version = s.version;
        drop(s);
        self.version.send_replace(version);
    }

    /// Waits until the version differs from `seen` or `timeout` passes; returns the version.
    pub async fn wait_for_change(&self, seen: u64, timeout: Duration) -> u64 {
        let mut version = self.version.subscribe();
        // Err only on timeout (the sender lives as long as the state).
        let _ = tokio::time::timeout(timeout, version.wait_for(|&v| v != seen)).await;
        let now = *version.borrow();
        now
    }
}
