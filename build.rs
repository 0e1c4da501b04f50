//! Embeds the default theme and templates: every file under `theme/` and `templates/` is
//! compiled into the binary, so adding a file there needs no code change.

use std::fmt::Write;
use std::path::Path;

fn list(dir: &str, out: &mut String, name: &str, as_text: bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<_> = walk(&root);
    files.sort();
    let ty = if as_text { "&str" } else { "&[u8]" };
    let _ = writeln!(out, "pub const {name}: &[(&str, {ty})] = &[");
    for path in files {
        let relative = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let mac = if as_text {
            "include_str"
        } else {
            "include_bytes"
        };
        let _ = writeln!(
            out,
            "    ({relative:?}, {mac}!({:?})),",
            path.display().to_string()
        );
        println!("cargo:rerun-if-changed={}", path.display());
    }
    out.push_str("];\n");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else if !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                out.push(path);
            }
        }
    }
    out
}

fn main() {
    let mut out = String::new();
    list("theme", &mut out, "DEFAULT_THEME", false);
    list("templates", &mut out, "DEFAULT_TEMPLATES", true);
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}
