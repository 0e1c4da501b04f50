//! Resolving references inside Markdown: `[[name#anchor|label]]` and relative `.md` links.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::suggest;
use super::symbols::{noun_of, Lookup, Symbols};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::*;
use crate::parse::markdown::{slug, Heading, LinkKind, MdText};
use crate::parse::{Located, Name};

/// What links may point at inside each page: its headings and, for procedures, its steps.
#[derive(Debug, Default)]
pub struct Anchors {
    pub headings: HashMap<Entity, Vec<Heading>>,
    pub steps: HashMap<ProcedureId, Vec<String>>,
    /// Source path (relative to the source folder) → entity, for `.md` links.
    pub paths: HashMap<String, Entity>,
    /// Source paths of files that could not be read (already reported).
    pub broken_paths: HashSet<String>,
}

pub struct Linker<'a> {
    pub symbols: &'a Symbols,
    pub anchors: &'a Anchors,
}

impl Linker<'_> {
    /// Resolves the links of `md`, found in the file at `relative` (for relative paths).
    pub fn markdown(&self, md: &MdText, relative: &str, diagnostics: &mut Diagnostics) -> Markdown {
        let mut links = Vec::new();
        for link in &md.links {
            let resolved = match &link.kind {
                LinkKind::Wiki {
                    target,
                    anchor,
                    label,
                } => {
                    let name = Located {
                        value: target.clone(),
                        span: link.span,
                    };
                    let entity = match self.symbols.lookup(target) {
                        Lookup::Found(entity) => entity,
                        Lookup::Ambiguous(entities) => {
                            diagnostics.push(self.ambiguous(
                                &name,
                                anchor.as_deref(),
                                label.as_deref(),
                                &entities,
                            ));
                            continue;
                        }
                        Lookup::Missing => {
                            if !self.symbols.is_broken(target, None) {
                                diagnostics.push(self.symbols.unknown(&name, None));
                            }
                            continue;
                        }
                    };
                    let anchor = match anchor {
                        Some(a) => match self.anchor(
                            entity,
                            &Located {
                                value: a.clone(),
                                span: link.span,
                            },
                            diagnostics,
                        ) {
                            Some(a) => Some(a),
                            None => continue,
                        },
                        None => None,
                    };
                    ResolvedLink {
                        range: link.range.clone(),
                        target: Target { entity, anchor },
                        label: label.clone().unwrap_or_else(|| target.clone()),
                        wiki: true,
                    }
                }
                LinkKind::File { path, anchor } => {
                    // Editors copy links percent-encoded (`#%E8%81%8C%E8%B4%A3` for `#职责`).
                    let path = percent_decode(path);
                    let anchor = anchor.as_deref().map(percent_decode);
                    let joined = join(relative, &path);
                    if self.anchors.broken_paths.contains(&joined) {
                        continue;
                    }
                    let Some(&entity) = self.anchors.paths.get(&joined) else {
                        let known: Vec<&str> =
                            self.anchors.paths.keys().map(String::as_str).collect();
                        let mut d = Diagnostic::new(
                            Code::BrokenLink,
                            format!("link to `{path}`, which does not exist"),
                        )
                        .at(link.span)
                        .label(format!("resolves to `{joined}` in the source folder"));
                        let best = suggest::ranked(&joined, known, 1);
                        if best.is_empty() {
                            d = d.help("links are relative to the file they are written in");
                        }
                        diagnostics.push(d.suggest(best));
                        continue;
                    };
                    let anchor = match anchor {
                        Some(a) => match self.anchor(
                            entity,
                            &Located {
                                value: a.into_owned(),
                                span: link.span,
                            },
                            diagnostics,
                        ) {
                            Some(a) => Some(a),
                            None => continue,
                        },
                        None => None,
                    };
                    ResolvedLink {
                        range: link.range.clone(),
                        target: Target { entity, anchor },
                        label: String::new(),
                        wiki: false,
                    }
                }
            };
            links.push(resolved);
        }
        self.other_links(md, relative, diagnostics);
        Markdown {
            text: md.text.clone(),
            indent: md.indent,
            links,
        }
    }

    /// `[[refund]]` when a role and a procedure both have the id `refund`.
    fn ambiguous(
        &self,
        name: &Name,
        anchor: Option<&str>,
        label: Option<&str>,
        entities: &[Entity],
    ) -> Diagnostic {
        let meanings: Vec<String> = entities
            .iter()
            .map(|&e| format!("the {} `{}`", noun_of(e), self.symbols.title(e)))
            .collect();
        let suffix = anchor.map(|a| format!("#{a}")).unwrap_or_default()
            + &label.map(|l| format!("|{l}")).unwrap_or_default();
        // With an anchor, only the pages that have it are worth showing.
        let with_anchor: Vec<Entity> = entities
            .iter()
            .copied()
            .filter(|&e| anchor.is_none_or(|a| self.find_anchor(e, a).is_some()))
            .collect();
        let shown = if with_anchor.is_empty() {
            entities
        } else {
            &with_anchor
        };
        let uses: Vec<String> = shown
            .iter()
            .map(|&e| {
                format!(
                    "`[[{}{suffix}]]` for the {}",
                    self.symbols.title(e),
                    noun_of(e)
                )
            })
            .collect();
        Diagnostic::new(
            Code::AmbiguousReference,
            format!("`[[{}]]` could mean {}", name.value, meanings.join(" or ")),
        )
        .at(name.span)
        .label(format!(
            "pages of {} kinds have the id `{}`",
            entities.len(),
            name.value
        ))
        .help(format!(
            "link by title, which names one page only: {}",
            uses.join(", ")
        ))
        .suggest(
            shown
                .iter()
                .map(|&e| self.symbols.title(e).to_string())
                .collect(),
        )
    }

    /// Links the scan for `.md` links leaves alone, checked here: `[x](#anchor)` on the same
    /// page, and `[x](/roles/x.md)`, an absolute path, which breaks on a site under a
    /// sub-path or opened from disk.
    fn other_links(&self, md: &MdText, relative: &str, diagnostics: &mut Diagnostics) {
        for (range, dest) in other_links(&md.text) {
            let span = md.span(range);
            if let Some(anchor) = dest.strip_prefix('#') {
                let anchor = percent_decode(anchor);
                let page = self.anchors.paths.get(relative).copied();
                // The glossary's terms share one page, whose anchors are not headings.
                if let (false, Some(page)) = (anchor.is_empty(), page) {
                    if !matches!(page, Entity::Term(_)) {
                        self.anchor(
                            page,
                            &Located {
                                value: anchor.into_owned(),
                                span,
                            },
                            diagnostics,
                        );
                    }
                }
                continue;
            }
            let path = percent_decode(dest.split(['#', '?']).next().unwrap_or(""));
            let target = path.trim_start_matches('/');
            // The path from the source folder, or from the project with the folder's name.
            let known = [target, target.split_once('/').map_or("", |(_, rest)| rest)]
                .into_iter()
                .find(|p| self.anchors.paths.contains_key(*p));
            let mut d = Diagnostic::new(
                Code::BrokenLink,
                format!("link to `{dest}`, an absolute path"),
            )
            .at(span)
            .label("the built site may not sit at the web server's root, or be opened from disk");
            d = match known {
                Some(known) => {
                    let rel = relative_path(relative, known);
                    let anchor = dest.split_once('#').map(|(_, a)| format!("#{a}")).unwrap_or_default();
                    d.help(format!(
                        "write the path relative to this file, `{rel}{anchor}`, or link by name: `[[{}]]`",
                        self.symbols.title(self.anchors.paths[known])
                    ))
                    .suggest(vec![format!("{rel}{anchor}")])
                }
                None => d.help(
                    "write the path relative to this file (`../roles/head-teacher.md`), or link by name: `[[id]]`",
                ),
            };
            diagnostics.push(d);
        }
    }

    /// Resolves `#anchor` on `entity`'s page: a step id for procedures, else a heading.
    pub fn anchor(
        &self,
        entity: Entity,
        anchor: &Name,
        diagnostics: &mut Diagnostics,
    ) -> Option<AnchorRef> {
        let wanted = anchor.value.trim();
        if let Some(found) = self.find_anchor(entity, wanted) {
            return Some(found);
        }
        let headings = self
            .anchors
            .headings
            .get(&entity)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let title = self.symbols.title(entity);
        let mut candidates: Vec<&str> = headings.iter().map(|h| h.anchor.as_str()).collect();
        let (code, what) = if let Entity::Procedure(p) = entity {
            candidates.extend(self.anchors.steps[&p].iter().map(String::as_str));
            (Code::UnknownStep, "step or heading")
        } else {
            (Code::UnknownAnchor, "heading")
        };
        let suggestions = suggest::ranked(wanted, candidates.iter().copied(), 3);
        let mut d = Diagnostic::new(code, format!("`{title}` has no {what} `{wanted}`"))
            .at(anchor.span)
            .label(format!("no such {what}"));
        if suggestions.is_empty() && !candidates.is_empty() {
            let shown: Vec<&str> = candidates.iter().take(12).copied().collect();
            d = d.help(format!("it has: {}", shown.join(", ")));
        }
        diagnostics.push(d.suggest(suggestions));
        None
    }

    /// `#anchor` on `entity`'s page, without reporting anything.
    fn find_anchor(&self, entity: Entity, wanted: &str) -> Option<AnchorRef> {
        let wanted = wanted.trim();
        if let Entity::Procedure(p) = entity {
            let steps = &self.anchors.steps[&p];
            let step_id = wanted
                .strip_prefix("step-")
                .filter(|s| steps.iter().any(|id| id == s))
                .unwrap_or(wanted);
            if let Some(i) = steps.iter().position(|s| s == step_id) {
                return Some(AnchorRef::Step(i));
            }
        }
        let headings = self.anchors.headings.get(&entity)?;
        let slugged = slug(wanted);
        headings
            .iter()
            .position(|h| h.anchor == slugged || h.text == wanted)
            .map(AnchorRef::Heading)
    }

    /// Resolves `"procedure#step"` written in front matter.
    pub fn step_ref(&self, name: &Name, diagnostics: &mut Diagnostics) -> Option<StepRef> {
        let (proc_name, step) = match name.value.split_once(['#', '＃']) {
            Some((p, s)) => (p, Some(s)),
            None => (name.value.as_str(), None),
        };
        let proc_len = proc_name.len();
        let proc_name = Located {
            value: proc_name.to_string(),
            span: name.span.sub(0, proc_len),
        };
        let Some(Entity::Procedure(procedure)) = self.symbols.resolve(
            &proc_name,
            super::symbols::KindFilter::Procedure,
            diagnostics,
        ) else {
            return None;
        };
        let Some(step) = step else {
            diagnostics.push(
                Diagnostic::new(Code::UnknownStep, format!("`{}` names no step", name.value))
                    .at(name.span)
                    .help("write \"procedure#step-id\""),
            );
            return None;
        };
        let step_span = name.span.sub(proc_len + 1, step.len());
        match self.anchor(
            Entity::Procedure(procedure),
            &Located {
                value: step.to_string(),
                span: step_span,
            },
            diagnostics,
        )? {
            AnchorRef::Step(step) => Some(StepRef { procedure, step }),
            AnchorRef::Heading(_) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownStep,
                        format!("`{step}` is a heading, not a step"),
                    )
                    .at(step_span)
                    .help("name a step id written as {#id} in the procedure"),
                );
                None
            }
        }
    }
}

