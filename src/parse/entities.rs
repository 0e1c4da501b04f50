//! Front matter of the entity kinds whose content lives (mostly) in TOML: roles, forms,
//! scorecards, phrase lists, quizzes and glossary terms.

use toml::Spanned;

use super::frontmatter::{self, key, required, Schema, Split, Ty};
use super::markdown::{self, MdText};
use super::raw::*;
use super::Ctx;
use crate::diag::{Code, Diagnostic, Diagnostics, Span};

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

pub(crate) fn parse_front<T: serde::de::DeserializeOwned>(
    ctx: &Ctx,
    split: &Split,
    schema: &Schema,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let range = split.toml.clone()?;
    frontmatter::parse(ctx.text, range, ctx.file, schema, diagnostics)
}

/// The top level of a front matter.
const TOP: &str = "the front matter";

const SIGNATURE: Schema = Schema {
    what: "a [[signature]]",
    common: false,
    keys: &[
        required("label", Ty::Str),
        key("role", Ty::Str),
        key("date", Ty::Bool),
    ],
};

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

pub(crate) const ROLE: Schema = Schema {
    what: TOP,
    common: true,
    keys: &[
        key("supervised-by", Ty::Str),
        key("reports-to", Ty::Str),
        key("external", Ty::Bool),
    ],
};

