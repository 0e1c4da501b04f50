//! Front matter of the entity kinds whose content lives (mostly) in TOML: roles, forms,
//! scorecards, phrase lists, quizzes and glossary terms.

use toml::Spanned;

use super::frontmatter::{self, Split};
use super::markdown::{self, MdText};
use super::raw::*;
use super::Ctx;
use crate::diag::{Diagnostics, Span};

/// Declares a front-matter struct with the keys every entity shares, rejecting unknown keys.
macro_rules! front_matter {
    ($name:ident { $($field:tt)* }) => {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub(crate) struct $name {
            title: Spanned<String>,
            #[serde(default)]
            aliases: Vec<Spanned<String>>,
            #[serde(default)]
            summary: Option<String>,
            #[serde(default)]
            source: Option<String>,
            $($field)*
        }

        impl $name {
            fn meta(&self, ctx: &$crate::parse::Ctx, split: &$crate::parse::frontmatter::Split, diagnostics: &mut $crate::diag::Diagnostics) -> $crate::parse::Meta {
                let toml_start = split.toml.as_ref().map_or(0, |r| r.start);
                $crate::parse::Meta {
                    id: ctx.id(diagnostics),
                    file: ctx.file,
                    relative: ctx.relative.to_string(),
                    title: $crate::parse::entities::string_at(&self.title, toml_start, ctx),
                    aliases: self.aliases.iter().map(|a| $crate::parse::entities::string_at(a, toml_start, ctx)).collect(),
                    summary: self.summary.clone(),
                    source: self.source.clone(),
                    body: ctx.body(split, diagnostics),
                }
            }
        }
    };
}
pub(crate) use front_matter;

/// The span of a string value, inside its quotes, in file coordinates.
pub(crate) fn string_at(value: &Spanned<String>, toml_start: usize, ctx: &Ctx) -> Located<String> {
    Located {
        value: value.get_ref().clone(),
        span: inner_span(value.span(), toml_start, ctx),
    }
}

fn inner_span(range: std::ops::Range<usize>, toml_start: usize, ctx: &Ctx) -> Span {
    let start = toml_start + range.start;
    let end = toml_start + range.end;
    let raw = &ctx.text[start..end];
    let quote = ["\"\"\"", "'''", "\"", "'"]
        .iter()
        .find(|q| raw.starts_with(**q) && raw.ends_with(**q) && raw.len() >= 2 * q.len())
        .map_or(0, |q| q.len());
    Span::new(ctx.file, start + quote, end - quote)
}

/// Markdown held in a TOML string (a glossary definition, a quiz explanation), scanned for
/// links at its place in the file.
fn markdown_at(
    value: &Spanned<String>,
    toml_start: usize,
    ctx: &Ctx,
    diagnostics: &mut Diagnostics,
) -> MdText {
    let span = inner_span(value.span(), toml_start, ctx);
    markdown::scan(value.get_ref(), ctx.file, span.start, diagnostics)
}

fn toml_start(split: &Split) -> usize {
    split.toml.as_ref().map_or(0, |r| r.start)
}

fn parse_front<T: serde::de::DeserializeOwned>(
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let range = split.toml.clone()?;
    frontmatter::parse(ctx.text, range, ctx.file, diagnostics)
}

fn names(values: &[Spanned<String>], split: &Split, ctx: &Ctx) -> Vec<Name> {
    values
        .iter()
        .map(|v| string_at(v, toml_start(split), ctx))
        .collect()
}

fn name(value: &Option<Spanned<String>>, split: &Split, ctx: &Ctx) -> Option<Name> {
    value.as_ref().map(|v| string_at(v, toml_start(split), ctx))
}

front_matter!(RoleFront {
    #[serde(default)]
    supervised_by: Option<Spanned<String>>,
    #[serde(default)]
    reports_to: Option<Spanned<String>>,
    #[serde(default)]
    external: bool,
});

