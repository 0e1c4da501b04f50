//! Query engine over the generated files: the reference implementation of
//! what `theme/search.js` does in the browser, used by the tests (and
//! usable by tools). Any change here must be mirrored there; the node test
//! checks that both rank the same docs with the same scores.

use crate::fold::fold;
use crate::search::files;
use crate::search::format::{Buckets, DocChunk, Fold, Heavy, Manifest, Pinyin, Roles, Shard};
use crate::search::model::DocKind;
use crate::search::postings::{self, Group, BODY, HEADING, TITLE};
use crate::search::token::{self, Piece, Term, TermKind, Via};
use crate::search::{codec, phonetic};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Base score of a term's best hit, by field: title > keyword > heading > body.
pub const FIELD_WEIGHT: [u32; 4] = [1000, 400, 150, 50];
/// Base score of a pinyin hit in the title or a keyword.
pub const PINYIN_WEIGHT: [u32; 2] = [900, 350];
/// Bonus when the hit starts the title.
pub const TITLE_START_BONUS: u32 = 200;
/// Extra bonus when a pinyin query spells the whole title (`jwz` is 教务长
/// itself, and only the start of 教务主管).
pub const PINYIN_WHOLE_TITLE_BONUS: u32 = 100;
/// Bonus when a one-term query is the whole title (`前台` is the page 前台 itself, and only
/// the start of 前台文员).
pub const WHOLE_TITLE_BONUS: u32 = 100;
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

/// Positions of a list by (doc, field), sorted.
type ByField = BTreeMap<(u32, u8), Vec<u32>>;
/// Bucket groups of a split key: per group, its raw length and bucket char → list.
type Groups = Vec<(u64, BTreeMap<char, String>)>;

/// A key's posting data, resolved from the shard and heavy files.
enum Entry {
    /// A whole list, with its fetch cost: the raw length of a heavy key's own file, else 0.
    Whole(u64, String),
    Split(Split),
    /// A branch entry: the next chars of the keys placed deeper, and the pages holding
    /// any word and any word fragment under it.
    Branch {
        next: String,
        words: String,
        fragments: String,
    },
}

/// What a word term reads: a key's list, or a branch's list of pages.
enum Lookup {
    Key(String),
    Pages(String),
}

/// The keys starting with a text, and the page lists of the branches under it.
#[derive(Default)]
struct Starting<'s> {
    keys: BTreeSet<String>,
    words: Vec<&'s String>,
    fragments: Vec<&'s String>,
}

/// Parses a branch entry's value `NEXT|WORDS|FRAGMENTS`, each page list inline or in a
/// file of its own (`~N.LEN`).
fn branch_entry<'a>(
    value: &str,
    get: &dyn Fn(&str) -> Result<&'a str, String>,
) -> Result<Entry, String> {
    let mut parts = value.split('|');
    let next = parts.next().unwrap_or_default().to_string();
    let mut list = || -> Result<String, String> {
        let part = parts.next().ok_or("bad branch entry")?;
        let Some(reference) = part.strip_prefix('~') else {
            return Ok(part.to_string());
        };
        let n: usize = reference
            .split('.')
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or("bad branch list reference")?;
        Ok(parse::<Heavy>(get(&files::heavy_name(n))?)?.p)
    };
    let words = list()?;
    let fragments = list()?;
    Ok(Entry::Branch {
        next,
        words,
        fragments,
    })
}

/// The key of the branch entry of `prefix`.
fn branch_key(prefix: &str) -> String {
    format!("{prefix}{}", token::BRANCH_MARK)
}

/// A doc matched so far: its score, its hits, and the terms whose body hits are still to
/// be found in its text.
type Found = (u32, Vec<Hit>, Vec<Vec<char>>);

/// A split heavy bigram (see [`Shard`]).
struct Split {
    summary: String,
    /// Per group: raw length, and bucket char (`'\0'`: none) → list.
    next: Groups,
    prev: Groups,
}

impl Split {
    fn whole_cost(&self) -> u64 {
        self.next.iter().map(|g| g.0).sum()
    }

