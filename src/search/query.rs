//! Query engine over the generated files: the reference implementation of
//! what `theme/search.js` does in the browser, used by the tests (and
//! usable by tools). Any change here must be mirrored there; the node test
//! checks that both rank the same docs with the same scores.

use crate::fold::fold;
use crate::search::files;
use crate::search::format::{DocChunk, Fold, Heavy, Manifest, Pinyin, Shard};
use crate::search::model::DocKind;
use crate::search::postings::{self, Group, BODY, HEADING, TITLE};
use crate::search::token::{self, Term, TermKind};
use crate::search::{codec, phonetic};
use std::collections::{BTreeMap, HashMap};

/// Sorted offsets of a key, per (doc, field).
type PositionsByField = HashMap<(u32, u8), Vec<u32>>;

/// Base score of a term's best hit, by field: title > keyword > heading > body.
pub const FIELD_WEIGHT: [u32; 4] = [1000, 400, 150, 50];
/// Base score of a pinyin hit in the title or a keyword.
pub const PINYIN_WEIGHT: [u32; 2] = [900, 350];
/// Bonus when the hit starts the title.
pub const TITLE_START_BONUS: u32 = 200;
/// Extra bonus when a pinyin query spells the whole title (`jwz` is 教务长
/// itself, and only the start of 教务主管).
pub const PINYIN_WHOLE_TITLE_BONUS: u32 = 100;
/// Hits beyond this many add nothing (keeps long pages from swamping).
pub const MAX_COUNTED_HITS: u32 = 20;

/// One matched span: field, char offset in that field's stream, length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub field: u8,
    pub pos: u32,
    pub len: u32,
}

/// A matching doc with its score and every hit (sorted by field, offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMatch {
    pub doc: u32,
    pub score: u32,
    pub hits: Vec<Hit>,
}

/// A doc as the result list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedDoc {
    pub url: String,
    pub title: String,
    pub kind: DocKind,
    pub roles: Vec<String>,
    /// `(anchor, heading, text)` in the original script.
    pub sections: Vec<(String, String, String)>,
}

/// Every generated file, parsed.
pub struct LoadedIndex {
    pub manifest: Manifest,
    pub docs: Vec<LoadedDoc>,
    /// Per shard: key → (fetch cost, encoded posting list), sorted for prefix
    /// scans. The cost is the raw length of a heavy key's own file, else 0.
    shards: Vec<BTreeMap<String, (u64, String)>>,
    readings: HashMap<char, Vec<String>>,
    /// Per doc: the folded title and keyword lines (pinyin targets).
    pinyin_lines: Vec<Vec<Vec<char>>>,
}

impl LoadedIndex {
    /// Parses the output of [`crate::search::build_index`].
    pub fn from_files(files_in: &[(String, Vec<u8>)]) -> Result<LoadedIndex, String> {
        let mut chunks: HashMap<String, &str> = HashMap::new();
        for (path, bytes) in files_in {
            let (name, json) =
                files::unwrap(bytes).ok_or_else(|| format!("{path}: not a loader call"))?;
            if files::path(&name) != *path {
                return Err(format!("{path}: names chunk {name}"));
            }
            chunks.insert(name, json);
        }
        let get = |name: &str| get_chunk(&chunks, name);
        let manifest: Manifest = parse(get(files::MANIFEST)?)?;
        if manifest.v != files::FORMAT_VERSION {
            return Err(format!("format version {}", manifest.v));
        }
        for n in 0..manifest.fold_chunks {
            let _: Fold = parse(get(&files::fold_name(n, manifest.fold_chunks))?)?;
        }
        let mut shards = Vec::new();
        for n in 0..manifest.shards {
            let shard: Shard = parse(get(&files::shard_name(n))?)?;
            let keys = shard.k.split(' ').filter(|k| !k.is_empty());
            let mut map = BTreeMap::new();
            for (k, p) in keys.zip(shard.p.split(',')) {
                // Resolve heavy keys' lists from their own files.
                let p = match p.strip_prefix('~') {
                    Some(h) => {
                        let (n, len) = h.split_once('.').ok_or("bad heavy ref")?;
                        let n = n.parse().map_err(|_| "bad heavy ref")?;
                        let len = len.parse().map_err(|_| "bad heavy ref")?;
                        (len, parse::<Heavy>(get(&files::heavy_name(n))?)?.p)
                    }
                    None => (0, p.to_string()),
                };
                map.insert(k.to_string(), p);
            }
            shards.push(map);
        }
        let docs = load_docs(&manifest, &chunks)?;
        let (mut readings, mut pinyin_lines) = (HashMap::new(), Vec::new());
        if manifest.pinyin {
            let p: Pinyin = parse(get(files::PINYIN)?)?;
            for (c, r) in p.r {
                let c = c.chars().next().ok_or("empty pinyin key")?;
                readings.insert(c, r.split(' ').map(String::from).collect());
            }
            pinyin_lines =
                p.t.iter()
                    .map(|t| t.split('\n').map(|l| l.chars().collect()).collect())
                    .collect();
        }
        Ok(LoadedIndex {
            manifest,
            docs,
            shards,
            readings,
            pinyin_lines,
        })
    }

