//! Builds the index files from the site's docs.

use crate::fold::{self, fold};
use crate::search::files::{self, FORMAT_VERSION};
use crate::search::format::{Buckets, Fold, Heavy, Manifest, Pinyin, Roles, Shard};
use crate::search::model::{DocKind, SearchDoc};
use crate::search::postings::{BODY, HEADING, KEYWORD, TITLE};
use crate::search::token::Occurrence;
use crate::search::{codec, phonetic, postings, token};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Size targets that trade number of files against bytes per query.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Raw bytes of posting data aimed at per shard. A cold query fetches
    /// about one shard per two query chars, so this bounds its cost.
    pub shard_target_bytes: usize,
    /// Raw bytes aimed at per doc chunk; only the chunks of displayed
    /// results are fetched, so small chunks keep snippets cheap.
    pub chunk_target_bytes: usize,
    /// Upper bound on the shard count (number of files).
    pub max_shards: u32,
    /// Posting lists longer than this (raw bytes) get a file of their own.
    pub heavy_key_bytes: usize,
    /// CJK bigrams with a list longer than this (and than `heavy_key_bytes`) are split
    /// instead (see [`crate::search::format::Shard`]): a summary without body positions,
    /// and their positions in groups by the char that follows them.
    pub split_key_bytes: usize,
    /// Raw bytes aimed at per bucket group file of a split key.
    pub split_group_bytes: usize,
    /// Split keys whose list is longer than this (raw bytes) are also stored in groups
    /// by the char that precedes them, so a phrase ending in them stays cheap.
    pub back_split_bytes: usize,
    /// Keys sharing their first chars that together exceed this (raw bytes) are placed
    /// one char deeper (see [`token::shard_of_prefix`]), so that one crowded prefix does
    /// not make a shard heavy for every other key in it.
    pub prefix_group_bytes: usize,
    /// Number of fold table chunks.
    pub fold_chunks: u32,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            shard_target_bytes: 6_000,
            chunk_target_bytes: 5_500,
            max_shards: 4096,
            heavy_key_bytes: 4_000,
            split_key_bytes: 20_000,
            split_group_bytes: 6_000,
            back_split_bytes: 26_000,
            prefix_group_bytes: 8_000,
            fold_chunks: 32,
        }
    }
}

/// Files of the index, handed out in batches as they are made: `(path under site root, bytes)`.
pub type Emit<'a> = dyn FnMut(Vec<(String, Vec<u8>)>) -> Result<(), String> + 'a;

/// Files handed out at a time: bounds the index's output held in memory.
const BATCH: usize = 256;

/// Builds every file under `search/` with default options.
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    build_index_with(docs, &BuildOptions::default())
}

/// Builds every file under `search/`; returns `(path under site root, bytes)`
/// in a deterministic order.
pub fn build_index_with(docs: &[SearchDoc], opts: &BuildOptions) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    write_index(docs, opts, &mut |batch| {
        out.extend(batch);
        Ok(())
    })
    .expect("collecting in memory cannot fail");
    out
}

/// Builds every file under `search/`, handing each batch to `emit` as soon as it is made
/// (in the order [`build_index_with`] returns them), so a large site's index is never
/// all in memory at once: the postings are freed once their shards are out, and the doc
/// chunks leave a few hundred at a time.
pub fn write_index(
    docs: &[SearchDoc],
    opts: &BuildOptions,
    emit: &mut Emit<'_>,
) -> Result<(), String> {
    let keys = collect_postings(docs);
    let split = split_keys(docs, &keys, opts);
    let shards = write_shards(keys, split, opts, emit)?;
    let chunk_sizes = write_chunks(docs, opts, emit)?;
    let used = CharSet::of(docs);
    emit(write_fold(opts.fold_chunks, &used))?;
    let pinyin = !docs.is_empty();
    let mut last = Vec::new();
    if pinyin {
        last.push(write_pinyin(docs));
    }
    last.push(write_roles(docs));
    last.push(write_manifest(
        docs,
        shards,
        &chunk_sizes,
        pinyin,
        opts.fold_chunks,
    ));
    emit(last)
}

/// The chars that occur in the docs' folded field streams, as a bit per code point: a
/// set of a site's chars without holding them all (or a tree node per char).
struct CharSet(Vec<u64>);

