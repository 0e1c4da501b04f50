//! Payloads of the generated files (the JSON inside each loader call).
//! Field names are short because the manifest is fetched on every cold query.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `search/index.js`: what every query needs before fetching anything else.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// [`crate::search::files::FORMAT_VERSION`].
    pub v: u32,
    /// Number of docs; doc ids are `0..docs` in input order.
    pub docs: u32,
    /// Number of posting shards; a key lives in `s{shard_of(key)}`.
    pub shards: u32,
    /// One decimal digit per doc: its [`crate::DocKind`] code.
    pub kinds: String,
    /// Kind labels, indexed by code.
    pub labels: Vec<String>,
    /// Codec integers: number of docs in each doc chunk `d0`, `d1`, ...
    pub chunks: String,
    /// Codec integers: per doc, the length in chars of its title, so that a query that is
    /// the whole title ranks above titles that only start with it.
    pub title_lens: String,
    /// Whether `search/pinyin.js` exists.
    pub pinyin: bool,
    /// Number of fold table chunks `f0`, `f1`, ...
    pub fold_chunks: u32,
}

/// `search/roles.js`: the role facet, loaded once results are on screen (a query does not
/// wait for it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Roles {
    /// Role ids used by any doc (facet values).
    pub roles: Vec<String>,
    /// Display names of `roles`: the title of the role's page, else the id.
    pub role_labels: Vec<String>,
    /// Codec integers: per doc, its role count then its indices into `roles`.
    pub doc_roles: String,
}

/// `search/s{n}.js`: posting lists of the keys hashed to shard `n`.
///
/// A key is placed by its first two chars ([`crate::search::token::shard_of_prefix`]),
/// or deeper where many keys share them: then the shard of the shorter prefix holds a
/// branch entry, key `PREFIX>`, with value `NEXT|WORDS|FRAGMENTS`: the next chars of the
/// keys placed one char deeper, and the pages (groups without positions) holding any word,
/// and any word fragment, among them, each inline or `~N.LEN` (file `hN`). A query for
/// the prefix itself reads those lists instead of every key under it. Keys ending in `*` or `^` are word fragments
/// ([`crate::search::token::SUFFIX_MARK`], [`crate::search::token::START_MARK`]). A group
/// with no positions (count 0) records a key in a field of a doc without its offsets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Shard {
    /// Keys joined by spaces (keys never contain spaces), sorted.
    pub k: String,
    /// Posting lists ([`crate::search::postings`]) joined by commas, parallel to `k`
    /// (for a branch entry, its next chars).
    /// A list written as `~N.LEN` is a heavy key's, stored in `search/hN.js`
    /// (LEN raw bytes) so that light keys sharing its shard do not pay for it;
    /// the engine uses LEN to cover a phrase with the cheapest bigrams.
    ///
    /// A heavy CJK bigram is split: `~N.LEN/F0.F1…` or `~N.LEN/F0.F1…/B0.B1…`. Then
    /// `hN.js` holds its summary ([`crate::search::postings::encode_summary`], LEN bytes,
    /// enough for a 2-char query), and its occurrences are in buckets by the CJK char
    /// that follows it (`""`: none), the buckets in groups `hNnG.js` (group of char
    /// `c`: `c % group count`, [`crate::search::files::bucket_group`]) of `Fg` raw bytes
    /// (0: empty, no file). The buckets together are the whole list. Keys with a long
    /// list also have buckets by the char before, in groups `hNpG.js` of `Bg` bytes, except
    /// for chars that form a split bigram with its first char (a phrase reads that
    /// bigram's bucket by the following char instead) and for none. So a
    /// phrase verifies a frequent bigram with just the occurrences next to the chars it
    /// has (`课程顾问` reads the bucket `顾` of `课程`), see
    /// [`crate::search::token::cover`].
    pub p: String,
}

/// `search/hNnG.js`, `search/hNpG.js`: buckets of a split key, neighbour char → posting list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Buckets {
    pub b: BTreeMap<String, String>,
}

/// `search/h{n}.js`: the posting list of one heavy (very frequent) key, or a split
/// key's summary.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Heavy {
    pub p: String,
}

/// One doc in a doc chunk: `[url, title, [[anchor, heading, text], ...]]`,
/// all in the original script.
pub type ChunkDoc = (String, String, Vec<(String, String, String)>);

/// `search/d{n}.js`: docs `first..first + d.len()` for result display.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocChunk {
    pub first: u32,
    pub d: Vec<ChunkDoc>,
}

/// `search/f{n}.js`: the Traditional→Simplified pairs whose Traditional code
/// point is `n` modulo the chunk count, as one string `T1 S1 T2 S2 ...` (no
/// separators; iterate by code point).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fold {
    pub t: String,
}

/// `search/pinyin.js`: loaded only for Latin queries.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Pinyin {
    /// Folded char → its readings joined by spaces.
    pub r: BTreeMap<String, String>,
    /// Per doc: folded title, then `\n` and the keyword stream if any.
    pub t: Vec<String>,
}
