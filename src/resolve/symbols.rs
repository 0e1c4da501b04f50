//! The symbol table: every id, title and alias, folded, mapped to the entity it names.

use std::collections::HashMap;

use super::suggest;
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::fold::name_key;
use crate::model::*;
use crate::parse::{Meta, Name};

/// The kinds a reference may name; `None` in a lookup means any kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindFilter {
    Role,
    Procedure,
    Form,
    Scorecard,
    PhraseList,
    Term,
}

impl KindFilter {
    pub fn of(entity: Entity) -> Option<KindFilter> {
        Some(match entity {
            Entity::Role(_) => KindFilter::Role,
            Entity::Procedure(_) => KindFilter::Procedure,
            Entity::Form(_) => KindFilter::Form,
            Entity::Scorecard(_) => KindFilter::Scorecard,
            Entity::PhraseList(_) => KindFilter::PhraseList,
            Entity::Term(_) => KindFilter::Term,
            Entity::Quiz(_) | Entity::Chapter(_) => return None,
        })
    }

    fn accepts(self, entity: Entity) -> bool {
        matches!(
            (self, entity),
            (KindFilter::Role, Entity::Role(_))
                | (KindFilter::Procedure, Entity::Procedure(_))
                | (KindFilter::Form, Entity::Form(_))
                | (KindFilter::Scorecard, Entity::Scorecard(_))
                | (KindFilter::PhraseList, Entity::PhraseList(_))
                | (KindFilter::Term, Entity::Term(_))
        )
    }

    fn unknown_code(self) -> Code {
        match self {
            KindFilter::Role => Code::UnknownRole,
            KindFilter::Procedure => Code::UnknownProcedure,
            KindFilter::Form => Code::UnknownForm,
            KindFilter::Scorecard => Code::UnknownScorecard,
            KindFilter::PhraseList => Code::UnknownPhraseList,
            KindFilter::Term => Code::UnknownTerm,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            KindFilter::Role => "role",
            KindFilter::Procedure => "procedure",
            KindFilter::Form => "form",
            KindFilter::Scorecard => "scorecard",
            KindFilter::PhraseList => "phrase list",
            KindFilter::Term => "glossary term",
        }
    }

    fn folder(self) -> &'static str {
        match self {
            KindFilter::Role => "roles/",
            KindFilter::Procedure => "procedures/",
            KindFilter::Form => "forms/",
            KindFilter::Scorecard => "scorecards/",
            KindFilter::PhraseList => "phrases/",
            KindFilter::Term => "glossary.md",
        }
    }
}

pub fn noun_of(entity: Entity) -> &'static str {
    match entity {
        Entity::Role(_) => "role",
        Entity::Procedure(_) => "procedure",
        Entity::Form(_) => "form",
        Entity::Scorecard(_) => "scorecard",
        Entity::PhraseList(_) => "phrase list",
        Entity::Quiz(_) => "quiz",
        Entity::Term(_) => "glossary term",
        Entity::Chapter(_) => "chapter",
    }
}

#[derive(Debug, Clone)]
struct Entry {
    entity: Entity,
    /// The name as written, for suggestions.
    written: String,
    span: Option<Span>,
    is_id: bool,
}

#[derive(Debug, Default)]
pub struct Symbols {
    by_key: HashMap<String, Vec<Entry>>,
    /// The display name of each entity, for messages.
    titles: HashMap<Entity, String>,
}

impl Symbols {
    /// Registers an entity's id, title and aliases. A title or alias already claimed by another
    /// entity is an error that shows both places.
    pub fn add(&mut self, entity: Entity, meta: &Meta, diagnostics: &mut Diagnostics) {
        self.titles.insert(entity, meta.title.value.clone());
        self.insert(entity, &meta.id, None, true, diagnostics);
        self.insert(
            entity,
            &meta.title.value,
            Some(meta.title.span),
            false,
            diagnostics,
        );
        for alias in &meta.aliases {
            self.insert(entity, &alias.value, Some(alias.span), false, diagnostics);
        }
    }