impl CharSet {
    fn of(docs: &[SearchDoc]) -> CharSet {
        let mut bits = vec![0u64; (char::MAX as usize >> 6) + 1];
        for doc in docs {
            for stream in field_streams(doc).iter().chain([&fold(&doc.extra)]) {
                for c in stream.chars() {
                    bits[c as usize >> 6] |= 1 << (c as u32 & 63);
                }
            }
        }
        CharSet(bits)
    }

    fn contains(&self, c: char) -> bool {
        self.0[c as usize >> 6] & (1 << (c as u32 & 63)) != 0
    }
}

/// The four field streams of a doc, folded; offsets in postings index these.
pub fn field_streams(doc: &SearchDoc) -> [String; 4] {
    let join = |parts: Vec<&str>| fold(&parts.join("\n"));
    [
        fold(&doc.title),
        join(doc.keywords.iter().map(String::as_str).collect()),
        join(doc.sections.iter().map(|s| s.heading.as_str()).collect()),
        join(doc.sections.iter().map(|s| s.text.as_str()).collect()),
    ]
}

/// An index key without a heap allocation for the common case: keys of one or two chars
/// (every CJK unigram and bigram, short words) are packed into an integer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Packed(u64),
    Long(Box<[char]>),
}

impl Key {
    fn of(chars: &[char]) -> Key {
        match chars {
            [a] => Key::Packed(*a as u64),
            [a, b] => Key::Packed(1 << 42 | (*a as u64) << 21 | *b as u64),
            _ => Key::Long(chars.into()),
        }
    }

    /// The key of an occurrence; a fragment's (with its mark) is assembled in `buf`.
    fn of_occurrence(o: Occurrence, buf: &mut Vec<char>) -> Key {
        match o {
            Occurrence::At(key, _) | Occurrence::Present(key) => Key::of(key),
            Occurrence::Fragment(key, mark, _) => {
                buf.clear();
                buf.extend_from_slice(key);
                buf.push(mark);
                Key::of(buf)
            }
        }
    }

    fn text(&self) -> String {
        match self {
            Key::Packed(p) if p >> 42 == 0 => char::from_u32(*p as u32).into_iter().collect(),
            Key::Packed(p) => [(p >> 21) & 0x1F_FFFF, p & 0x1F_FFFF]
                .iter()
                .filter_map(|c| char::from_u32(*c as u32))
                .collect(),
            Key::Long(chars) => chars.iter().collect(),
        }
    }
}

/// FxHash (as in rustc): keys are already well mixed integers, and SipHash's DoS resistance
/// buys nothing for a build tool hashing its own input.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply only carries entropy upwards; the table indexes by the low bits, so
        // bring the well-mixed high bits down (as rustc-hash 2 does).
        self.0.rotate_left(26)
    }
}

/// One key's posting list over a range of docs, encoded while the docs are tokenized (in
/// the format of [`postings::encode`]), so the build never holds a vector of positions per
/// (key, doc, field): on a large site those small vectors were most of its memory.
#[derive(Default)]
struct Encoding {
    first_doc: u32,
    last_doc: u32,
    /// The list after the first group's doc delta, which depends on the range before.
    body: String,
    /// The group being collected: its field and positions (its doc is `last_doc`).
    field: Option<u8>,
    positions: Vec<u32>,
}

impl Encoding {
    fn add(&mut self, doc: u32, field: u8, pos: u32) {
        self.present(doc, field);
        self.positions.push(pos);
    }

    /// Records that the key occurs in `field` of `doc`, opening that group if it is not
    /// the open one; a group that no offset joins records the key without offsets.
    fn present(&mut self, doc: u32, field: u8) {
        if self.field == Some(field) && self.last_doc == doc {
            return;
        }
        if self.field.is_some() {
            self.flush();
            codec::push(&mut self.body, doc - self.last_doc);
        } else {
            self.first_doc = doc;
        }
        self.last_doc = doc;
        self.field = Some(field);
    }

    fn flush(&mut self) {
        let Some(field) = self.field else { return };
        codec::push(
            &mut self.body,
            self.positions.len() as u32 * 4 + u32::from(field),
        );
        let mut prev: Option<u32> = None;
        for &p in &self.positions {
            codec::push(&mut self.body, prev.map_or(p, |q| p - q - 1));
            prev = Some(p);
        }
        self.positions.clear();
    }

    fn finish(mut self) -> Encoding {
        self.flush();
        self.positions = Vec::new();
        self
    }
}

