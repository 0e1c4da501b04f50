//! `handbook serve`: build into memory, serve over HTTP, rebuild fully on every change, and
//! reload the browser. A failed rebuild keeps the last good site and overlays the problems on
//! every page. Nothing is ever written to disk.

mod http;
mod inject;
mod state;
mod watch;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};

use crate::diag::{render as diag_render, Diagnostic, Severity};
use crate::load::SourceMap;
use crate::{pipeline, render};
use state::{Problem, SiteState};

pub struct Options {
    pub root: PathBuf,
    pub host: String,
    pub port: u16,
    pub open: bool,
    pub poll: bool,
    pub color: bool,
}

fn problems(diagnostics: &[Diagnostic], sources: &SourceMap) -> Vec<Problem> {
    diagnostics
        .iter()
        .map(|d| {
            let place = match d.span {
                Some(s) => {
                    let f = sources.get(s.file);
                    let (line, col) = f.line_col(s.start);
                    format!("{}:{line}:{col}", f.display_path)
                }
                None => String::new(),
            };
            Problem {
                place,
                message: format!("[{}] {}", d.code, d.message),
                help: d.help.clone(),
                severity: if d.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                },
            }
        })
        .collect()
}

/// A build in memory: the files when it succeeded, its problems either way, and its time.
pub type Build = (Option<HashMap<String, Vec<u8>>>, Vec<Problem>, Duration);

/// One full build in memory. Prints the diagnostics and the time taken; returns the files
/// when the build succeeded, and the problems either way.
pub fn build_once(root: &Path, color: bool) -> Build {
    let started = Instant::now();
    let checked = match pipeline::check(root, false) {
        Ok(checked) => checked,
        Err(setup) => {
            crate::cmd::print_diagnostics(
                &setup.diagnostics,
                &setup.sources,
                diag_render::Format::Human,
                color,
            );
            return (
                None,
                problems(&setup.diagnostics, &setup.sources),
                started.elapsed(),
            );
        }
    };
    crate::cmd::print_diagnostics(
        &checked.diagnostics,
        &checked.sources,
        diag_render::Format::Human,
        color,
    );
    let problems = problems(&checked.diagnostics, &checked.sources);
    let Some(book) = &checked.book else {
        return (None, problems, started.elapsed());
    };
    match render::render(book, &checked.project) {
        Ok(tree) => (
            Some(tree.files.into_iter().collect()),
            problems,
            started.elapsed(),
        ),
        Err(message) => {
            eprintln!("error: {message}");
            let p = Problem {
                place: "templates/".into(),
                message,
                help: None,
                severity: "error",
            };
            (None, vec![p], started.elapsed())
        }
    }
}

/// Binds `host:port`, or the next free port of the ten after it (saying so).
fn bind(host: &str, port: u16) -> Result<(std::net::TcpListener, SocketAddr), String> {
    let ip: IpAddr = host
        .parse()
        .map_err(|_| format!("`{host}` is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)"))?;
    let mut last_error = String::new();
    for candidate in port..=port.saturating_add(10) {
        let addr = SocketAddr::new(ip, candidate);
        match std::net::TcpListener::bind(addr) {
            Ok(listener) => {
                let bound = listener.local_addr().unwrap_or(addr);
                if candidate != port {
                    eprintln!("port {port} is taken; using {}", bound.port());
                }
                return Ok((listener, bound));
            }
            Err(e) => last_error = e.to_string(),
        }
        if port == 0 {
            break;
        }
    }
    Err(format!(
        "cannot listen on {host}:{port} or the ten ports after it: {last_error}"
    ))
}

/// Serves every connection on its own task until the process ends. Each connection keeps
/// alive as browsers expect; one that sends nothing for a while is closed, so idle
/// sockets cost nothing and can never hold up the others.
fn serve_forever(listener: std::net::TcpListener, state: Arc<SiteState>) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("handbook-serve")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot listen: {e}"))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot listen: {e}"))?;
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Too many open files and the like: wait a little rather than spin or quit.
                Err(e) => {
                    eprintln!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let state = Arc::clone(&state);
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, Infallible>(http::handle(request, state).await) }
                });
                // Errors here are the client's (a reset, a malformed request): nothing to report.
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(Duration::from_secs(60))
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

pub fn run(options: Options) -> Result<(), String> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", options.root.display()))?;
    // Watch before the first build: an edit made while it runs, or the moment the URL
    // appears, must not be missed.
    let build_dir = crate::config::load(&root, &mut SourceMap::default())
        .map(|p| p.build_dir())
        .unwrap_or_else(|_| root.join("book"));
    let watcher = watch::watch(&root, &build_dir, options.poll)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let state = Arc::new(SiteState::default());
    let (files, problems, took) = build_once(&root, options.color);
    let ok = files.is_some();
    state.publish(files, problems);
    eprintln!(
        "{} in {} ms",
        if ok { "built" } else { "build failed" },
        took.as_millis()
    );

    let (listener, addr) = bind(&options.host, options.port)?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let url = format!("http://{host}:{}/", addr.port());
    eprintln!("serving {} at {url} (Ctrl+C to stop)", root.display());
    if options.open {
        open_browser(&url);
    }

    let rebuild_state = Arc::clone(&state);
    let color = options.color;
    std::thread::spawn(move || {
        while let Some(changed) = watcher.next_change(Duration::from_millis(80)) {
            let names: Vec<String> = changed
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
                .collect();
            eprintln!("changed: {}", names.join(", "));
            // A bug in a rebuild must not end live reload: report it like a build error.
            let (files, problems, took) = std::panic::catch_unwind(|| build_once(&root, color)).unwrap_or_else(|_| {
                let problem = Problem {
                    place: String::new(),
                    message: "internal error while rebuilding (please report it); fix or undo the last edit".into(),
                    help: None,
                    severity: "error",
                };
                (None, vec![problem], Duration::ZERO)
            });
            let ok = files.is_some();
            rebuild_state.publish(files, problems);
            eprintln!(
                "{} in {} ms",
                if ok {
                    "rebuilt"
                } else {
                    "rebuild failed; still serving the last good build"
                },
                took.as_millis()
            );
        }
    });

    serve_forever(listener, state)
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command).arg(url).spawn() {
        eprintln!("could not open a browser ({command}: {e}); open {url} yourself");
    }
}