    fn group(groups: &Groups, c: char) -> &(u64, BTreeMap<char, String>) {
        &groups[files::bucket_group(c, groups.len() as u32) as usize]
    }
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
    /// Per shard: key → its entry, sorted for prefix scans.
    shards: Vec<BTreeMap<String, Entry>>,
    readings: HashMap<char, Vec<String>>,
    /// Per doc: the folded title and keyword lines (pinyin targets).
    pinyin_lines: Vec<Vec<Vec<char>>>,
    /// Per doc: its title's length in chars.
    title_lens: Vec<u32>,
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
                let entry = match p.strip_prefix('~') {
                    _ if k.ends_with(token::BRANCH_MARK) => branch_entry(p, &get)?,
                    Some(h) => heavy_entry(h, &get)?,
                    None => Entry::Whole(0, p.to_string()),
                };
                map.insert(k.to_string(), entry);
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
        let title_lens = codec::decode(&manifest.title_lens).ok_or("bad title_lens")?;
        Ok(LoadedIndex {
            title_lens,
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
        let mut found: BTreeMap<u32, Found> = BTreeMap::new();
        let terms = token::query_terms(&folded);
        // AND: every term must match; scores add up.
        for (i, term) in terms.iter().enumerate() {
            let TermHits { by_doc, per_page } = self.term_hits(term);
            if i > 0 {
                found.retain(|d, _| by_doc.contains_key(d));
            }
            for (d, h) in by_doc {
                if i > 0 && !found.contains_key(&d) {
                    continue;
                }
                let entry = found.entry(d).or_insert((0, Vec::new(), Vec::new()));
                entry.0 += term_score(&h);
                entry.1.extend(h);
                if per_page.contains(&d) && !entry.2.contains(&term.text) {
                    entry.2.push(term.text.clone());
                }
            }
        }
        // Occurrences known per page only are highlighted from the page's text, as the
        // browser does for the results it shows; they add nothing to the score.
        for (&doc, entry) in found.iter_mut() {
            if !entry.2.is_empty() {
                let body = self.folded_body(doc);
                for key in &entry.2 {
                    entry.1.extend(find_all(&body, key).map(|pos| Hit {
                        field: BODY,
                        pos,
                        len: key.len() as u32,
                    }));
                }
            }
        }
        if let [term] = terms.as_slice() {
            let len = term.text.len() as u32;
            for (&doc, entry) in found.iter_mut() {
                if self.title_lens.get(doc as usize) == Some(&len)
                    && entry
                        .1
                        .iter()
                        .any(|h| h.field == TITLE && h.pos == 0 && h.len == len)
                {
                    entry.0 += WHOLE_TITLE_BONUS;
                }
            }
        }
        if let Some(q) = phonetic::pinyin_query(&folded) {
            for (doc, lines) in self.pinyin_lines.iter().enumerate() {
                if let Some((score, hits)) = pinyin_doc(q.as_bytes(), lines, &|c| {
                    self.readings.get(&c).map(Vec::as_slice)
                }) {
                    let entry = found
                        .entry(doc as u32)
                        .or_insert((0, Vec::new(), Vec::new()));
                    entry.0 = entry.0.max(score);
                    entry.1.extend(hits);
                }
            }
        }
        let mut out: Vec<DocMatch> = found
            .into_iter()
            .map(|(doc, (score, mut hits, _))| {
                hits.sort();
                hits.dedup();
                DocMatch { doc, score, hits }
            })
            .collect();
        out.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
        out
    }

    fn entry(&self, key: &str) -> Option<&Entry> {
        self.shard_for(key).get(key)
    }

    fn shard_at(&self, prefix: &str) -> &BTreeMap<String, Entry> {
        &self.shards[token::shard_of_prefix(prefix, self.manifest.shards) as usize]
    }

    /// The shard a key is placed in: by its first two chars, then one char deeper for
    /// every branch entry on the way ([`token::shard_of_prefix`]).
    fn shard_for(&self, key: &str) -> &BTreeMap<String, Entry> {
        let chars: Vec<char> = key.chars().collect();
        let mut depth = chars.len().min(2);
        loop {
            let prefix: String = chars[..depth].iter().collect();
            let shard = self.shard_at(&prefix);
            if chars.len() > depth && shard.contains_key(&branch_key(&prefix)) {
                depth += 1;
            } else {
                return shard;
            }
        }
    }

    /// Every key starting with `text` (two or more chars), wherever branches placed it;
    /// where a branch holds only keys that start with it, its page lists instead.
    fn keys_starting(&self, text: &[char]) -> Starting<'_> {
        let mut out = Starting::default();
        self.scan(text, text[..2].to_vec(), &mut out);
        out
    }