    /// Runs a query; results best first (score desc, then doc id).
    pub fn search(&self, query: &str) -> Vec<DocMatch> {
        let folded = fold(query);
        let mut found: BTreeMap<u32, (u32, Vec<Hit>)> = BTreeMap::new();
        let terms = token::query_terms(&folded);
        for (i, term) in terms.iter().enumerate() {
            let hits = self.term_hits(term);
            if i == 0 {
                found = hits
                    .into_iter()
                    .map(|(d, h)| (d, (term_score(&h), h)))
                    .collect();
            } else {
                // AND: keep docs matched by every term, adding up scores.
                found.retain(|d, _| hits.contains_key(d));
                for (d, h) in hits {
                    if let Some(entry) = found.get_mut(&d) {
                        entry.0 += term_score(&h);
                        entry.1.extend(h);
                    }
                }
            }
        }
        if let Some(q) = phonetic::pinyin_query(&folded) {
            for (doc, lines) in self.pinyin_lines.iter().enumerate() {
                if let Some((score, hits)) = pinyin_doc(q.as_bytes(), lines, &|c| {
                    self.readings.get(&c).map(Vec::as_slice)
                }) {
                    let entry = found.entry(doc as u32).or_insert((0, Vec::new()));
                    entry.0 = entry.0.max(score);
                    entry.1.extend(hits);
                }
            }
        }
        let mut out: Vec<DocMatch> = found
            .into_iter()
            .map(|(doc, (score, mut hits))| {
                hits.sort();
                hits.dedup();
                DocMatch { doc, score, hits }
            })
            .collect();
        out.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
        out
    }

    fn entry(&self, key: &str) -> Option<&(u64, String)> {
        self.shards[token::shard_of(key, self.manifest.shards) as usize].get(key)
    }

    fn groups(&self, key: &str) -> Vec<Group> {
        self.entry(key)
            .and_then(|(_, p)| postings::decode(p))
            .unwrap_or_default()
    }

    /// Hits of one term, per doc.
    fn term_hits(&self, term: &Term) -> BTreeMap<u32, Vec<Hit>> {
        let mut out: BTreeMap<u32, Vec<Hit>> = BTreeMap::new();
        let len = term.text.len() as u32;
        let mut add = |groups: Vec<Group>, len: u32| {
            for g in groups {
                let hits = out.entry(g.doc).or_default();
                hits.extend(g.positions.iter().map(|&pos| Hit {
                    field: g.field,
                    pos,
                    len,
                }));
            }
        };
        match term.kind {
            TermKind::Cjk if term.text.len() == 1 => add(self.groups(&term.text[0].to_string()), 1),
            TermKind::Cjk => add(self.phrase(&term.text), len),
            TermKind::Word if term.prefix => {
                let prefix: String = term.text.iter().collect();
                let shard = &self.shards[token::shard_of(&prefix, self.manifest.shards) as usize];
                for (key, p) in shard
                    .range(prefix.clone()..)
                    .take_while(|(k, _)| k.starts_with(&prefix))
                {
                    add(
                        postings::decode(&p.1).unwrap_or_default(),
                        key.chars().count() as u32,
                    );
                }
            }
            TermKind::Word => add(self.groups(&term.text.iter().collect::<String>()), len),
        }
        for hits in out.values_mut() {
            hits.sort();
        }
        out
    }

    /// Exact phrase positions of a CJK run of ≥ 2 chars: the covering
    /// bigrams must occur at the right distances in the same field.
    fn phrase(&self, text: &[char]) -> Vec<Group> {
        let bigram = |o: usize| text[o..o + 2].iter().collect::<String>();
        // Every bigram must occur; their costs pick the cheapest cover.
        let mut costs = Vec::with_capacity(text.len() - 1);
        for o in 0..text.len() - 1 {
            match self.entry(&bigram(o)) {
                Some((cost, _)) => costs.push(*cost),
                None => return Vec::new(),
            }
        }
        let offs = token::covering_offsets(&costs);
        let first = self.groups(&bigram(offs[0]));
        let rest: Vec<(u32, PositionsByField)> = offs[1..]
            .iter()
            .map(|&o| {
                (
                    o as u32,
                    self.groups(&bigram(o))
                        .into_iter()
                        .map(|g| ((g.doc, g.field), g.positions))
                        .collect(),
                )
            })
            .collect();
        first
            .into_iter()
            .filter_map(|g| {
                let positions: Vec<u32> = g
                    .positions
                    .iter()
                    .copied()
                    .filter(|&p| {
                        rest.iter().all(|(o, map)| {
                            map.get(&(g.doc, g.field))
                                .is_some_and(|ps| ps.binary_search(&(p + o)).is_ok())
                        })
                    })
                    .collect();
                (!positions.is_empty()).then_some(Group { positions, ..g })
            })
            .collect()
    }

