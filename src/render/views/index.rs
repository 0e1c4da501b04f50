//! The home page, and the site's table of contents shared with the navigation script.

use serde::Serialize;

use super::Ctx;
use crate::model::*;
use crate::render::urls::entity_href;

#[derive(Debug, Serialize)]
pub struct IndexView {
    pub intro: String,
    pub groups: Vec<Group>,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub label: String,
    pub kind: &'static str,
    pub items: Vec<IndexItem>,
}

#[derive(Debug, Serialize)]
pub struct IndexItem {
    pub title: String,
    pub href: String,
    pub summary: Option<String>,
}

/// The site's table of contents, shared by the home page and the navigation script.
pub fn groups(book: &Handbook, words: &crate::render::i18n::Words, root: &str) -> Vec<Group> {
    let item = |entity: Entity| {
        let info = book.info(entity);
        IndexItem {
            title: info.title.clone(),
            href: entity_href(book, root, entity),
            summary: info.summary.clone(),
        }
    };
    let mut groups = vec![
        Group {
            label: words.chapters.into(),
            kind: "chapter",
            items: (0..book.chapters.len())
                .map(|i| item(Entity::Chapter(ChapterId::from_index(i))))
                .collect(),
        },
        Group {
            label: words.procedures.into(),
            kind: "procedure",
            items: (0..book.procedures.len())
                .map(|i| item(Entity::Procedure(ProcedureId::from_index(i))))
                .collect(),
        },
        Group {
            label: words.roles.into(),
            kind: "role",
            items: (0..book.roles.len())
                .map(|i| item(Entity::Role(RoleId::from_index(i))))
                .collect(),
        },
        Group {
            label: words.forms.into(),
            kind: "form",
            items: (0..book.forms.len())
                .map(|i| item(Entity::Form(FormId::from_index(i))))
                .collect(),
        },
        Group {
            label: words.scorecards.into(),
            kind: "scorecard",
            items: (0..book.scorecards.len())
                .map(|i| item(Entity::Scorecard(ScorecardId::from_index(i))))
                .collect(),
        },
        Group {
            label: words.phrases.into(),
            kind: "phrases",
            items: (0..book.phrase_lists.len())
                .map(|i| item(Entity::PhraseList(PhraseListId::from_index(i))))
                .collect(),
        },
        Group {
            label: words.quizzes.into(),
            kind: "quiz",
            items: (0..book.quizzes.len())
                .map(|i| item(Entity::Quiz(QuizId::from_index(i))))
                .collect(),
        },
    ];
    if !book.terms.is_empty() {
        groups.push(Group {
            label: words.glossary.into(),
            kind: "glossary",
            items: vec![IndexItem {
                title: words.glossary.into(),
                href: format!("{root}glossary.html"),
                summary: None,
            }],
        });
    }
    groups.retain(|g| !g.items.is_empty());
    groups
}

pub fn index(ctx: &Ctx, words: &crate::render::i18n::Words) -> IndexView {
    IndexView {
        intro: ctx.md(&ctx.book.index),
        groups: groups(ctx.book, words, &ctx.root),
    }
}
