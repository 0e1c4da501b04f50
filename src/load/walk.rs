//! Finding the source files and deciding what each one is.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{FileId, SourceMap};
use crate::diag::{Code, Diagnostic, Diagnostics, Span};

/// What a source file holds, decided by the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Role,
    Procedure,
    Form,
    Scorecard,
    Phrases,
    Quiz,
    Glossary,
    Chapter,
    /// `SUMMARY.md`: the order of the chapters.
    Summary,
    /// `index.md`: the introduction on the home page.
    Index,
}

impl Kind {
    fn from_path(relative: &Path) -> Kind {
        let mut components = relative.components();
        let first = components.next().and_then(|c| c.as_os_str().to_str());
        let nested = components.next().is_some();
        match (first, nested) {
            (Some("roles"), true) => Kind::Role,
            (Some("procedures"), true) => Kind::Procedure,
            (Some("forms"), true) => Kind::Form,
            (Some("scorecards"), true) => Kind::Scorecard,
            (Some("phrases"), true) => Kind::Phrases,
            (Some("quizzes"), true) => Kind::Quiz,
            (Some("glossary.md"), false) => Kind::Glossary,
            (Some("SUMMARY.md"), false) => Kind::Summary,
            (Some("index.md"), false) => Kind::Index,
            _ => Kind::Chapter,
        }
    }

    /// Whether files of this kind must start with front matter.
    pub fn needs_front_matter(self) -> bool {
        !matches!(self, Kind::Chapter | Kind::Summary | Kind::Index)
    }
}

/// A Markdown source that loaded cleanly, with its kind.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    pub file: FileId,
    pub kind: Kind,
    /// Path relative to the source folder, with `/` separators.
    pub relative: String,
}

/// The loaded sources: Markdown files by kind, and other files (images, attachments) that are
/// copied to the site as they are.
#[derive(Debug, Default)]
pub struct SourceSet {
    pub entries: Vec<SourceEntry>,
    pub static_files: Vec<(String, PathBuf)>,
}

/// Reads every file under `src_dir`. Files that cannot be used become diagnostics; the rest is
/// returned. The order is deterministic (sorted by path) so output and diagnostics are stable.
pub fn load_sources(
    src_dir: &Path,
    project_dir: &Path,
    max_file_size: u64,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> SourceSet {
    let mut set = SourceSet::default();
    let walker = WalkDir::new(src_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(Diagnostic::new(Code::Io, format!("cannot read: {err}")));
                continue;
            }
        };
        let path = entry.path();
        // `.md` in any case: `规章.MD` from a Windows machine is a page too.
        let is_markdown = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if entry.file_type().is_symlink() {
            // A linked page is read through its link. Other linked files are never copied:
            // nothing from outside the project may end up in the published site.
            if !is_markdown {
                continue;
            }
            if !path.is_file() {
                diagnostics.push(Diagnostic::new(
                    Code::Io,
                    format!(
                        "`{}` is a symbolic link to a file that does not exist",
                        display_path(path, project_dir)
                    ),
                ));
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = path.strip_prefix(src_dir) else {
            continue;
        };
        let relative_str = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if !is_markdown {
            if !is_editor_junk(path) {
                set.static_files.push((relative_str, path.to_path_buf()));
            }
            continue;
        }
        // Ids and links see every page as `.md`, however its extension is written.
        let relative_str = match relative_str.strip_suffix(".md") {
            Some(_) => relative_str,
            None => format!("{}.md", &relative_str[..relative_str.len() - 3]),
        };
        let display = display_path(path, project_dir);
        if let Some(file) = read_source(path, display, max_file_size, sources, diagnostics) {
            set.entries.push(SourceEntry {
                file,
                kind: Kind::from_path(relative),
                relative: relative_str,
            });
        }
    }
    set
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Temporary and backup files editors leave next to the sources.
pub fn is_editor_junk(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with('~')
        || name.starts_with(".#")
        || name.starts_with('#')
        || [".swp", ".swx", ".tmp", ".bak", ".orig"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

fn display_path(path: &Path, project_dir: &Path) -> String {
    path.strip_prefix(project_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads one file and decodes it. Problems are reported with a place in the file where there
/// is one (the first invalid byte); the file is then added with a lossy text so the caret can
/// point at it, but `None` is returned so nothing parses it.
fn read_source(
    path: &Path,
    display: String,
    max_file_size: u64,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(err) => {
            diagnostics.push(Diagnostic::new(
                Code::Io,
                format!("cannot read `{display}`: {err}"),
            ));
            return None;
        }
    };
    if size > max_file_size {
        let file = sources.add(path.to_path_buf(), display.clone(), String::new());
        diagnostics.push(
            Diagnostic::new(
                Code::FileTooLarge,
                format!("`{display}` is {size} bytes, more than the limit of {max_file_size}"),
            )
            .at(Span::new(file, 0, 0))
            .help("split the file, or raise `max-file-size` under [build] in book.toml"),
        );
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diagnostics.push(Diagnostic::new(
                Code::Io,
                format!("cannot read `{display}`: {err}"),
            ));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(sources.add(path.to_path_buf(), display, normalise(text))),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let lossy = normalise(String::from_utf8_lossy(err.as_bytes()).into_owned());
            // The valid prefix decodes identically, so its length (less a stripped BOM and
            // CRs) is the offset of the first bad byte in the lossy text.
            let prefix = normalise(String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned());
            let offset = prefix.len();
            let file = sources.add(path.to_path_buf(), display.clone(), lossy);
            diagnostics.push(
                Diagnostic::new(Code::InvalidUtf8, format!("`{display}` is not valid UTF-8"))
                    .at(Span::new(file, offset, offset + 3))
                    .label("the first byte that is not UTF-8")
                    .help(
                        "the file was probably saved as GBK/GB18030; re-save it as UTF-8 \
                         (Notepad: 另存为 → 编码 UTF-8; VS Code: 通过编码重新打开/保存)",
                    ),
            );
            None
        }
    }
}

/// Strips a UTF-8 byte-order mark and turns CRLF (and lone CR) into LF, as Windows editors
/// write them; line numbers and character columns are unchanged by this.
fn normalise(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    text
}
