//! Typed views: what each template receives. Built from the resolved handbook for one page
//! at a time; rich text arrives as finished HTML, links as finished relative URLs.

use serde::Serialize;

use super::markdown::{inline_html, to_html};
use super::urls::{entity_href, root_of, step_anchor, step_href};
use crate::model::*;
use crate::parse::{FieldType, PhraseKind};

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
        signoff: (!role.external)
            .then(|| format!("{}{}", ctx.root, super::urls::signoff_path(ctx.book, id))),
    }
}

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
                    super::markdown::plain_text(&inline_html(ctx.book, &s.text, &ctx.root))
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

#[derive(Debug, Serialize)]
pub struct FormView {
    pub header: Header,
    pub id: String,
    pub number: Option<String>,
    /// A `<style>` putting the form number into the printed footer (Chromium cannot take it
    /// from the document; see `expr::print_footer_style`).
    pub footer_style: Option<String>,
    pub notes: Vec<String>,
    pub sections: Vec<FieldSection>,
    pub signatures: Vec<SignatureView>,
    pub used_by: Vec<StepLink>,
}

#[derive(Debug, Serialize)]
pub struct FieldSection {
    pub title: Option<String>,
    pub fields: Vec<FieldView>,
}

#[derive(Debug, Serialize)]
pub struct FieldView {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    pub unit: Option<String>,
    pub hint: Option<String>,
    pub required: bool,
    pub options: Vec<String>,
    pub lines: u32,
    pub compute: Option<String>,
    pub compute_source: Option<String>,
    pub capital: bool,
}

#[derive(Debug, Serialize)]
pub struct SignatureView {
    pub label: String,
    pub role: Option<Link>,
    pub date: bool,
}

fn signatures(ctx: &Ctx, list: &[Signature]) -> Vec<SignatureView> {
    list.iter()
        .map(|s| SignatureView {
            label: s.label.clone(),
            role: s.role.map(|r| ctx.role(r)),
            date: s.date,
        })
        .collect()
}

pub fn form(ctx: &Ctx, f: &Form) -> FormView {
    let mut sections: Vec<FieldSection> = Vec::new();
    for field in &f.fields {
        let view = FieldView {
            id: field.id.clone(),
            label: field.label.clone(),
            ty: field.ty,
            unit: field.unit.clone(),
            hint: field.hint.clone(),
            required: field.required,
            options: field.options.clone(),
            lines: field.lines,
            compute: field.compute.as_ref().map(|c| c.js.clone()),
            compute_source: field.compute.as_ref().map(|c| c.source.clone()),
            capital: field.capital,
        };
        match sections.last_mut() {
            Some(s) if s.title == field.section => s.fields.push(view),
            _ => sections.push(FieldSection {
                title: field.section.clone(),
                fields: vec![view],
            }),
        }
    }
    FormView {
        header: ctx.header(&f.info),
        id: f.info.id.clone(),
        number: f.number.clone(),
        footer_style: f.number.as_deref().map(crate::expr::print_footer_style),
        notes: f.notes.clone(),
        sections,
        signatures: signatures(ctx, &f.signatures),
        used_by: f.used_by.iter().map(|&s| ctx.step_link(s)).collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct ScorecardView {
    pub header: Header,
    pub id: String,
    pub role: Option<Link>,
    pub base: u32,
    pub yuan_per_point: Option<f64>,
    pub period: Option<String>,
    pub sections: Vec<ItemSection>,
    pub bonuses: Vec<BonusView>,
    pub penalties: Vec<PenaltyView>,
    pub targets: Vec<StandardView>,
    pub signatures: Vec<SignatureView>,
}

#[derive(Debug, Serialize)]
pub struct ItemSection {
    pub title: Option<String>,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub number: usize,
    pub text: String,
    pub rules: Vec<RuleView>,
}

#[derive(Debug, Serialize)]
pub struct RuleView {
    pub deduct: f64,
    pub per: crate::parse::Per,
    pub per_label: &'static str,
    pub count_label: &'static str,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PenaltyView {
    pub text: String,
    pub ladder: Vec<String>,
    pub joint_role: Option<Link>,
    pub joint_text: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StandardView {
    pub metric: String,
    pub target: String,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct BonusView {
    pub text: String,
    pub points: Option<f64>,
}

pub fn scorecard(ctx: &Ctx, c: &Scorecard) -> ScorecardView {
    let mut sections: Vec<ItemSection> = Vec::new();
    for (i, item) in c.items.iter().enumerate() {
        let view = ItemView {
            number: i + 1,
            text: item.text.clone(),
            rules: item
                .rules
                .iter()
                .map(|r| RuleView {
                    deduct: r.deduct,
                    per: r.per,
                    per_label: r.per.label(),
                    count_label: r.per.count_label(),
                    note: r.note.clone(),
                })
                .collect(),
        };
        match sections.last_mut() {
            Some(s) if s.title == item.section => s.items.push(view),
            _ => sections.push(ItemSection {
                title: item.section.clone(),
                items: vec![view],
            }),
        }
    }
    ScorecardView {
        header: ctx.header(&c.info),
        id: c.info.id.clone(),
        role: c.role.map(|r| ctx.role(r)),
        base: c.base,
        yuan_per_point: c.yuan_per_point,
        period: c.period.clone(),
        sections,
        bonuses: c
            .bonuses
            .iter()
            .map(|b| BonusView {
                text: b.text.clone(),
                points: b.points,
            })
            .collect(),
        penalties: c
            .penalties
            .iter()
            .map(|p| PenaltyView {
                text: p.text.clone(),
                ladder: p.ladder.clone(),
                joint_role: p.joint.as_ref().and_then(|(r, _)| r.map(|r| ctx.role(r))),
                joint_text: p.joint.as_ref().map(|(_, t)| t.clone()),
            })
            .collect(),
        targets: c
            .targets
            .iter()
            .map(|t| StandardView {
                metric: t.metric.clone(),
                target: t.target.clone(),
                note: t.note.clone(),
            })
            .collect(),
        signatures: signatures(ctx, &c.signatures),
    }
}

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
pub fn groups(book: &Handbook, words: &super::i18n::Words, root: &str) -> Vec<Group> {
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

pub fn index(ctx: &Ctx, words: &super::i18n::Words) -> IndexView {
    IndexView {
        intro: ctx.md(&ctx.book.index),
        groups: groups(ctx.book, words, &ctx.root),
    }
}
