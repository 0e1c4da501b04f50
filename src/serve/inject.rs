//! What `serve` adds to every HTML page: a script that reloads when the site is rebuilt
//! (keeping the scroll position), and an overlay listing the problems of a failed build.

use super::state::Problem;

/// Long-polls `/__handbook/wait?v=N`; the server answers when the version changes.
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var key = "handbook-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); window.addEventListener("load", function () { window.scrollTo(0, +saved); }); }
  function wait(v) {
    fetch("/__handbook/wait?v=" + v, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (t) {
        if (+t !== v) { sessionStorage.setItem(key, String(window.scrollY)); location.reload(); }
        else wait(v);
      })
      .catch(function () { setTimeout(function () { wait(v); }, 1000); });
  }
  wait(__VERSION__);
})();
</script>"#;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The overlay shown over every page while the latest build has errors.
pub fn overlay(problems: &[Problem]) -> String {
    let mut html = String::from(
        "<div id=\"hb-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
         background:rgba(20,20,24,.92);color:#f5f5f5;font:14px/1.6 ui-monospace,Menlo,Consolas,monospace;padding:2rem\">\
         <h2 style=\"color:#ff8a80;margin:0 0 1rem;font-size:18px\">构建失败:上一次成功的版本仍在显示 · build failed, showing the last good build</h2><ol style=\"padding-left:1.5rem\">",
    );
    for p in problems {
        html.push_str(&format!(
            "<li style=\"margin-bottom:1rem\"><div style=\"color:#80cbc4\">{}</div><div><strong style=\"color:{}\">{}</strong></div>{}</li>",
            escape(&p.place),
            if p.severity == "error" { "#ff8a80" } else { "#ffd54f" },
            escape(&p.message),
            p.help.as_ref().map(|h| format!("<div style=\"color:#c5e1a5\">help: {}</div>", escape(h))).unwrap_or_default()
        ));
    }
    html.push_str("</ol><p style=\"color:#aaa\">保存修改后页面会自动刷新。Fix the sources and save; the page reloads by itself.</p></div>");
    html
}

/// Adds the reload script (and the overlay, if there are errors) before `</body>`.
pub fn inject(html: &[u8], version: u64, problems: &[Problem]) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut extra = RELOAD_SCRIPT.replace("__VERSION__", &version.to_string());
    if problems.iter().any(|p| p.severity == "error") {
        extra.push_str(&overlay(problems));
    }
    match html.rfind("</body>") {
        Some(at) => format!("{}{}{}", &html[..at], extra, &html[at..]).into_bytes(),
        None => format!("{html}{extra}").into_bytes(),
    }
}

/// The page served when no build has succeeded yet.
pub fn error_page(version: u64, problems: &[Problem]) -> Vec<u8> {
    inject(b"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>handbook serve</title></head><body></body></html>", version, problems)
}
