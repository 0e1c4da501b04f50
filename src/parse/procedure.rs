//! Procedures: front matter, then the Markdown body whose `## 步骤` list holds the steps.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use toml::Spanned;

use super::entities::front_matter;
use super::frontmatter::{key, Schema, Split, Ty};
use super::markdown;
use super::raw::*;
use super::step_line::{self, SubItem};
use super::Ctx;
use crate::diag::{Code, Diagnostic, Diagnostics, Span};

front_matter!(ProcedureFront {
    #[serde(default)]
    owner: Option<Spanned<String>>,
});

pub(crate) const PROCEDURE: Schema = Schema {
    what: "the front matter",
    common: true,
    keys: &[key("owner", Ty::Str)],
};

/// Headings that introduce the step list.
const STEP_HEADINGS: [&str; 4] = ["步骤", "步驟", "steps", "流程步骤"];

pub(crate) fn procedure(
    ctx: &Ctx,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<RawProcedure> {
    let front: ProcedureFront = super::entities::parse_front(ctx, split, &PROCEDURE, diagnostics)?;
    let meta = front.meta(ctx, split, diagnostics);
    let owner = front
        .owner
        .as_ref()
        .map(|o| super::entities::string_at(o, split.toml.as_ref().map_or(0, |r| r.start), ctx));
    let base = split.body.start;
    let body = &ctx.text[split.body.clone()];
    let Some(layout) = find_steps(body) else {
        diagnostics.push(
            Diagnostic::new(Code::NoSteps, format!("procedure `{}` has no step list", meta.title.value))
                .at(meta.title.span)
                .help("add a heading `## 步骤` followed by a numbered list: `1. @角色 做什么。 {#step-id}`"),
        );
        return None;
    };
    if let Some(at) = layout.detached {
        let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        let last = layout
            .items
            .last()
            .map(|i| &body[i.range.clone()])
            .unwrap_or("");
        let marker = last.split_whitespace().next().unwrap_or("1.");
        let width = marker_len(last);
        diagnostics.push(
            Diagnostic::new(Code::DetachedList, "this list is not part of the steps above it")
                .at(Span::new(ctx.file, base + at, base + line_end))
                .label("the step list ends just before this line")
                .help(format!(
                    "to nest items under the step `{marker}`, indent them by {width} spaces (to where the step's text starts)"
                )),
        );
    }
    let mut steps = Vec::with_capacity(layout.items.len());
    for (index, item) in layout.items.iter().enumerate() {
        steps.push(step(ctx, body, base, index + 1, item, diagnostics));
    }
    let intro = markdown::scan(
        &body[..layout.heading_start],
        ctx.file,
        base,
        &mut Diagnostics::default(),
    );
    let outro = markdown::scan(
        &body[layout.list_end..],
        ctx.file,
        base + layout.list_end,
        &mut Diagnostics::default(),
    );
    Some(RawProcedure {
        meta,
        owner,
        intro,
        outro,
        steps,
    })
}

struct ItemLayout {
    range: Range<usize>,
    /// Direct children of the item's nested lists.
    children: Vec<Range<usize>>,
    /// Where the first nested list starts (the end of the step's own text).
    head_end: usize,
}

struct StepsLayout {
    heading_start: usize,
    list_end: usize,
    items: Vec<ItemLayout>,
    /// A list that starts right where the steps end: almost always nested items that were
    /// indented too little to stay inside their step (under `10.` they need four spaces).
    detached: Option<usize>,
}

/// Finds the first ordered list after a `## 步骤` heading, and its items and their children.
fn find_steps(body: &str) -> Option<StepsLayout> {
    let mut heading: Option<(usize, String)> = None;
    let mut steps_heading: Option<usize> = None;
    let mut list_depth = 0usize;
    let mut in_steps = false;
    let mut items: Vec<ItemLayout> = Vec::new();
    let mut finished: Option<StepsLayout> = None;
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        if let Some(mut layout) = finished.take() {
            if matches!(event, Event::Start(Tag::List(_)))
                && body[layout.list_end..range.start].trim().is_empty()
            {
                layout.detached = Some(range.start);
            }
            return Some(layout);
        }
        match event {
            Event::Start(Tag::Heading { .. }) if list_depth == 0 => {
                heading = Some((range.start, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = heading.take() {
                    let text = text.trim().to_lowercase();
                    if STEP_HEADINGS.contains(&text.as_str()) {
                        steps_heading = Some(start);
                    } else if steps_heading.is_some() && (level as u8) <= 2 && !in_steps {
                        // A new section began before any list: this `## 步骤` has none.
                        return None;
                    }
                }
            }
            Event::Start(Tag::List(first)) => {
                if list_depth == 0 && steps_heading.is_some() && first.is_some() && items.is_empty()
                {
                    in_steps = true;
                }
                list_depth += 1;
                if in_steps && list_depth == 2 {
                    if let Some(item) = items.last_mut() {
                        item.head_end = item.head_end.min(range.start);
                    }
                }
            }
            Event::End(TagEnd::List(_)) => {
                list_depth -= 1;
                if in_steps && list_depth == 0 {
                    finished = Some(StepsLayout {
                        heading_start: steps_heading.unwrap_or(0),
                        list_end: range.end,
                        items: std::mem::take(&mut items),
                        detached: None,
                    });
                }
            }
            Event::Start(Tag::Item) if in_steps => match list_depth {
                1 => items.push(ItemLayout {
                    range: range.clone(),
                    children: Vec::new(),
                    head_end: range.end,
                }),
                2 => {
                    if let Some(item) = items.last_mut() {
                        item.children.push(range.clone());
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    finished
}

/// Length of a list marker (`1. `, `12) `, `- `) at the start of `text`, with its spaces.
fn marker_len(text: &str) -> usize {
    // Up to three spaces may stand before a marker (CommonMark); they belong to it.
    let lead = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[lead..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let mut len = lead
        + if digits > 0 && rest[digits..].starts_with(['.', ')']) {
            digits + 1
        } else if rest.starts_with(['-', '*', '+']) {
            1
        } else {
            0
        };
    while text[len..].starts_with(' ') || text[len..].starts_with('\t') {
        len += 1;
    }
    len
}

fn step(
    ctx: &Ctx,
    body: &str,
    base: usize,
    number: usize,
    item: &ItemLayout,
    diagnostics: &mut Diagnostics,
) -> RawStep {
    let head = &body[item.range.start..item.head_end];
    let marker = marker_len(head);
    let head_text = &head[marker..];
    let line_end = head_text.find('\n').unwrap_or(head_text.len());
    let first_line = &head_text[..line_end];
    let line_offset = base + item.range.start + marker;
    let line = step_line::parse_line(first_line, ctx.file, line_offset, diagnostics);
    let step_span = Span::new(
        ctx.file,
        line_offset,
        line_offset + first_line.trim_end().len(),
    );
    if line.performers.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::StepWithoutRole, format!("step {number} does not say who performs it"))
                .at(step_span)
                .help("start the step with the role that does it, e.g. `@班主任 协助学员填写退费申请单。`"),
        );
    }
    // The whole body was scanned once for the page (`meta.body`), and what that scan reports
    // is reported; scanning its parts again must not say it twice.
    let quiet = &mut Diagnostics::default();
    let text = markdown::scan(
        &first_line[line.text.clone()],
        ctx.file,
        line_offset + line.text.start,
        quiet,
    );
    let rest = &head_text[line_end..];
    let details = (!rest.trim().is_empty()).then(|| {
        let mut md = markdown::scan(rest, ctx.file, line_offset + line_end, quiet);
        md.indent = marker;
        md
    });
    let mut branches = Vec::new();
    let mut jump = None;
    let mut notes = Vec::new();
    for child in &item.children {
        let raw = body[child.clone()].trim_end();
        let m = marker_len(raw);
        let text = &raw[m..];
        let offset = base + child.start + m;
        match step_line::parse_sub_item(text, ctx.file, offset, diagnostics) {
            SubItem::Branch { label, target } => branches.push(RawBranch { label, target }),
            SubItem::Jump(target) => {
                if jump.is_some() {
                    diagnostics.push(
                        Diagnostic::new(Code::SingleBranch, "a step can only jump to one place")
                            .at(Span::new(
                                ctx.file,
                                offset,
                                offset + text.lines().next().unwrap_or("").len(),
                            ))
                            .help("label the branches (`条件 → 去向`) to make the step a decision"),
                    );
                }
                jump = Some(target);
            }
            SubItem::Note => {
                let mut md = markdown::scan(text, ctx.file, offset, quiet);
                md.indent = m + (child.start - line_start(body, child.start));
                notes.push(md);
            }
        }
    }
    if jump.is_some() && !branches.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::SingleBranch,
                "a step has both labelled branches and an unlabelled jump",
            )
            .at(step_span)
            .help("give the unlabelled `→` a condition, e.g. `其他情况 → #next`"),
        );
    }
    RawStep {
        number,
        id: line.id,
        span: step_span,
        performers: line.performers,
        mentions: line.mentions,
        text,
        details,
        deadline: line.deadline,
        forms: line.forms,
        systems: line.systems,
        branches,
        jump,
        notes,
    }
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_steps_children_and_surrounding_text() {
        let body = "前言。\n\n## 步骤\n\n1. @学员 申请。 {#apply}\n2. @班主任 判断。 {#classify}\n   - 甲 → #apply\n   - 乙 → 结束\n\n后记。\n";
        let layout = find_steps(body).unwrap();
        assert_eq!(layout.items.len(), 2);
        assert_eq!(layout.items[1].children.len(), 2);
        assert_eq!(&body[..layout.heading_start], "前言。\n\n");
        assert_eq!(body[layout.list_end..].trim(), "后记。");
    }

    #[test]
    fn markers_include_their_indentation() {
        assert_eq!(marker_len("1. @学员"), 3);
        assert_eq!(marker_len("  12) @学员"), 6);
        assert_eq!(marker_len("   - 条件 → #a"), 5);
    }

    #[test]
    fn the_schema_has_the_keys_of_the_struct() {
        crate::parse::frontmatter::probe::same_keys::<ProcedureFront>(&PROCEDURE);
    }

    #[test]
    fn a_heading_without_list_has_no_steps() {
        assert!(find_steps("## 步骤\n\n只有文字。\n\n## 其他\n\n1. x\n").is_none());
    }
}
