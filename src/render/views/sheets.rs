//! Printable sheets: forms and scorecards.

use serde::Serialize;

use super::{Ctx, Header, Link, StepLink};
use crate::model::*;
use crate::parse::FieldType;
use crate::render::i18n::{Words, ZH_CN_PAGE_FOOTER};

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
    /// A computed field that reads no other field (a fixed fee): its value as form.js shows
    /// it, and its 大写 for money, written into the page so that they are there without the
    /// script (and for search).
    pub fixed: Option<String>,
    pub fixed_capital: Option<String>,
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

pub fn form(ctx: &Ctx, f: &Form, words: &Words) -> FormView {
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
            fixed: None,
            fixed_capital: None,
        };
        let view = match field
            .compute
            .as_ref()
            .and_then(|c| fixed_value(c, field.ty, words))
        {
            Some((value, capital)) => FieldView {
                fixed: Some(value),
                fixed_capital: capital,
                ..view
            },
            None => view,
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
        footer_style: f.number.as_deref().map(|n| footer_style(n, words)),
        notes: f.notes.clone(),
        sections,
        signatures: signatures(ctx, &f.signatures),
        used_by: f.used_by.iter().map(|&s| ctx.step_link(s)).collect(),
    }
}

/// The value of a computed field that reads no other field, as form.js writes it (money with
/// two decimals, thousands grouped: `1,200.00`), and the 大写 of money in the site's script.
fn fixed_value(
    compute: &Compute,
    ty: FieldType,
    words: &Words,
) -> Option<(String, Option<String>)> {
    if !compute.deps.is_empty() {
        return None;
    }
    let expr = crate::expr::parse(&compute.source).ok()?;
    let value = crate::expr::eval(&expr, &|_| None).ok()?;
    let money = ty == FieldType::Money;
    let text = if money {
        value.to_money_string()
    } else {
        value.to_string()
    };
    let (sign, digits) = text.split_at(usize::from(text.starts_with('-')));
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let shown = format!(
        "{sign}{grouped}{}",
        frac.map(|f| format!(".{f}")).unwrap_or_default()
    );
    let capital = money.then(|| {
        let pairs: Vec<char> = words.script.capital_chars.chars().collect();
        crate::expr::capital_rmb(value.round_dp(2))
            .chars()
            .map(|c| {
                pairs
                    .chunks(2)
                    .find(|p| p[0] == c && p.len() == 2)
                    .map_or(c, |p| p[1])
            })
            .collect()
    });
    Some((shown, capital))
}

/// The printed footer of a numbered form: `expr::print_footer_style` writes the number (safely
/// escaped) and a Simplified Chinese page counter; another language's counter replaces that.
fn footer_style(number: &str, words: &Words) -> String {
    let style = crate::expr::print_footer_style(number);
    let zh_tail = format!(" · {}}}}}</style>", ZH_CN_PAGE_FOOTER.replacen('"', "", 1));
    match style.strip_suffix(&zh_tail) {
        Some(head) if words.page_footer != ZH_CN_PAGE_FOOTER => {
            format!("{head} · \" {}}}}}</style>", words.page_footer)
        }
        _ => style,
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

/// The signatures `resolve` gives a scorecard that lists none: site words, written there in
/// Simplified Chinese.
const DEFAULT_SCORECARD_SIGNATURES: [&str; 2] = ["考评人", "领导签名"];

/// A scorecard's signatures, the default ones in the site's language.
fn scorecard_signatures(ctx: &Ctx, list: &[Signature], words: &Words) -> Vec<SignatureView> {
    let defaults = list.len() == DEFAULT_SCORECARD_SIGNATURES.len()
        && list
            .iter()
            .zip(DEFAULT_SCORECARD_SIGNATURES)
            .all(|(s, label)| s.label == label && s.role.is_none() && s.date);
    if !defaults {
        return signatures(ctx, list);
    }
    [words.assessor, words.manager_signature]
        .iter()
        .map(|label| SignatureView {
            label: label.to_string(),
            role: None,
            date: true,
        })
        .collect()
}

pub fn scorecard(ctx: &Ctx, c: &Scorecard, words: &Words) -> ScorecardView {
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
        signatures: scorecard_signatures(ctx, &c.signatures, words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::render::i18n::words;

    fn fixed(
        source: &str,
        deps: &[&str],
        ty: FieldType,
        language: Language,
    ) -> Option<(String, Option<String>)> {
        let compute = Compute {
            source: source.into(),
            js: String::new(),
            deps: deps.iter().map(|d| d.to_string()).collect(),
        };
        fixed_value(&compute, ty, &words(language))
    }

    #[test]
    fn a_fixed_fee_is_written_as_the_script_shows_it() {
        let zh = Language::ZhCn;
        assert_eq!(
            fixed("800", &[], FieldType::Money, zh),
            Some(("800.00".into(), Some("捌佰元整".into())))
        );
        assert_eq!(
            fixed("1000 + 200.5", &[], FieldType::Money, zh),
            Some(("1,200.50".into(), Some("壹仟贰佰元伍角整".into())))
        );
        assert_eq!(
            fixed("7 / 2", &[], FieldType::Number, zh),
            Some(("3.5".into(), None))
        );
        // A value that depends on what is filled in is left to the script.
        assert_eq!(fixed("paid - 800", &["paid"], FieldType::Money, zh), None);
        // 大写 in the site's script.
        let tw = fixed("1200", &[], FieldType::Money, Language::ZhTw);
        assert_eq!(tw.unwrap().1.as_deref(), Some("壹仟貳佰元整"));
    }
}
