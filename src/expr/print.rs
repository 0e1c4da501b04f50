//! The per-page `<style>` that puts the form number into the printed footer.
//!
//! Chromium (131+) prints `@page` margin boxes with `counter(page)` and `counter(pages)`, but
//! neither `string-set` nor custom properties reach the margin context, so the form number must
//! be a literal in the page's own CSS. `theme/form.css` carries a footer without the number;
//! this rule, emitted after it in the page head, overrides it.

/// A complete `<style>` element for a form page, e.g. for `FM-RF-02`:
/// footer `FM-RF-02 · 第 1 页 / 共 2 页`.
pub fn print_footer_style(form_number: &str) -> String {
    format!(
        "<style>@page{{@bottom-center{{content:\"{} · 第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\"}}}}</style>",
        css_string_body(form_number)
    )
}

/// Escapes text for the inside of a double-quoted CSS string that sits in an HTML `<style>`:
/// quotes, backslashes and line breaks are CSS-escaped, and `<` `>` `&` as well so `</style>`
/// can never appear.
fn css_string_body(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\u{0}'..='\u{1f}' | '\u{7f}' => {
                // A hex escape ends at the following space, which CSS swallows.
                out.push_str(&format!("\\{:x} ", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer() {
        assert_eq!(
            print_footer_style("FM-RF-02"),
            "<style>@page{@bottom-center{content:\"FM-RF-02 · 第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\"}}</style>"
        );
    }

    #[test]
    fn escapes_everything_dangerous() {
        let s = print_footer_style("a\"b</style><script>\\");
        assert!(s.contains("a\\22 b\\3c /style\\3e \\3c script\\3e \\5c "));
        assert_eq!(s.matches("</style>").count(), 1);
    }
}