    fn scan<'s>(&'s self, text: &[char], prefix: Vec<char>, out: &mut Starting<'s>) {
        let start: String = text.iter().collect();
        let at: String = prefix.iter().collect();
        let shard = self.shard_at(&at);
        for (key, _) in shard
            .range(start.clone()..)
            .take_while(|(k, _)| k.starts_with(&start))
        {
            if !key.ends_with(token::BRANCH_MARK) {
                out.keys.insert(key.clone());
            }
        }
        if let Some(Entry::Branch {
            next,
            words,
            fragments,
        }) = shard.get(&branch_key(&at))
        {
            if prefix.len() >= text.len() {
                out.words.push(words);
                out.fragments.push(fragments);
                return;
            }
            // Only the branch that the text goes on into.
            let c = text[prefix.len()];
            if next.contains(c) {
                let mut deeper = prefix;
                deeper.push(c);
                self.scan(text, deeper, out);
            }
        }
    }

    /// The whole list of a key (a split key's buckets merged), by (doc, field).
    fn positions(&self, key: &str) -> ByField {
        match self.entry(key) {
            Some(Entry::Whole(_, p)) => by_field(postings::decode(p).unwrap_or_default()),
            Some(Entry::Split(s)) => merge(s.next.iter().flat_map(|g| g.1.values())),
            Some(Entry::Branch { .. }) | None => BTreeMap::new(),
        }
    }

    fn groups(&self, key: &str) -> Vec<Group> {
        self.positions(key)
            .into_iter()
            .map(|((doc, field), positions)| Group {
                doc,
                field,
                positions,
            })
            .collect()
    }

    /// Hits of one term, per doc.
    fn term_hits(&self, term: &Term) -> TermHits {
        let mut out = TermHits::default();
        let len = term.text.len() as u32;
        let mut add = |groups: Vec<Group>, len: u32| {
            for g in groups {
                if g.positions.is_empty() {
                    out.per_page.insert(g.doc);
                }
                let hits = out.by_doc.entry(g.doc).or_default();
                hits.extend(g.positions.iter().map(|&pos| Hit {
                    field: g.field,
                    pos,
                    len,
                }));
            }
        };
        let text: String = term.text.iter().collect();
        match term.kind {
            TermKind::Cjk if len == 1 => add(self.groups(&text), 1),
            TermKind::Cjk if len == 2 => match self.entry(&text) {
                Some(Entry::Split(s)) => add(self.summary_groups(s, &term.text), 2),
                _ => add(self.phrase(&term.text), 2),
            },
            TermKind::Cjk => add(self.phrase(&term.text), len),
            TermKind::Word => {
                for (lookup, hit_len) in self.word_keys(term) {
                    match lookup {
                        Lookup::Key(key) => add(self.groups(&key), hit_len),
                        Lookup::Pages(list) => {
                            add(postings::decode(&list).unwrap_or_default(), hit_len)
                        }
                    }
                }
            }
        }
        for hits in out.by_doc.values_mut() {
            hits.sort();
        }
        out
    }

    /// The keys a word term looks up, with the length of the hit each gives. Where the
    /// query has a separator on both sides the term is a whole word; where it runs on past
    /// the query's end, a start of words; where it runs on before the query's start, an
    /// end of words (its fragment key); where both, anywhere in a word.
    fn word_keys(&self, term: &Term) -> Vec<(Lookup, u32)> {
        let text: String = term.text.iter().collect();
        let len = term.text.len() as u32;
        let fragment: String = term.text.iter().take(token::MAX_FRAGMENT).collect();
        let marked = |mark: char| Lookup::Key(format!("{fragment}{mark}"));
        let mut keys = vec![(Lookup::Key(text.clone()), len)];
        if term.prefix && len == 1 {
            keys.push((marked(token::START_MARK), 1));
        }
        if term.suffix {
            keys.push((marked(token::SUFFIX_MARK), len));
        }
        if term.prefix && len >= 2 {
            // Words starting with the term (whole hits) and, for a term that may start
            // inside a word, fragments starting with it: all in the term's shard.
            keys.clear();
            let scan: Vec<char> = if term.suffix {
                fragment.chars().collect()
            } else {
                term.text.clone()
            };
            let found = self.keys_starting(&scan);
            for key in found.keys {
                if key.ends_with(token::SUFFIX_MARK) {
                    if term.suffix {
                        keys.push((Lookup::Key(key), len));
                    }
                } else if !key.ends_with(token::START_MARK) && key.starts_with(text.as_str()) {
                    let hit_len = key.chars().count() as u32;
                    keys.push((Lookup::Key(key), hit_len));
                }
            }
            let fragments = found.fragments.iter().filter(|_| term.suffix);
            for pages in found.words.into_iter().chain(fragments.copied()) {
                keys.push((Lookup::Pages(pages.clone()), len));
            }
        }
        keys
    }

    /// The doc's body stream, folded (offsets of body hits index it).
    fn folded_body(&self, doc: u32) -> Vec<char> {
        self.docs[doc as usize]
            .sections
            .iter()
            .map(|s| s.2.as_str())
            .collect::<Vec<_>>()
            .join("\n")
            .chars()
            .map(crate::fold::fold_char)
            .collect()
    }

    /// A split bigram's groups from its summary; the positions of body groups, which the
    /// summary leaves out, are found in the doc's text (as the browser does for the docs it
    /// shows).
    fn summary_groups(&self, split: &Split, key: &[char]) -> Vec<Group> {
        let groups = postings::decode_summary(&split.summary).unwrap_or_default();
        groups
            .into_iter()
            .map(|(g, _)| {
                if g.field != BODY {
                    return g;
                }
                let positions = find_all(&self.folded_body(g.doc), key).collect();
                Group { positions, ..g }
            })
            .collect()
    }

    /// Exact phrase positions of a CJK run of ≥ 2 chars: the pieces of the cheapest
    /// cover ([`token::cover`]) must occur at the right distances in the same field.
    fn phrase(&self, text: &[char]) -> Vec<Group> {
        let bigram = |o: usize| text[o..o + 2].iter().collect::<String>();
        // Every bigram must occur; their costs pick the cheapest cover.
        let mut entries = Vec::with_capacity(text.len() - 1);
        for o in 0..text.len() - 1 {
            match self.entry(&bigram(o)) {
                Some(e) => entries.push(e),
                None => return Vec::new(),
            }
        }
        let pieces = cover_pieces(&entries, text);
        let chosen = token::cover(&pieces, text.len());
        let lists: Vec<(u32, ByField)> = chosen
            .iter()
            .map(|&i| {
                let p = pieces[i];
                let list = match (entries[p.at], p.via) {
                    (Entry::Split(s), Via::Next) => {
                        bucket(Split::group(&s.next, text[p.at + 2]), text[p.at + 2])
                    }
                    (Entry::Split(s), Via::Prev) => {
                        bucket(Split::group(&s.prev, text[p.at - 1]), text[p.at - 1])
                    }
                    _ => self.positions(&bigram(p.at)),
                };
                (p.at as u32, list)
            })
            .collect();
        let (first_at, first) = &lists[0];
        first
            .iter()
            .filter_map(|(&(doc, field), ps)| {
                let positions: Vec<u32> = ps
                    .iter()
                    .filter(|&&p| p >= *first_at)
                    .map(|&p| p - first_at)
                    .filter(|&start| {
                        lists[1..].iter().all(|(o, map)| {
                            map.get(&(doc, field))
                                .is_some_and(|ps| ps.binary_search(&(start + o)).is_ok())
                        })
                    })
                    .collect();
                (!positions.is_empty()).then_some(Group {
                    doc,
                    field,
                    positions,
                })
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

/// One term's matches: hits per doc, and the docs where some occurrence is known per page
/// only (a body hit to find in the text).
#[derive(Default)]
struct TermHits {
    by_doc: BTreeMap<u32, Vec<Hit>>,
    per_page: BTreeSet<u32>,
}

/// Offsets of every occurrence of `key` in `text`.
fn find_all<'a>(text: &'a [char], key: &'a [char]) -> impl Iterator<Item = u32> + 'a {
    text.windows(key.len().max(1))
        .enumerate()
        .filter(move |(_, w)| *w == key)
        .map(|(i, _)| i as u32)
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

/// The candidate pieces of a phrase cover, in the order `theme/search.js` lists them.
fn cover_pieces(entries: &[&Entry], text: &[char]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (at, entry) in entries.iter().enumerate() {
        match entry {
            Entry::Whole(cost, _) => pieces.push(Piece {
                at,
                via: Via::Whole,
                cost: *cost,
            }),
            // A branch entry's key ends in a mark: never a bigram's.
            Entry::Branch { .. } => {}
            Entry::Split(s) => {
                pieces.push(Piece {
                    at,
                    via: Via::Whole,
                    cost: s.whole_cost(),
                });
                if at + 2 < text.len() {
                    pieces.push(Piece {
                        at,
                        via: Via::Next,
                        cost: Split::group(&s.next, text[at + 2]).0,
                    });
                }
                // Buckets by the preceding char X exist unless the bigram X + first char
                // is split (see `Shard`).
                let split_before = at >= 1 && matches!(entries[at - 1], Entry::Split(_));
                if at >= 1 && !s.prev.is_empty() && !split_before {
                    pieces.push(Piece {
                        at,
                        via: Via::Prev,
                        cost: Split::group(&s.prev, text[at - 1]).0,
                    });
                }
            }
        }
    }
    pieces
}

/// Parses a heavy reference (after `~`) and loads its files.
fn heavy_entry<'a>(
    h: &str,
    get: &dyn Fn(&str) -> Result<&'a str, String>,
) -> Result<Entry, String> {
    let bad = || "bad heavy ref".to_string();
    let mut parts = h.split('/');
    let (n, len) = parts.next().unwrap_or("").split_once('.').ok_or_else(bad)?;
    let n: usize = n.parse().map_err(|_| bad())?;
    let len: u64 = len.parse().map_err(|_| bad())?;
    let list = parse::<Heavy>(get(&files::heavy_name(n))?)?.p;
    let Some(next) = parts.next() else {
        return Ok(Entry::Whole(len, list));
    };
    let groups = |lens: &str, back: bool| -> Result<Groups, String> {
        lens.split('.')
            .enumerate()
            .map(|(g, l)| {
                let l: u64 = l.parse().map_err(|_| bad())?;
                let mut buckets = BTreeMap::new();
                if l > 0 {
                    let file: Buckets = parse(get(&files::group_name(n, back, g as u32))?)?;
                    for (c, list) in file.b {
                        buckets.insert(c.chars().next().unwrap_or('\0'), list);
                    }
                }
                Ok((l, buckets))
            })
            .collect()
    };
    let next = groups(next, false)?;
    let prev = match parts.next() {
        Some(lens) => groups(lens, true)?,
        None => Vec::new(),
    };
    Ok(Entry::Split(Split {
        summary: list,
        next,
        prev,
    }))
}

/// A bucket's list by (doc, field); an absent bucket is empty.
fn bucket(group: &(u64, BTreeMap<char, String>), c: char) -> ByField {
    let c = if token::is_cjk(c) { c } else { '\0' };
    group
        .1
        .get(&c)
        .map(|p| by_field(postings::decode(p).unwrap_or_default()))
        .unwrap_or_default()
}

fn by_field(groups: Vec<Group>) -> ByField {
    groups
        .into_iter()
        .map(|g| ((g.doc, g.field), g.positions))
        .collect()
}

/// Several lists' positions merged by (doc, field), sorted.
fn merge<'a>(lists: impl Iterator<Item = &'a String>) -> ByField {
    let mut out: ByField = BTreeMap::new();
    for p in lists {
        for g in postings::decode(p).unwrap_or_default() {
            out.entry((g.doc, g.field)).or_default().extend(g.positions);
        }
    }
    for ps in out.values_mut() {
        ps.sort_unstable();
    }
    out
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
    let facet: Roles = parse(get_chunk(chunks, files::ROLES)?)?;
    let roles_codes = codec::decode(&facet.doc_roles).ok_or("bad doc_roles")?;
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
                        .and_then(|r| facet.roles.get(r as usize).cloned())
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