type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
type KeyMap = HashMap<Key, Encoding, FxBuild>;

/// The postings of a contiguous range of docs (`first` is the id of `docs[0]`).
fn postings_of(docs: &[SearchDoc], first: u32) -> KeyMap {
    let mut keys = KeyMap::default();
    // A fragment's key with its mark, built here rather than allocated per occurrence.
    let mut marked = Vec::new();
    for (offset, doc) in docs.iter().enumerate() {
        let id = first + offset as u32;
        for (field, stream) in [TITLE, KEYWORD, HEADING, BODY]
            .into_iter()
            .zip(field_streams(doc))
        {
            let chars: Vec<char> = stream.chars().collect();
            let body = field == BODY;
            token::tokenize_slices(&chars, body, |o| {
                let entry = keys.entry(Key::of_occurrence(o, &mut marked)).or_default();
                match o {
                    Occurrence::At(_, pos) => entry.add(id, field, pos),
                    Occurrence::Fragment(_, _, pos) if !body => entry.add(id, field, pos),
                    _ => entry.present(id, field),
                }
            });
        }
        // After the body: its groups are the last of the doc.
        let extra: Vec<char> = fold(&doc.extra).chars().collect();
        token::tokenize_slices(&extra, true, |o| {
            // Phrases are found in the text proper; here only what a copy may start or end
            // with.
            if matches!(o, Occurrence::At(key, _) if key.len() == 2 && token::is_cjk(key[0])) {
                return;
            }
            let key = Key::of_occurrence(o, &mut marked);
            keys.entry(key).or_default().present(id, BODY);
        });
    }
    keys.into_iter().map(|(k, e)| (k, e.finish())).collect()
}

/// key → encoded posting list. Docs are tokenized in parallel, in contiguous ranges whose
/// lists are joined in order (re-basing each range's first doc delta), so the result is
/// exactly what encoding the whole site at once gives; the BTreeMap keeps output stable.
fn collect_postings(docs: &[SearchDoc]) -> BTreeMap<String, String> {
    use rayon::prelude::*;
    // One range per thread: each range holds a map of every key it saw, so more ranges would
    // mean more copies of the key set in memory at once.
    let per_range = docs.len().div_ceil(rayon::current_num_threads()).max(64);
    let ranges: Vec<KeyMap> = docs
        .par_chunks(per_range)
        .enumerate()
        .map(|(i, chunk)| postings_of(chunk, (i * per_range) as u32))
        .collect();
    merge_ranges(ranges)
        .into_iter()
        .map(|(k, list)| (k.text(), list))
        .collect()
}

/// Joins per-range encodings (given in doc order) into whole lists, re-basing each range's
/// first doc delta.
fn merge_ranges<K: std::hash::Hash + Eq>(
    ranges: Vec<HashMap<K, Encoding, FxBuild>>,
) -> HashMap<K, String, FxBuild> {
    let mut merged: HashMap<K, (u32, String), FxBuild> = HashMap::default();
    for range in ranges {
        for (key, part) in range {
            let (last_doc, list) = merged.entry(key).or_insert_with(|| (0, String::new()));
            codec::push(list, part.first_doc - *last_doc);
            list.push_str(&part.body);
            *last_doc = part.last_doc;
        }
    }
    merged.into_iter().map(|(k, (_, list))| (k, list)).collect()
}

/// A heavy CJK bigram's list, split (see [`crate::search::format::Shard`]).
struct SplitKey {
    /// [`postings::encode_summary`] of the whole list.
    summary: String,
    /// Neighbour char (`'\0'`: none, i.e. not CJK or the stream's edge) → the list of the
    /// occurrences with that char after the bigram.
    fwd: BTreeMap<char, String>,
    /// The same by the char before, for keys longer than `back_split_bytes`.
    back: Option<BTreeMap<char, String>>,
}

/// One bucket of a split key: the packed bigram, whether by the preceding char, the char.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Bucket(u64, bool, char);

