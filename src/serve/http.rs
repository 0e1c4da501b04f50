//! Answering requests from the in-memory site. Paths are decoded and normalised once, and
//! only looked up in the built site, so nothing outside it can ever be served, whatever the
//! request says (`../`, `%2e%2e`, encoded slashes, absolute paths, backslashes).

use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::HeaderValue;
use hyper::{Method, Request, Response};

use super::inject;
use super::state::SiteState;

/// The site path a request URL names, or `None` if it tries to leave the site or is malformed.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(':') => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

type Body = Full<Bytes>;

fn respond(status: u16, content_type: &str, body: impl Into<Bytes>) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("Content-Type", content_type)
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .body(Full::new(body.into()))
        .expect("static headers and a known status are valid")
}

/// Answers one request. Only GET and HEAD are served (hyper leaves out the body of a HEAD
/// response itself); the long poll of the reload script waits here without holding a thread.
pub async fn handle(request: Request<Incoming>, state: Arc<SiteState>) -> Response<Body> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = respond(
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD".to_vec(),
        );
        response
            .headers_mut()
            .insert("Allow", HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let url = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    if let Some(query) = url.strip_prefix("/__handbook/wait") {
        let seen = query
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("v="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let version = state.wait_for_change(seen, Duration::from_secs(25)).await;
        return respond(200, "text/plain", version.to_string().into_bytes());
    }
    if url.starts_with("/__handbook/status") {
        let s = state.lock();
        let body = serde_json::json!({ "version": s.version, "problems": s.problems }).to_string();
        drop(s);
        return respond(200, "application/json", body.into_bytes());
    }
    let Some(path) = site_path(url) else {
        return respond(
            400,
            "text/plain; charset=utf-8",
            b"bad request path".to_vec(),
        );
    };
    let snapshot = state.lock();
    if !snapshot.has_site {
        let body = inject::error_page(snapshot.version, &snapshot.problems);
        drop(snapshot);
        return respond(500, "text/html; charset=utf-8", body);
    }
    let (status, path, bytes) = match snapshot.files.get(&path) {
        Some(bytes) => (200, path, bytes),
        None => match snapshot.files.get(&format!("{path}/index.html")) {
            Some(bytes) => (200, format!("{path}/index.html"), bytes),
            None => match snapshot.files.get("404.html") {
                Some(bytes) => (404, "404.html".to_string(), bytes),
                None => {
                    drop(snapshot);
                    return respond(404, "text/plain; charset=utf-8", b"not found".to_vec());
                }
            },
        },
    };
    let kind = content_type(&path);
    let body = if kind.starts_with("text/html") {
        Bytes::from(inject::inject(bytes, snapshot.version, &snapshot.problems))
    } else {
        bytes.clone()
    };
    drop(snapshot);
    respond(status, kind, body)
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/roles/").as_deref(), Some("roles/index.html"));
        assert_eq!(
            site_path("/procedures/refund.html?x=1#a").as_deref(),
            Some("procedures/refund.html")
        );
        assert_eq!(
            site_path("/%E9%80%80%E8%B4%B9.html").as_deref(),
            Some("退费.html")
        );
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/a/%2E%2E/%2E%2E/b",
            "/..%2f..%2fetc",
            "/a\\..\\b",
            "/c:/windows",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
