//! Typed views: what each template receives. Built from the resolved handbook for one page
//! at a time; rich text arrives as finished HTML, links as finished relative URLs.
//!
//! One file per family of pages: [`role`], [`procedure`], [`sheets`] (forms, scorecards and
//! sign-off sheets), [`pages`] (phrase lists, quizzes, glossary, chapters) and [`index`].

mod index;
mod pages;
mod procedure;
mod role;
mod sheets;

pub use index::*;
pub use pages::*;
pub use procedure::*;
pub use role::*;
pub use sheets::*;

use serde::Serialize;

use super::markdown::{inline_html, to_html};
use super::urls::{entity_href, root_of, step_href};
use crate::model::*;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub href: String,
}

/// A step seen from elsewhere (a role's page, a form's page, a quiz answer).
#[derive(Debug, Clone, Serialize)]
pub struct StepLink {
    pub procedure: String,
    pub number: usize,
    pub text: String,
    pub href: String,
    pub deadline: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

/// What every page shows in its header.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub title: String,
    pub aliases: Vec<String>,
    pub summary: Option<String>,
    pub source: Option<String>,
    pub body: String,
    pub toc: Vec<TocEntry>,
}

pub struct Ctx<'a> {
    pub book: &'a Handbook,
    pub root: String,
}

impl<'a> Ctx<'a> {
    pub fn for_path(book: &'a Handbook, path: &str) -> Self {
        Ctx {
            book,
            root: root_of(path),
        }
    }

    pub fn link(&self, entity: Entity) -> Link {
        Link {
            title: self.book.title(entity).to_string(),
            href: entity_href(self.book, &self.root, entity),
        }
    }

    pub fn role(&self, id: RoleId) -> Link {
        self.link(Entity::Role(id))
    }

    pub fn step_link(&self, at: StepRef) -> StepLink {
        let procedure = self.book.procedure(at.procedure);
        let step = &procedure.steps[at.step];
        StepLink {
            procedure: procedure.info.title.clone(),
            number: step.number,
            text: super::markdown::plain_text(&inline_html(self.book, &step.text, &self.root)),
            href: step_href(self.book, &self.root, at),
            deadline: step.deadline.clone(),
        }
    }

    pub fn header(&self, info: &Info) -> Header {
        Header {
            title: info.title.clone(),
            aliases: info.aliases.clone(),
            summary: info.summary.clone(),
            source: info.source.clone(),
            body: to_html(self.book, &info.body, &self.root, &info.headings),
            toc: info
                .headings
                .iter()
                .filter(|h| h.level == 2)
                .map(|h| TocEntry {
                    level: h.level,
                    text: h.text.clone(),
                    anchor: h.anchor.clone(),
                })
                .collect(),
        }
    }

    fn md(&self, md: &Markdown) -> String {
        to_html(self.book, md, &self.root, &[])
    }
}