    fn insert(
        &mut self,
        entity: Entity,
        name: &str,
        span: Option<Span>,
        is_id: bool,
        diagnostics: &mut Diagnostics,
    ) {
        let key = name_key(name);
        if key.is_empty() {
            return;
        }
        let entries = self.by_key.entry(key).or_default();
        if !is_id {
            if let Some(other) = entries.iter().find(|e| !e.is_id && e.entity != entity) {
                let mut d = Diagnostic::new(
                    Code::DuplicateName,
                    format!(
                        "the name `{name}` is claimed by a {} and a {}",
                        noun_of(other.entity),
                        noun_of(entity)
                    ),
                )
                .label("claimed again here")
                .help("every title and alias must name one thing only; rename one of them");
                if let Some(span) = span {
                    d = d.at(span);
                }
                if let Some(first) = other.span {
                    d = d.secondary(first, "first claimed here");
                }
                diagnostics.push(d);
                return;
            }
        }
        entries.push(Entry {
            entity,
            written: name.to_string(),
            span,
            is_id,
        });
    }

    pub fn title(&self, entity: Entity) -> &str {
        self.titles.get(&entity).map_or("", String::as_str)
    }

    /// Looks a name up without reporting anything. Titles and aliases win over ids; among ids
    /// (which may repeat across kinds, e.g. a role and its scorecard), the first kind wins.
    pub fn find(&self, name: &str, filter: Option<KindFilter>) -> Option<Entity> {
        let entries = self.by_key.get(&name_key(name))?;
        let accepted = |e: &&Entry| filter.is_none_or(|f| f.accepts(e.entity));
        entries
            .iter()
            .filter(accepted)
            .min_by_key(|e| (e.is_id, e.entity))
            .map(|e| e.entity)
    }

    /// Resolves a reference of a known kind, reporting unknown names with suggestions and
    /// names of the wrong kind.
    pub fn resolve(
        &self,
        name: &Name,
        filter: KindFilter,
        diagnostics: &mut Diagnostics,
    ) -> Option<Entity> {
        if let Some(entity) = self.find(&name.value, Some(filter)) {
            return Some(entity);
        }
        if let Some(other) = self.find(&name.value, None) {
            diagnostics.push(
                Diagnostic::new(
                    Code::WrongKind,
                    format!(
                        "`{}` is a {}, not a {}",
                        name.value,
                        noun_of(other),
                        filter.noun()
                    ),
                )
                .at(name.span)
                .label(format!("expected a {}", filter.noun())),
            );
            return None;
        }
        diagnostics.push(self.unknown(name, Some(filter)));
        None
    }

    /// The diagnostic for a name that matches nothing.
    pub fn unknown(&self, name: &Name, filter: Option<KindFilter>) -> Diagnostic {
        let candidates = self.candidates(filter);
        let suggestions = suggest::ranked(&name.value, candidates.iter().map(String::as_str), 3);
        // An untyped `[[link]]` takes the kind of its likeliest meaning, so a misspelt
        // scorecard is reported as `unknown-scorecard`.
        let filter = filter.or_else(|| {
            let best = self.find(suggestions.first()?, None)?;
            KindFilter::of(best)
        });
        let (code, noun) = match filter {
            Some(f) => (f.unknown_code(), f.noun()),
            None => (Code::UnknownReference, "page"),
        };
        let mut d = Diagnostic::new(code, format!("unknown {noun} `{}`", name.value))
            .at(name.span)
            .label(format!("no {noun} has this id, title or alias"));
        let glued = suggestions.iter().find(|s| {
            let (written, known) = (name_key(&name.value), name_key(s));
            written.starts_with(&known) && written.chars().count() >= known.chars().count() + 2
        });
        if let (Some(KindFilter::Role), Some(prefix)) = (filter, glued) {
            d = d.help(format!(
                "if the role is `{prefix}`, put a space after it: `@{prefix} {}`",
                &name.value[prefix.len().min(name.value.len())..]
            ));
        } else if suggestions.is_empty() {
            let hint = match filter {
                Some(f) => format!("create it in {} or check the spelling", f.folder()),
                None => "check the spelling, or create the page".to_string(),
            };
            d = d.help(hint);
        }
        d.suggest(suggestions)
    }

    /// Every name (as written) of the accepted kinds, titles first.
    fn candidates(&self, filter: Option<KindFilter>) -> Vec<String> {
        let mut out: Vec<(bool, String)> = self
            .by_key
            .values()
            .flatten()
            .filter(|e| filter.is_none_or(|f| f.accepts(e.entity)))
            .map(|e| (e.is_id, e.written.clone()))
            .collect();
        out.sort();
        out.into_iter().map(|(_, w)| w).collect()
    }
}
