//! The page templates: built-in defaults compiled into the binary, overridden name by name by
//! a project's own `templates/` folder (as `handbook eject` lays them out).

use std::path::Path;

use tera::Tera;

pub use super::embedded::DEFAULT_TEMPLATES;

/// Loads the templates: each default unless `dir` has a file of the same name.
pub fn load(dir: &Path) -> Result<Tera, String> {
    let mut tera = Tera::default();
    let mut list: Vec<(String, String)> = Vec::new();
    for (name, default) in DEFAULT_TEMPLATES {
        let own = dir.join(name);
        let text = if own.is_file() {
            std::fs::read_to_string(&own)
                .map_err(|e| format!("cannot read {}: {e}", own.display()))?
        } else {
            default.to_string()
        };
        list.push((name.to_string(), text));
    }
    tera.add_raw_templates(list).map_err(|e| describe(&e))?;
    tera.autoescape_on(vec![".html"]);
    // Tera's default escaper also escapes `/`, turning every link into `..&#x2F;roles&#x2F;…`:
    // valid, but larger and unreadable. Escaping `& < > " '` is what HTML needs.
    tera.set_escape_fn(escape_html);
    Ok(tera)
}

fn escape_html(text: &str) -> String {
    super::markdown::escape(text)
}

/// Tera nests the real cause; show the whole chain.
pub fn describe(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