/// Inline links `[x](#anchor)` and `[x](/path.md)` in Markdown text: (range, destination).
fn other_links(text: &str) -> Vec<(Range<usize>, String)> {
    // Most texts have no such link: look before parsing.
    let candidate = text.match_indices("](").any(|(i, _)| {
        let rest = text[i + 2..].trim_start_matches([' ', '<']);
        rest.starts_with('#') || rest.starts_with('/')
    });
    if !candidate {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (event, range) in
        Parser::new_ext(text, crate::parse::markdown::options()).into_offset_iter()
    {
        if let Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            ..
        }) = event
        {
            let dest = dest_url.trim();
            let absolute_md = dest.starts_with('/')
                && !dest.starts_with("//")
                && dest
                    .split(['#', '?'])
                    .next()
                    .is_some_and(|p| p.ends_with(".md"));
            if dest.starts_with('#') || absolute_md {
                found.push((range, dest.to_string()));
            }
        }
    }
    found
}

/// Decodes `%XX` escapes; text that does not decode to UTF-8 is kept as written.
fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    match String::from_utf8(out) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(text),
    }
}

/// The relative path from the file `from` to the file `to` (both from the source folder).
fn relative_path(from: &str, to: &str) -> String {
    let mut dirs: Vec<&str> = from.split('/').collect();
    dirs.pop();
    let parts: Vec<&str> = to.split('/').collect();
    let common = dirs
        .iter()
        .zip(&parts[..parts.len().saturating_sub(1)])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; dirs.len() - common];
    out.extend(&parts[common..]);
    out.join("/")
}

/// Joins a relative link onto the directory of `from`, resolving `.` and `..`.
fn join(from: &str, link: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in link.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_percent_escapes_and_finds_relative_paths() {
        assert_eq!(super::percent_decode("%E8%81%8C%E8%B4%A3"), "职责");
        assert_eq!(super::percent_decode("100%"), "100%");
        assert_eq!(super::percent_decode("%FF"), "%FF");
        assert_eq!(
            super::relative_path("chapters/a.md", "roles/x.md"),
            "../roles/x.md"
        );
        assert_eq!(super::relative_path("roles/a.md", "roles/x.md"), "x.md");
        assert_eq!(super::relative_path("index.md", "roles/x.md"), "roles/x.md");
    }

    #[test]
    fn joins_relative_paths() {
        assert_eq!(super::join("chapters/a.md", "../roles/x.md"), "roles/x.md");
        assert_eq!(super::join("index.md", "./forms/f.md"), "forms/f.md");
    }
}
