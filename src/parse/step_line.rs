//! The little syntax inside a procedure step: `@role` performers at the start, `{#id key="v"}`
//! attributes at the end of the first line, and `条件 → 去向` branches under it.
//!
//! Chinese input methods type full-width characters, so every ASCII token has a full-width
//! twin here (`＠ ＃ ｛ ｝ ＝ ／`, `－＞`, full-width spaces).

use super::raw::{Located, Name, RawTarget};
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::load::FileId;

/// Characters that end a role name after `@`.
fn ends_role_name(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '/' | '／' | ',' | '，' | '、' | ':' | '：' | '@' | '＠' | '{' | '｛'
        )
}

fn is_at(c: char) -> bool {
    c == '@' || c == '＠'
}

/// The first line of a step, taken apart.
pub struct StepLine {
    pub performers: Vec<Vec<Name>>,
    /// Byte range of the step's text within the line.
    pub text: std::ops::Range<usize>,
    pub id: Option<Located<String>>,
    pub deadline: Option<String>,
    pub forms: Vec<Name>,
    pub systems: Vec<Name>,
}

/// Parses `line`, which starts at byte `offset` of `file`.
pub fn parse_line(
    line: &str,
    file: FileId,
    offset: usize,
    diagnostics: &mut Diagnostics,
) -> StepLine {
    let span = |start: usize, end: usize| Span::new(file, offset + start, offset + end);
    let mut performers: Vec<Vec<Name>> = Vec::new();
    let mut pos = skip_space(line, 0);
    let mut alternative = false;
    while line[pos..].starts_with(is_at) {
        let name_start = pos + line[pos..].chars().next().map_or(1, char::len_utf8);
        let name_end = line[name_start..]
            .find(ends_role_name)
            .map_or(line.len(), |i| name_start + i);
        let name = Located {
            value: line[name_start..name_end].to_string(),
            span: span(name_start, name_end),
        };
        match performers.last_mut() {
            Some(last) if alternative => last.push(name),
            _ => performers.push(vec![name]),
        }
        pos = skip_space(line, name_end);
        // `@A/@B`: the next name is an alternative to this one.
        alternative = line[pos..].starts_with(['/', '／']);
        if alternative {
            pos = skip_space(
                line,
                pos + line[pos..].chars().next().map_or(1, char::len_utf8),
            );
        }
    }
    performers.retain(|p| !p.iter().all(|n| n.value.is_empty()));

    let mut text_end = line.trim_end().len();
    let mut attrs = Attributes::default();
    if line[..text_end].ends_with(['}', '｝']) {
        if let Some(open) = line[..text_end].rfind(['{', '｛']) {
            let inner_start = open + line[open..].chars().next().map_or(1, char::len_utf8);
            let close = text_end
                - line[..text_end]
                    .chars()
                    .next_back()
                    .map_or(1, char::len_utf8);
            attrs = parse_attributes(
                &line[inner_start..close],
                file,
                offset + inner_start,
                diagnostics,
            );
            text_end = open;
        }
    }
    let text_start = pos.min(text_end);
    let trimmed_end = text_start + line[text_start..text_end].trim_end().len();
    StepLine {
        performers,
        text: text_start..trimmed_end,
        id: attrs.id,
        deadline: attrs.deadline,
        forms: attrs.forms,
        systems: attrs.systems,
    }
}

