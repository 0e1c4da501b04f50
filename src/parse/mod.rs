//! Stage 2, parse: source texts → the raw handbook.
//!
//! In: the [`SourceSet`] from `load`. Out: a [`RawHandbook`], one raw entity per file (many
//! terms for the glossary), whose references are still plain names with spans. Nothing here
//! knows whether a name exists; that is `resolve`'s job.

mod chapter;
pub(crate) mod entities;
pub mod frontmatter;
pub mod markdown;
mod procedure;
mod raw;
mod step_line;

pub use raw::*;

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::load::{Kind, SourceMap, SourceSet};

pub fn parse_all(
    sources: &SourceMap,
    set: &SourceSet,
    diagnostics: &mut Diagnostics,
) -> RawHandbook {
    let mut book = RawHandbook {
        static_files: set.static_files.clone(),
        ..RawHandbook::default()
    };
    for entry in &set.entries {
        let file = sources.get(entry.file);
        let text = file.text.as_str();
        let ctx = Ctx {
            file: entry.file,
            text,
            relative: &entry.relative,
        };
        if text.trim().is_empty() {
            if entry.kind.needs_front_matter() {
                diagnostics.push(
                    Diagnostic::new(Code::EmptyFile, format!("`{}` is empty", file.display_path))
                        .at(Span::new(entry.file, 0, 0))
                        .help("write its front matter (see docs/format.md), or delete the file"),
                );
            }
            continue;
        }
        let Some(split) = frontmatter::split(text, entry.file, diagnostics) else {
            continue;
        };
        if entry.kind.needs_front_matter() && split.toml.is_none() {
            let first_line = text.find('\n').unwrap_or(text.len());
            let help = if text.starts_with("---") {
                "front matter is TOML between `+++` lines, not YAML between `---` lines"
            } else {
                "start the file with a line `+++`, then keys such as title = \"…\", then `+++`"
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingFrontMatter,
                    format!("`{}` has no front matter", file.display_path),
                )
                .at(Span::new(entry.file, 0, first_line))
                .help(help),
            );
            continue;
        }
        match entry.kind {
            Kind::Role => book.roles.extend(entities::role(&ctx, &split, diagnostics)),
            Kind::Procedure => {
                book.procedures
                    .extend(procedure::procedure(&ctx, &split, diagnostics))
            }
            Kind::Form => book.forms.extend(entities::form(&ctx, &split, diagnostics)),
            Kind::Scorecard => {
                book.scorecards
                    .extend(entities::scorecard(&ctx, &split, diagnostics))
            }
            Kind::Phrases => book
                .phrase_lists
                .extend(entities::phrases(&ctx, &split, diagnostics)),
            Kind::Quiz => book
                .quizzes
                .extend(entities::quiz(&ctx, &split, diagnostics)),
            Kind::Glossary => book.glossary = entities::glossary(&ctx, &split, diagnostics),
            Kind::Chapter => book
                .chapters
                .extend(chapter::chapter(&ctx, &split, diagnostics)),
            Kind::Summary => book.summary = Some(chapter::summary(&ctx, diagnostics)),
            Kind::Index => book.index = Some(chapter::index(&ctx, &split, diagnostics)),
        }
    }
    book
}

/// What every per-kind parser gets: the file and where it sits in the source folder.
pub(crate) struct Ctx<'a> {
    pub file: crate::load::FileId,
    pub text: &'a str,
    pub relative: &'a str,
}

impl Ctx<'_> {
    /// The entity id: the file stem, checked to be lowercase ASCII, digits and `-`.
    pub fn id(&self, diagnostics: &mut Diagnostics) -> String {
        let stem = self
            .relative
            .rsplit('/')
            .next()
            .unwrap_or(self.relative)
            .trim_end_matches(".md")
            .to_string();
        if !is_valid_id(&stem) {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidId,
                    format!("file name `{stem}.md` is not a valid id"),
                )
                .at(Span::new(self.file, 0, 0))
                .help(
                    "name files with lowercase ASCII letters, digits and `-` (e.g. \
                     head-teacher.md); the Chinese name goes in `title`",
                ),
            );
        }
        stem
    }

    pub fn body(
        &self,
        split: &frontmatter::Split,
        diagnostics: &mut Diagnostics,
    ) -> markdown::MdText {
        markdown::scan(
            &self.text[split.body.clone()],
            self.file,
            split.body.start,
            diagnostics,
        )
    }
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
