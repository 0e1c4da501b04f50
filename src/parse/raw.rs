//! The raw handbook: what the sources say, with every reference still a name and a span.

use std::path::PathBuf;

use super::markdown::MdText;
use crate::diag::Span;
use crate::load::FileId;

/// A value and where it was written.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// A reference by id, title or alias, not yet resolved.
pub type Name = Located<String>;

/// What every entity has.
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: String,
    pub file: FileId,
    /// The source path relative to the source folder (`roles/head-teacher.md`).
    pub relative: String,
    pub title: Located<String>,
    pub aliases: Vec<Located<String>>,
    pub summary: Option<String>,
    pub source: Option<String>,
    pub body: MdText,
}

#[derive(Debug, Default)]
pub struct RawHandbook {
    pub roles: Vec<RawRole>,
    pub procedures: Vec<RawProcedure>,
    pub forms: Vec<RawForm>,
    pub scorecards: Vec<RawScorecard>,
    pub phrase_lists: Vec<RawPhraseList>,
    pub quizzes: Vec<RawQuiz>,
    pub glossary: Option<RawGlossary>,
    pub chapters: Vec<RawChapter>,
    pub summary: Option<RawSummary>,
    pub index: Option<MdText>,
    /// Entities whose file has a problem bad enough that it could not be read (its front
    /// matter, say): reported once, and otherwise treated as existing so that references to
    /// them are not reported again as unknown.
    pub broken: Vec<BrokenEntity>,
    /// Files copied to the site as they are: (path relative to the source folder, disk path).
    pub static_files: Vec<(String, PathBuf)>,
}

/// What is known of an entity whose file failed to parse.
#[derive(Debug, Clone)]
pub struct BrokenEntity {
    pub kind: crate::load::Kind,
    /// The id it would have had (for a glossary term, the term's id).
    pub id: String,
    /// The source path relative to the source folder.
    pub relative: String,
    /// Title and aliases, as far as the raw TOML gave them.
    pub names: Vec<String>,
}

#[derive(Debug)]
pub struct RawRole {
    pub meta: Meta,
    pub supervised_by: Option<Name>,
    pub reports_to: Option<Name>,
    pub external: bool,
}

#[derive(Debug)]
pub struct RawProcedure {
    pub meta: Meta,
    pub owner: Option<Name>,
    /// The body before the step list (or the whole body when there is none).
    pub intro: MdText,
    /// The body after the step list.
    pub outro: MdText,
    pub steps: Vec<RawStep>,
}

#[derive(Debug)]
pub struct RawStep {
    /// Position in the list, from 1.
    pub number: usize,
    /// `{#id}`, or `None` (the step is then `step-N`).
    pub id: Option<Located<String>>,
    /// The first line of the item, for diagnostics about the whole step.
    pub span: Span,
    /// `@A @B` → two performers; `@A/@B` → one performer with two alternatives.
    pub performers: Vec<Vec<Name>>,
    /// `@name` written in the step's text after the performers: not a performer.
    pub mentions: Vec<Name>,
    pub text: MdText,
    /// Paragraphs under the first line.
    pub details: Option<MdText>,
    pub deadline: Option<String>,
    pub forms: Vec<Name>,
    pub systems: Vec<Name>,
    pub branches: Vec<RawBranch>,
    /// An unlabelled `→ target`: the step continues there instead of with the next one.
    pub jump: Option<RawTarget>,
    pub notes: Vec<MdText>,
}

impl RawStep {
    pub fn id(&self) -> String {
        match &self.id {
            Some(id) => id.value.clone(),
            None => format!("step-{}", self.number),
        }
    }
}

#[derive(Debug)]
pub struct RawBranch {
    pub label: Located<String>,
    pub target: RawTarget,
}

#[derive(Debug, Clone)]
pub enum RawTarget {
    /// `#id`, or `↺ #id` when `marked_loop`.
    Step {
        id: Located<String>,
        marked_loop: bool,
    },
    /// `[[流程]]` or `[[流程#step]]`.
    Procedure {
        name: Name,
        step: Option<Located<String>>,
    },
    /// `结束`
    End { span: Span },
}

#[derive(Debug)]
pub struct RawForm {
    pub meta: Meta,
    pub number: Option<String>,
    pub notes: Vec<String>,
    pub fields: Vec<RawField>,
    pub signatures: Vec<RawSignature>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    Multiline,
    Date,
    Money,
    Number,
    Choice,
    Checkbox,
}