    /// Maps a heading or body hit to `(section index, char offset in that
    /// section's heading or text)`.
    pub fn locate(&self, doc: u32, hit: Hit) -> Option<(usize, usize)> {
        let sections = &self.docs.get(doc as usize)?.sections;
        let mut start = 0usize;
        for (i, (_, heading, text)) in sections.iter().enumerate() {
            let len = if hit.field == HEADING {
                heading.chars().count()
            } else {
                text.chars().count()
            };
            if (hit.field == HEADING || hit.field == BODY) && (hit.pos as usize) < start + len + 1 {
                return Some((i, hit.pos as usize - start));
            }
            start += len + 1;
        }
        None
    }
}

/// A term's score in one doc: its best field, a title-start bonus, and a
/// capped count of hits.
pub fn term_score(hits: &[Hit]) -> u32 {
    let best = hits.iter().map(|h| h.field).min().unwrap_or(BODY);
    let start = hits.iter().any(|h| h.field == TITLE && h.pos == 0);
    FIELD_WEIGHT[best as usize]
        + if start { TITLE_START_BONUS } else { 0 }
        + (hits.len() as u32).min(MAX_COUNTED_HITS)
}

/// Pinyin hits of a doc's title (line 0) and keyword lines, with the best
/// score; offsets are into the title or the keyword stream.
fn pinyin_doc<'a>(
    q: &[u8],
    lines: &[Vec<char>],
    lookup: &dyn Fn(char) -> Option<&'a [String]>,
) -> Option<(u32, Vec<Hit>)> {
    let (mut best, mut hits, mut kw_offset) = (0, Vec::new(), 0u32);
    for (i, line) in lines.iter().enumerate() {
        if let Some((start, len)) = phonetic::find(q, line, lookup) {
            let (field, pos) = if i == 0 {
                (TITLE, start as u32)
            } else {
                (1, kw_offset + start as u32)
            };
            let score = PINYIN_WEIGHT[field as usize]
                + if i == 0 && start == 0 {
                    TITLE_START_BONUS
                } else {
                    0
                }
                + if i == 0 && start == 0 && len == line.len() {
                    PINYIN_WHOLE_TITLE_BONUS
                } else {
                    0
                };
            best = best.max(score);
            hits.push(Hit {
                field,
                pos,
                len: len as u32,
            });
        }
        if i > 0 {
            kw_offset += line.len() as u32 + 1;
        }
    }
    (!hits.is_empty()).then_some((best, hits))
}

fn get_chunk<'a>(chunks: &HashMap<String, &'a str>, name: &str) -> Result<&'a str, String> {
    chunks
        .get(name)
        .copied()
        .ok_or_else(|| format!("missing chunk {name}"))
}

fn load_docs(
    manifest: &Manifest,
    chunks: &HashMap<String, &str>,
) -> Result<Vec<LoadedDoc>, String> {
    let roles_codes = codec::decode(&manifest.doc_roles).ok_or("bad doc_roles")?;
    let mut roles_iter = roles_codes.into_iter();
    let mut docs = Vec::new();
    let sizes = codec::decode(&manifest.chunks).ok_or("bad chunks")?;
    let kinds: Vec<u8> = manifest.kinds.bytes().map(|b| b - b'0').collect();
    for n in 0..sizes.len() {
        let chunk: DocChunk = parse(get_chunk(chunks, &files::chunk_name(n))?)?;
        if chunk.first as usize != docs.len() {
            return Err(format!("chunk d{n} starts at {}", chunk.first));
        }
        for (url, title, sections) in chunk.d {
            let id = docs.len();
            let count = roles_iter.next().ok_or("short doc_roles")?;
            let roles = (0..count)
                .map(|_| {
                    roles_iter
                        .next()
                        .map(|r| manifest.roles[r as usize].clone())
                })
                .collect::<Option<_>>()
                .ok_or("short doc_roles")?;
            let kind = kinds
                .get(id)
                .and_then(|k| DocKind::from_code(*k))
                .ok_or("bad kind")?;
            docs.push(LoadedDoc {
                url,
                title,
                kind,
                roles,
                sections,
            });
        }
    }
    if docs.len() != manifest.docs as usize {
        return Err("doc count mismatch".into());
    }
    Ok(docs)
}

fn parse<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}
