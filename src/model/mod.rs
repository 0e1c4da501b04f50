//! The resolved handbook: every reference is a typed id known to exist.
//!
//! Built only by `resolve`; `render` accepts nothing else, so a page can never link to
//! something that is not there.

mod ids;

pub use ids::*;

use crate::parse::{FieldType, Per, PhraseKind};

/// Markdown whose links are resolved. `links` are ranges of `text` with their targets;
/// rendering replaces each range with a link to the target.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    pub text: String,
    pub indent: usize,
    pub links: Vec<ResolvedLink>,
}

impl Markdown {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct ResolvedLink {
    pub range: std::ops::Range<usize>,
    pub target: Target,
    /// The link text: the `|label`, else the target as written.
    pub label: String,
    /// `false` for a Markdown link `[text](x.md)`, whose range only needs its URL replaced.
    pub wiki: bool,
}

/// Where a resolved link points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Target {
    pub entity: Entity,
    pub anchor: Option<AnchorRef>,
}

/// An anchor on the target page: a step of a procedure or a heading (by index into the
/// page's headings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnchorRef {
    Step(usize),
    Heading(usize),
}

/// What a name can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Role(RoleId),
    Procedure(ProcedureId),
    Form(FormId),
    Scorecard(ScorecardId),
    PhraseList(PhraseListId),
    Quiz(QuizId),
    Term(TermId),
    Chapter(ChapterId),
}

/// Title, aliases and provenance: what every page shows in its header.
#[derive(Debug, Clone)]
pub struct Info {
    pub id: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub summary: Option<String>,
    pub source: Option<String>,
    pub body: Markdown,
    /// Heading anchors of the body, in order (for the page's table of contents).
    pub headings: Vec<crate::parse::markdown::Heading>,
}

#[derive(Debug, Clone)]
pub struct Role {
    pub info: Info,
    pub supervised_by: Option<RoleId>,
    pub reports_to: Option<RoleId>,
    pub external: bool,
    /// Back-links, filled by the resolver: what this role does and what applies to it.
    pub links: RoleLinks,
}

#[derive(Debug, Clone, Default)]
pub struct RoleLinks {
    pub steps: Vec<StepRef>,
    pub owns: Vec<ProcedureId>,
    pub signs: Vec<FormId>,
    pub scorecards: Vec<ScorecardId>,
    pub phrase_lists: Vec<PhraseListId>,
    pub quizzes: Vec<QuizId>,
    pub supervises: Vec<RoleId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StepRef {
    pub procedure: ProcedureId,
    pub step: usize,
}

#[derive(Debug, Clone)]
pub struct Procedure {
    pub info: Info,
    pub owner: Option<RoleId>,
    pub intro: Markdown,
    pub outro: Markdown,
    pub steps: Vec<Step>,
    /// Procedures that jump here.
    pub referenced_by: Vec<ProcedureId>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    pub number: usize,
    /// Each performer is one role or several alternatives (`@财务/@前台`).
    pub performers: Vec<Vec<RoleId>>,
    pub text: Markdown,
    pub details: Option<Markdown>,
    pub notes: Vec<Markdown>,
    pub deadline: Option<String>,
    pub forms: Vec<FormId>,
    pub systems: Vec<TermId>,
    pub flow: Flow,
}

impl Step {
    /// The role whose lane the step is drawn in.
    pub fn lane(&self) -> Option<RoleId> {
        self.performers.first().and_then(|p| p.first()).copied()
    }

    pub fn roles(&self) -> impl Iterator<Item = RoleId> + '_ {
        self.performers.iter().flatten().copied()
    }
}

/// Where a step goes next.
#[derive(Debug, Clone)]
pub enum Flow {
    /// To one place: the next step, a jump, or the end.
    Next(Goto),
    /// A decision: one labelled branch per outcome.
    Decision(Vec<Branch>),
}