/// Splits the heavy CJK bigrams of `keys`: a second tokenizing pass, in parallel ranges as
/// [`collect_postings`], that encodes their occurrences by neighbour char.
fn split_keys(
    docs: &[SearchDoc],
    keys: &BTreeMap<String, String>,
    opts: &BuildOptions,
) -> HashMap<String, SplitKey> {
    use rayon::prelude::*;
    let heavy: HashMap<u64, bool, FxBuild> = keys
        .iter()
        .filter(|(k, p)| {
            p.len() > opts.heavy_key_bytes.max(opts.split_key_bytes) && is_cjk_bigram(k)
        })
        .filter_map(|(k, p)| match Key::of(&k.chars().collect::<Vec<_>>()) {
            Key::Packed(packed) => Some((packed, p.len() > opts.back_split_bytes)),
            Key::Long(_) => None,
        })
        .collect();
    if heavy.is_empty() {
        return HashMap::new();
    }
    let per_range = docs.len().div_ceil(rayon::current_num_threads()).max(64);
    let ranges: Vec<HashMap<Bucket, Encoding, FxBuild>> = docs
        .par_chunks(per_range)
        .enumerate()
        .map(|(i, chunk)| {
            let mut out: HashMap<Bucket, Encoding, FxBuild> = HashMap::default();
            for (offset, doc) in chunk.iter().enumerate() {
                let id = (i * per_range + offset) as u32;
                for (field, stream) in [TITLE, KEYWORD, HEADING, BODY]
                    .into_iter()
                    .zip(field_streams(doc))
                {
                    let c: Vec<char> = stream.chars().collect();
                    let neighbour = |j: Option<usize>| {
                        j.and_then(|j| c.get(j))
                            .copied()
                            .filter(|&x| token::is_cjk(x))
                            .unwrap_or('\0')
                    };
                    for i in 0..c.len().saturating_sub(1) {
                        let Key::Packed(packed) = Key::of(&c[i..i + 2]) else {
                            continue;
                        };
                        let Some(&back) = heavy.get(&packed) else {
                            continue;
                        };
                        let pos = i as u32;
                        let next = neighbour(Some(i + 2));
                        out.entry(Bucket(packed, false, next))
                            .or_default()
                            .add(id, field, pos);
                        // No bucket for no char before (a phrase's first bigram has no
                        // `Prev` piece), nor for a char that forms a split bigram with the
                        // first: the phrase reads that bigram's `Next` bucket instead.
                        let prev = neighbour(i.checked_sub(1));
                        let split_before = || match Key::of(&[prev, c[i]]) {
                            Key::Packed(p) => heavy.contains_key(&p),
                            Key::Long(_) => false,
                        };
                        if back && prev != '\0' && !split_before() {
                            out.entry(Bucket(packed, true, prev))
                                .or_default()
                                .add(id, field, pos);
                        }
                    }
                }
            }
            out.into_iter().map(|(k, e)| (k, e.finish())).collect()
        })
        .collect();
    let mut split: HashMap<String, SplitKey> = HashMap::new();
    for (Bucket(packed, back, c), list) in merge_ranges(ranges) {
        let key = Key::Packed(packed).text();
        let entry = split.entry(key.clone()).or_insert_with(|| SplitKey {
            summary: String::new(),
            fwd: BTreeMap::new(),
            back: None,
        });
        if back {
            entry.back.get_or_insert_with(BTreeMap::new).insert(c, list);
        } else {
            entry.fwd.insert(c, list);
        }
    }
    for (key, entry) in split.iter_mut() {
        let groups = postings::decode(&keys[key]).expect("the writer's own lists decode");
        entry.summary = postings::encode_summary(&groups);
    }
    split
}

fn is_cjk_bigram(key: &str) -> bool {
    let mut chars = key.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(a), Some(b), None) if token::is_cjk(a) && token::is_cjk(b))
}

/// Writes the bucket groups of one direction of a split key: returns the `len` of every
/// group (0: empty, no file) for the shard's reference.
fn write_groups(
    out: &mut Vec<(String, Vec<u8>)>,
    n: usize,
    back: bool,
    buckets: &BTreeMap<char, String>,
    opts: &BuildOptions,
) -> Vec<usize> {
    let total: usize = buckets.values().map(|l| l.len() + 8).sum();
    let count = total
        .div_ceil(opts.split_group_bytes.max(1))
        .clamp(1, buckets.len().max(1)) as u32;
    let mut groups = vec![BTreeMap::new(); count as usize];
    for (&c, list) in buckets {
        let name = if c == '\0' {
            String::new()
        } else {
            c.to_string()
        };
        groups[files::bucket_group(c, count) as usize].insert(name, list.clone());
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(g, b)| {
            if b.is_empty() {
                return 0;
            }
            let name = files::group_name(n, back, g as u32);
            let json = to_json(&Buckets { b });
            let len = json.len();
            out.push((files::path(&name), files::wrap(&name, &json)));
            len
        })
        .collect()
}

