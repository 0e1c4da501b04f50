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
            toml::from_str::<Config>(&text).map_err(|err| {
                let span = err.span().unwrap_or(0..0);
                let (code, help) = classify_toml_error(err.message());
                let mut d = Diagnostic::new(code, err.message().trim().to_string())
                    .at(Span::new(file, span.start, span.end));
                if let Some(help) = help {
                    d = d.help(help);
                }
                vec![d]
            })?
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
    Ok(Project {
        root: root.to_path_buf(),
        config,
        check_levels,
    })
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
        (Code::MissingKey, None)
    } else if message.contains("invalid type") || message.contains("invalid value") {
        (Code::InvalidValue, None)
    } else {
        (
            Code::TomlSyntax,
            Some("strings need straight double quotes: title = \"班主任\""),
        )
    }
}