#[derive(Debug, Clone)]
pub struct Branch {
    pub label: String,
    pub goto: Goto,
    /// Marked `↺` by the author: a deliberate loop back.
    pub is_loop: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goto {
    Step(usize),
    End,
    Procedure {
        procedure: ProcedureId,
        step: Option<usize>,
    },
}

#[derive(Debug, Clone)]
pub struct Form {
    pub info: Info,
    pub number: Option<String>,
    pub notes: Vec<String>,
    pub fields: Vec<Field>,
    pub signatures: Vec<Signature>,
    /// The steps that use this form.
    pub used_by: Vec<StepRef>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: String,
    pub label: String,
    pub ty: FieldType,
    pub section: Option<String>,
    pub unit: Option<String>,
    pub hint: Option<String>,
    pub required: bool,
    pub options: Vec<String>,
    pub lines: u32,
    pub compute: Option<Compute>,
    /// 人民币大写 beside the field (always for computed money).
    pub capital: bool,
}

/// A checked expression, in the source form and compiled for the browser.
#[derive(Debug, Clone)]
pub struct Compute {
    pub source: String,
    pub js: String,
    /// The fields the expression reads.
    pub deps: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Signature {
    pub label: String,
    pub role: Option<RoleId>,
    pub date: bool,
}

#[derive(Debug, Clone)]
pub struct Scorecard {
    pub info: Info,
    pub role: Option<RoleId>,
    pub base: u32,
    pub yuan_per_point: Option<f64>,
    pub period: Option<String>,
    pub items: Vec<ScoreItem>,
    pub bonuses: Vec<Bonus>,
    pub penalties: Vec<Penalty>,
    pub targets: Vec<Standard>,
    pub signatures: Vec<Signature>,
}

#[derive(Debug, Clone)]
pub struct ScoreItem {
    pub text: String,
    pub section: Option<String>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub deduct: f64,
    pub per: Per,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Bonus {
    pub text: String,
    pub points: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Penalty {
    pub text: String,
    pub ladder: Vec<String>,
    pub joint: Option<(Option<RoleId>, String)>,
}

#[derive(Debug, Clone)]
pub struct Standard {
    pub metric: String,
    pub target: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PhraseList {
    pub info: Info,
    pub kind: PhraseKind,
    pub applies_to: Vec<RoleId>,
    pub editorial: bool,
    pub phrases: Vec<Phrase>,
}

#[derive(Debug, Clone)]
pub struct Phrase {
    pub text: String,
    pub why: Option<String>,
    pub instead: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Quiz {
    pub info: Info,
    pub roles: Vec<RoleId>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub q: String,
    pub options: Vec<String>,
    /// Indices of the right options; empty for a free-text answer.
    pub correct: Vec<usize>,
    pub answer: String,
    pub explain: Option<Markdown>,
    pub step: Option<StepRef>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub info: Info,
}

#[derive(Debug, Clone)]
pub struct Chapter {
    pub info: Info,
    /// `chapters/principles` (the output path without `.html`).
    pub path: String,
}

/// The whole resolved handbook.
#[derive(Debug, Clone, Default)]
pub struct Handbook {
    pub roles: Vec<Role>,
    pub procedures: Vec<Procedure>,
    pub forms: Vec<Form>,
    pub scorecards: Vec<Scorecard>,
    pub phrase_lists: Vec<PhraseList>,
    pub quizzes: Vec<Quiz>,
    pub terms: Vec<Term>,
    pub glossary_title: Option<String>,
    pub glossary_intro: Markdown,
    /// In reading order (SUMMARY.md first, then by path).
    pub chapters: Vec<Chapter>,
    pub index: Markdown,
    pub static_files: Vec<(String, std::path::PathBuf)>,
}

impl Handbook {
    pub fn role(&self, id: RoleId) -> &Role {
        &self.roles[id.index()]
    }

    pub fn procedure(&self, id: ProcedureId) -> &Procedure {
        &self.procedures[id.index()]
    }

    pub fn form(&self, id: FormId) -> &Form {
        &self.forms[id.index()]
    }

    pub fn term(&self, id: TermId) -> &Term {
        &self.terms[id.index()]
    }

    /// The page title of any entity.
    pub fn title(&self, entity: Entity) -> &str {
        &self.info(entity).title
    }

    pub fn info(&self, entity: Entity) -> &Info {
        match entity {
            Entity::Role(id) => &self.roles[id.index()].info,
            Entity::Procedure(id) => &self.procedures[id.index()].info,
            Entity::Form(id) => &self.forms[id.index()].info,
            Entity::Scorecard(id) => &self.scorecards[id.index()].info,
            Entity::PhraseList(id) => &self.phrase_lists[id.index()].info,
            Entity::Quiz(id) => &self.quizzes[id.index()].info,
            Entity::Term(id) => &self.terms[id.index()].info,
            Entity::Chapter(id) => &self.chapters[id.index()].info,
        }
    }
}