pub(crate) fn role(ctx: &Ctx, split: &Split, diagnostics: &mut Diagnostics) -> Option<RawRole> {
    let front: RoleFront = parse_front(ctx, split, &ROLE, diagnostics)?;
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

const FIELD_TYPES: &[&str] = &[
    "text",
    "multiline",
    "date",
    "money",
    "number",
    "choice",
    "checkbox",
];

const FIELD: Schema = Schema {
    what: "a [[field]]",
    common: false,
    keys: &[
        required("id", Ty::Str),
        required("label", Ty::Str),
        required("type", Ty::OneOf(FIELD_TYPES)),
        key("section", Ty::Str),
        key("unit", Ty::Str),
        key("hint", Ty::Str),
        key("required", Ty::Bool),
        key("options", Ty::Strings),
        key("lines", Ty::Count),
        key("compute", Ty::Str),
        key("capital", Ty::Bool),
    ],
};

pub(crate) const FORM: Schema = Schema {
    what: TOP,
    common: true,
    keys: &[
        key("number", Ty::Str),
        key("notes", Ty::Strings),
        key("field", Ty::Tables(&FIELD)),
        key("signature", Ty::Tables(&SIGNATURE)),
    ],
};

pub(crate) fn form(ctx: &Ctx, split: &Split, diagnostics: &mut Diagnostics) -> Option<RawForm> {
    let front: FormFront = parse_front(ctx, split, &FORM, diagnostics)?;
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
    deduct: Spanned<f64>,
    per: Per,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ItemFront {
    text: Spanned<String>,
    #[serde(default)]
    section: Option<String>,
    #[serde(default)]
    rules: Option<Spanned<Vec<RuleFront>>>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BonusFront {
    text: String,
    #[serde(default)]
    points: Option<Spanned<f64>>,
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
    text: Spanned<String>,
    #[serde(default)]
    ladder: Option<Spanned<Vec<String>>>,
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
    base: Option<Spanned<u32>>,
    #[serde(default)]
    yuan_per_point: Option<Spanned<f64>>,
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

const PERS: &[&str] = &[
    "time", "day", "percent", "copy", "item", "question", "person", "once",
];

const RULE: Schema = Schema {
    what: "a rule",
    common: false,
    keys: &[
        required("deduct", Ty::Number),
        required("per", Ty::OneOf(PERS)),
        key("note", Ty::Str),
    ],
};

const ITEM: Schema = Schema {
    what: "an [[item]]",
    common: false,
    keys: &[
        required("text", Ty::Str),
        key("section", Ty::Str),
        key("rules", Ty::Tables(&RULE)),
    ],
};

const BONUS: Schema = Schema {
    what: "a [[bonus]]",
    common: false,
    keys: &[required("text", Ty::Str), key("points", Ty::Number)],
};

const JOINT: Schema = Schema {
    what: "`joint`",
    common: false,
    keys: &[key("role", Ty::Str), required("text", Ty::Str)],
};

const PENALTY: Schema = Schema {
    what: "a [[penalty]]",
    common: false,
    keys: &[
        required("text", Ty::Str),
        key("ladder", Ty::Strings),
        key("joint", Ty::Table(&JOINT)),
    ],
};

const STANDARD: Schema = Schema {
    what: "a [[target]]",
    common: false,
    keys: &[
        required("metric", Ty::Str),
        required("target", Ty::Str),
        key("note", Ty::Str),
    ],
};

pub(crate) const SCORECARD: Schema = Schema {
    what: TOP,
    common: true,
    keys: &[
        key("role", Ty::Str),
        key("base", Ty::Count),
        key("yuan-per-point", Ty::Number),
        key("period", Ty::Str),
        key("item", Ty::Tables(&ITEM)),
        key("bonus", Ty::Tables(&BONUS)),
        key("penalty", Ty::Tables(&PENALTY)),
        key("target", Ty::Tables(&STANDARD)),
        key("signature", Ty::Tables(&SIGNATURE)),
    ],
};

/// Values a scorecard's calculator cannot work with: points taken off must be positive, money
/// per point and the base score cannot be negative or zero, items need rules and penalties a
/// ladder. Reported, the scorecard is kept: these are mistakes in values, not in structure.
fn scorecard_values(
    front: &ScorecardFront,
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) {
    let start = toml_start(split);
    let at = |range: std::ops::Range<usize>| inner_span(range, start, ctx);
    let usable = |n: f64| n.is_finite() && n > 0.0;
    if let Some(base) = &front.base {
        if *base.get_ref() == 0 {
            diagnostics.push(
                Diagnostic::new(Code::InvalidValue, "`base` must be more than 0")
                    .at(at(base.span()))
                    .label("the score a review starts from")
                    .help("write the base score, e.g. base = 100"),
            );
        }
    }
    if let Some(money) = &front.yuan_per_point {
        let n = *money.get_ref();
        if !(n.is_finite() && n >= 0.0) {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`yuan-per-point` must be 0 or more, not {n}"),
                )
                .at(at(money.span()))
                .label("money per point deducted")
                .help("write the money each point deducted costs, e.g. yuan-per-point = 2"),
            );
        }
    }
    for item in &front.items {
        match &item.rules {
            Some(rules) if rules.get_ref().is_empty() => diagnostics.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    "an [[item]] with an empty list of rules",
                )
                .at(at(rules.span()))
                .label("no rule says how many points to deduct")
                .help("add a rule: rules = [{ deduct = 2, per = \"time\" }]"),
            ),
            Some(rules) => {
                for rule in rules.get_ref() {
                    let n = *rule.deduct.get_ref();
                    if !usable(n) {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                format!("`deduct` must be a positive number of points, not {n}"),
                            )
                            .at(at(rule.deduct.span()))
                            .label("points taken off each time the rule applies")
                            .help("a rule takes points off: write how many as a positive number, e.g. deduct = 2"),
                        );
                    }
                }
            }
            None => diagnostics.push(
                Diagnostic::new(Code::MissingKey, "an [[item]] without rules")
                    .at(at(item.text.span()))
                    .label("this item deducts nothing")
                    .help("add a rule: rules = [{ deduct = 2, per = \"time\" }]"),
            ),
        }
    }
    for bonus in &front.bonuses {
        if let Some(points) = &bonus.points {
            let n = *points.get_ref();
            if !usable(n) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("`points` of a bonus must be a positive number, not {n}"),
                    )
                    .at(at(points.span()))
                    .help("write the points the bonus adds, e.g. points = 2"),
                );
            }
        }
    }
    for penalty in &front.penalties {
        match &penalty.ladder {
            Some(ladder) if ladder.get_ref().is_empty() => diagnostics.push(
                Diagnostic::new(Code::InvalidValue, "a [[penalty]] with an empty ladder")
                    .at(at(ladder.span()))
                    .label("nothing happens however often it occurs")
                    .help("list what happens the 1st, 2nd, 3rd … time: ladder = [\"警告\", \"罚款 50 元\"]"),
            ),
            Some(_) => {}
            None => diagnostics.push(
                Diagnostic::new(Code::MissingKey, "a [[penalty]] without a ladder")
                    .at(at(penalty.text.span()))
                    .label("nothing says what happens")
                    .help("list what happens the 1st, 2nd, 3rd … time: ladder = [\"警告\", \"罚款 50 元\"]"),
            ),
        }
    }
}

