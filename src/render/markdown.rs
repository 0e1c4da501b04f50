//! Markdown → HTML, with resolved references turned into links and headings given the same
//! anchors the resolver checked links against.

use pulldown_cmark::{html, CowStr, Event, Parser, Tag};

use super::urls;
use crate::model::{Handbook, Markdown};
use crate::parse::markdown::{options, Heading};

/// Renders `md` for a page at `root` (the relative path to the site root). `headings` are the
/// anchors the resolver computed for this text, in order.
pub fn to_html(book: &Handbook, md: &Markdown, root: &str, headings: &[Heading]) -> String {
    let source = with_links(book, md, root);
    let source = if md.indent > 0 {
        dedent(&source, md.indent)
    } else {
        source
    };
    let mut heading_index = 0;
    let events = Parser::new_ext(&source, options()).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id: None,
            classes,
            attrs,
        }) => {
            let id = headings
                .get(heading_index)
                .map(|h| CowStr::from(h.anchor.clone()));
            heading_index += 1;
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            })
        }
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Inline Markdown (a step's one line) without the surrounding `<p>`.
pub fn inline_html(book: &Handbook, md: &Markdown, root: &str) -> String {
    let html = to_html(book, md, root, &[]);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// Replaces each resolved link's source range with a standard Markdown link to its page.
fn with_links(book: &Handbook, md: &Markdown, root: &str) -> String {
    if md.links.is_empty() {
        return md.text.clone();
    }
    let mut out = String::with_capacity(md.text.len() + md.links.len() * 32);
    let mut last = 0;
    for link in &md.links {
        if link.range.start < last {
            continue;
        }
        out.push_str(&md.text[last..link.range.start]);
        let url = urls::href(book, root, &link.target);
        let url = url
            .replace(' ', "%20")
            .replace('(', "%28")
            .replace(')', "%29");
        if link.wiki {
            out.push('[');
            out.push_str(&escape_label(&link.label));
            out.push_str("](");
            out.push_str(&url);
            out.push(')');
        } else {
            let original = &md.text[link.range.clone()];
            let text_end = original.rfind("](").unwrap_or(original.len());
            out.push_str(&original[..text_end]);
            out.push_str("](");
            out.push_str(&url);
            out.push(')');
        }
        last = link.range.end;
    }
    out.push_str(&md.text[last..]);
    out
}

fn escape_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Removes up to `n` leading spaces from every line after the first.
fn dedent(text: &str, n: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == 0 {
            out.push_str(line);
            continue;
        }
        let spaces = line.bytes().take(n).take_while(|b| *b == b' ').count();
        out.push_str(&line[spaces..]);
    }
    out
}

/// Escapes text for HTML and XML (SVG) element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML (the SVG) and mean nothing in HTML.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Plain text of rendered HTML, for search, tooltips and flowchart labels. Inline tags vanish
/// without a trace (`填写<a>退费申请单</a>。` → `填写退费申请单。`); block tags become spaces.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let name: String = rest[lt + 1..lt + gt]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !matches!(
            name.as_str(),
            "a" | "span"
                | "strong"
                | "em"
                | "b"
                | "i"
                | "code"
                | "mark"
                | "del"
                | "sup"
                | "sub"
                | "abbr"
        ) {
            out.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
