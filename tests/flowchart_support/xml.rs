//! A minimal XML reader for the flowchart's SVG: elements, attributes, text and the five
//! predefined entities plus numeric references. It rejects anything not well-formed that
//! the SVG writer could plausibly produce (unclosed or mismatched tags, bare `<` or `&`,
//! unquoted or duplicate attributes, text outside the root).

#[derive(Debug)]
pub struct Element {
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    pub parent: Option<usize>,
    /// Child elements.
    pub children: Vec<usize>,
    /// Text and child elements in document order.
    pub content: Vec<Content>,
}

#[derive(Debug)]
pub enum Content {
    Text(String),
    El(usize),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Elements in document order; index 0 is the root.
pub struct Doc {
    pub els: Vec<Element>,
}

impl Doc {
    pub fn root(&self) -> &Element {
        &self.els[0]
    }
    /// All text below element `i`, in document order.
    pub fn deep_text(&self, i: usize, skip: &str) -> String {
        let mut out = String::new();
        self.collect(i, skip, &mut out);
        out
    }
    fn collect(&self, i: usize, skip: &str, out: &mut String) {
        if self.els[i].tag == skip {
            return;
        }
        for c in &self.els[i].content {
            match c {
                Content::Text(t) => out.push_str(t),
                Content::El(e) => self.collect(*e, skip, out),
            }
        }
    }
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').ok_or("bare &")? + i;
        let ent = &rest[i + 1..end];
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or("bad reference")?,
            _ if ent.starts_with('#') => ent[1..]
                .parse()
                .ok()
                .and_then(char::from_u32)
                .ok_or("bad reference")?,
            _ => return Err(format!("unknown entity &{ent};")),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if s.contains('<') {
        return Err("bare <".into());
    }
    Ok(out)
}

pub fn parse(src: &str) -> Result<Doc, String> {
    let mut els: Vec<Element> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut rest = src.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("unclosed end tag")?;
            let name = after[..end].trim();
            let open = stack.pop().ok_or("end tag without start")?;
            if els[open].tag != name {
                return Err(format!("</{name}> closes <{}>", els[open].tag));
            }
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').ok_or("unclosed start tag")?;
            let mut inner = &after[..end];
            let self_closing = inner.ends_with('/');
            if self_closing {
                inner = &inner[..inner.len() - 1];
            }
            let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
            let tag = inner[..name_end].to_string();
            if tag.is_empty()
                || !tag
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
            {
                return Err(format!("bad tag name {tag:?}"));
            }
            let mut attrs: Vec<(String, String)> = Vec::new();
            let mut a = inner[name_end..].trim_start();
            while !a.is_empty() {
                let eq = a.find('=').ok_or("attribute without value")?;
                let key = a[..eq].trim().to_string();
                let v = a[eq + 1..].strip_prefix('"').ok_or("unquoted attribute")?;
                let close = v.find('"').ok_or("unterminated attribute")?;
                if attrs.iter().any(|(k, _)| *k == key) {
                    return Err(format!("duplicate attribute {key}"));
                }
                attrs.push((key, unescape(&v[..close])?));
                a = v[close + 1..].trim_start();
            }
            if stack.is_empty() && !els.is_empty() {
                return Err("second root element".into());
            }
            let parent = stack.last().copied();
            els.push(Element {
                tag,
                attrs,
                parent,
                children: Vec::new(),
                content: Vec::new(),
            });
            let i = els.len() - 1;
            if let Some(p) = parent {
                els[p].children.push(i);
                els[p].content.push(Content::El(i));
            }
            if !self_closing {
                stack.push(i);
            }
            rest = &after[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            if text.contains('>') {
                return Err("bare > in text".into());
            }
            let top = *stack.last().ok_or("text outside the root")?;
            els[top].content.push(Content::Text(unescape(text)?));
            rest = &rest[end..];
        }
    }
    if !stack.is_empty() {
        return Err(format!(
            "<{}> is never closed",
            els[stack[stack.len() - 1]].tag
        ));
    }
    if els.is_empty() {
        return Err("no root element".into());
    }
    Ok(Doc { els })
}