pub(crate) fn scorecard(
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<RawScorecard> {
    let front: ScorecardFront = parse_front(ctx, split, &SCORECARD, diagnostics)?;
    scorecard_values(&front, ctx, split, diagnostics);
    Some(RawScorecard {
        meta: front.meta(ctx, split, diagnostics),
        role: name(&front.role, split, ctx),
        base: front.base.as_ref().map(|b| *b.get_ref()),
        yuan_per_point: front.yuan_per_point.as_ref().map(|y| *y.get_ref()),
        period: front.period.clone(),
        items: front
            .items
            .iter()
            .map(|i| RawItem {
                text: i.text.get_ref().clone(),
                section: i.section.clone(),
                rules: i
                    .rules
                    .iter()
                    .flat_map(|r| r.get_ref())
                    .map(|r| RawRule {
                        deduct: *r.deduct.get_ref(),
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
                points: b.points.as_ref().map(|p| *p.get_ref()),
            })
            .collect(),
        penalties: front
            .penalties
            .iter()
            .map(|p| RawPenalty {
                text: p.text.get_ref().clone(),
                ladder: p
                    .ladder
                    .as_ref()
                    .map(|l| l.get_ref().clone())
                    .unwrap_or_default(),
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

const PHRASE_KINDS: &[&str] = &["forbidden", "behaviour", "recommended"];

const PHRASE: Schema = Schema {
    what: "a [[phrase]]",
    common: false,
    keys: &[
        required("text", Ty::Str),
        key("why", Ty::Str),
        key("instead", Ty::Strings),
        key("note", Ty::Str),
        key("must-match", Ty::Strings),
        key("must-not-match", Ty::Strings),
    ],
};

pub(crate) const PHRASES: Schema = Schema {
    what: TOP,
    common: true,
    keys: &[
        required("kind", Ty::OneOf(PHRASE_KINDS)),
        key("applies-to", Ty::Strings),
        key("editorial", Ty::Bool),
        key("phrase", Ty::Tables(&PHRASE)),
    ],
};

pub(crate) fn phrases(
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<RawPhraseList> {
    let front: PhrasesFront = parse_front(ctx, split, &PHRASES, diagnostics)?;
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

const QUESTION: Schema = Schema {
    what: "a [[question]]",
    common: false,
    keys: &[
        required("q", Ty::Str),
        key("options", Ty::Strings),
        required("answer", Ty::Str),
        key("explain", Ty::Str),
        key("step", Ty::Str),
    ],
};

pub(crate) const QUIZ: Schema = Schema {
    what: TOP,
    common: true,
    keys: &[
        key("roles", Ty::Strings),
        key("question", Ty::Tables(&QUESTION)),
    ],
};

pub(crate) fn quiz(ctx: &Ctx, split: &Split, diagnostics: &mut Diagnostics) -> Option<RawQuiz> {
    let front: QuizFront = parse_front(ctx, split, &QUIZ, diagnostics)?;
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

const TERM: Schema = Schema {
    what: "a [[term]]",
    common: false,
    keys: &[
        required("id", Ty::Str),
        required("term", Ty::Str),
        key("aliases", Ty::Strings),
        required("definition", Ty::Str),
        key("source", Ty::Str),
    ],
};

pub(crate) const GLOSSARY: Schema = Schema {
    what: TOP,
    common: false,
    keys: &[key("title", Ty::Str), key("term", Ty::Tables(&TERM))],
};

pub(crate) fn glossary(
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<RawGlossary> {
    let front: GlossaryFront = match &split.toml {
        Some(_) => parse_front(ctx, split, &GLOSSARY, diagnostics)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::frontmatter::probe::{names, same_keys};

    #[test]
    fn schemas_have_the_keys_of_their_structs() {
        same_keys::<RoleFront>(&ROLE);
        same_keys::<FormFront>(&FORM);
        same_keys::<FieldFront>(&FIELD);
        same_keys::<SignatureFront>(&SIGNATURE);
        same_keys::<ScorecardFront>(&SCORECARD);
        same_keys::<ItemFront>(&ITEM);
        same_keys::<RuleFront>(&RULE);
        same_keys::<BonusFront>(&BONUS);
        same_keys::<PenaltyFront>(&PENALTY);
        same_keys::<JointFront>(&JOINT);
        same_keys::<StandardFront>(&STANDARD);
        same_keys::<PhrasesFront>(&PHRASES);
        same_keys::<PhraseFront>(&PHRASE);
        same_keys::<QuizFront>(&QUIZ);
        same_keys::<QuestionFront>(&QUESTION);
        same_keys::<GlossaryFront>(&GLOSSARY);
        same_keys::<TermFront>(&TERM);
        let sorted = |list: &[&'static str]| {
            let mut list = list.to_vec();
            list.sort();
            list
        };
        assert_eq!(sorted(FIELD_TYPES), names::<FieldType>());
        assert_eq!(sorted(PERS), names::<Per>());
        assert_eq!(sorted(PHRASE_KINDS), names::<PhraseKind>());
    }
}