fn skip_space(line: &str, mut pos: usize) -> usize {
    while let Some(c) = line[pos..].chars().next() {
        if !c.is_whitespace() {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

#[derive(Default)]
struct Attributes {
    id: Option<Located<String>>,
    deadline: Option<String>,
    forms: Vec<Name>,
    systems: Vec<Name>,
}

const ATTRIBUTE_KEYS: &str = "`#id`, `deadline`, `form`, `system`";

/// `#apply deadline="开课后 6 课时内" form="refund-request"`
fn parse_attributes(
    inner: &str,
    file: FileId,
    offset: usize,
    diagnostics: &mut Diagnostics,
) -> Attributes {
    let span = |start: usize, end: usize| Span::new(file, offset + start, offset + end);
    let mut attrs = Attributes::default();
    let mut pos = skip_space(inner, 0);
    while pos < inner.len() {
        let rest = &inner[pos..];
        if rest.starts_with(['#', '＃']) {
            let start = pos + rest.chars().next().map_or(1, char::len_utf8);
            let end = inner[start..]
                .find(char::is_whitespace)
                .map_or(inner.len(), |i| start + i);
            let id = &inner[start..end];
            if !super::is_valid_id(id) {
                diagnostics.push(
                    Diagnostic::new(Code::InvalidId, format!("step id `{id}` is not a valid id"))
                        .at(span(start, end))
                        .help(
                            "step ids use lowercase ASCII letters, digits and `-`, e.g. {#apply}",
                        ),
                );
            }
            attrs.id = Some(Located {
                value: id.to_string(),
                span: span(start, end),
            });
            pos = skip_space(inner, end);
            continue;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c == '＝' || c.is_whitespace())
            .map_or(inner.len(), |i| pos + i);
        let key = &inner[pos..key_end];
        let after_key = skip_space(inner, key_end);
        if !inner[after_key..].starts_with(['=', '＝']) {
            diagnostics.push(
                Diagnostic::new(Code::InvalidStepAttribute, format!("`{key}` has no value"))
                    .at(span(pos, key_end))
                    .help(format!(
                        "write key=\"value\"; step attributes are {ATTRIBUTE_KEYS}"
                    )),
            );
            pos = skip_space(inner, key_end);
            continue;
        }
        let value_start = skip_space(
            inner,
            after_key + inner[after_key..].chars().next().map_or(1, char::len_utf8),
        );
        let (value_range, next) = quoted_value(inner, value_start);
        let value = inner[value_range.clone()].to_string();
        match key {
            "deadline" => attrs.deadline = Some(value),
            "form" | "forms" => attrs.forms.extend(list(&value, value_range.start, &span)),
            "system" | "systems" => attrs.systems.extend(list(&value, value_range.start, &span)),
            _ => {
                let mut d = Diagnostic::new(
                    Code::InvalidStepAttribute,
                    format!("unknown step attribute `{key}`"),
                )
                .at(span(pos, key_end))
                .help(format!("step attributes are {ATTRIBUTE_KEYS}"));
                if let Some(best) =
                    crate::resolve::suggest::closest(key, ["deadline", "form", "system"])
                {
                    d = d.suggest(vec![best.to_string()]);
                }
                diagnostics.push(d);
            }
        }
        pos = skip_space(inner, next);
    }
    attrs
}

/// A value in `"…"`, `“…”`, `'…'` or `「…」`, or bare up to the next space.
/// Returns the value's range and the position after it.
fn quoted_value(text: &str, start: usize) -> (std::ops::Range<usize>, usize) {
    let pairs = [
        ('"', '"'),
        ('“', '”'),
        ('\'', '\''),
        ('「', '」'),
        ('＂', '＂'),
    ];
    if let Some(open) = text[start..].chars().next() {
        if let Some((_, close)) = pairs.iter().find(|(o, _)| *o == open) {
            let value_start = start + open.len_utf8();
            return match text[value_start..].find(*close) {
                Some(i) => (
                    value_start..value_start + i,
                    value_start + i + close.len_utf8(),
                ),
                None => (value_start..text.len(), text.len()),
            };
        }
    }
    let end = text[start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| start + i);
    (start..end, end)
}

/// Splits `a, b，c、d` into names with their spans.
fn list(value: &str, value_offset: usize, span: &dyn Fn(usize, usize) -> Span) -> Vec<Name> {
    let mut names = Vec::new();
    let mut start = 0;
    for (i, c) in value
        .char_indices()
        .chain(std::iter::once((value.len(), ',')))
    {
        if matches!(c, ',' | '，' | '、') {
            let piece = &value[start..i];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if !trimmed.is_empty() {
                let s = value_offset + start + lead;
                names.push(Located {
                    value: trimmed.to_string(),
                    span: span(s, s + trimmed.len()),
                });
            }
            start = i + c.len_utf8();
        }
    }
    names
}

/// What a nested list item under a step is.
pub enum SubItem {
    Branch {
        label: Located<String>,
        target: RawTarget,
    },
    Jump(RawTarget),
    Note,
}

const ARROWS: [&str; 5] = ["→", "->", "－＞", "=>", "＝＞"];

/// Parses a nested item's text (marker removed), which starts at `offset` of `file`.
pub fn parse_sub_item(
    text: &str,
    file: FileId,
    offset: usize,
    diagnostics: &mut Diagnostics,
) -> SubItem {
    let span = |start: usize, end: usize| Span::new(file, offset + start, offset + end);
    let first_line = text.lines().next().unwrap_or("");
    let Some((arrow_at, arrow)) = ARROWS
        .iter()
        .filter_map(|a| first_line.find(a).map(|i| (i, *a)))
        .min_by_key(|(i, _)| *i)
    else {
        return SubItem::Note;
    };
    let label = first_line[..arrow_at].trim();
    let label_start = first_line.len() - first_line.trim_start().len();
    let target_start = skip_space(first_line, arrow_at + arrow.len());
    let Some(target) = parse_target(first_line, target_start, file, offset, diagnostics) else {
        return SubItem::Note;
    };
    if label.is_empty() {
        SubItem::Jump(target)
    } else {
        SubItem::Branch {
            label: Located {
                value: label.to_string(),
                span: span(label_start, label_start + label.len()),
            },
            target,
        }
    }
}

fn parse_target(
    line: &str,
    mut pos: usize,
    file: FileId,
    offset: usize,
    diagnostics: &mut Diagnostics,
) -> Option<RawTarget> {
    let span = |start: usize, end: usize| Span::new(file, offset + start, offset + end);
    let mut marked_loop = false;
    for mark in ["↺", "循环", "循環"] {
        if line[pos..].starts_with(mark) {
            marked_loop = true;
            pos = skip_space(line, pos + mark.len());
        }
    }
    let rest = &line[pos..];
    if rest.starts_with(['#', '＃']) {
        let start = pos + rest.chars().next().map_or(1, char::len_utf8);
        let end = line[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map_or(line.len(), |i| start + i);
        return Some(RawTarget::Step {
            id: Located {
                value: line[start..end].to_string(),
                span: span(start, end),
            },
            marked_loop,
        });
    }
    if rest.starts_with("[[") || rest.starts_with("［［") {
        let open = if rest.starts_with("[[") {
            2
        } else {
            "［［".len()
        };
        let inner_start = pos + open;
        let close = ["]]", "］］"]
            .iter()
            .filter_map(|c| line[inner_start..].find(c))
            .min();
        if let Some(close) = close {
            let inner = &line[inner_start..inner_start + close];
            let (name, step) = match inner.split_once(['#', '＃']) {
                Some((n, s)) => {
                    let step_start = inner_start + inner.len() - s.len();
                    (
                        n,
                        Some(Located {
                            value: s.trim().to_string(),
                            span: span(step_start, step_start + s.len()),
                        }),
                    )
                }
                None => (inner, None),
            };
            let name = name.split(['|', '｜']).next().unwrap_or(name);
            return Some(RawTarget::Procedure {
                name: Located {
                    value: name.trim().to_string(),
                    span: span(inner_start, inner_start + name.len()),
                },
                step,
            });
        }
    }
    for end in ["结束", "結束", "end", "End", "END"] {
        if rest.starts_with(end) {
            return Some(RawTarget::End {
                span: span(pos, pos + end.len()),
            });
        }
    }
    let shown_end = line
        .len()
        .min(pos + rest.chars().take(12).map(char::len_utf8).sum::<usize>());
    diagnostics.push(
        Diagnostic::new(
            Code::UnknownStep,
            format!(
                "branch target `{}` is not a step, a procedure or the end",
                line[pos..].trim()
            ),
        )
        .at(span(pos, shown_end.max(pos)))
        .label("expected `#step-id`, `[[流程]]` or `结束`")
        .help(
            "write the target as `#step-id` (a step of this procedure), `[[其他流程]]`, or `结束`",
        ),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> (StepLine, Diagnostics) {
        let mut d = Diagnostics::default();
        (parse_line(text, FileId(0), 0, &mut d), d)
    }

    #[test]
    fn performers_text_and_attributes() {
        let text = "@财务/@前台 凭课程发票办理退费。 {#pay deadline=\"当天\" form=\"a, b\"}";
        let (l, d) = line(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(l.performers.len(), 1);
        assert_eq!(l.performers[0].len(), 2);
        assert_eq!(l.performers[0][1].value, "前台");
        assert_eq!(&text[l.text.clone()], "凭课程发票办理退费。");
        assert_eq!(l.id.unwrap().value, "pay");
        assert_eq!(l.deadline.as_deref(), Some("当天"));
        assert_eq!(
            l.forms.iter().map(|f| f.value.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(&text[l.forms[1].span.start..l.forms[1].span.end], "b");
    }

    #[test]
    fn full_width_syntax_is_accepted() {
        let (l, d) = line("＠班主任　＠家长 面谈。｛＃talk　deadline＝“三天内”｝");
        assert!(d.is_empty());
        assert_eq!(l.performers.len(), 2);
        assert_eq!(l.id.unwrap().value, "talk");
        assert_eq!(l.deadline.as_deref(), Some("三天内"));
    }

    #[test]
    fn unknown_attribute_is_reported_with_suggestion() {
        let (_, d) = line("@班主任 x {#a dedline=\"1\"}");
        let d: Vec<_> = d.iter().collect();
        assert_eq!(d[0].code, Code::InvalidStepAttribute);
        assert_eq!(d[0].suggestions, ["deadline"]);
    }

    #[test]
    fn branches_jumps_and_notes() {
        let mut d = Diagnostics::default();
        match parse_sub_item("与教学有关 → #dean", FileId(0), 0, &mut d) {
            SubItem::Branch {
                label,
                target: RawTarget::Step { id, marked_loop },
            } => {
                assert_eq!(label.value, "与教学有关");
                assert_eq!(id.value, "dean");
                assert!(!marked_loop);
            }
            _ => panic!("not a branch"),
        }
        assert!(matches!(
            parse_sub_item("仍不满意 －＞ ↺ #consult", FileId(0), 0, &mut d),
            SubItem::Branch {
                target: RawTarget::Step {
                    marked_loop: true,
                    ..
                },
                ..
            }
        ));
        assert!(matches!(
            parse_sub_item("→ [[挽单流程]]", FileId(0), 0, &mut d),
            SubItem::Jump(RawTarget::Procedure { .. })
        ));
        assert!(matches!(
            parse_sub_item("学员继续学习 → 结束", FileId(0), 0, &mut d),
            SubItem::Branch {
                target: RawTarget::End { .. },
                ..
            }
        ));
        assert!(matches!(
            parse_sub_item("只是说明", FileId(0), 0, &mut d),
            SubItem::Note
        ));
        assert!(d.is_empty());
        parse_sub_item("否则 → 校长", FileId(0), 0, &mut d);
        assert_eq!(d.len(), 1);
    }
}
