//! The procedure page: steps with their roles, deadlines, forms and branches.

use serde::Serialize;

use super::{Ctx, Header, Link};
use crate::model::*;
use crate::render::markdown::{inline_html, plain_text};
use crate::render::urls::{entity_href, step_anchor, step_href};

#[derive(Debug, Serialize)]
pub struct ProcedureView {
    pub header: Header,
    pub id: String,
    pub owner: Option<Link>,
    pub intro: String,
    pub outro: String,
    pub steps: Vec<StepView>,
    pub lanes: Vec<LaneView>,
    pub forms: Vec<Link>,
    pub referenced_by: Vec<Link>,
    /// The inline SVG swimlane diagram.
    pub flowchart: String,
}

#[derive(Debug, Serialize)]
pub struct LaneView {
    pub id: String,
    pub title: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub id: String,
    pub anchor: String,
    pub number: usize,
    /// Each performer: one link, or several alternatives.
    pub performers: Vec<Vec<Link>>,
    /// Space-separated role ids, for `data-roles`.
    pub role_ids: String,
    pub text: String,
    pub details: Option<String>,
    pub notes: Vec<String>,
    pub deadline: Option<String>,
    pub forms: Vec<Link>,
    pub systems: Vec<Link>,
    pub decision: bool,
    pub branches: Vec<BranchView>,
    /// Where a non-decision step goes when that is not simply the next step.
    pub goto: Option<BranchView>,
}

#[derive(Debug, Serialize)]
pub struct BranchView {
    pub label: String,
    pub target: String,
    pub href: Option<String>,
    pub is_loop: bool,
    pub is_end: bool,
}

fn goto_view(
    ctx: &Ctx,
    procedure: &Procedure,
    goto: Goto,
    label: &str,
    is_loop: bool,
    end_word: &str,
) -> BranchView {
    let (target, href, is_end) = match goto {
        Goto::Step(i) => {
            let s = &procedure.steps[i];
            (
                format!(
                    "{}. {}",
                    s.number,
                    plain_text(&inline_html(ctx.book, &s.text, &ctx.root))
                ),
                Some(format!("#{}", step_anchor(&s.id))),
                false,
            )
        }
        Goto::End => (end_word.to_string(), None, true),
        Goto::Procedure { procedure: p, step } => {
            let title = ctx.book.procedure(p).info.title.clone();
            let href = match step {
                Some(s) => step_href(
                    ctx.book,
                    &ctx.root,
                    StepRef {
                        procedure: p,
                        step: s,
                    },
                ),
                None => entity_href(ctx.book, &ctx.root, Entity::Procedure(p)),
            };
            (title, Some(href), false)
        }
    };
    BranchView {
        label: label.to_string(),
        target,
        href,
        is_loop,
        is_end,
    }
}

pub fn procedure(ctx: &Ctx, p: &Procedure, end_word: &str, flowchart: String) -> ProcedureView {
    let mut lanes: Vec<RoleId> = Vec::new();
    for s in &p.steps {
        if let Some(r) = s.lane() {
            if !lanes.contains(&r) {
                lanes.push(r);
            }
        }
    }
    let mut forms: Vec<FormId> = Vec::new();
    for s in &p.steps {
        for f in &s.forms {
            if !forms.contains(f) {
                forms.push(*f);
            }
        }
    }
    let steps = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (decision, branches, goto) = match &s.flow {
                Flow::Decision(bs) => (
                    true,
                    bs.iter()
                        .map(|b| goto_view(ctx, p, b.goto, &b.label, b.is_loop, end_word))
                        .collect(),
                    None,
                ),
                Flow::Next(Goto::Step(n)) if *n == i + 1 => (false, Vec::new(), None),
                Flow::Next(Goto::End) if i + 1 == p.steps.len() => (false, Vec::new(), None),
                Flow::Next(g) => (
                    false,
                    Vec::new(),
                    Some(goto_view(ctx, p, *g, "", false, end_word)),
                ),
            };
            let mut role_ids: Vec<String> = Vec::new();
            for r in s.roles() {
                let id = ctx.book.role(r).info.id.clone();
                if !role_ids.contains(&id) {
                    role_ids.push(id);
                }
            }
            StepView {
                id: s.id.clone(),
                anchor: step_anchor(&s.id),
                number: s.number,
                performers: s
                    .performers
                    .iter()
                    .map(|alts| alts.iter().map(|&r| ctx.role(r)).collect())
                    .collect(),
                role_ids: role_ids.join(" "),
                text: inline_html(ctx.book, &s.text, &ctx.root),
                details: s.details.as_ref().map(|d| ctx.md(d)),
                notes: s
                    .notes
                    .iter()
                    .map(|n| inline_html(ctx.book, n, &ctx.root))
                    .collect(),
                deadline: s.deadline.clone(),
                forms: s.forms.iter().map(|&f| ctx.link(Entity::Form(f))).collect(),
                systems: s
                    .systems
                    .iter()
                    .map(|&t| ctx.link(Entity::Term(t)))
                    .collect(),
                decision,
                branches,
                goto,
            }
        })
        .collect();
    ProcedureView {
        header: ctx.header(&p.info),
        id: p.info.id.clone(),
        owner: p.owner.map(|r| ctx.role(r)),
        intro: ctx.md(&p.intro),
        outro: ctx.md(&p.outro),
        steps,
        lanes: lanes
            .iter()
            .map(|&r| LaneView {
                id: ctx.book.role(r).info.id.clone(),
                title: ctx.book.role(r).info.title.clone(),
                href: entity_href(ctx.book, &ctx.root, Entity::Role(r)),
            })
            .collect(),
        forms: forms.iter().map(|&f| ctx.link(Entity::Form(f))).collect(),
        referenced_by: p
            .referenced_by
            .iter()
            .map(|&q| ctx.link(Entity::Procedure(q)))
            .collect(),
        flowchart,
    }
}
