//! Phrase lists, quizzes, the glossary and free chapters.

use serde::Serialize;

use super::{Ctx, Header, Link, StepLink};
use crate::model::*;
use crate::parse::PhraseKind;

#[derive(Debug, Serialize)]
pub struct PhrasesView {
    pub header: Header,
    pub kind: PhraseKind,
    pub applies_to: Vec<Link>,
    pub editorial: bool,
    pub phrases: Vec<PhraseView>,
}

#[derive(Debug, Serialize)]
pub struct PhraseView {
    pub number: usize,
    pub text: String,
    pub why: Option<String>,
    pub instead: Vec<String>,
    pub note: Option<String>,
}

pub fn phrases(ctx: &Ctx, l: &PhraseList) -> PhrasesView {
    PhrasesView {
        header: ctx.header(&l.info),
        kind: l.kind,
        applies_to: l.applies_to.iter().map(|&r| ctx.role(r)).collect(),
        editorial: l.editorial,
        phrases: l
            .phrases
            .iter()
            .enumerate()
            .map(|(i, p)| PhraseView {
                number: i + 1,
                text: p.text.clone(),
                why: p.why.clone(),
                instead: p.instead.clone(),
                note: p.note.clone(),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct QuizView {
    pub header: Header,
    pub roles: Vec<Link>,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Serialize)]
pub struct QuestionView {
    pub number: usize,
    pub q: String,
    pub options: Vec<OptionView>,
    pub answer: String,
    pub explain: Option<String>,
    pub step: Option<StepLink>,
}

#[derive(Debug, Serialize)]
pub struct OptionView {
    pub letter: char,
    pub text: String,
    pub correct: bool,
}

pub fn quiz(ctx: &Ctx, q: &Quiz) -> QuizView {
    QuizView {
        header: ctx.header(&q.info),
        roles: q.roles.iter().map(|&r| ctx.role(r)).collect(),
        questions: q
            .questions
            .iter()
            .enumerate()
            .map(|(i, question)| QuestionView {
                number: i + 1,
                q: question.q.clone(),
                options: question
                    .options
                    .iter()
                    .enumerate()
                    .map(|(j, text)| OptionView {
                        letter: (b'A' + j as u8) as char,
                        text: text.clone(),
                        correct: question.correct.contains(&j),
                    })
                    .collect(),
                answer: question.answer.clone(),
                explain: question.explain.as_ref().map(|e| ctx.md(e)),
                step: question.step.map(|s| ctx.step_link(s)),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct GlossaryView {
    pub title: String,
    pub intro: String,
    pub terms: Vec<TermView>,
}

#[derive(Debug, Serialize)]
pub struct TermView {
    pub anchor: String,
    pub term: String,
    pub aliases: Vec<String>,
    pub definition: String,
    pub source: Option<String>,
}

pub fn glossary(ctx: &Ctx, title: &str) -> GlossaryView {
    let book = ctx.book;
    GlossaryView {
        title: book
            .glossary_title
            .clone()
            .unwrap_or_else(|| title.to_string()),
        intro: ctx.md(&book.glossary_intro),
        terms: book
            .terms
            .iter()
            .map(|t| TermView {
                anchor: format!("term-{}", t.info.id),
                term: t.info.title.clone(),
                aliases: t.info.aliases.clone(),
                definition: ctx.md(&t.info.body),
                source: t.info.source.clone(),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct ChapterView {
    pub header: Header,
    pub previous: Option<Link>,
    pub next: Option<Link>,
}

pub fn chapter(ctx: &Ctx, index: usize) -> ChapterView {
    let chapters = &ctx.book.chapters;
    let link = |i: usize| ctx.link(Entity::Chapter(ChapterId::from_index(i)));
    ChapterView {
        header: ctx.header(&chapters[index].info),
        previous: index.checked_sub(1).map(link),
        next: (index + 1 < chapters.len()).then(|| link(index + 1)),
    }
}