/// The fewest keys sharing a prefix that are placed deeper when they are too large.
const MIN_BRANCH_KEYS: usize = 32;
/// Keys are placed by at most this many first chars: a query for a short prefix reads
/// every shard under it (`SO-00` every number starting `00`), so each level multiplies
/// its files; one level deeper already takes a crowded prefix off the shards of others.
const MAX_BRANCH_DEPTH: usize = 3;

/// A crowded key prefix whose longer keys are placed one char deeper (see
/// [`crate::search::format::Shard`]).
struct Branch {
    prefix: String,
    /// The next chars of the keys placed deeper.
    next: String,
    /// The pages holding any word, and any word fragment, placed deeper: a query for the
    /// prefix itself reads these instead of every key under it.
    words: String,
    fragments: String,
}

/// Places a sorted group of keys (the first at `base` in the whole list) that all start
/// with `prefix` (`depth` chars): by that prefix if they are few enough, else the longer
/// ones one char deeper, each next char's group in turn, recording the branch. `depths`
/// gets how many first chars place each key.
fn place(
    keys: &[(String, String)],
    base: usize,
    prefix: &str,
    depth: usize,
    opts: &BuildOptions,
    depths: &mut [u8],
    branches: &mut Vec<Branch>,
) {
    let bytes: usize = keys.iter().map(|(k, p)| k.len() + p.len() + 2).sum();
    // A few keys with long lists (the years `2018`, `2019`… under `20`) stay together: a
    // prefix query needs all of them anyway, and spread over deeper shards it would also
    // fetch every unrelated key placed there.
    if bytes <= opts.prefix_group_bytes
        || keys.len() < MIN_BRANCH_KEYS
        || depth >= MAX_BRANCH_DEPTH
        || keys.iter().all(|(k, _)| k.chars().count() <= depth)
    {
        depths[base..base + keys.len()].fill(depth as u8);
        return;
    }
    let (mut words, mut fragments) = (BTreeSet::new(), BTreeSet::new());
    let mut next = String::new();
    let mut at = 0;
    while at < keys.len() {
        let Some(c) = keys[at].0.chars().nth(depth) else {
            // The prefix itself as a key stays where the prefix places it.
            depths[base + at] = depth as u8;
            at += 1;
            continue;
        };
        let deeper = format!("{prefix}{c}");
        let n = keys[at..].partition_point(|(k, _)| k.starts_with(&deeper));
        for (k, list) in &keys[at..at + n] {
            let pages = if k.ends_with(token::SUFFIX_MARK) {
                &mut fragments
            } else {
                &mut words
            };
            pages.extend(
                postings::decode(list)
                    .expect("the writer's own lists decode")
                    .iter()
                    .map(|g| g.doc),
            );
        }
        next.push(c);
        place(
            &keys[at..at + n],
            base + at,
            &deeper,
            depth + 1,
            opts,
            depths,
            branches,
        );
        at += n;
    }
    let pages = |docs: BTreeSet<u32>| {
        let groups: Vec<postings::Group> = docs
            .into_iter()
            .map(|doc| postings::Group {
                doc,
                field: BODY,
                positions: Vec::new(),
            })
            .collect();
        postings::encode(&groups)
    };
    branches.push(Branch {
        prefix: prefix.to_string(),
        next,
        words: pages(words),
        fragments: pages(fragments),
    });
}