#[derive(Debug)]
pub struct RawField {
    pub id: Located<String>,
    pub label: String,
    pub ty: FieldType,
    pub section: Option<String>,
    pub unit: Option<String>,
    pub hint: Option<String>,
    pub required: bool,
    pub options: Vec<String>,
    pub lines: Option<u32>,
    pub compute: Option<Located<String>>,
    /// Show the amount in Chinese capital numerals (人民币大写) beside a money field.
    pub capital: bool,
}

#[derive(Debug, Clone)]
pub struct RawSignature {
    pub label: String,
    pub role: Option<Name>,
    pub date: bool,
}

#[derive(Debug)]
pub struct RawScorecard {
    pub meta: Meta,
    pub role: Option<Name>,
    pub base: Option<u32>,
    pub yuan_per_point: Option<f64>,
    pub period: Option<String>,
    pub items: Vec<RawItem>,
    pub bonuses: Vec<RawBonus>,
    pub penalties: Vec<RawPenalty>,
    pub targets: Vec<RawStandard>,
    pub signatures: Vec<RawSignature>,
}

#[derive(Debug)]
pub struct RawItem {
    pub text: String,
    pub section: Option<String>,
    pub rules: Vec<RawRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Time,
    Day,
    Percent,
    Copy,
    Item,
    Question,
    Person,
    Once,
}

impl Per {
    /// How the unit reads in a rule: 每次, 每天, …
    pub fn label(self) -> &'static str {
        match self {
            Per::Time => "每次",
            Per::Day => "每天",
            Per::Percent => "每个百分点",
            Per::Copy => "每份",
            Per::Item => "每项",
            Per::Question => "每题",
            Per::Person => "每人",
            Per::Once => "一次性",
        }
    }

    /// What the calculator asks to count.
    pub fn count_label(self) -> &'static str {
        match self {
            Per::Time => "次数",
            Per::Day => "天数",
            Per::Percent => "百分点",
            Per::Copy => "份数",
            Per::Item => "项数",
            Per::Question => "题数",
            Per::Person => "人数",
            Per::Once => "是否发生",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RawRule {
    pub deduct: f64,
    pub per: Per,
    pub note: Option<String>,
}

#[derive(Debug)]
pub struct RawBonus {
    pub text: String,
    pub points: Option<f64>,
}

#[derive(Debug)]
pub struct RawPenalty {
    pub text: String,
    pub ladder: Vec<String>,
    pub joint: Option<(Option<Name>, String)>,
}

/// A service standard on a scorecard (`[[target]]`).
#[derive(Debug)]
pub struct RawStandard {
    pub metric: String,
    pub target: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PhraseKind {
    Forbidden,
    Behaviour,
    Recommended,
}

#[derive(Debug)]
pub struct RawPhraseList {
    pub meta: Meta,
    pub kind: PhraseKind,
    pub applies_to: Vec<Name>,
    pub editorial: bool,
    pub phrases: Vec<RawPhrase>,
}

#[derive(Debug)]
pub struct RawPhrase {
    pub text: Located<String>,
    pub why: Option<String>,
    pub instead: Vec<String>,
    pub note: Option<String>,
    pub must_match: Vec<Located<String>>,
    pub must_not_match: Vec<Located<String>>,
}

#[derive(Debug)]
pub struct RawQuiz {
    pub meta: Meta,
    pub roles: Vec<Name>,
    pub questions: Vec<RawQuestion>,
}

#[derive(Debug)]
pub struct RawQuestion {
    pub q: String,
    pub options: Vec<String>,
    pub answer: Located<String>,
    pub explain: Option<MdText>,
    /// `"procedure#step"`
    pub step: Option<Name>,
}

#[derive(Debug)]
pub struct RawGlossary {
    pub file: FileId,
    pub title: Option<String>,
    pub intro: MdText,
    pub terms: Vec<RawTerm>,
}

#[derive(Debug)]
pub struct RawTerm {
    pub meta: Meta,
}

#[derive(Debug)]
pub struct RawChapter {
    pub meta: Meta,
}

#[derive(Debug)]
pub struct RawSummary {
    pub file: FileId,
    /// Linked paths (relative to the source folder) in order, with their spans.
    pub entries: Vec<Located<String>>,
}
