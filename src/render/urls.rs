//! Where every entity lives in the site, and relative links between pages.

use crate::model::*;

/// The output path of an entity's page (relative to the site root), without anchor.
pub fn page_path(book: &Handbook, entity: Entity) -> String {
    match entity {
        Entity::Role(id) => format!("roles/{}.html", book.roles[id.index()].info.id),
        Entity::Procedure(id) => format!("procedures/{}.html", book.procedures[id.index()].info.id),
        Entity::Form(id) => format!("forms/{}.html", book.forms[id.index()].info.id),
        Entity::Scorecard(id) => format!("scorecards/{}.html", book.scorecards[id.index()].info.id),
        Entity::PhraseList(id) => format!("phrases/{}.html", book.phrase_lists[id.index()].info.id),
        Entity::Quiz(id) => format!("quizzes/{}.html", book.quizzes[id.index()].info.id),
        Entity::Term(_) => "glossary.html".to_string(),
        Entity::Chapter(id) => format!("{}.html", book.chapters[id.index()].path),
    }
}

/// The fragment of an anchor on an entity's page (`step-apply`, `职责`, `term-waiting-list`).
pub fn fragment(book: &Handbook, target: &Target) -> Option<String> {
    match (target.entity, target.anchor) {
        (Entity::Procedure(p), Some(AnchorRef::Step(s))) => {
            Some(step_anchor(&book.procedure(p).steps[s].id))
        }
        (entity, Some(AnchorRef::Heading(h))) => {
            book.info(entity).headings.get(h).map(|h| h.anchor.clone())
        }
        (Entity::Term(t), _) => Some(format!("term-{}", book.term(t).info.id)),
        _ => None,
    }
}

pub fn step_anchor(step_id: &str) -> String {
    format!("step-{step_id}")
}

/// The link from a page at depth `root` (e.g. `"../"`) to `target`.
pub fn href(book: &Handbook, root: &str, target: &Target) -> String {
    let mut url = format!("{root}{}", page_path(book, target.entity));
    if let Some(f) = fragment(book, target) {
        url.push('#');
        url.push_str(&f);
    }
    url
}

pub fn entity_href(book: &Handbook, root: &str, entity: Entity) -> String {
    href(
        book,
        root,
        &Target {
            entity,
            anchor: None,
        },
    )
}

pub fn step_href(book: &Handbook, root: &str, step: StepRef) -> String {
    href(
        book,
        root,
        &Target {
            entity: Entity::Procedure(step.procedure),
            anchor: Some(AnchorRef::Step(step.step)),
        },
    )
}

/// `"../"` for `roles/x.html`, `""` for `index.html`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The training sign-off sheet of a role.
pub fn signoff_path(book: &Handbook, role: RoleId) -> String {
    format!("roles/{}.signoff.html", book.role(role).info.id)
}
