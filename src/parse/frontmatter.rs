//! Splitting a file into TOML front matter and Markdown body, and deserialising the front
//! matter with every error located in the file.

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::load::FileId;

/// The two halves of a source file, as byte ranges into its text.
#[derive(Debug, Clone)]
pub struct Split {
    /// The TOML between the `+++` lines, if the file has front matter.
    pub toml: Option<Range<usize>>,
    /// The Markdown after the front matter (or the whole file).
    pub body: Range<usize>,
}

fn is_fence(line: &str) -> bool {
    matches!(line.trim_end(), "+++" | "＋＋＋")
}

/// Splits `text`. A file whose first line is `+++` must have a closing `+++` line.
pub fn split(text: &str, file: FileId, diagnostics: &mut Diagnostics) -> Option<Split> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_line_end]) {
        return Some(Split {
            toml: None,
            body: 0..text.len(),
        });
    }
    let toml_start = (first_line_end + 1).min(text.len());
    let mut offset = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if is_fence(line.trim_end_matches('\n')) {
            let body_start = offset + line.len();
            return Some(Split {
                toml: Some(toml_start..offset),
                body: body_start..text.len(),
            });
        }
        offset += line.len();
    }
    diagnostics.push(
        Diagnostic::new(
            Code::UnclosedFrontMatter,
            "front matter opened with `+++` is never closed",
        )
        .at(Span::new(file, 0, first_line_end))
        .label("opened here")
        .help("add a line `+++` after the last TOML key, before the Markdown text"),
    );
    None
}

/// Deserialises front matter, turning TOML and serde errors into located diagnostics.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    range: Range<usize>,
    file: FileId,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    match toml::from_str::<T>(&text[range.clone()]) {
        Ok(value) => Some(value),
        Err(err) => {
            let span = err
                .span()
                .map(|s| Span::new(file, range.start + s.start, range.start + s.end))
                .unwrap_or(Span::new(file, range.start, range.start));
            let message = err.message().trim().to_string();
            let (code, help) = crate::config::classify_toml_error(&message);
            let mut d = Diagnostic::new(code, message).at(span);
            if let Some(help) = help {
                d = d.help(help);
            }
            diagnostics.push(d);
            None
        }
    }
}

/// Converts a span inside the front matter (relative to the TOML text) to a file span.
pub fn locate(range: &Range<usize>, toml_start: usize, file: FileId) -> Span {
    Span::new(file, toml_start + range.start, toml_start + range.end)
}
