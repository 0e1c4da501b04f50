//! What the search index sees of a page: the text of its `<main>` as a reader sees it there,
//! split into sections at every element that carries an id (headings, steps, glossary terms),
//! so a result can jump to the right heading or step.
//!
//! Taking the text from the rendered HTML (rather than from the sources) means search finds
//! exactly what the reader sees, generated back-links included: the page header (kind,
//! aliases, summary, source), the flowchart's boxes and the toolbar its script adds, the
//! pager, buttons. Where the browser shows text on separate lines, the text here has a
//! separator too, since a reader copying across it gets one (`打印 打印空白表`), and where it
//! shows text run on, so does this (`向班主任提` + `出退费申请`).

use crate::render::i18n::ScriptWords;
use crate::search::{DocKind, SearchDoc, Section};

/// Elements after which text must not run on into the next word: blocks, and SVG text lines.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "li"
            | "div"
            | "td"
            | "th"
            | "tr"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "dt"
            | "dd"
            | "ul"
            | "ol"
            | "table"
            | "section"
            | "header"
            | "nav"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "pre"
            | "dl"
            | "fieldset"
            | "legend"
            | "label"
            | "summary"
            | "details"
            | "output"
            | "textarea"
            | "button"
            | "select"
            | "option"
            | "text"
    )
}

/// Elements whose content is never shown as text.
fn is_hidden(tag: &str) -> bool {
    matches!(tag, "script" | "style" | "template" | "title" | "desc")
}

/// Elements whose id starts a new section.
fn starts_section(tag: &str) -> bool {
    matches!(tag, "h2" | "h3" | "h4" | "li" | "dt")
}

pub struct PageInfo<'a> {
    pub url: &'a str,
    pub title: String,
    pub kind: DocKind,
    pub roles: Vec<String>,
    pub keywords: Vec<String>,
    /// The one-line summary under the title: searched even where a user's own template
    /// leaves it out of the page.
    pub summary: Option<&'a str>,
}

/// The controls `theme/flow.js` adds above a flowchart, in their order on the page.
fn flow_tools(words: &ScriptWords) -> [&str; 6] {
    [
        words.flow_role,
        words.flow_all_roles,
        words.flow_walk,
        "−",
        "+",
        words.flow_fit,
    ]
}

pub fn search_doc(info: PageInfo, words: &ScriptWords, html: &str) -> SearchDoc {
    let main = match (html.find("<main"), html.rfind("</main>")) {
        (Some(start), Some(end)) if start < end => &html[start..end],
        _ => html,
    };
    let mut sections = vec![Section {
        anchor: String::new(),
        heading: String::new(),
        text: String::new(),
    }];
    // While inside a heading that began a section, its text is the section's heading.
    let mut heading_tag: Option<String> = None;
    // The page's h1 is its title, searched as such; its text is kept here and added to the
    // body only where it differs from the title (the home page's).
    let mut h1: Option<String> = None;
    // A flowchart's step boxes repeat the steps' text in other line breaks: their text goes
    // to `extra`. Its other text (start and end, branch labels, lanes) is text of its own.
    let mut in_box = false;
    let mut extra = String::new();
    let mut skip_depth = 0usize;
    let mut rest = main;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if skip_depth == 0 && !text.is_empty() {
            let section = sections.last_mut().expect("always one section");
            let target = if in_box {
                &mut extra
            } else {
                target(section, &mut h1, heading_tag.is_some())
            };
            push_text(target, text);
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if is_hidden(&name) {
            if closing {
                skip_depth = skip_depth.saturating_sub(1);
            } else if !tag.ends_with('/') {
                skip_depth += 1;
            }
            continue;
        }
        if skip_depth > 0 {
            continue;
        }
        if name == "g" {
            // Boxes hold no groups: a box ends at the first `</g>`.
            in_box = !closing
                && attribute(tag, "class")
                    .is_some_and(|c| c.split(' ').any(|c| c == "hb-step" || c == "hb-decision"));
        }
        if in_box {
            if is_block(&name) && !extra.ends_with(' ') {
                extra.push(' ');
            }
            continue;
        }
        let section = sections.last_mut().expect("always one section");
        if closing {
            if heading_tag.as_deref() == Some(name.as_str()) {
                heading_tag = None;
            }
            if name == "h1" {
                if let Some(text) = h1.take().filter(|t| t.trim() != info.title.trim()) {
                    push_block(&mut section.text, &text);
                }
            }
        } else if starts_section(&name) {
            if let Some(id) = attribute(tag, "id") {
                sections.push(Section {
                    anchor: id,
                    heading: String::new(),
                    text: String::new(),
                });
                if name.starts_with('h') {
                    heading_tag = Some(name.clone());
                }
            }
        } else if name == "h1" && heading_tag.is_none() {
            h1 = Some(String::new());
        } else if name == "figure"
            && attribute(tag, "class").is_some_and(|c| c.split(' ').any(|c| c == "hb-flowchart"))
        {
            for tool in flow_tools(words) {
                push_block(&mut section.text, tool);
            }
        }
        if is_block(&name) {
            let section = sections.last_mut().expect("always one section");
            let target = target(section, &mut h1, heading_tag.is_some());
            if !target.is_empty() && !target.ends_with(' ') {
                target.push(' ');
            }
        }
    }
    for s in &mut sections {
        s.text = s.text.trim().to_string();
        s.heading = s.heading.trim().to_string();
    }
    if let Some(summary) = info.summary {
        let mut text = String::new();
        push_text(&mut text, summary.trim());
        let first = &mut sections[0].text;
        if !first.contains(&text) {
            push_block(&mut text, first);
            *first = text.trim().to_string();
        }
    }
    sections.retain(|s| !s.text.is_empty() || !s.heading.is_empty());
    SearchDoc {
        url: info.url.to_string(),
        title: info.title,
        kind: info.kind,
        roles: info.roles,
        keywords: info.keywords,
        sections,
        extra: extra.trim().to_string(),
    }
}