/// Writes the heavy-key files, then the shards, emitting them [`BATCH`] files at a time;
/// returns the shard count.
fn write_shards(
    keys: BTreeMap<String, String>,
    mut split: HashMap<String, SplitKey>,
    opts: &BuildOptions,
    emit: &mut Emit<'_>,
) -> Result<u32, String> {
    let mut encoded: Vec<(String, String)> = keys.into_iter().collect();
    // Where each key goes, planned on the whole lists (before heavy ones leave for files
    // of their own): by how many first chars, and the branch entries.
    let mut depths = vec![0u8; encoded.len()];
    let mut branches = Vec::new();
    let mut start = 0;
    while start < encoded.len() {
        // Keys sharing their first two chars are adjacent in sorted order; a one-char key
        // is placed by itself.
        let prefix: String = encoded[start].0.chars().take(2).collect();
        let depth = prefix.chars().count();
        let n = if depth < 2 {
            1
        } else {
            encoded[start..].partition_point(|(k, _)| k.starts_with(&prefix))
        };
        let group = &encoded[start..start + n];
        place(
            group,
            start,
            &prefix,
            depth,
            opts,
            &mut depths,
            &mut branches,
        );
        start += n;
    }
    let mut out = Vec::new();
    let mut heavy = 0;
    // A branch's page lists go in its entry, or in files of their own when long.
    let mut branch_values = Vec::with_capacity(branches.len());
    for b in &branches {
        let mut value = b.next.clone();
        for list in [&b.words, &b.fragments] {
            value.push('|');
            if list.len() > opts.heavy_key_bytes {
                let name = files::heavy_name(heavy);
                value.push_str(&format!("~{heavy}.{}", list.len()));
                heavy += 1;
                out.push((
                    files::path(&name),
                    files::wrap(&name, &to_json(&Heavy { p: list.clone() })),
                ));
            } else {
                value.push_str(list);
            }
        }
        branch_values.push((format!("{}{}", b.prefix, token::BRANCH_MARK), value));
    }
    for (k, p) in encoded.iter_mut() {
        if p.len() <= opts.heavy_key_bytes {
            continue;
        }
        let n = heavy;
        heavy += 1;
        let name = files::heavy_name(n);
        let lens = |v: Vec<usize>| v.iter().map(usize::to_string).collect::<Vec<_>>().join(".");
        let (list, reference) = match split.remove(k.as_str()) {
            // `~N.LEN`: file hN, LEN raw bytes (the engine picks the cheapest cover by it).
            None => {
                let reference = format!("~{n}.{}", p.len());
                (std::mem::take(p), reference)
            }
            // `~N.LEN/F0.F1…[/B0.B1…]`: summary hN, groups hNnG (and hNpG).
            Some(s) => {
                let mut reference = format!("~{n}.{}", s.summary.len());
                reference.push('/');
                reference.push_str(&lens(write_groups(&mut out, n, false, &s.fwd, opts)));
                if let Some(back) = &s.back {
                    reference.push('/');
                    reference.push_str(&lens(write_groups(&mut out, n, true, back, opts)));
                }
                (s.summary, reference)
            }
        };
        *p = reference;
        out.push((
            files::path(&name),
            files::wrap(&name, &to_json(&Heavy { p: list })),
        ));
        if out.len() >= BATCH {
            emit(std::mem::take(&mut out))?;
        }
    }
    let total: usize = encoded.iter().map(|(k, p)| k.len() + p.len() + 2).sum();
    let wanted = total.div_ceil(opts.shard_target_bytes.max(1)).max(1);
    // A power of two keeps the count stable as a site grows a little.
    let shards = (wanted.next_power_of_two() as u32).min(opts.max_shards.max(1));
    let mut by_shard: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shards as usize];
    let placed = |key: &str, depth: usize| {
        let end = key.char_indices().nth(depth).map_or(key.len(), |(i, _)| i);
        token::shard_of_prefix(&key[..end], shards) as usize
    };
    for ((k, p), &depth) in encoded.iter().zip(&depths) {
        by_shard[placed(k, depth as usize)].insert(k, p);
    }
    for (k, value) in &branch_values {
        // The entry `PREFIX>` is placed by PREFIX.
        by_shard[placed(k, k.chars().count() - 1)].insert(k, value);
    }
    for (n, entries) in by_shard.into_iter().enumerate() {
        let shard = Shard {
            k: entries.keys().copied().collect::<Vec<_>>().join(" "),
            p: entries.values().copied().collect::<Vec<_>>().join(","),
        };
        let name = files::shard_name(n as u32);
        out.push((files::path(&name), files::wrap(&name, &to_json(&shard))));
        if out.len() >= BATCH {
            emit(std::mem::take(&mut out))?;
        }
    }
    emit(out)?;
    Ok(shards)
}

/// A doc of a chunk as written: url, title, and (anchor, heading, text) per section.
type ChunkDocOut<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str, &'a str)>);

/// [`crate::search::format::DocChunk`] as written: the same JSON, borrowing the docs'
/// text instead of copying it.
#[derive(serde::Serialize)]
struct ChunkOut<'a> {
    first: u32,
    d: Vec<ChunkDocOut<'a>>,
}

