//! Splitting a file into TOML front matter and Markdown body, and deserialising the front
//! matter with every error located in the file.

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::load::FileId;

/// The two halves of a source file, as byte ranges into its text.
#[derive(Debug, Clone)]
pub struct Split {
    /// The TOML between the `+++` lines, if the file has front matter.
    pub toml: Option<Range<usize>>,
    /// The Markdown after the front matter (or the whole file).
    pub body: Range<usize>,
}

fn is_fence(line: &str) -> bool {
    matches!(line.trim_end(), "+++" | "＋＋＋")
}

/// Splits `text`. A file whose first line is `+++` must have a closing `+++` line.
pub fn split(text: &str, file: FileId, diagnostics: &mut Diagnostics) -> Option<Split> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_line_end]) {
        return Some(Split {
            toml: None,
            body: 0..text.len(),
        });
    }
    let toml_start = (first_line_end + 1).min(text.len());
    let mut offset = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if is_fence(line.trim_end_matches('\n')) {
            let body_start = offset + line.len();
            return Some(Split {
                toml: Some(toml_start..offset),
                body: body_start..text.len(),
            });
        }
        offset += line.len();
    }
    diagnostics.push(
        Diagnostic::new(
            Code::UnclosedFrontMatter,
            "front matter opened with `+++` is never closed",
        )
        .at(Span::new(file, 0, first_line_end))
        .label("opened here")
        .help("add a line `+++` after the last TOML key, before the Markdown text"),
    );
    None
}

/// What a front-matter key holds, for the checks that run before deserialising.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Str,
    Bool,
    /// A whole number, 0 or more (`u32`).
    Count,
    /// Any number, whole or not (`f64`).
    Number,
    /// A list of strings.
    Strings,
    /// A string from a fixed set.
    OneOf(&'static [&'static str]),
    /// An inline table or `[key]` section.
    Table(&'static Schema),
    /// A list of tables: `[[key]]` sections or `[{ … }, { … }]`.
    Tables(&'static Schema),
}

/// One key a table may hold.
#[derive(Debug)]
pub struct Key {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
}

pub const fn key(name: &'static str, ty: Ty) -> Key {
    Key {
        name,
        ty,
        required: false,
    }
}

pub const fn required(name: &'static str, ty: Ty) -> Key {
    Key {
        name,
        ty,
        required: true,
    }
}

/// The keys of one table of front matter: the same names serde's structs use, so every
/// unknown key and every wrong type is reported at once instead of only the first one serde
/// stops at. (A unit test keeps each schema in step with its struct.)
#[derive(Debug)]
pub struct Schema {
    /// How messages name the table: "the front matter", "a [[field]]".
    pub what: &'static str,
    /// Whether the keys every entity shares (`title`, `aliases`, `summary`, `source`) apply.
    pub common: bool,
    pub keys: &'static [Key],
}

/// The keys every structured kind accepts.
pub const COMMON: &[Key] = &[
    required("title", Ty::Str),
    key("aliases", Ty::Strings),
    key("summary", Ty::Str),
    key("source", Ty::Str),
];

impl Schema {
    pub fn all(&self) -> impl Iterator<Item = &Key> {
        let common: &[Key] = if self.common { COMMON } else { &[] };
        common.iter().chain(self.keys)
    }
}

/// Deserialises front matter, turning TOML and serde errors into located diagnostics.
///
/// The TOML is first checked against `schema`, which reports every unknown key, wrong type and
/// missing key of the whole front matter (serde stops at the first). Only a front matter that
/// passes is deserialised; serde's own error is the fallback for anything the schema does not
/// describe.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    range: Range<usize>,
    file: FileId,
    schema: &Schema,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let toml = &text[range.clone()];
    let table = match toml::de::DeTable::parse(toml) {
        Ok(table) => table,
        Err(err) => {
            report_toml_error(&err, &range, file, diagnostics);
            return None;
        }
    };
    let mut walker = Walker {
        file,
        base: range.start,
        found: Vec::new(),
    };
    walker.table(table.get_ref(), 0..0, schema);
    if !walker.found.is_empty() {
        for d in walker.found {
            diagnostics.push(d);
        }
        return None;
    }
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(value) => Some(value),
        Err(err) => {
            report_toml_error(&err, &range, file, diagnostics);
            None
        }
    }
}

