//! Scanning Markdown text for what the resolver must check: `[[wiki links]]`, relative links
//! to other `.md` files, and the headings that links may point at.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::load::FileId;

/// Containers nested deeper than this are refused: nobody writes them on purpose, and it
/// bounds the work of every later stage.
const MAX_NESTING: usize = 24;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// A piece of Markdown from a source file, with the references found in it.
#[derive(Debug, Clone)]
pub struct MdText {
    pub file: FileId,
    /// Byte offset of `text` in the file.
    pub offset: usize,
    pub text: String,
    pub links: Vec<RawLink>,
    pub headings: Vec<Heading>,
    /// Spaces to remove from the start of every line but the first when rendering: the
    /// indentation of text continued under a list item.
    pub indent: usize,
}

#[derive(Debug, Clone)]
pub struct RawLink {
    /// Where the whole link is, within `MdText::text`.
    pub range: Range<usize>,
    pub span: Span,
    pub kind: LinkKind,
}

#[derive(Debug, Clone)]
pub enum LinkKind {
    /// `[[target#anchor|label]]`
    Wiki {
        target: String,
        anchor: Option<String>,
        label: Option<String>,
    },
    /// `[text](../roles/x.md#anchor)`: a relative link to another source file.
    File {
        path: String,
        anchor: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

impl MdText {
    pub fn empty(file: FileId) -> Self {
        MdText {
            file,
            offset: 0,
            text: String::new(),
            links: Vec::new(),
            headings: Vec::new(),
            indent: 0,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        Span::new(
            self.file,
            self.offset + range.start,
            self.offset + range.end,
        )
    }
}

/// Scans `text` (found at byte `offset` of `file`).
pub fn scan(text: &str, file: FileId, offset: usize, diagnostics: &mut Diagnostics) -> MdText {
    let mut code_ranges: Vec<Range<usize>> = Vec::new();
    let mut links = Vec::new();
    let mut headings = Vec::new();
    let mut heading: Option<(u8, String)> = None;
    let mut depth = 0usize;
    let mut too_deep_reported = false;
    let mut anchors = Anchors::default();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if matches!(tag, Tag::List(_) | Tag::BlockQuote(_)) {
                    depth += 1;
                    if depth > MAX_NESTING && !too_deep_reported {
                        too_deep_reported = true;
                        diagnostics.push(
                            Diagnostic::new(
                                Code::TooDeep,
                                format!("lists or quotes nested more than {MAX_NESTING} deep"),
                            )
                            .at(Span::new(
                                file,
                                offset + range.start,
                                offset + range.start + 1,
                            ))
                            .help(
                                "flatten the structure: split it into headings or separate lists",
                            ),
                        );
                    }
                }
                match tag {
                    Tag::CodeBlock(_) => code_ranges.push(range.clone()),
                    Tag::Heading { level, .. } => {
                        heading = Some((heading_level(level), String::new()))
                    }
                    Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        ..
                    } => {
                        if let Some((path, anchor)) = relative_md_link(&dest_url) {
                            links.push(RawLink {
                                span: Span::new(file, offset + range.start, offset + range.end),
                                range: range.clone(),
                                kind: LinkKind::File { path, anchor },
                            });
                        }
                    }
                    _ => {}
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    let text = text.trim().to_string();
                    let anchor = anchors.unique(&slug(&text));
                    headings.push(Heading {
                        level,
                        text,
                        anchor,
                    });
                }
            }
            Event::Code(code) => {
                code_ranges.push(range.clone());
                if let Some((_, t)) = heading.as_mut() {
                    t.push_str(&code);
                }
            }
            Event::Text(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            _ => {}
        }
    }
    for (range, kind) in find_wiki_links(text) {
        if code_ranges
            .iter()
            .any(|c| c.start <= range.start && range.end <= c.end)
        {
            continue;
        }
        links.push(RawLink {
            span: Span::new(file, offset + range.start, offset + range.end),
            range,
            kind,
        });
    }
    links.sort_by_key(|l| l.range.start);
    // Heading text with wiki links reads better as their labels.
    for h in &mut headings {
        if h.text.contains("[[") {
            h.text = strip_wiki_syntax(&h.text);
        }
    }
    MdText {
        file,
        offset,
        text: text.to_string(),
        links,
        headings,
        indent: 0,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// `../roles/x.md#职责` → ("../roles/x.md", Some("职责")); absolute URLs and non-.md links → None.
fn relative_md_link(dest: &str) -> Option<(String, Option<String>)> {
    if dest.contains("://") || dest.starts_with('/') || dest.starts_with("mailto:") {
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    if !path.ends_with(".md") {
        return None;
    }
    Some((path.to_string(), anchor))
}

/// Finds `[[…]]` and its full-width twin `［［…］］` (both may mix) on single lines.
fn find_wiki_links(text: &str) -> Vec<(Range<usize>, LinkKind)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some((open, open_len)) = find_either(&text[rest..], "[[", "［［") {
        let start = rest + open;
        let inner_start = start + open_len;
        let line_end = text[inner_start..]
            .find('\n')
            .map_or(text.len(), |i| inner_start + i);
        let Some((close, close_len)) = find_either(&text[inner_start..line_end], "]]", "］］")
        else {
            // No `]]` on the rest of this line, so no later `[[` on it closes either: skip the
            // line (rescanning it from every `[[` would be quadratic in a long line).
            rest = line_end;
            continue;
        };
        let inner = &text[inner_start..inner_start + close];
        let end = inner_start + close + close_len;
        rest = end;
        let (target, label) = match inner.split_once(['|', '｜']) {
            Some((t, l)) => (t, Some(l.trim().to_string())),
            None => (inner, None),
        };
        let (target, anchor) = match target.split_once(['#', '＃']) {
            Some((t, a)) => (t, Some(a.trim().to_string())),
            None => (target, None),
        };
        found.push((
            start..end,
            LinkKind::Wiki {
                target: target.trim().to_string(),
                anchor,
                label,
            },
        ));
    }
    found
}

/// The first occurrence of either two-char pattern. One pass over the text up to the match:
/// searching for each pattern separately scanned the whole rest of the file for the one
/// that is absent (usually `［［`), once per link, which made a page of many links quadratic.
fn find_either(haystack: &str, a: &str, b: &str) -> Option<(usize, usize)> {
    let (first_a, first_b) = (a.chars().next()?, b.chars().next()?);
    let mut from = 0;
    while let Some(i) = haystack[from..].find([first_a, first_b]) {
        let at = from + i;
        let rest = &haystack[at..];
        if rest.starts_with(a) {
            return Some((at, a.len()));
        }
        if rest.starts_with(b) {
            return Some((at, b.len()));
        }
        from = at + rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// `[[学员退费#approve|批准]]` → `批准`; `[[班主任]]` → `班主任`.
pub fn strip_wiki_syntax(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, kind) in find_wiki_links(text) {
        out.push_str(&text[last..range.start]);
        if let LinkKind::Wiki { target, label, .. } = kind {
            out.push_str(label.as_deref().unwrap_or(&target));
        }
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// The anchor of a heading: its text with spaces as `-`, ASCII lowercased, punctuation dropped.
/// Chinese stays Chinese (`## 职责` → `#职责`), which browsers show readably.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Hands out anchors, numbering repeats (`职责`, `职责-1`, …) as GitHub does.
#[derive(Debug, Default)]
pub struct Anchors {
    seen: std::collections::HashMap<String, usize>,
}

impl Anchors {
    pub fn unique(&mut self, base: &str) -> String {
        let n = self.seen.entry(base.to_string()).or_insert(0);
        let anchor = if *n == 0 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        anchor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 200,000 links in one file: found in one pass (the scan used to search the rest of
    /// the file for `［［` once per link, five minutes for this input).
    #[test]
    fn many_links_are_found_in_one_pass() {
        let text = "见[[班主任]]和［［校长］］。\n".repeat(100_000);
        let links = find_wiki_links(&text);
        assert_eq!(links.len(), 200_000);
        assert_eq!(&text[links[1].0.clone()], "［［校长］］");
    }

    #[test]
    fn finds_wiki_links_in_both_widths_but_not_in_code() {
        let mut d = Diagnostics::default();
        let md = scan(
            "见[[学员退费#approve|批准]]与［［班主任］］。`[[不是]]`\n\n```\n[[也不是]]\n```\n",
            FileId(0),
            10,
            &mut d,
        );
        let targets: Vec<_> = md
            .links
            .iter()
            .map(|l| match &l.kind {
                LinkKind::Wiki {
                    target,
                    anchor,
                    label,
                } => (target.clone(), anchor.clone(), label.clone()),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            targets,
            vec![
                (
                    "学员退费".into(),
                    Some("approve".into()),
                    Some("批准".into())
                ),
                ("班主任".into(), None, None)
            ]
        );
        assert_eq!(md.links[0].span.start, 10 + "见".len());
    }

    #[test]
    fn headings_get_unique_readable_anchors() {
        let mut d = Diagnostics::default();
        let md = scan(
            "## 职责\n\n## 职责\n\n## Job Duties!\n",
            FileId(0),
            0,
            &mut d,
        );
        let anchors: Vec<_> = md.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["职责", "职责-1", "job-duties"]);
    }

    #[test]
    fn deep_nesting_is_reported_once() {
        let mut d = Diagnostics::default();
        let text: String = (0..40)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        scan(&text, FileId(0), 0, &mut d);
        assert_eq!(d.len(), 1);
    }
}