/// Groups consecutive docs into chunks of about `chunk_target_bytes`, emitting them
/// [`BATCH`] files at a time; returns the number of docs in each chunk.
fn write_chunks(
    docs: &[SearchDoc],
    opts: &BuildOptions,
    emit: &mut Emit<'_>,
) -> Result<Vec<u32>, String> {
    let mut sizes = Vec::new();
    let mut batch = Vec::new();
    let mut current = ChunkOut {
        first: 0,
        d: Vec::new(),
    };
    let mut bytes = 0;
    let mut flush = |chunk: &mut ChunkOut, next_first: u32, batch: &mut Vec<_>| {
        if chunk.d.is_empty() {
            return;
        }
        let name = files::chunk_name(sizes.len());
        sizes.push(chunk.d.len() as u32);
        batch.push((files::path(&name), files::wrap(&name, &to_json(chunk))));
        *chunk = ChunkOut {
            first: next_first,
            d: Vec::new(),
        };
    };
    for (id, doc) in docs.iter().enumerate() {
        let sections = doc
            .sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()));
        let entry = (
            doc.url.as_str(),
            doc.title.as_str(),
            sections.collect::<Vec<_>>(),
        );
        let size = entry.0.len()
            + entry.1.len()
            + entry
                .2
                .iter()
                .map(|s| s.0.len() + s.1.len() + s.2.len() + 12)
                .sum::<usize>();
        if !current.d.is_empty() && bytes + size > opts.chunk_target_bytes {
            flush(&mut current, id as u32, &mut batch);
            bytes = 0;
            if batch.len() >= BATCH {
                emit(std::mem::take(&mut batch))?;
            }
        }
        bytes += size;
        current.d.push(entry);
    }
    flush(&mut current, docs.len() as u32, &mut batch);
    emit(batch)?;
    Ok(sizes)
}

/// The fold table, keeping only the pairs whose Simplified char occurs in the
/// site: folding a query char to a char that is in no key finds nothing, and
/// neither does the unfolded Traditional char (folded text never holds one),
/// so the pruned table gives the same results with far fewer bytes.
fn write_fold(chunks: u32, used: &CharSet) -> Vec<(String, Vec<u8>)> {
    let mut tables = vec![String::new(); chunks.max(1) as usize];
    for (a, b) in fold::pairs().filter(|&(_, b)| used.contains(b)) {
        let t = &mut tables[(a as u32 % chunks.max(1)) as usize];
        t.push(a);
        t.push(b);
    }
    tables
        .into_iter()
        .enumerate()
        .map(|(n, t)| {
            let name = files::fold_name(n as u32, chunks);
            (
                files::path(&name),
                files::wrap(&name, &to_json(&Fold { t })),
            )
        })
        .collect()
}

fn write_pinyin(docs: &[SearchDoc]) -> (String, Vec<u8>) {
    let mut readings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut t = Vec::with_capacity(docs.len());
    for doc in docs {
        let original = std::iter::once(doc.title.as_str())
            .chain(doc.keywords.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n");
        for c in original.chars() {
            let folded = fold::fold_char(c);
            // Readings of the original char too: 長 has zhàng, 长 lacks it.
            let mut all = phonetic::readings(folded);
            all.extend(phonetic::readings(c));
            if !all.is_empty() {
                readings.entry(folded.to_string()).or_default().extend(all);
            }
        }
        t.push(fold(&original));
    }
    let r = readings
        .into_iter()
        .map(|(c, set)| {
            // Keep the crate's order for the char itself first (stable output),
            // then any extra readings of its Traditional forms.
            let own = phonetic::readings(c.chars().next().unwrap_or(' '));
            let mut list: Vec<String> = own.into_iter().filter(|r| set.contains(r)).collect();
            list.extend(
                set.into_iter()
                    .filter(|r| !list.contains(r))
                    .collect::<Vec<_>>(),
            );
            (c, list.join(" "))
        })
        .collect();
    (
        files::path(files::PINYIN),
        files::wrap(files::PINYIN, &to_json(&Pinyin { r, t })),
    )
}

fn write_roles(docs: &[SearchDoc]) -> (String, Vec<u8>) {
    let roles: Vec<String> = docs
        .iter()
        .flat_map(|d| d.roles.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let role_index: HashMap<&str, u32> = roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i as u32))
        .collect();
    let mut doc_roles = String::new();
    for doc in docs {
        let ids: BTreeSet<u32> = doc.roles.iter().map(|r| role_index[r.as_str()]).collect();
        codec::push(&mut doc_roles, ids.len() as u32);
        for i in ids {
            codec::push(&mut doc_roles, i);
        }
    }
    let facet = Roles {
        role_labels: roles.iter().map(|r| role_label(docs, r)).collect(),
        roles,
        doc_roles,
    };
    (
        files::path(files::ROLES),
        files::wrap(files::ROLES, &to_json(&facet)),
    )
}