/// Where the text being read goes: the h1 while it is open, the heading of the section it
/// began while in one, else the section's text.
fn target<'a>(
    section: &'a mut Section,
    h1: &'a mut Option<String>,
    in_heading: bool,
) -> &'a mut String {
    match h1 {
        Some(h1) => h1,
        None if in_heading => &mut section.heading,
        None => &mut section.text,
    }
}

/// Appends text as a line of its own.
fn push_block(out: &mut String, text: &str) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
    push_text(out, text);
    out.push(' ');
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let pattern = format!(" {name}=\"");
    let start = tag.find(&pattern)? + pattern.len();
    let end = tag[start..].find('"')?;
    Some(decode(&tag[start..start + end]))
}

/// Appends text with entities decoded and runs of whitespace collapsed.
fn push_text(out: &mut String, text: &str) {
    let decoded = decode(text);
    for c in decoded.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            n if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::render::i18n::words;

    #[test]
    fn splits_main_into_sections_by_id() {
        let html = "<nav>目录</nav><main><header><p class=\"hb-kind\">流程</p><h1>学员退费</h1><p class=\"hb-summary\">六课时内申请</p></header><p>开课&amp;前</p><svg><text>图</text></svg>\
                    <ol><li id=\"step-apply\"><a>学员</a>申请退费</li></ol><h2 id=\"说明\">说明</h2><p>补充</p></main>";
        let doc = search_doc(
            PageInfo {
                url: "p.html",
                title: "学员退费".into(),
                kind: DocKind::Procedure,
                roles: vec![],
                keywords: vec![],
                summary: Some("六课时内申请"),
            },
            &words(Language::ZhCn).script,
            html,
        );
        let s: Vec<(&str, &str, &str)> = doc
            .sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            s,
            [
                ("", "", "流程 六课时内申请 开课&前 图"),
                ("step-apply", "", "学员申请退费"),
                ("说明", "说明", "补充")
            ]
        );
    }
}

#[cfg(test)]
mod reader_view_tests {
    use super::*;
    use crate::config::Language;
    use crate::render::i18n::words;

    fn text_of(title: &str, summary: Option<&str>, html: &str) -> String {
        let doc = search_doc(
            PageInfo {
                url: "p.html",
                title: title.into(),
                kind: DocKind::Chapter,
                roles: vec![],
                keywords: vec![],
                summary,
            },
            &words(Language::ZhCn).script,
            html,
        );
        doc.sections
            .iter()
            .map(|s| format!("{}|{}", s.heading, s.text))
            .collect::<Vec<_>>()
            .join("/")
    }

    #[test]
    fn text_shown_on_separate_lines_stays_apart_and_svg_lines_run_on_in_extra() {
        let html = "<main><header><p class=\"hb-kind\">角色</p><h1>开元教育员工手册</h1>\
                    <p class=\"hb-source\">来源:000 §6.3</p></header>\
                    <figure class=\"hb-flowchart\"><svg><title>提示</title><g class=\"hb-node hb-step\"><text><tspan>1.</tspan> 向班主任提<tspan>出申请</tspan></text></g><g class=\"hb-node hb-end\"><text>结束</text></g></svg></figure>\
                    <div><button>打印</button><button>打印空白表</button></div>\
                    <nav class=\"hb-pager\"><a>← 上一章</a></nav></main>";
        assert_eq!(
            text_of("首页", None, html),
            "|角色 开元教育员工手册 来源:000 §6.3 只看我的角色 全部角色 逐步演练 − + 适应宽度 \
             结束 打印 打印空白表 ← 上一章"
        );
        let doc = search_doc(
            PageInfo {
                url: "p.html",
                title: "首页".into(),
                kind: DocKind::Chapter,
                roles: vec![],
                keywords: vec![],
                summary: None,
            },
            &words(Language::ZhCn).script,
            html,
        );
        assert_eq!(doc.extra, "1. 向班主任提出申请");
    }

    #[test]
    fn a_summary_the_template_leaves_out_is_still_searched() {
        let html = "<main><h1>退费</h1><p>正文</p></main>";
        assert_eq!(text_of("退费", Some("六课时内"), html), "|六课时内 正文");
        let shown = "<main><h1>退费</h1><p class=\"hb-summary\">六课时内</p><p>正文</p></main>";
        assert_eq!(text_of("退费", Some("六课时内"), shown), "|六课时内 正文");
    }
}
