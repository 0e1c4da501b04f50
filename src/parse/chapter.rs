//! Free chapters, `SUMMARY.md` and `index.md`: Markdown pages whose front matter is optional.

use pulldown_cmark::{Event, Parser, Tag};

use super::frontmatter::{key, Schema, Split, Ty};
use super::markdown::MdText;
use super::raw::*;
use super::Ctx;
use crate::diag::{Diagnostics, Span};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ChapterFront {
    #[serde(default)]
    title: Option<toml::Spanned<String>>,
    #[serde(default)]
    aliases: Vec<toml::Spanned<String>>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

pub(crate) const CHAPTER: Schema = Schema {
    what: "the front matter",
    common: false,
    keys: &[
        key("title", Ty::Str),
        key("aliases", Ty::Strings),
        key("summary", Ty::Str),
        key("source", Ty::Str),
    ],
};

pub(crate) fn chapter(
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<RawChapter> {
    let front: ChapterFront = match &split.toml {
        Some(_) => super::entities::parse_front(ctx, split, &CHAPTER, diagnostics)?,
        None => ChapterFront::default(),
    };
    let toml_start = split.toml.as_ref().map_or(0, |r| r.start);
    let body = ctx.body(split, diagnostics);
    let title = match &front.title {
        Some(t) => super::entities::string_at(t, toml_start, ctx),
        None => first_heading(&body).unwrap_or_else(|| {
            // No title anywhere: the file name is the best we have.
            let stem = ctx.relative.rsplit('/').next().unwrap_or(ctx.relative);
            Located {
                value: stem.trim_end_matches(".md").to_string(),
                span: Span::new(ctx.file, 0, 0),
            }
        }),
    };
    Some(RawChapter {
        meta: Meta {
            id: chapter_id(ctx.relative),
            file: ctx.file,
            relative: ctx.relative.to_string(),
            title,
            aliases: front
                .aliases
                .iter()
                .map(|a| super::entities::string_at(a, toml_start, ctx))
                .collect(),
            summary: front.summary,
            source: front.source,
            body,
        },
    })
}

/// Chapters may have any file name (and live in sub-folders); their id is the path without
/// `.md`, with `/` kept, so `chapters/principles.md` → `chapters/principles`.
fn chapter_id(relative: &str) -> String {
    relative.trim_end_matches(".md").to_string()
}

fn first_heading(body: &MdText) -> Option<Located<String>> {
    let h = body.headings.iter().find(|h| h.level == 1)?;
    let start = body.text.find(h.text.as_str()).unwrap_or(0);
    Some(Located {
        value: h.text.clone(),
        span: body.span(start..start + h.text.len()),
    })
}

pub(crate) fn summary(ctx: &Ctx, _diagnostics: &mut Diagnostics) -> RawSummary {
    let mut entries = Vec::new();
    for (event, range) in Parser::new(ctx.text).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            if !dest_url.contains("://") {
                entries.push(Located {
                    value: dest_url.trim_start_matches("./").to_string(),
                    span: Span::new(ctx.file, range.start, range.end),
                });
            }
        }
    }
    RawSummary {
        file: ctx.file,
        entries,
    }
}

pub(crate) fn index(ctx: &Ctx, split: &Split, diagnostics: &mut Diagnostics) -> MdText {
    ctx.body(split, diagnostics)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_schema_has_the_keys_of_the_struct() {
        crate::parse::frontmatter::probe::same_keys::<super::ChapterFront>(&super::CHAPTER);
    }
}