fn write_manifest(
    docs: &[SearchDoc],
    shards: u32,
    chunk_sizes: &[u32],
    pinyin: bool,
    fold_chunks: u32,
) -> (String, Vec<u8>) {
    let mut chunks = String::new();
    for &n in chunk_sizes {
        codec::push(&mut chunks, n);
    }
    let mut title_lens = String::new();
    for doc in docs {
        codec::push(&mut title_lens, doc.title.chars().count() as u32);
    }
    let manifest = Manifest {
        title_lens,
        v: FORMAT_VERSION,
        docs: docs.len() as u32,
        shards,
        kinds: docs
            .iter()
            .map(|d| char::from(b'0' + d.kind.code()))
            .collect(),
        labels: DocKind::ALL.iter().map(|k| k.label().to_string()).collect(),
        chunks,
        pinyin,
        fold_chunks: fold_chunks.max(1),
    };
    (
        files::path(files::MANIFEST),
        files::wrap(files::MANIFEST, &to_json(&manifest)),
    )
}

/// A role's facet label: the title of the Role page whose file name is the
/// role id (`roles/front-desk.html` for `front-desk`), else the id itself.
fn role_label(docs: &[SearchDoc], role: &str) -> String {
    docs.iter()
        .find(|d| {
            let stem = d.url.rsplit('/').next().unwrap_or("");
            d.kind == DocKind::Role && stem.split('.').next() == Some(role)
        })
        .map_or_else(|| role.to_string(), |d| d.title.clone())
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("index payloads always serialize")
}

#[cfg(test)]
mod postings_tests {
    use super::*;
    use crate::search::model::Section;
    use crate::search::postings::{encode, Group};

    /// The straightforward way: every (doc, field) group with its positions, encoded at the end.
    fn naive(docs: &[SearchDoc]) -> BTreeMap<String, String> {
        let mut keys: BTreeMap<String, Vec<Group>> = BTreeMap::new();
        for (id, doc) in docs.iter().enumerate() {
            for (field, stream) in [TITLE, KEYWORD, HEADING, BODY]
                .into_iter()
                .zip(field_streams(doc))
            {
                let chars: Vec<char> = stream.chars().collect();
                token::tokenize(&chars, field == BODY, |t| {
                    let groups = keys.entry(t.key).or_default();
                    let positions = t.pos.into_iter().collect::<Vec<_>>();
                    match groups.last_mut() {
                        Some(g) if g.doc == id as u32 && g.field == field => {
                            g.positions.extend(positions)
                        }
                        _ => groups.push(Group {
                            doc: id as u32,
                            field,
                            positions,
                        }),
                    }
                });
            }
        }
        keys.into_iter().map(|(k, g)| (k, encode(&g))).collect()
    }

    #[test]
    fn parallel_incremental_postings_equal_the_naive_encoding() {
        let words = [
            "退费",
            "班主任",
            "校长批准",
            "投诉处理",
            "课时",
            "Refund",
            "4D系统",
            "學員退費",
            "800元",
            "第 8 次课",
        ];
        let docs: Vec<SearchDoc> = (0..700)
            .map(|i| SearchDoc {
                url: format!("p{i}.html"),
                title: words[i % words.len()].to_string(),
                kind: DocKind::Chapter,
                roles: Vec::new(),
                keywords: vec![words[(i * 3) % words.len()].to_string()],
                sections: (0..3)
                    .map(|j| Section {
                        anchor: format!("s{j}"),
                        heading: words[(i + j) % words.len()].to_string(),
                        text: (0..(i % 17 + 1))
                            .map(|k| words[(i * 7 + j * 5 + k) % words.len()])
                            .collect::<Vec<_>>()
                            .join("，"),
                    })
                    .collect(),
                extra: String::new(),
            })
            .collect();
        assert_eq!(collect_postings(&docs), naive(&docs));
    }
}
