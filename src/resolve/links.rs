//! Resolving references inside Markdown: `[[name#anchor|label]]` and relative `.md` links.

use std::collections::HashMap;

use super::suggest;
use super::symbols::Symbols;
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
                    let Some(entity) = self.symbols.find(target, None) else {
                        diagnostics.push(self.symbols.unknown(&name, None));
                        continue;
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
                    let joined = join(relative, path);
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
                        label: String::new(),
                        wiki: false,
                    }
                }
            };
            links.push(resolved);
        }
        Markdown {
            text: md.text.clone(),
            indent: md.indent,
            links,
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
        let headings = self
            .anchors
            .headings
            .get(&entity)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let slugged = slug(wanted);
        if let Some(i) = headings
            .iter()
            .position(|h| h.anchor == slugged || h.text == wanted)
        {
            return Some(AnchorRef::Heading(i));
        }
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
    fn joins_relative_paths() {
        assert_eq!(super::join("chapters/a.md", "../roles/x.md"), "roles/x.md");
        assert_eq!(super::join("index.md", "./forms/f.md"), "forms/f.md");
    }
}
