//! Diagnostics: what `check` reports and how.
//!
//! Every problem the pipeline finds becomes a [`Diagnostic`] with a stable [`Code`], a severity,
//! a primary [`Span`] in a source file, optional secondary labels, a help line and suggestions.
//! Stages push them into a [`Diagnostics`] collector so one run reports every problem; the
//! renderers in [`render`] print them for humans (rustc style), as JSON or as GitHub annotations.

mod code;
pub mod render;

pub use code::{Code, Level};

use crate::load::FileId;

/// A byte range in one source file (after BOM removal and CRLF normalisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }

    /// A span of `len` bytes starting `offset` bytes into this one.
    pub fn sub(self, offset: usize, len: usize) -> Span {
        Span::new(self.file, self.start + offset, self.start + offset + len)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is. `None` only for problems with no place in a source file
    /// (for example a missing source folder).
    pub span: Option<Span>,
    /// What the caret says, under the offending text.
    pub label: Option<String>,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    /// Replacement texts, best first ("did you mean …").
    pub suggestions: Vec<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span: None,
            label: None,
            secondary: Vec::new(),
            help: None,
            suggestions: Vec::new(),
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn suggest(mut self, suggestions: Vec<String>) -> Self {
        if let Some(best) = suggestions.first() {
            if self.help.is_none() {
                self.help = Some(format!("did you mean `{best}`?"));
            }
        }
        self.suggestions = suggestions;
        self
    }
}

/// Collects diagnostics from every stage; one run reports them all.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics collected so far, in the order they were pushed.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Applies the per-code levels of `[check]` in book.toml (allow drops a diagnostic,
    /// warn/deny set its severity), then `--deny warnings`, then sorts by place so the
    /// output reads top to bottom.
    pub fn finish(
        mut self,
        levels: &std::collections::BTreeMap<Code, Level>,
        deny_warnings: bool,
    ) -> Vec<Diagnostic> {
        self.items.retain_mut(|d| {
            match levels.get(&d.code) {
                Some(Level::Allow) => return false,
                Some(Level::Warn) => d.severity = Severity::Warning,
                Some(Level::Deny) => d.severity = Severity::Error,
                None => {}
            }
            if deny_warnings {
                d.severity = Severity::Error;
            }
            true
        });
        self.items
            .sort_by_key(|d| (d.span.map(|s| (s.file, s.start)), d.severity, d.code));
        self.items
    }
}
