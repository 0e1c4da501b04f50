//! `book.toml`: the project's settings, strictly typed.
//!
//! Every table rejects unknown keys, so a misspelt setting is an error that names the key and
//! the allowed ones instead of a silently ignored line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Code, Diagnostic, Level, Span};
use crate::load::SourceMap;

pub const CONFIG_FILE: &str = "book.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub book: BookConfig,
    pub build: BuildConfig,
    pub output: OutputConfig,
    /// A level per diagnostic code, e.g. `unused-role = "allow"`.
    pub check: BTreeMap<String, Level>,
    /// Where each `[check]` key is written, for diagnostics about it.
    #[serde(skip)]
    pub check_spans: BTreeMap<String, Span>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookConfig {
    pub title: String,
    pub version: Option<String>,
    pub language: Language,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub src: PathBuf,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "员工手册".into(),
            version: None,
            language: Language::ZhCn,
            authors: Vec::new(),
            description: None,
            src: PathBuf::from("handbook"),
        }
    }
}

/// The language of the site's own words (navigation, labels). Content is whatever you write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "zh-TW")]
    ZhTw,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::ZhTw => "zh-TW",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildConfig {
    pub build_dir: PathBuf,
    /// Largest source file accepted, in bytes.
    pub max_file_size: u64,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: PathBuf::from("book"),
            max_file_size: 10 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutputConfig {
    pub html: HtmlConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct HtmlConfig {
    /// The path the site is served under, e.g. `/handbook/` behind nginx. Pages link to each
    /// other relatively, so this only matters for the 404 page, which can be served at any depth.
    pub site_url: String,
}

impl Default for HtmlConfig {
    fn default() -> Self {
        HtmlConfig {
            site_url: "/".into(),
        }
    }
}

/// A loaded configuration with the folder it came from.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    pub check_levels: BTreeMap<Code, Level>,
}

impl Project {
    pub fn src_dir(&self) -> PathBuf {
        self.root.join(&self.config.book.src)
    }

    pub fn build_dir(&self) -> PathBuf {
        self.root.join(&self.config.build.build_dir)
    }
}

/// Loads `book.toml` from `root`. A missing file gives the defaults (a folder of Markdown is a
/// handbook too); a broken one gives diagnostics located in the file.
pub fn load(root: &Path, sources: &mut SourceMap) -> Result<Project, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let config = match std::fs::read_to_string(&path) {
        Ok(text) => {
            let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
            let file = sources.add(path.clone(), CONFIG_FILE.into(), text.clone());
            let mut config = toml::from_str::<Config>(&text).map_err(|err| {
                let span = err.span().unwrap_or(0..0);
                let (code, help) = classify_toml_error(err.message());
                let mut d = Diagnostic::new(code, err.message().trim().to_string())
                    .at(Span::new(file, span.start, span.end));
                if let Some(help) = help {
                    d = d.help(help);
                }
                if let Some(best) = closest_expected(err.message()) {
                    d = d.suggest(vec![best]);
                }
                vec![d]
            })?;
            config.check_spans = config
                .check
                .keys()
                .filter_map(|name| Some((name.clone(), check_key_span(&text, name, file)?)))
                .collect();
            config
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Config::default(),
        Err(err) => {
            return Err(vec![Diagnostic::new(
                Code::Io,
                format!("cannot read {}: {err}", path.display()),
            )])
        }
    };
    let mut check_levels = BTreeMap::new();
    let mut problems = Vec::new();
    for (name, level) in &config.check {
        match Code::from_name(name) {
            Some(code) => {
                check_levels.insert(code, *level);
            }
            None => {
                let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                let mut d = Diagnostic::new(
                    Code::UnknownKey,
                    format!("unknown diagnostic code `{name}` in [check]"),
                )
                .help(format!("known codes: {}", known.join(", ")));
                if let Some(span) = config.check_spans.get(name) {
                    d = d.at(*span);
                }
                if let Some(best) = crate::resolve::suggest::closest(name, known.iter().copied()) {
                    d = d.suggest(vec![best.to_string()]);
                }
                problems.push(d);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut config = config;
    config.output.html.site_url = normalize_site_url(&config.output.html.site_url);
    let project = Project {
        root: root.to_path_buf(),
        config,
        check_levels,
    };
    // A site built inside the sources would be read back as static files by the next build,
    // and copied into itself again and again.
    let (src, out) = (project.src_dir(), project.build_dir());
    if out.starts_with(&src) || src.starts_with(&out) {
        return Err(vec![Diagnostic::new(
            Code::InvalidValue,
            format!(
                "the build folder `{}` and the sources `{}` overlap",
                project.config.build.build_dir.display(),
                project.config.book.src.display()
            ),
        )
        .help(
            "build into a folder beside the sources, e.g. [build] build-dir = \"book\"",
        )]);
    }
    Ok(project)
}

/// `site-url` as pages use it: a path that starts and ends with `/` (`/handbook` and
/// `handbook/` both mean `/handbook/`); a full URL only gets its trailing `/`.
fn normalize_site_url(url: &str) -> String {
    let url = url.trim();
    let mut out = if url.contains("://") || url.starts_with('/') {
        url.to_string()
    } else {
        format!("/{url}")
    };
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// For an unknown key, the allowed key closest to it, from serde's
/// "unknown field `titel`, expected one of `title`, `version`, …".
fn closest_expected(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (name, expected) = rest.split_once('`')?;
    let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    crate::resolve::suggest::closest(name, allowed.iter().copied()).map(str::to_string)
}

/// Where `name = …` is written under `[check]` in book.toml, so that a problem with it
/// points at the line.
fn check_key_span(text: &str, name: &str, file: crate::load::FileId) -> Option<Span> {
    let section = text.find("[check]")?;
    let mut offset = section;
    for (i, line) in text[section..].split_inclusive('\n').enumerate() {
        if i > 0 {
            let trimmed = line.trim_start();
            if trimmed.starts_with('[') {
                return None;
            }
            let written = trimmed.split('=').next().unwrap_or("").trim_end();
            if written.trim_matches('"') == name {
                let start = offset + (line.len() - trimmed.len());
                return Some(Span::new(file, start, start + written.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// Maps a serde/TOML message to our code and, where useful, a hint.
pub fn classify_toml_error(message: &str) -> (Code, Option<&'static str>) {
    if message.contains("unknown field") {
        (
            Code::UnknownKey,
            Some("remove the key or correct its spelling"),
        )
    } else if message.contains("unknown variant") {
        // A value outside a fixed set (a language, a field type): serde names the allowed ones.
        (Code::InvalidValue, None)
    } else if message.contains("missing field") {
        (
            Code::MissingKey,
            Some("add the key on a line of its own: key = \"value\""),
        )
    } else if message.contains("invalid type") || message.contains("invalid value") {
        let help = if message.contains("expected a string") {
            "text goes in straight double quotes: title = \"班主任\""
        } else if message.contains("expected a sequence") {
            "a list goes in square brackets: aliases = [\"客服班主任\"]"
        } else {
            "the message says which type this key takes"
        };
        (Code::InvalidValue, Some(help))
    } else {
        (Code::TomlSyntax, Some(syntax_help(message)))
    }
}

/// A hint for a TOML syntax error, by what the parser says went wrong.
fn syntax_help(message: &str) -> &'static str {
    let says = |part: &str| message.contains(part);
    if says("duplicate key") {
        "each key (and each [table] header) may appear only once; keep one of them"
    } else if says("unclosed table") || says("invalid table header") {
        "close the table header with `]`: [book]"
    } else if says("must be quoted") {
        "text goes in straight double quotes: title = \"班主任\" (not “…” or 「…」)"
    } else if says("invalid basic string") || says("invalid literal string") {
        "close the string with the quote it opened with, on the same line (\"\"\"…\"\"\" spans lines)"
    } else if says("key with no value") {
        "write the key, `=`, then the value: title = \"班主任\""
    } else if says("invalid float") || says("invalid integer") || says("invalid number") {
        "a version or other text with dots goes in quotes: version = \"1.2.3\""
    } else if says("unexpected key or value") {
        "one key = value per line; anything after it goes behind a `#` comment"
    } else {
        "each line is key = value, text in straight double quotes: title = \"班主任\""
    }
}
