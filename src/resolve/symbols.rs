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

    /// The kind of a broken entity: `None` for kinds no typed reference names (quizzes,
    /// chapters), which only untyped `[[links]]` can reach.
    pub fn of_kind(kind: crate::load::Kind) -> Option<KindFilter> {
        use crate::load::Kind;
        match kind {
            Kind::Role => Some(KindFilter::Role),
            Kind::Procedure => Some(KindFilter::Procedure),
            Kind::Form => Some(KindFilter::Form),
            Kind::Scorecard => Some(KindFilter::Scorecard),
            Kind::Phrases => Some(KindFilter::PhraseList),
            Kind::Glossary => Some(KindFilter::Term),
            Kind::Quiz | Kind::Chapter | Kind::Summary | Kind::Index => None,
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

pub fn plural_of(entity: Entity) -> &'static str {
    match entity {
        Entity::Role(_) => "roles",
        Entity::Procedure(_) => "procedures",
        Entity::Form(_) => "forms",
        Entity::Scorecard(_) => "scorecards",
        Entity::PhraseList(_) => "phrase lists",
        Entity::Quiz(_) => "quizzes",
        Entity::Term(_) => "glossary terms",
        Entity::Chapter(_) => "chapters",
    }
}

fn same_kind(a: Entity, b: Entity) -> bool {
    std::mem::discriminant(&a) == std::mem::discriminant(&b)
}

/// How an entity claims a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Claim {
    Title,
    Alias,
    Id,
}

#[derive(Debug, Clone)]
struct Entry {
    entity: Entity,
    /// The name as written, for suggestions.
    written: String,
    span: Option<Span>,
    claim: Claim,
}

impl Entry {
    fn is_id(&self) -> bool {
        self.claim == Claim::Id
    }
}

/// What an untyped name finds.
pub enum Lookup {
    Found(Entity),
    /// An id that entities of several kinds share (and no title or alias): one per kind.
    Ambiguous(Vec<Entity>),
    Missing,
}

#[derive(Debug, Default)]
pub struct Symbols {
    by_key: HashMap<String, Vec<Entry>>,
    /// The display name of each entity, for messages.
    titles: HashMap<Entity, String>,
    /// The source path of each entity (relative to the source folder).
    paths: HashMap<Entity, String>,
    /// An entity whose id another entity of its kind already has → that entity.
    twins: HashMap<Entity, Entity>,
    /// Names (folded) of entities whose files could not be read, with their kinds.
    broken: HashMap<String, Vec<Option<KindFilter>>>,
}

/// Orders places "by path": the path's folders and file name compared in turn (the order the
/// sources are read in), then the place in the file.
fn place_key(path: &str, span: Option<Span>) -> (Vec<&str>, usize) {
    (path.split('/').collect(), span.map_or(0, |s| s.start))
}

impl Symbols {
    /// Registers an entity's id, title and aliases. A title or alias already claimed by another
    /// entity is an error that shows both places.
    ///
    /// Two entities of one kind with the same id (files of the same name in different
    /// folders, or two glossary terms) are an error too: the one whose path sorts first keeps
    /// the id, the other is reported.
    pub fn add(&mut self, entity: Entity, meta: &Meta, diagnostics: &mut Diagnostics) {
        self.titles.insert(entity, meta.title.value.clone());
        self.paths.insert(entity, meta.relative.clone());
        self.add_id(entity, meta, diagnostics);
        self.insert(
            entity,
            &meta.title.value,
            Some(meta.title.span),
            Claim::Title,
            diagnostics,
        );
        for alias in &meta.aliases {
            self.insert(
                entity,
                &alias.value,
                Some(alias.span),
                Claim::Alias,
                diagnostics,
            );
        }
    }

    fn path(&self, entity: Entity) -> &str {
        self.paths.get(&entity).map_or("", String::as_str)
    }

    fn add_id(&mut self, entity: Entity, meta: &Meta, diagnostics: &mut Diagnostics) {
        let key = name_key(&meta.id);
        if key.is_empty() {
            return;
        }
        let entry = Entry {
            entity,
            written: meta.id.clone(),
            span: Some(meta.title.span),
            claim: Claim::Id,
        };
        let entries = self.by_key.entry(key).or_default();
        let Some(at) = entries
            .iter()
            .position(|e| e.is_id() && same_kind(e.entity, entity))
        else {
            entries.push(entry);
            return;
        };
        let other = entries[at].clone();
        let new_first = place_key(&meta.relative, entry.span)
            < place_key(
                self.paths.get(&other.entity).map_or("", String::as_str),
                other.span,
            );
        let (kept, blamed) = if new_first {
            entries[at] = entry.clone();
            (entry, other)
        } else {
            (other, entry)
        };
        self.twins.insert(blamed.entity, kept.entity);
        let (kept_path, blamed_path) = (self.path(kept.entity), self.path(blamed.entity));
        let mut d = Diagnostic::new(
            Code::DuplicateId,
            format!("two {} have the id `{}`", plural_of(entity), meta.id),
        );
        if let Some(span) = blamed.span {
            d = d.at(span);
        }
        if matches!(entity, Entity::Term(_)) {
            // Glossary terms: one file.
            d = d.label("used again here").help("give each term its own id");
            if let Some(span) = kept.span {
                d = d.secondary(span, "first used here");
            }
        } else {
            d = d
                .label(format!(
                    "`{blamed_path}` has the id `{}` from its file name",
                    meta.id
                ))
                .help(format!(
                    "ids come from file names and must differ within a kind, sub-folders or not; \
                     rename one file (`{kept_path}` keeps the id: its path sorts first)"
                ));
            if let Some(span) = kept.span {
                d = d.secondary(span, format!("`{kept_path}` has it too"));
            }
        }
        diagnostics.push(d);
    }

