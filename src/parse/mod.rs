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
                broken(&mut book, entry.kind, &entry.relative, text, None);
            }
            continue;
        }
        let Some(split) = frontmatter::split(text, entry.file, diagnostics) else {
            broken(&mut book, entry.kind, &entry.relative, text, None);
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
            broken(&mut book, entry.kind, &entry.relative, text, None);
            continue;
        }
        let parsed = match entry.kind {
            Kind::Role => add(&mut book.roles, entities::role(&ctx, &split, diagnostics)),
            Kind::Procedure => add(
                &mut book.procedures,
                procedure::procedure(&ctx, &split, diagnostics),
            ),
            Kind::Form => add(&mut book.forms, entities::form(&ctx, &split, diagnostics)),
            Kind::Scorecard => add(
                &mut book.scorecards,
                entities::scorecard(&ctx, &split, diagnostics),
            ),
            Kind::Phrases => add(
                &mut book.phrase_lists,
                entities::phrases(&ctx, &split, diagnostics),
            ),
            Kind::Quiz => add(&mut book.quizzes, entities::quiz(&ctx, &split, diagnostics)),
            Kind::Glossary => {
                book.glossary = entities::glossary(&ctx, &split, diagnostics);
                book.glossary.is_some()
            }
            Kind::Chapter => add(
                &mut book.chapters,
                chapter::chapter(&ctx, &split, diagnostics),
            ),
            Kind::Summary => {
                book.summary = Some(chapter::summary(&ctx, diagnostics));
                true
            }
            Kind::Index => {
                book.index = Some(chapter::index(&ctx, &split, diagnostics));
                true
            }
        };
        if !parsed {
            broken(&mut book, entry.kind, &entry.relative, text, Some(&split));
        }
    }
    book
}

fn add<T>(list: &mut Vec<T>, item: Option<T>) -> bool {
    let parsed = item.is_some();
    list.extend(item);
    parsed
}

/// Records an entity whose file was reported as unreadable, with the names its raw front
/// matter still gives, so that references to it are not reported a second time as unknown.
fn broken(
    book: &mut RawHandbook,
    kind: Kind,
    relative: &str,
    text: &str,
    split: Option<&frontmatter::Split>,
) {
    let toml = split
        .and_then(|s| s.toml.clone())
        .map_or("", |range| &text[range]);
    let relative = relative.to_string();
    match kind {
        Kind::Summary | Kind::Index => {}
        Kind::Glossary => {
            // The page itself (for `glossary.md` links), then every term it still names.
            book.broken.push(BrokenEntity {
                kind: Kind::Chapter,
                id: String::new(),
                relative: relative.clone(),
                names: Vec::new(),
            });
            for (id, names) in frontmatter::salvage_terms(toml) {
                book.broken.push(BrokenEntity {
                    kind: Kind::Glossary,
                    id,
                    relative: relative.clone(),
                    names,
                });
            }
        }
        kind => {
            let id = if kind == Kind::Chapter {
                relative.trim_end_matches(".md").to_string()
            } else {
                relative
                    .rsplit('/')
                    .next()
                    .unwrap_or(&relative)
                    .trim_end_matches(".md")
                    .to_string()
            };
            let mut names = frontmatter::salvage_names(toml);
            if kind == Kind::Chapter && names.is_empty() {
                // A chapter without `title` is titled by its first `#` heading.
                let body = split.map_or(text, |s| &text[s.body.clone()]);
                names.extend(
                    body.lines()
                        .find_map(|l| l.strip_prefix("# "))
                        .map(|h| h.trim().to_string()),
                );
            }
            book.broken.push(BrokenEntity {
                kind,
                id,
                relative,
                names,
            });
        }
    }
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