fn report_toml_error(
    err: &toml::de::Error,
    range: &Range<usize>,
    file: FileId,
    diagnostics: &mut Diagnostics,
) {
    let span = err
        .span()
        .map(|s| Span::new(file, range.start + s.start, range.start + s.end))
        .unwrap_or(Span::new(file, range.start, range.start));
    let message = err.message().trim().to_string();
    let (code, help) = crate::config::classify_toml_error(&message);
    let mut d = Diagnostic::new(code, message).at(span);
    if let Some(help) = help {
        d = d.help(help);
    }
    diagnostics.push(d);
}

type DeTable<'a> = toml::de::DeTable<'a>;
type DeValue<'a> = toml::de::DeValue<'a>;

/// Checks a TOML table against a schema, collecting every problem.
struct Walker {
    file: FileId,
    /// Offset of the TOML text in the file.
    base: usize,
    found: Vec<Diagnostic>,
}

impl Walker {
    fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, self.base + range.start, self.base + range.end)
    }

    /// `at` is where a missing key is reported: the table's header, or the front matter's
    /// first line for the top level.
    fn table(&mut self, table: &DeTable, at: Range<usize>, schema: &Schema) {
        let names: Vec<&str> = schema.all().map(|k| k.name).collect();
        let mut meant: Vec<&str> = Vec::new();
        for (k, v) in table.iter() {
            let name: &str = k.get_ref();
            match schema.all().find(|key| key.name == name) {
                Some(key) => self.value(v.get_ref(), v.span(), key),
                None => {
                    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                    let mut d = Diagnostic::new(
                        Code::UnknownKey,
                        format!(
                            "unknown key `{name}` in {}, expected one of {}",
                            schema.what,
                            listed.join(", ")
                        ),
                    )
                    .at(self.span(k.span()))
                    .label("not a key of this table");
                    match key_suggestion(name, &names) {
                        Some(best) => {
                            meant.push(best);
                            d = d.suggest(vec![best.to_string()]);
                        }
                        None => d = d.help("remove the key or correct its spelling"),
                    }
                    self.found.push(d);
                }
            }
        }
        for key in schema.all().filter(|k| k.required) {
            let present = table.iter().any(|(k, _)| {
                let name: &str = k.get_ref();
                name == key.name
            });
            // A misspelt required key is one mistake, already reported with its correction.
            if !present && !meant.contains(&key.name) {
                self.found.push(
                    Diagnostic::new(
                        Code::MissingKey,
                        format!("missing key `{}` in {}", key.name, schema.what),
                    )
                    .at(self.span(at.clone()))
                    .help(format!("add `{} = …`", key.name)),
                );
            }
        }
    }

    fn value(&mut self, value: &DeValue, span: Range<usize>, key: &Key) {
        let ok = match key.ty {
            Ty::Str => value.is_str(),
            Ty::Bool => value.is_bool(),
            Ty::Number => value.is_integer() || value.is_float(),
            Ty::Count => match value.as_integer() {
                Some(n) => {
                    if u32::from_str_radix(n.as_str(), n.radix()).is_err() {
                        self.found.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                format!(
                                    "`{}` must be a whole number from 0 to {}",
                                    key.name,
                                    u32::MAX
                                ),
                            )
                            .at(self.span(span.clone()))
                            .label("out of range"),
                        );
                    }
                    true
                }
                None => false,
            },
            Ty::Strings => match value.as_array() {
                Some(items) => {
                    if let Some(bad) = items.iter().find(|i| !i.get_ref().is_str()) {
                        self.found.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                format!(
                                    "`{}` must be a list of strings, but holds {}",
                                    key.name,
                                    a(bad.get_ref().type_str())
                                ),
                            )
                            .at(self.span(bad.span()))
                            .label("not a string")
                            .help(format!("write `{} = [\"…\", \"…\"]`", key.name)),
                        );
                    }
                    true
                }
                None => false,
            },
            Ty::OneOf(allowed) => match value.as_str() {
                Some(s) => {
                    if !allowed.contains(&s) {
                        let listed: Vec<String> =
                            allowed.iter().map(|n| format!("`{n}`")).collect();
                        let mut d = Diagnostic::new(
                            Code::InvalidValue,
                            format!(
                                "`{}` cannot be `{s}`; it is one of {}",
                                key.name,
                                listed.join(", ")
                            ),
                        )
                        .at(self.span(span.clone()))
                        .label("not an allowed value");
                        if let Some(best) = key_suggestion(s, allowed) {
                            d = d.suggest(vec![best.to_string()]);
                        }
                        self.found.push(d);
                    }
                    true
                }
                None => false,
            },
            Ty::Table(schema) => match value.as_table() {
                Some(table) => {
                    self.table(table, span.clone(), schema);
                    true
                }
                None => false,
            },
            Ty::Tables(schema) => match value.as_array() {
                Some(items) if items.iter().all(|i| i.get_ref().is_table()) => {
                    for item in items.iter() {
                        if let Some(table) = item.get_ref().as_table() {
                            self.table(table, item.span(), schema);
                        }
                    }
                    true
                }
                _ => false,
            },
        };
        if !ok {
            let expected = match key.ty {
                Ty::Str => "a string in quotes".to_string(),
                Ty::Bool => "true or false".to_string(),
                Ty::Count => "a whole number".to_string(),
                Ty::Number => "a number".to_string(),
                Ty::Strings => "a list of strings, e.g. [\"…\"]".to_string(),
                Ty::OneOf(allowed) => format!("one of \"{}\"", allowed.join("\", \"")),
                Ty::Table(_) => "a table, e.g. { key = \"…\" }".to_string(),
                Ty::Tables(_) => format!("a list of tables, each written [[{}]]", key.name),
            };
            self.found.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!(
                        "`{}` must be {expected}, not {}",
                        key.name,
                        a(value.type_str())
                    ),
                )
                .at(self.span(span))
                .label(format!("{} here", a(value.type_str()))),
            );
        }
    }
}