    fn insert(
        &mut self,
        entity: Entity,
        name: &str,
        span: Option<Span>,
        claim: Claim,
        diagnostics: &mut Diagnostics,
    ) {
        let key = name_key(name);
        if key.is_empty() {
            return;
        }
        let entry = Entry {
            entity,
            written: name.to_string(),
            span,
            claim,
        };
        let entries = self.by_key.entry(key).or_default();
        let Some(at) = entries
            .iter()
            .position(|e| !e.is_id() && e.entity != entity)
        else {
            entries.push(entry);
            return;
        };
        let other = entries[at].clone();
        // A copy of a file under another folder is reported once, as a duplicate id.
        if self.twins.get(&entity) == Some(&other.entity)
            || self.twins.get(&other.entity) == Some(&entity)
        {
            return;
        }
        // Who is to blame: an alias that repeats another entity's title, else whichever
        // sorts later by path.
        let blame_new = match (other.claim, claim) {
            (Claim::Title, Claim::Alias) => true,
            (Claim::Alias, Claim::Title) => false,
            _ => {
                place_key(
                    self.paths.get(&other.entity).map_or("", String::as_str),
                    other.span,
                ) <= place_key(self.paths.get(&entity).map_or("", String::as_str), span)
            }
        };
        let (kept, blamed) = if blame_new {
            (other, entry)
        } else {
            entries[at] = entry.clone();
            (entry, other)
        };
        let message = if same_kind(kept.entity, blamed.entity) {
            format!(
                "the name `{name}` is claimed by two {}",
                plural_of(kept.entity)
            )
        } else {
            format!(
                "the name `{name}` is claimed by a {} and a {}",
                noun_of(kept.entity),
                noun_of(blamed.entity)
            )
        };
        let as_what = |c: Claim| {
            if c == Claim::Title {
                "the title"
            } else {
                "an alias"
            }
        };
        let (kept_path, blamed_path) = (self.path(kept.entity), self.path(blamed.entity));
        let help = if kept.claim == Claim::Title && blamed.claim == Claim::Alias {
            format!(
                "`{name}` is the title of `{kept_path}`; remove this alias, or rename one of them"
            )
        } else if kept_path != blamed_path {
            format!(
                "every title and alias must name one thing only; rename one of them \
                 (reported here because `{blamed_path}` sorts after `{kept_path}`)"
            )
        } else {
            "every title and alias must name one thing only; rename one of them".to_string()
        };
        let mut d = Diagnostic::new(Code::DuplicateName, message)
            .label(format!("claimed again here, as {}", as_what(blamed.claim)))
            .help(help);
        if let Some(span) = blamed.span {
            d = d.at(span);
        }
        if let Some(first) = kept.span {
            d = d.secondary(first, format!("{} of `{kept_path}`", as_what(kept.claim)));
        }
        diagnostics.push(d);
    }

    /// Whether `entity` lost its id to another entity of its kind (a duplicate id, reported).
    pub fn is_twin(&self, entity: Entity) -> bool {
        self.twins.contains_key(&entity)
    }

    /// Registers an entity whose file could not be read: its names stay known, so references
    /// to it are not reported (its file already was).
    pub fn add_broken(&mut self, kind: Option<KindFilter>, names: &[String], id: &str) {
        for name in names.iter().map(String::as_str).chain([id]) {
            let key = name_key(name);
            if !key.is_empty() {
                self.broken.entry(key).or_default().push(kind);
            }
        }
    }

    /// Whether `name` names an entity whose file could not be read (of `filter`'s kind, or
    /// of any kind when `None`).
    pub fn is_broken(&self, name: &str, filter: Option<KindFilter>) -> bool {
        self.broken
            .get(&name_key(name))
            .is_some_and(|kinds| filter.is_none() || kinds.contains(&filter))
    }

    /// Looks up an untyped name (a `[[link]]`). A title or alias names one entity; an id
    /// that entities of several kinds share (a role and its scorecard) is ambiguous.
    pub fn lookup(&self, name: &str) -> Lookup {
        let Some(entries) = self.by_key.get(&name_key(name)) else {
            return Lookup::Missing;
        };
        if let Some(e) = entries
            .iter()
            .filter(|e| !e.is_id())
            .min_by_key(|e| e.entity)
        {
            return Lookup::Found(e.entity);
        }
        let mut ids: Vec<Entity> = entries.iter().map(|e| e.entity).collect();
        ids.sort();
        ids.dedup();
        match ids.len() {
            0 => Lookup::Missing,
            1 => Lookup::Found(ids[0]),
            _ => Lookup::Ambiguous(ids),
        }
    }

    pub fn title(&self, entity: Entity) -> &str {
        self.titles.get(&entity).map_or("", String::as_str)
    }

    /// Looks a name up without reporting anything. Titles and aliases win over ids; among ids
    /// (which may repeat across kinds, e.g. a role and its scorecard), the first kind wins, so
    /// untyped `[[links]]` use [`Symbols::lookup`], which reports that case as ambiguous.
    pub fn find(&self, name: &str, filter: Option<KindFilter>) -> Option<Entity> {
        let entries = self.by_key.get(&name_key(name))?;
        let accepted = |e: &&Entry| filter.is_none_or(|f| f.accepts(e.entity));
        entries
            .iter()
            .filter(accepted)
            .min_by_key(|e| (e.is_id(), e.entity))
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
        // Its file was reported as unreadable; saying the name is unknown would be false.
        if self.is_broken(&name.value, Some(filter)) {
            return None;
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
            .map(|e| (e.is_id(), e.written.clone()))
            .collect();
        out.sort();
        out.into_iter().map(|(_, w)| w).collect()
    }
}
