//! What the search index sees of a page: the text of its `<main>`, split into sections at
//! every element that carries an id (headings, steps, glossary terms), so a result can jump
//! to the right heading or step.
//!
//! Taking the text from the rendered HTML (rather than from the sources) means search finds
//! exactly what the reader sees, generated back-links included.

use crate::search::{DocKind, SearchDoc, Section};

/// Elements after which text must not run on into the next word.
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
    )
}

/// Elements whose id starts a new section.
fn starts_section(tag: &str) -> bool {
    matches!(tag, "h2" | "h3" | "h4" | "li" | "dt")
}

pub struct PageInfo<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub kind: DocKind,
    pub roles: Vec<String>,
    pub keywords: Vec<String>,
    /// The one-line summary under the title: the page header is skipped (its kind label
    /// and title are not text to find), but readers search by the summary.
    pub summary: Option<&'a str>,
}

pub fn search_doc(info: PageInfo, html: &str) -> SearchDoc {
    let main = match (html.find("<main"), html.rfind("</main>")) {
        (Some(start), Some(end)) if start < end => &html[start..end],
        _ => html,
    };
    let mut sections = vec![Section {
        anchor: String::new(),
        heading: String::new(),
        text: String::new(),
    }];
    if let Some(summary) = info.summary {
        push_text(&mut sections[0].text, summary);
    }
    // While inside a heading that began a section, its text is the section's heading.
    let mut heading_tag: Option<String> = None;
    let mut skip_depth = 0usize;
    let mut rest = main;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if skip_depth == 0 && !text.is_empty() {
            let section = sections.last_mut().expect("always one section");
            let target = if heading_tag.is_some() {
                &mut section.heading
            } else {
                &mut section.text
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
        if matches!(
            name.as_str(),
            "script" | "style" | "svg" | "nav" | "button" | "header"
        ) {
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
        if closing {
            if heading_tag.as_deref() == Some(name.as_str()) {
                heading_tag = None;
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
        }
        if is_block(&name) {
            let section = sections.last_mut().expect("always one section");
            let target = if heading_tag.is_some() {
                &mut section.heading
            } else {
                &mut section.text
            };
            if !target.is_empty() && !target.ends_with(' ') {
                target.push(' ');
            }
        }
    }
    for s in &mut sections {
        s.text = s.text.trim().to_string();
        s.heading = s.heading.trim().to_string();
    }
    sections.retain(|s| !s.text.is_empty() || !s.heading.is_empty());
    SearchDoc {
        url: info.url.to_string(),
        title: info.title.to_string(),
        kind: info.kind,
        roles: info.roles,
        keywords: info.keywords,
        sections,
    }
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

    #[test]
    fn splits_main_into_sections_by_id() {
        let html = "<nav>目录</nav><main><header><p class=\"hb-kind\">流程</p><h1>学员退费</h1><p class=\"hb-summary\">六课时内申请</p></header><p>开课&amp;前</p><svg><text>图</text></svg>\
                    <ol><li id=\"step-apply\"><a>学员</a>申请退费</li></ol><h2 id=\"说明\">说明</h2><p>补充</p></main>";
        let doc = search_doc(
            PageInfo {
                url: "p.html",
                title: "学员退费",
                kind: DocKind::Procedure,
                roles: vec![],
                keywords: vec![],
                summary: Some("六课时内申请"),
            },
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
                ("", "", "六课时内申请 开课&前"),
                ("step-apply", "", "学员申请退费"),
                ("说明", "说明", "补充")
            ]
        );
    }
}