pub(crate) fn role(ctx: &Ctx, split: &Split, diagnostics: &mut Diagnostics) -> Option<RawRole> {
    let front: RoleFront = parse_front(ctx, split, diagnostics)?;
    Some(RawRole {
        meta: front.meta(ctx, split, diagnostics),
        supervised_by: name(&front.supervised_by, split, ctx),
        reports_to: name(&front.reports_to, split, ctx),
        external: front.external,
    })
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FieldFront {
    id: Spanned<String>,
    label: String,
    #[serde(rename = "type")]
    ty: FieldType,
    #[serde(default)]
    section: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    lines: Option<u32>,
    #[serde(default)]
    compute: Option<Spanned<String>>,
    #[serde(default)]
    capital: bool,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SignatureFront {
    label: String,
    #[serde(default)]
    role: Option<Spanned<String>>,
    #[serde(default)]
    date: bool,
}

fn signatures(list: &[SignatureFront], split: &Split, ctx: &Ctx) -> Vec<RawSignature> {
    list.iter()
        .map(|s| RawSignature {
            label: s.label.clone(),
            role: name(&s.role, split, ctx),
            date: s.date,
        })
        .collect()
}

front_matter!(FormFront {
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default, rename = "field")]
    fields: Vec<FieldFront>,
    #[serde(default, rename = "signature")]
    signatures: Vec<SignatureFront>,
});

