//! Seeded synthetic handbook corpus shared by the search tests (`mod search_support;`).
//! Sentences come from `tests/search_support/sentences_zh.txt`; docs are written in
//! Simplified, Traditional or mixed script so folding is exercised.
#![allow(dead_code)]

use handbook::fold;
use handbook::search::{DocKind, SearchDoc, Section};
use std::collections::HashMap;

/// xorshift64*: small, deterministic, good enough for sampling.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub fn sentences() -> Vec<&'static str> {
    include_str!("sentences_zh.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Role id and display name.
pub const ROLES: [(&str, &str); 8] = [
    ("dean", "教务长"),
    ("principal", "校长"),
    ("head-teacher", "班主任"),
    ("front-desk", "前台文员"),
    ("advisor", "课程顾问"),
    ("finance", "财务专员"),
    ("hr", "HR经理"),
    ("teacher", "任课老师"),
];

pub const TITLES: [&str; 12] = [
    "退费流程",
    "挽单话术",
    "前台文员岗位说明",
    "教务长职责",
    "校长工作手册",
    "班主任日常工作",
    "课程顾问考核表",
    "请假申请表",
    "新员工入职测验",
    "常用术语",
    "开班通知流程",
    "投诉处理话术",
];

/// Simplified → every Traditional char folding to it.
pub fn traditional_variants() -> HashMap<char, Vec<char>> {
    let mut map: HashMap<char, Vec<char>> = HashMap::new();
    for (t, s) in fold::pairs() {
        // Only BMP variants: supplementary-plane forms are rare in real text.
        if (t as u32) < 0x10000 {
            map.entry(s).or_default().push(t);
        }
    }
    map
}

/// Rewrites Simplified text into (one possible) Traditional form.
pub fn to_traditional(s: &str, variants: &HashMap<char, Vec<char>>, rng: &mut Rng) -> String {
    s.chars()
        .map(|c| variants.get(&c).map_or(c, |v| *rng.pick(v)))
        .collect()
}

/// `n` docs of about `chars` CJK chars each.
pub fn corpus(n: usize, chars: usize, seed: u64) -> Vec<SearchDoc> {
    let mut rng = Rng::new(seed);
    let sents = sentences();
    let variants = traditional_variants();
    let kinds = DocKind::ALL;
    let mut docs = Vec::with_capacity(n);
    for id in 0..n {
        // 0: Simplified, 1: Traditional, 2: mixed per sentence.
        let script = rng.below(3);
        let write = |s: &str, rng: &mut Rng| {
            if script == 1 || (script == 2 && rng.below(2) == 0) {
                to_traditional(s, &variants, rng)
            } else {
                s.to_string()
            }
        };
        let (kind, title, url, roles, mut keywords) = if let Some(&(rid, name)) = ROLES.get(id) {
            (
                DocKind::Role,
                name.to_string(),
                format!("roles/{rid}.html"),
                vec![rid.to_string()],
                vec![],
            )
        } else {
            let kind = *rng.pick(&kinds);
            let base = if rng.below(3) == 0 {
                rng.pick(&TITLES).to_string()
            } else {
                let s: String = rng
                    .pick(&sents)
                    .chars()
                    .filter(|c| handbook::search::token::is_cjk(*c))
                    .take(4 + rng.below(8))
                    .collect();
                s
            };
            let title = format!(
                "{base}{}",
                if rng.below(2) == 0 {
                    format!("（{}）", id % 97)
                } else {
                    String::new()
                }
            );
            let roles: Vec<String> = (0..rng.below(3))
                .map(|_| rng.pick(&ROLES).0.to_string())
                .collect();
            (
                kind,
                title,
                format!("{}/p{id}.html", kind.label_dir()),
                roles,
                vec![],
            )
        };
        for r in &roles {
            if let Some((_, name)) = ROLES.iter().find(|(rid, _)| rid == r) {
                keywords.push(name.to_string());
            }
        }
        if rng.below(4) == 0 {
            keywords.push(rng.pick(&TITLES).to_string());
        }
        let title = write(&title, &mut rng);
        let keywords = keywords.iter().map(|k| write(k, &mut rng)).collect();
        let section_count = 1 + rng.below(4);
        let mut sections = Vec::new();
        for s in 0..section_count {
            let mut text = String::new();
            let share = chars / section_count;
            while text
                .chars()
                .filter(|c| handbook::search::token::is_cjk(*c))
                .count()
                < share
            {
                let s: &str = sents[rng.below(sents.len())];
                text.push_str(&write(s, &mut rng));
            }
            let heading: String = if s == 0 && rng.below(2) == 0 {
                String::new()
            } else {
                write(
                    &rng.pick(&sents)
                        .chars()
                        .filter(|c| handbook::search::token::is_cjk(*c))
                        .take(3 + rng.below(6))
                        .collect::<String>(),
                    &mut rng,
                )
            };
            let anchor = if heading.is_empty() {
                String::new()
            } else {
                format!("s{s}")
            };
            sections.push(Section {
                anchor,
                heading,
                text,
            });
        }
        docs.push(SearchDoc {
            url,
            title,
            kind,
            roles,
            keywords,
            sections,
            extra: String::new(),
        });
    }
    docs
}

/// Directory names for generated URLs.
trait LabelDir {
    fn label_dir(self) -> &'static str;
}

impl LabelDir for DocKind {
    fn label_dir(self) -> &'static str {
        match self {
            DocKind::Procedure => "procedures",
            DocKind::Role => "roles",
            DocKind::Form => "forms",
            DocKind::Scorecard => "scorecards",
            DocKind::Phrases => "phrases",
            DocKind::Quiz => "quizzes",
            DocKind::Glossary => "glossary",
            DocKind::Chapter => "chapters",
            DocKind::Home => "home",
        }
    }
}

/// A random run of 2..=max CJK chars from some field of `doc`, in the doc's
/// own script, or `None` if the chosen spot has no such run.
pub fn sample_phrase(doc: &SearchDoc, rng: &mut Rng, max: usize) -> Option<String> {
    let field: String = match rng.below(10) {
        0 => doc.title.clone(),
        1 => doc.keywords.join("\n"),
        2 => doc
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => rng.pick(&doc.sections).text.clone(),
    };
    let chars: Vec<char> = field.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let len = 2 + rng.below(max - 1);
    let start = rng.below(chars.len());
    let run: String = chars[start..].iter().take(len).collect();
    (run.chars().count() >= 2 && run.chars().all(handbook::search::token::is_cjk)).then_some(run)
}

/// Every output file of the bundled handbook (this repo's `book.toml` and
/// `handbook/`), rendered in memory through the library API.
pub fn bundled_site() -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = match handbook::pipeline::check(root, false) {
        Ok(c) => c,
        Err(e) => panic!(
            "bundled handbook setup failed: {} diagnostics",
            e.diagnostics.len()
        ),
    };
    let book = checked.book.as_ref().unwrap_or_else(|| {
        panic!(
            "bundled handbook has errors: {:?}",
            checked.diagnostics.len()
        )
    });
    handbook::render::render(book, &checked.project)
        .expect("bundled handbook renders")
        .files
}

/// The `search/` files of the bundled handbook, loaded by the reference engine.
pub fn bundled_index() -> handbook::search::LoadedIndex {
    let search: Vec<(String, Vec<u8>)> = bundled_site()
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .collect();
    assert!(
        search.iter().any(|(p, _)| p == "search/index.js"),
        "no search index written"
    );
    handbook::search::LoadedIndex::from_files(&search).expect("bundled index loads")
}
