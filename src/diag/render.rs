//! Printing diagnostics: rustc-style for people, JSON for tools, annotations for GitHub.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Severity};
use crate::load::SourceMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source line, caret under the problem, help (like rustc).
    Human,
    /// One JSON object per line: code, severity, message, file, line, column, end, help, suggestions.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`).
    Github,
}

/// Renders one diagnostic as rustc does. The caret is placed by display width, so it stands
/// under the right character even after a line of CJK text (two columns per character).
pub fn human(d: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
    let mut group = Group::with_title(title);
    if let Some(span) = d.span {
        let file = sources.get(span.file);
        let mut snippet = Snippet::source(file.text.as_str())
            .path(file.display_path.as_str())
            .line_start(1);
        let end = span.end.max(span.start).min(file.text.len());
        let start = span.start.min(end);
        let mut primary = AnnotationKind::Primary.span(start..end);
        if let Some(label) = &d.label {
            primary = primary.label(label.as_str());
        }
        snippet = snippet.annotation(primary);
        let mut others = Vec::new();
        for label in &d.secondary {
            if label.span.file == span.file {
                snippet = snippet.annotation(
                    AnnotationKind::Context
                        .span(label.span.start..label.span.end)
                        .label(label.message.as_str()),
                );
            } else {
                others.push(label);
            }
        }
        group = group.element(snippet);
        for label in others {
            let other = sources.get(label.span.file);
            group = group.element(
                Snippet::source(other.text.as_str())
                    .path(other.display_path.as_str())
                    .line_start(1)
                    .annotation(
                        AnnotationKind::Context
                            .span(label.span.start..label.span.end)
                            .label(label.message.as_str()),
                    ),
            );
        }
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer
        .decor_style(DecorStyle::Ascii)
        .render(&[group])
        .to_string()
}

#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end: Option<JsonPosition>,
    help: Option<&'a str>,
    suggestions: &'a [String],
    labels: Vec<JsonLabel<'a>>,
}

#[derive(serde::Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
}

#[derive(serde::Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

/// One JSON object (one line) per diagnostic. Columns count characters, from 1.
pub fn json(d: &Diagnostic, sources: &SourceMap) -> String {
    let place = d.span.map(|s| {
        let f = sources.get(s.file);
        (
            f.display_path.as_str(),
            f.line_col(s.start),
            f.line_col(s.end),
        )
    });
    let value = JsonDiagnostic {
        code: d.code.as_str(),
        severity: d.severity,
        message: &d.message,
        file: place.map(|p| p.0),
        line: place.map(|p| p.1 .0),
        column: place.map(|p| p.1 .1),
        end: place.map(|p| JsonPosition {
            line: p.2 .0,
            column: p.2 .1,
        }),
        help: d.help.as_deref(),
        suggestions: &d.suggestions,
        labels: d
            .secondary
            .iter()
            .map(|l| {
                let f = sources.get(l.span.file);
                let (line, column) = f.line_col(l.span.start);
                JsonLabel {
                    file: &f.display_path,
                    line,
                    column,
                    message: &l.message,
                }
            })
            .collect(),
    };
    serde_json::to_string(&value).unwrap_or_default()
}

/// A GitHub Actions annotation; message text escaped as the runner expects.
pub fn github(d: &Diagnostic, sources: &SourceMap) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let escape = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_prop = |s: &str| escape(s).replace(':', "%3A").replace(',', "%2C");
    let mut message = format!("[{}] {}", d.code, d.message);
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    match d.span {
        Some(s) => {
            let f = sources.get(s.file);
            let (line, col) = f.line_col(s.start);
            let (end_line, end_col) = f.line_col(s.end);
            format!(
                "::{kind} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                escape_prop(&f.display_path),
                escape_prop(d.code.as_str()),
                escape(&message)
            )
        }
        None => format!(
            "::{kind} title={}::{}",
            escape_prop(d.code.as_str()),
            escape(&message)
        ),
    }
}

/// The closing line of a run: counts of errors and warnings.
pub fn summary(diagnostics: &[Diagnostic]) -> Option<String> {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (0, w) => Some(format!("{} emitted", plural(w, "warning"))),
        (e, 0) => Some(format!("{} found", plural(e, "error"))),
        (e, w) => Some(format!(
            "{} and {} found",
            plural(e, "error"),
            plural(w, "warning")
        )),
    }
}
