//! The role page: duties, and generated back-links forming the new hire's reading path.

use serde::Serialize;

use super::{Ctx, Header, Link, StepLink};
use crate::model::*;

#[derive(Debug, Serialize)]
pub struct RoleView {
    pub header: Header,
    pub id: String,
    pub external: bool,
    pub supervised_by: Option<Link>,
    pub reports_to: Option<Link>,
    pub supervises: Vec<Link>,
    pub steps: Vec<StepLink>,
    pub owns: Vec<Link>,
    pub signs: Vec<Link>,
    pub scorecards: Vec<Link>,
    pub phrase_lists: Vec<Link>,
    pub quizzes: Vec<Link>,
    /// The new hire's reading list: procedures first, then forms, scorecards, phrases, quizzes.
    pub reading_path: Vec<Link>,
    /// The printable training sign-off sheet (staff roles only).
    pub signoff: Option<String>,
}

pub fn role(ctx: &Ctx, id: RoleId) -> RoleView {
    let role = ctx.book.role(id);
    let l = &role.links;
    let mut procedures: Vec<ProcedureId> = l.owns.clone();
    for s in &l.steps {
        if !procedures.contains(&s.procedure) {
            procedures.push(s.procedure);
        }
    }
    let mut reading_path: Vec<Link> = procedures
        .iter()
        .map(|&p| ctx.link(Entity::Procedure(p)))
        .collect();
    let mut forms: Vec<FormId> = Vec::new();
    for s in &l.steps {
        for f in &ctx.book.procedure(s.procedure).steps[s.step].forms {
            if !forms.contains(f) {
                forms.push(*f);
            }
        }
    }
    for f in &l.signs {
        if !forms.contains(f) {
            forms.push(*f);
        }
    }
    reading_path.extend(forms.iter().map(|&f| ctx.link(Entity::Form(f))));
    reading_path.extend(l.scorecards.iter().map(|&s| ctx.link(Entity::Scorecard(s))));
    reading_path.extend(
        l.phrase_lists
            .iter()
            .map(|&p| ctx.link(Entity::PhraseList(p))),
    );
    reading_path.extend(l.quizzes.iter().map(|&q| ctx.link(Entity::Quiz(q))));
    RoleView {
        header: ctx.header(&role.info),
        id: role.info.id.clone(),
        external: role.external,
        supervised_by: role.supervised_by.map(|r| ctx.role(r)),
        reports_to: role.reports_to.map(|r| ctx.role(r)),
        supervises: l.supervises.iter().map(|&r| ctx.role(r)).collect(),
        steps: l.steps.iter().map(|&s| ctx.step_link(s)).collect(),
        owns: l
            .owns
            .iter()
            .map(|&p| ctx.link(Entity::Procedure(p)))
            .collect(),
        signs: l.signs.iter().map(|&f| ctx.link(Entity::Form(f))).collect(),
        scorecards: l
            .scorecards
            .iter()
            .map(|&s| ctx.link(Entity::Scorecard(s)))
            .collect(),
        phrase_lists: l
            .phrase_lists
            .iter()
            .map(|&p| ctx.link(Entity::PhraseList(p)))
            .collect(),
        quizzes: l
            .quizzes
            .iter()
            .map(|&q| ctx.link(Entity::Quiz(q)))
            .collect(),
        reading_path,
        signoff: (!role.external).then(|| {
            format!(
                "{}{}",
                ctx.root,
                crate::render::urls::signoff_path(ctx.book, id)
            )
        }),
    }
}
