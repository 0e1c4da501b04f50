//! `handbook serve` as an author uses it: edit a file, see the page change; make a mistake, see
//! the overlay; fix it, see it go. And as an attacker probes it: nothing outside the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["serve", "--port", "0"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.split(" at http://").nth(1) {
                // "127.0.0.1:PORT/ (Ctrl+C to stop)"
                let host_port = url.split('/').next().unwrap();
                let port: u16 = host_port.rsplit(':').next().unwrap().parse().unwrap();
                let _ = tx.send(port);
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("serve printed its URL");
    Server { child, port }
}

/// A raw HTTP/1.0 GET: the request line goes out exactly as written (clients normalise `..`).
fn get(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {target} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn wait_for(port: u16, path: &str, what: &str, present: bool) -> Duration {
    let started = Instant::now();
    loop {
        let (_, body) = get(port, path);
        if body.contains(what) == present {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "`{what}` {} after 5 s",
            if present {
                "never appeared"
            } else {
                "never went away"
            }
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hb");
    let status = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("init")
        .arg(&root)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    (dir, root)
}

#[test]
fn edits_show_up_errors_overlay_and_clear() {
    let (_dir, root) = project();
    let server = start(&root);
    let (status, body) = get(server.port, "/procedures/refund.html");
    assert_eq!(status, 200);
    assert!(
        body.contains("批准退费申请") && body.contains("/__handbook/wait"),
        "reload script injected"
    );

    let source = root.join("handbook/procedures/refund.md");
    let original = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, original.replace("批准退费申请", "审批并签字")).unwrap();
    let took = wait_for(server.port, "/procedures/refund.html", "审批并签字", true);
    assert!(
        took < Duration::from_secs(1),
        "the edit showed after {took:?}"
    );

    std::fs::write(&source, original.replace("@校长 批准", "@校长长 批准")).unwrap();
    wait_for(
        server.port,
        "/procedures/refund.html",
        "hb-error-overlay",
        true,
    );
    let (_, body) = get(server.port, "/procedures/refund.html");
    assert!(
        body.contains("unknown role") && body.contains("handbook/procedures/refund.md:"),
        "the overlay names the problem and its place"
    );
    assert!(
        body.contains("审批并签字"),
        "the last good build is still served under the overlay"
    );

    std::fs::write(&source, &original).unwrap();
    wait_for(
        server.port,
        "/procedures/refund.html",
        "hb-error-overlay",
        false,
    );
    assert!(
        !root.join("book").exists(),
        "serve never writes the site to disk"
    );
}

#[test]
fn editor_temporary_files_do_not_trigger_rebuilds() {
    let (_dir, root) = project();
    let server = start(&root);
    let (_, first) = get(server.port, "/__handbook/status");
    std::fs::write(root.join("handbook/procedures/.refund.md.swp"), "x").unwrap();
    std::fs::write(root.join("handbook/procedures/refund.md~"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let (_, after) = get(server.port, "/__handbook/status");
    assert_eq!(first, after, "no rebuild for editor junk");
}

#[test]
fn nothing_outside_the_site_is_served() {
    let (dir, root) = project();
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
    std::fs::write(root.join("secret.txt"), "TOP-SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        root.join("handbook/link.txt"),
    )
    .unwrap();
    let server = start(&root);
    let attempts = [
        "/../secret.txt",
        "/../../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/roles/../../secret.txt",
        "/roles/%2e%2e/%2e%2e/secret.txt",
        "//secret.txt",
        "/./../secret.txt",
        "/%252e%252e/secret.txt",
        "/secret.txt",
        "/book.toml",
        "/handbook/roles/head-teacher.md",
        "/link.txt",
        "/handbook/link.txt",
        "/%00../secret.txt",
        "/c:/windows/win.ini",
        "/etc/passwd",
        "/..;/secret.txt",
        "/.%2e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "http://localhost/../secret.txt",
    ];
    assert!(attempts.len() >= 20);
    for target in attempts {
        let (status, body) = get(server.port, target);
        assert!(!body.contains("TOP-SECRET"), "{target} leaked a file");
        assert!(
            !body.contains("[book]") && !body.contains("+++"),
            "{target} leaked a source file"
        );
        assert!(status == 400 || status == 404, "{target} answered {status}");
    }
    // And the site itself is served with the right types.
    for (path, kind) in [("/", "text/html"), ("/procedures/refund.html", "text/html")] {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(stream, "GET {path} HTTP/1.0\r\n\r\n").unwrap();
        let mut head = String::new();
        let mut reader = BufReader::new(stream);
        reader.read_line(&mut head).unwrap();
        assert!(head.contains("200"), "{path}: {head}");
        let headers: Vec<String> = reader
            .lines()
            .map_while(Result::ok)
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(
            headers
                .iter()
                .any(|h| h.to_ascii_lowercase().starts_with("content-type:") && h.contains(kind)),
            "{path}: {headers:?}"
        );
    }
}

/// A file in the project folder read over and over (a log being tailed) must not keep the
/// rebuild from starting: reads are events too, but not changes.
#[test]
fn reads_in_the_project_do_not_delay_rebuilds() {
    let (_dir, root) = project();
    let log = root.join("serve.log");
    std::fs::write(&log, "log").unwrap();
    let server = start(&root);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::fs::read(&log);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let source = root.join("handbook/procedures/refund.md");
    let text = std::fs::read_to_string(&source)
        .unwrap()
        .replace("批准退费申请", "第二次修改");
    std::fs::write(&source, text).unwrap();
    let took = wait_for(server.port, "/procedures/refund.html", "第二次修改", true);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    reader.join().unwrap();
    assert!(took < Duration::from_secs(1), "rebuilt only after {took:?}");
}

#[test]
fn a_taken_port_moves_to_the_next_free_one_and_says_so() {
    let (_dir, root) = project();
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["serve", "--port", &port.to_string()])
        .arg(&root)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut said = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
    {
        let done = line.contains(" at http://");
        said.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = said.join("\n");
    assert!(
        text.contains(&format!("port {port} is taken; using")),
        "{text}"
    );
    assert!(
        !text.contains(&format!(":{port}/")),
        "it does not claim the taken port: {text}"
    );
}

/// Sends one keep-alive HTTP/1.1 GET on `stream` and reads exactly its response; returns
/// the status. The connection stays open, as a browser's does between requests.
fn get_keep_alive(stream: &mut TcpStream, target: &str) -> u16 {
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().unwrap())
        .expect("a content-length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).unwrap();
    head.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A browser keeps its connections open between requests, opens several at once for a
/// page's styles and scripts, and every open page holds a long poll. None of these may keep
/// a connection waiting. (The first server library used here queued a burst of new
/// connections behind idle ones; the page then never finished loading.)
#[test]
fn idle_connections_and_long_polls_never_hold_up_a_page() {
    let (_dir, root) = project();
    let server = start(&root);
    let connect = || {
        let stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
    };
    // Fresh connections opened together, each loading a few files, as a page load does.
    let burst = |n: usize| {
        let started = Instant::now();
        let streams: Vec<TcpStream> = (0..n).map(|_| connect()).collect();
        let loads: Vec<_> = streams
            .into_iter()
            .map(|mut s| {
                std::thread::spawn(move || {
                    for path in ["/procedures/refund.html", "/index.html", "/"] {
                        assert_eq!(get_keep_alive(&mut s, path), 200, "{path}");
                    }
                    s
                })
            })
            .collect();
        let open: Vec<TcpStream> = loads
            .into_iter()
            .map(|l| l.join().expect("every request answered within 5 s"))
            .collect();
        let took = started.elapsed();
        assert!(took < Duration::from_secs(2), "the loads took {took:?}");
        open
    };
    // A page, then its subresources over new connections, all kept open afterwards.
    let mut page = connect();
    assert_eq!(get_keep_alive(&mut page, "/procedures/refund.html"), 200);
    let first = burst(8);
    // Pages open in other tabs wait for a change.
    let (_, status) = get(server.port, "/__handbook/status");
    let version: u64 = status
        .split("\"version\":")
        .nth(1)
        .and_then(|v| v.split([',', '}']).next())
        .and_then(|v| v.trim().parse().ok())
        .expect("the status names a version");
    let polls: Vec<TcpStream> = (0..6)
        .map(|_| {
            let mut s = connect();
            write!(
                s,
                "GET /__handbook/wait?v={version} HTTP/1.1\r\nHost: localhost\r\n\r\n"
            )
            .unwrap();
            s
        })
        .collect();
    let second = burst(8);
    drop((page, first, polls, second));
}