/// "a string", "an integer", "an array"…
fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// The key (or value) most likely meant by a misspelt one: `lable` → `label`,
/// `superviser` → `supervised-by`.
fn key_suggestion<'a>(written: &str, known: &[&'a str]) -> Option<&'a str> {
    let written = written.to_lowercase().replace('_', "-");
    known
        .iter()
        .map(|k| {
            let distance = strsim::damerau_levenshtein(&written, k);
            let close = distance <= (k.chars().count() / 3).max(1)
                || strsim::jaro_winkler(&written, k) >= 0.88;
            (close, distance, *k)
        })
        .filter(|(close, _, _)| *close)
        .min_by_key(|(_, distance, k)| (*distance, *k))
        .map(|(_, _, k)| k)
}

/// The names a front matter that failed to parse still gives, read from its raw TOML as far as
/// it goes: `title` and `aliases`. References to them are then not reported as unknown.
pub fn salvage_names(toml: &str) -> Vec<String> {
    let Ok(table) = toml::de::DeTable::parse(toml) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    let table = table.get_ref();
    let strings = |table: &DeTable, key: &str, names: &mut Vec<String>| {
        for (k, v) in table.iter() {
            let name: &str = k.get_ref();
            if name != key {
                continue;
            }
            match v.get_ref() {
                DeValue::String(s) => names.push(s.to_string()),
                DeValue::Array(items) => names.extend(
                    items
                        .iter()
                        .filter_map(|i| i.get_ref().as_str())
                        .map(str::to_string),
                ),
                _ => {}
            }
        }
    };
    strings(table, "title", &mut names);
    strings(table, "aliases", &mut names);
    names
}

/// Glossary terms of a glossary whose front matter failed: (id, names) for each `[[term]]`.
pub fn salvage_terms(toml: &str) -> Vec<(String, Vec<String>)> {
    let Ok(table) = toml::de::DeTable::parse(toml) else {
        return Vec::new();
    };
    let mut terms = Vec::new();
    for (k, v) in table.get_ref().iter() {
        let name: &str = k.get_ref();
        let (true, Some(items)) = (name == "term", v.get_ref().as_array()) else {
            continue;
        };
        for item in items.iter() {
            let Some(term) = item.get_ref().as_table() else {
                continue;
            };
            let mut id = String::new();
            let mut names = Vec::new();
            for (k, v) in term.iter() {
                let key: &str = k.get_ref();
                match (key, v.get_ref()) {
                    ("id", DeValue::String(s)) => id = s.to_string(),
                    ("term", DeValue::String(s)) => names.push(s.to_string()),
                    ("aliases", DeValue::Array(a)) => names.extend(
                        a.iter()
                            .filter_map(|i| i.get_ref().as_str())
                            .map(str::to_string),
                    ),
                    _ => {}
                }
            }
            terms.push((id, names));
        }
    }
    terms
}

