//! The stages run in order, shared by `build`, `check` and `serve`.

use std::path::Path;

use crate::config::{self, Project};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::load::{self, SourceMap};
use crate::model::Handbook;
use crate::{parse, resolve};

/// The outcome of loading, parsing and checking a project.
pub struct Checked {
    pub project: Project,
    pub sources: SourceMap,
    /// Sorted by place, with `[check]` levels applied.
    pub diagnostics: Vec<Diagnostic>,
    /// The resolved handbook; `None` when there are errors, so nothing renders a broken book.
    pub book: Option<Handbook>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A problem that stops the run before content can be checked: the configuration or the
/// source folder itself. The map holds `book.toml` so its diagnostics can show the line.
pub struct SetupError {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn check(root: &Path, deny_warnings: bool) -> Result<Checked, SetupError> {
    let mut sources = SourceMap::default();
    let project = match config::load(root, &mut sources) {
        Ok(project) => project,
        Err(diagnostics) => {
            return Err(SetupError {
                sources,
                diagnostics,
            })
        }
    };
    let src_dir = project.src_dir();
    if !src_dir.is_dir() {
        let d = Diagnostic::new(
            crate::diag::Code::Io,
            format!("the source folder `{}` does not exist", src_dir.display()),
        )
        .help("create it, run `handbook init`, or set `src` under [book] in book.toml");
        return Err(SetupError {
            sources,
            diagnostics: vec![d],
        });
    }
    let mut diagnostics = Diagnostics::default();
    let set = load::load_sources(
        &src_dir,
        &project.root,
        project.config.build.max_file_size,
        &mut sources,
        &mut diagnostics,
    );
    let raw = parse::parse_all(&sources, &set, &mut diagnostics);
    let book = resolve::resolve(raw, &mut diagnostics);
    let diagnostics = diagnostics.finish(&project.check_levels, deny_warnings);
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Ok(Checked {
        project,
        sources,
        diagnostics,
        book: (!has_errors).then_some(book),
    })
}