pub(crate) fn form(ctx: &Ctx, split: &Split, diagnostics: &mut Diagnostics) -> Option<RawForm> {
    let front: FormFront = parse_front(ctx, split, diagnostics)?;
    let start = toml_start(split);
    Some(RawForm {
        meta: front.meta(ctx, split, diagnostics),
        number: front.number.clone(),
        notes: front.notes.clone(),
        fields: front
            .fields
            .iter()
            .map(|f| RawField {
                id: string_at(&f.id, start, ctx),
                label: f.label.clone(),
                ty: f.ty,
                section: f.section.clone(),
                unit: f.unit.clone(),
                hint: f.hint.clone(),
                required: f.required,
                options: f.options.clone(),
                lines: f.lines,
                compute: f.compute.as_ref().map(|c| string_at(c, start, ctx)),
                capital: f.capital,
            })
            .collect(),
        signatures: signatures(&front.signatures, split, ctx),
    })
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleFront {
    deduct: f64,
    per: Per,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ItemFront {
    text: String,
    #[serde(default)]
    section: Option<String>,
    #[serde(default)]
    rules: Vec<RuleFront>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BonusFront {
    text: String,
    #[serde(default)]
    points: Option<f64>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct JointFront {
    #[serde(default)]
    role: Option<Spanned<String>>,
    text: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PenaltyFront {
    text: String,
    #[serde(default)]
    ladder: Vec<String>,
    #[serde(default)]
    joint: Option<JointFront>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StandardFront {
    metric: String,
    target: String,
    #[serde(default)]
    note: Option<String>,
}

front_matter!(ScorecardFront {
    #[serde(default)]
    role: Option<Spanned<String>>,
    #[serde(default)]
    base: Option<u32>,
    #[serde(default)]
    yuan_per_point: Option<f64>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default, rename = "item")]
    items: Vec<ItemFront>,
    #[serde(default, rename = "bonus")]
    bonuses: Vec<BonusFront>,
    #[serde(default, rename = "penalty")]
    penalties: Vec<PenaltyFront>,
    #[serde(default, rename = "target")]
    targets: Vec<StandardFront>,
    #[serde(default, rename = "signature")]
    signatures: Vec<SignatureFront>,
});

pub(crate) fn scorecard(
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<RawScorecard> {
    let front: ScorecardFront = parse_front(ctx, split, diagnostics)?;
    Some(RawScorecard {
        meta: front.meta(ctx, split, diagnostics),
        role: name(&front.role, split, ctx),
        base: front.base,
        yuan_per_point: front.yuan_per_point,
        period: front.period.clone(),
        items: front
            .items
            .iter()
            .map(|i| RawItem {
                text: i.text.clone(),
                section: i.section.clone(),
                rules: i
                    .rules
                    .iter()
                    .map(|r| RawRule {
                        deduct: r.deduct,
                        per: r.per,
                        note: r.note.clone(),
                    })
                    .collect(),
            })
            .collect(),
        bonuses: front
            .bonuses
            .iter()
            .map(|b| RawBonus {
                text: b.text.clone(),
                points: b.points,
            })
            .collect(),
        penalties: front
            .penalties
            .iter()
            .map(|p| RawPenalty {
                text: p.text.clone(),
                ladder: p.ladder.clone(),
                joint: p
                    .joint
                    .as_ref()
                    .map(|j| (name(&j.role, split, ctx), j.text.clone())),
            })
            .collect(),
        targets: front
            .targets
            .iter()
            .map(|t| RawStandard {
                metric: t.metric.clone(),
                target: t.target.clone(),
                note: t.note.clone(),
            })
            .collect(),
        signatures: signatures(&front.signatures, split, ctx),
    })
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PhraseFront {
    text: Spanned<String>,
    #[serde(default)]
    why: Option<String>,
    #[serde(default)]
    instead: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    must_match: Vec<Spanned<String>>,
    #[serde(default)]
    must_not_match: Vec<Spanned<String>>,
}

fn default_true() -> bool {
    true
}

front_matter!(PhrasesFront {
    kind: PhraseKind,
    #[serde(default)]
    applies_to: Vec<Spanned<String>>,
    #[serde(default = "default_true")]
    editorial: bool,
    #[serde(default, rename = "phrase")]
    phrases: Vec<PhraseFront>,
});

pub(crate) fn phrases(
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<RawPhraseList> {
    let front: PhrasesFront = parse_front(ctx, split, diagnostics)?;
    let start = toml_start(split);
    Some(RawPhraseList {
        meta: front.meta(ctx, split, diagnostics),
        kind: front.kind,
        applies_to: names(&front.applies_to, split, ctx),
        editorial: front.editorial,
        phrases: front
            .phrases
            .iter()
            .map(|p| RawPhrase {
                text: string_at(&p.text, start, ctx),
                why: p.why.clone(),
                instead: p.instead.clone(),
                note: p.note.clone(),
                must_match: p
                    .must_match
                    .iter()
                    .map(|m| string_at(m, start, ctx))
                    .collect(),
                must_not_match: p
                    .must_not_match
                    .iter()
                    .map(|m| string_at(m, start, ctx))
                    .collect(),
            })
            .collect(),
    })
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct QuestionFront {
    q: String,
    #[serde(default)]
    options: Vec<String>,
    answer: Spanned<String>,
    #[serde(default)]
    explain: Option<Spanned<String>>,
    #[serde(default)]
    step: Option<Spanned<String>>,
}

front_matter!(QuizFront {
    #[serde(default)]
    roles: Vec<Spanned<String>>,
    #[serde(default, rename = "question")]
    questions: Vec<QuestionFront>,
});

pub(crate) fn quiz(ctx: &Ctx, split: &Split, diagnostics: &mut Diagnostics) -> Option<RawQuiz> {
    let front: QuizFront = parse_front(ctx, split, diagnostics)?;
    let start = toml_start(split);
    Some(RawQuiz {
        meta: front.meta(ctx, split, diagnostics),
        roles: names(&front.roles, split, ctx),
        questions: front
            .questions
            .iter()
            .map(|q| RawQuestion {
                q: q.q.clone(),
                options: q.options.clone(),
                answer: string_at(&q.answer, start, ctx),
                explain: q
                    .explain
                    .as_ref()
                    .map(|e| markdown_at(e, start, ctx, diagnostics)),
                step: name(&q.step, split, ctx),
            })
            .collect(),
    })
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TermFront {
    id: Spanned<String>,
    term: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    definition: Spanned<String>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct GlossaryFront {
    #[serde(default)]
    title: Option<String>,
    #[serde(default, rename = "term")]
    terms: Vec<TermFront>,
}

pub(crate) fn glossary(
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<RawGlossary> {
    let front: GlossaryFront = match &split.toml {
        Some(_) => parse_front(ctx, split, diagnostics)?,
        None => GlossaryFront::default(),
    };
    let start = toml_start(split);
    let terms = front
        .terms
        .iter()
        .map(|t| {
            let id = string_at(&t.id, start, ctx);
            if !super::is_valid_id(&id.value) {
                diagnostics.push(
                    crate::diag::Diagnostic::new(
                        crate::diag::Code::InvalidId,
                        format!("term id `{}` is not a valid id", id.value),
                    )
                    .at(id.span)
                    .help("use lowercase ASCII letters, digits and `-`, e.g. waiting-list"),
                );
            }
            RawTerm {
                meta: Meta {
                    id: id.value,
                    file: ctx.file,
                    relative: ctx.relative.to_string(),
                    title: string_at(&t.term, start, ctx),
                    aliases: t.aliases.iter().map(|a| string_at(a, start, ctx)).collect(),
                    summary: None,
                    source: t.source.clone(),
                    body: markdown_at(&t.definition, start, ctx, diagnostics),
                },
            }
        })
        .collect();
    Some(RawGlossary {
        file: ctx.file,
        title: front.title.clone(),
        intro: ctx.body(split, diagnostics),
        terms,
    })
}