/// Converts a span inside the front matter (relative to the TOML text) to a file span.
pub fn locate(range: &Range<usize>, toml_start: usize, file: FileId) -> Span {
    Span::new(file, toml_start + range.start, toml_start + range.end)
}

/// Reads the names serde's derive gives a struct's fields (and an enum's variants), to keep the
/// schemas above in step with the structs they describe.
#[cfg(test)]
pub(crate) mod probe {
    use std::cell::Cell;

    use serde::de::{self, Visitor};

    use super::Schema;

    type Names = Cell<Option<&'static [&'static str]>>;

    struct Probe<'a>(&'a Names);

    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("probe"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(Some(fields));
            Err(de::Error::custom("probe"))
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(Some(variants));
            Err(de::Error::custom("probe"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
            identifier ignored_any
        }
    }

    /// The field names of struct `T`, or the variant names of enum `T`, sorted.
    pub fn names<T: de::DeserializeOwned>() -> Vec<&'static str> {
        let found = Names::new(None);
        let _ = T::deserialize(Probe(&found));
        let mut names = found.get().unwrap_or_default().to_vec();
        names.sort();
        names
    }

    /// Asserts that `schema` has exactly the keys of struct `T`.
    pub fn same_keys<T: de::DeserializeOwned>(schema: &Schema) {
        let mut keys: Vec<&str> = schema.all().map(|k| k.name).collect();
        keys.sort();
        assert_eq!(keys, names::<T>(), "the schema of {}", schema.what);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;

    const INNER: Schema = Schema {
        what: "a [[field]]",
        common: false,
        keys: &[required("label", Ty::Str), key("lines", Ty::Count)],
    };

    const OUTER: Schema = Schema {
        what: "the front matter",
        common: true,
        keys: &[key("external", Ty::Bool), key("field", Ty::Tables(&INNER))],
    };

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Anything {
        title: String,
    }

    fn check(toml: &str) -> Vec<(Code, String)> {
        let mut d = Diagnostics::default();
        let parsed: Option<Anything> = parse(toml, 0..toml.len(), FileId(0), &OUTER, &mut d);
        assert!(parsed.is_none() || d.is_empty());
        d.iter()
            .map(|d| {
                let span = d.span.unwrap();
                (d.code, toml[span.start..span.end].to_string())
            })
            .collect()
    }

    #[test]
    fn every_problem_of_a_front_matter_is_found() {
        let found = check(
            "titel = \"甲\"\nexternal = \"是\"\n\n[[field]]\nlable = \"乙\"\nlines = -1\n\n[[field]]\nlabel = 3\nrows = 2\n",
        );
        let mut found: Vec<(Code, &str)> = found.iter().map(|(c, t)| (*c, t.as_str())).collect();
        found.sort();
        assert_eq!(
            found,
            [
                (Code::UnknownKey, "lable"),
                (Code::UnknownKey, "rows"),
                (Code::UnknownKey, "titel"),
                (Code::InvalidValue, "\"是\""),
                (Code::InvalidValue, "-1"),
                (Code::InvalidValue, "3"),
            ]
        );
        assert!(check("title = \"甲\"\n").is_empty());
        assert_eq!(
            check("external = true\n"),
            [(Code::MissingKey, String::new())]
        );
    }

    #[test]
    fn names_survive_a_broken_front_matter() {
        assert_eq!(
            salvage_names("title = \"退费申请单\"\naliases = [\"申请单\"]\nlable = 1\n"),
            ["退费申请单", "申请单"]
        );
        assert!(salvage_names("title = 退费").is_empty());
        let mut terms = salvage_terms("[[term]]\nid = \"x\"\nterm = \"X\"\naliases = [\"叉\"]\n");
        terms[0].1.sort();
        assert_eq!(
            terms,
            [("x".to_string(), vec!["X".to_string(), "叉".to_string()])]
        );
    }
}
