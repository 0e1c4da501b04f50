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
    /// `@name` in the text after the performers.
    pub mentions: Vec<Name>,
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
    // Right after `/` the name may go without its `@`: `@财务/前台`.
    let mut bare = false;
    loop {
        let name_start = if line[pos..].starts_with(is_at) {
            pos + line[pos..].chars().next().map_or(1, char::len_utf8)
        } else if bare {
            pos
        } else {
            break;
        };
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
        let Some((or, len)) = separator(&line[pos..]) else {
            // `@A @B`: both act.
            alternative = false;
            bare = false;
            continue;
        };
        let after = pos + len;
        let next = skip_space(line, after);
        let slash = or && line[pos..after].chars().all(|c| c == '/' || c == '／');
        let bare_name = slash
            && next == after
            && line[next..]
                .chars()
                .next()
                .is_some_and(|c| !ends_role_name(c));
        if line[next..].starts_with(is_at) || bare_name {
            // `@A/@B`, `@A/B`, `@A 或 @B`: either one; `@A、@B`, `@A 和 @B`: both.
            alternative = or;
            bare = bare_name;
            pos = next;
        } else {
            // `@班主任 和学员面谈`: the word belongs to the text.
            break;
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
    let mentions = mentions(&line[text_start..trimmed_end])
        .into_iter()
        .map(|r| Located {
            value: line[text_start + r.start..text_start + r.end].to_string(),
            span: span(text_start + r.start, text_start + r.end),
        })
        .collect();
    StepLine {
        performers,
        mentions,
        text: text_start..trimmed_end,
        id: attrs.id,
        deadline: attrs.deadline,
        forms: attrs.forms,
        systems: attrs.systems,
    }
}

/// A word between two performers at the start of a step, and whether it means "or":
/// `/` and `或` (either one); `、` `,` `和` `与` `及` (both).
fn separator(rest: &str) -> Option<(bool, usize)> {
    let c = rest.chars().next()?;
    let or = match c {
        '/' | '／' | '或' => true,
        '、' | ',' | '，' | '和' | '与' | '與' | '及' | '&' | '＆' => false,
        _ => return None,
    };
    Some((or, c.len_utf8()))
}

/// The names (byte ranges, without the `@`) of `@name` in a step's text. An `@` right after
/// a letter or digit is part of an e-mail address, and `@` in code or inside `[[…]]` is text.
fn mentions(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut in_code = false;
    let mut in_link = false;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let rest = &text[i..];
        if c == '`' {
            in_code = !in_code;
        } else if !in_code && (rest.starts_with("[[") || rest.starts_with("［［")) {
            in_link = true;
        } else if in_link && (rest.starts_with("]]") || rest.starts_with("］］")) {
            in_link = false;
        } else if !in_code
            && !in_link
            && is_at(c)
            && !prev
                .is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, '.' | '_' | '-' | '+'))
        {
            let start = i + c.len_utf8();
            let len: usize = text[start..]
                .chars()
                .take_while(|&n| n.is_alphanumeric() || matches!(n, '-' | '_' | '·'))
                .map(char::len_utf8)
                .sum();
            if len > 0 {
                found.push(start..start + len);
            }
        }
        prev = Some(c);
    }
    found
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
    fn performers_may_be_joined_by_slash_comma_or_and() {
        let names = |text: &str| {
            let (l, d) = line(text);
            assert!(d.is_empty());
            let performers: Vec<Vec<String>> = l
                .performers
                .iter()
                .map(|p| p.iter().map(|n| n.value.clone()).collect())
                .collect();
            (performers, text[l.text.clone()].to_string())
        };
        let either = (
            vec![vec!["财务".to_string(), "前台".to_string()]],
            "退费。".to_string(),
        );
        let both = (
            vec![vec!["班主任".to_string()], vec!["校长".to_string()]],
            "面谈。".to_string(),
        );
        assert_eq!(names("@财务/@前台 退费。"), either);
        assert_eq!(names("@财务/前台 退费。"), either);
        assert_eq!(names("@财务 或 @前台 退费。"), either);
        assert_eq!(names("@班主任 @校长 面谈。"), both);
        assert_eq!(names("@班主任、@校长 面谈。"), both);
        assert_eq!(names("@班主任，@校长 面谈。"), both);
        assert_eq!(names("@班主任 和 @校长 面谈。"), both);
        assert_eq!(
            names("@班主任 和学员面谈。"),
            (vec![vec!["班主任".to_string()]], "和学员面谈。".to_string())
        );
    }

    #[test]
    fn mentions_in_the_text_are_found_but_not_e_mail_or_code() {
        let (l, _) = line("@班主任 通知 @校长审批,抄送 a@b.cn、`@x`、[[@y]] 与＠家长。");
        let found: Vec<&str> = l.mentions.iter().map(|m| m.value.as_str()).collect();
        assert_eq!(found, ["校长审批", "家长"]);
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
