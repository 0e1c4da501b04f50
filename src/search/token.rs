//! Tokenization of folded text into index keys, and of queries into terms.
//!
//! Keys are: overlapping CJK bigrams (so every substring of ≥ 2 CJK chars is
//! covered), single CJK chars, whole Latin/digit words, and fragments of words (their
//! proper suffixes, marked [`SUFFIX_MARK`], and first chars, marked [`START_MARK`]).
//! An occurrence carries the char offset of its first char in the field stream, which
//! is what makes phrase verification exact; a few kinds of body occurrence are kept
//! per page only ([`Occurrence::Present`]): they make text copied from anywhere in a
//! page findable (`费。班` with its lone chars, `00元` cut out of `800元`) for a
//! fraction of the index that their offsets would cost. `theme/search.js` mirrors
//! `is_cjk`/`is_word` and the key markers.

/// Han ideographs (BMP, compatibility and the supplementary planes), kana
/// and Hangul: scripts written without spaces, indexed by bigram.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Chars that form Latin words: ASCII letters and digits plus the folded
/// (lower-case) Latin-1 and Latin Extended-A letters.
pub fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c as u32, 0xDF..=0x24F if c as u32 != 0xF7)
}

/// Ends the key of a word fragment that starts inside a word: `00*` says a word such as
/// `800` has `00` from its second char on (the rest of the word, up to
/// [`MAX_FRAGMENT`] chars). A query that starts inside a word (`00元`, or `00` alone)
/// looks these up. Never a word or CJK char, so it never ends another key.
pub const SUFFIX_MARK: char = '*';
/// Ends the key of the first char of a word of two or more chars (`8^` for `800`): a
/// query that ends on a word's first char (`第8`) looks it up.
pub const START_MARK: char = '^';
/// The longest fragment keyed: a longer query fragment looks up its first
/// `MAX_FRAGMENT` chars (pages holding more than the text are then possible, never fewer).
pub const MAX_FRAGMENT: usize = 16;

/// One key occurrence: the key text and the offset of its first char.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub key: String,
    /// `None` for an occurrence recorded per page only.
    pub pos: Option<u32>,
}

/// A key occurrence as [`tokenize_slices`] hands it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurrence<'t> {
    /// The key spelled by a slice of the text, at its offset.
    At(&'t [char], u32),
    /// A word fragment (the slice) with its mark ([`SUFFIX_MARK`], [`START_MARK`]) at an
    /// offset; in the body it is recorded per page only.
    Fragment(&'t [char], char, u32),
    /// A body CJK char at the edge of a run (beside punctuation, a space, a word or the
    /// start or end of the text), recorded per page under its single-char key: a query
    /// starting or ending there (`费。班`) has only that char to look up.
    Present(&'t [char]),
}

impl Occurrence<'_> {
    /// The key's chars, mark included.
    pub fn key(&self) -> Vec<char> {
        match *self {
            Occurrence::At(k, _) | Occurrence::Present(k) => k.to_vec(),
            Occurrence::Fragment(k, mark, _) => k.iter().copied().chain([mark]).collect(),
        }
    }
}

/// Splits folded text (as chars) into tokens; `body` selects how the body field is
/// keyed (see [`tokenize_slices`]).
pub fn tokenize(text: &[char], body: bool, mut emit: impl FnMut(Token)) {
    tokenize_slices(text, body, |o| {
        let pos = match o {
            Occurrence::At(_, p) => Some(p),
            Occurrence::Fragment(_, _, p) if !body => Some(p),
            _ => None,
        };
        emit(Token {
            key: o.key().into_iter().collect(),
            pos,
        })
    });
}

/// Splits folded text into key occurrences, without allocating: the index writer calls
/// this millions of times on a large site.
///
/// Outside the body (titles, keywords, headings) every CJK char is also its own key,
/// with its offset: a one-char query wants title and heading hits. In the body that
/// would nearly double the index, so a CJK char gets its offset only beside a Latin/digit
/// word (spaces between allowed; the unit or counter of a number, `800 元`, `第 8 次`,
/// forms no bigram with it), and is recorded per page where it starts or ends a run.
pub fn tokenize_slices<'t>(text: &'t [char], body: bool, mut emit: impl FnMut(Occurrence<'t>)) {
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if is_cjk(c) {
            let key = &text[i..i + 1];
            let next_cjk = i + 1 < text.len() && is_cjk(text[i + 1]);
            if !body || beside_word(text, i) {
                emit(Occurrence::At(key, i as u32));
            }
            if body && (i == 0 || !is_cjk(text[i - 1]) || !next_cjk) {
                emit(Occurrence::Present(key));
            }
            if next_cjk {
                emit(Occurrence::At(&text[i..i + 2], i as u32));
            }
            i += 1;
        } else if is_word(c) {
            let start = i;
            while i < text.len() && is_word(text[i]) {
                i += 1;
            }
            emit(Occurrence::At(&text[start..i], start as u32));
            if i - start >= 2 {
                emit(Occurrence::Fragment(
                    &text[start..start + 1],
                    START_MARK,
                    start as u32,
                ));
                for from in start + 1..i {
                    let end = i.min(from + MAX_FRAGMENT);
                    emit(Occurrence::Fragment(
                        &text[from..end],
                        SUFFIX_MARK,
                        from as u32,
                    ));
                }
            }
        } else {
            i += 1;
        }
    }
}

/// Whether the char at `i` has a Latin/digit word char as its neighbour on either side,
/// looking past spaces.
fn beside_word(text: &[char], i: usize) -> bool {
    let before = text[..i].iter().rev().find(|&&c| c != ' ');
    let after = text[i + 1..].iter().find(|&&c| c != ' ');
    before.is_some_and(|&c| is_word(c)) || after.is_some_and(|&c| is_word(c))
}

/// What a query term is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// A run of CJK chars: phrase match via bigrams (or the unigram key).
    Cjk,
    /// A Latin/digit word: whole-word match, or prefix match when `prefix`.
    Word,
}

/// One AND-ed part of a query, already folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: Vec<char>,
    pub kind: TermKind,
    /// True when the term ends the query (no separator after it): a word may go on past
    /// it, as one the reader is still typing, or text copied from the middle of a word.
    pub prefix: bool,
    /// True when the term starts the query: copied text may start inside a word, so a
    /// word term also matches the ends of words (`00` in `800`).
    pub suffix: bool,
}

/// Splits a folded query into terms; any char that is neither CJK nor a word
/// char separates terms.
pub fn query_terms(folded: &str) -> Vec<Term> {
    let chars: Vec<char> = folded.chars().collect();
    let mut terms = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let kind = if is_cjk(chars[i]) {
            TermKind::Cjk
        } else if is_word(chars[i]) {
            TermKind::Word
        } else {
            i += 1;
            continue;
        };
        let same = |c: char| {
            if kind == TermKind::Cjk {
                is_cjk(c)
            } else {
                is_word(c)
            }
        };
        while i < chars.len() && same(chars[i]) {
            i += 1;
        }
        terms.push(Term {
            text: chars[start..i].to_vec(),
            kind,
            prefix: kind == TermKind::Word && i == chars.len(),
            suffix: kind == TermKind::Word && start == 0,
        });
    }
    terms
}

/// How a piece of a phrase cover reads the bigram at its offset: its whole list, or
/// the bucket of a split key ([`crate::search::format::Shard`]) for the char that
/// follows it in the phrase (`Next`) or precedes it (`Prev`), which also proves that char.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Whole,
    Next,
    Prev,
}

/// A candidate piece of a phrase cover: the bigram at offset `at`, read `via`, costing
/// `cost` to fetch (0 for a list already in a loaded shard, else raw bytes of files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub at: usize,
    pub via: Via,
    pub cost: u64,
}

impl Piece {
    /// First and last phrase char the piece proves.
    pub fn span(&self) -> (usize, usize) {
        match self.via {
            Via::Whole => (self.at, self.at + 1),
            Via::Next => (self.at, self.at + 2),
            Via::Prev => (self.at - 1, self.at + 1),
        }
    }
}

/// The cheapest pieces (indices into `pieces`, in phrase order) whose spans cover every
/// char of a phrase of `len` ≥ 2 chars; the phrase occurs at P when each chosen piece's
/// list holds P + its offset in the same field. Ties go to fewer pieces, then to earlier
/// ones, so with only whole light lists this is every second bigram plus the last.
/// `pieces` must hold a `Whole` piece for every offset; `theme/search.js` mirrors this.
pub fn cover(pieces: &[Piece], len: usize) -> Vec<usize> {
    // best[e + 1]: cheapest (cost, pieces) covering chars 0..=e, with its last piece and
    // the state before it.
    let mut best: Vec<Option<(u64, usize, usize, usize)>> = vec![None; len + 1];
    best[0] = Some((0, 0, usize::MAX, 0));
    for end in 1..len {
        for (i, p) in pieces.iter().enumerate() {
            let (a, b) = p.span();
            if b != end {
                continue;
            }
            // The state this piece extends: the cheapest, earliest one it overlaps or meets.
            let mut from: Option<(usize, (u64, usize))> = None;
            for (e, state) in best.iter().enumerate().take(b + 1).skip(a) {
                if let Some((c, n, _, _)) = *state {
                    if from.is_none_or(|(_, f)| (c, n) < f) {
                        from = Some((e, (c, n)));
                    }
                }
            }
            let Some((e, (c, n))) = from else { continue };
            let value = (c + p.cost, n + 1);
            if best[end + 1].is_none_or(|(bc, bn, _, _)| value < (bc, bn)) {
                best[end + 1] = Some((value.0, value.1, i, e));
            }
        }
    }
    let mut out = Vec::new();
    let mut state = len;
    while state > 0 {
        let (_, _, piece, prev) = best[state].expect("whole pieces cover every phrase");
        out.push(piece);
        state = prev;
    }
    out.reverse();
    out
}

/// The shard of a key whose first two chars place it (see [`shard_of_prefix`]).
pub fn shard_of(key: &str, shards: u32) -> u32 {
    let end = key.char_indices().nth(2).map_or(key.len(), |(i, _)| i);
    shard_of_prefix(&key[..end], shards)
}

/// The shard of the keys placed by `prefix`: FNV-1a over its chars. Keys are placed by
/// their first two chars, so a Latin prefix query finds its completions in one shard,
/// unless the keys sharing those chars are too many for one file (a site's numbers
/// sharing `00`): then the longer ones are placed by their first three chars, and so
/// on, and a branch entry (`00>`, see [`BRANCH_MARK`]) is left in the shorter prefix's
/// shard.
pub fn shard_of_prefix(prefix: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in prefix.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards.max(1)
}

/// Ends a branch entry's key: `00>` in the shard of `00` says that keys starting with
/// `00` and longer than it are placed one char deeper; its value lists those next chars.
pub const BRANCH_MARK: char = '>';

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str, body: bool) -> Vec<(String, Option<u32>)> {
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        tokenize(&chars, body, |t| out.push((t.key, t.pos)));
        out
    }

    fn at(k: &str, p: u32) -> (String, Option<u32>) {
        (k.into(), Some(p))
    }

    fn page(k: &str) -> (String, Option<u32>) {
        (k.into(), None)
    }

    #[test]
    fn body_bigrams_overlap_and_run_edges_are_kept_per_page() {
        assert_eq!(
            toks("退费流程，好", true),
            vec![
                page("退"),
                at("退费", 0),
                at("费流", 1),
                at("流程", 2),
                page("程"),
                page("好"),
            ]
        );
    }

    #[test]
    fn titles_key_every_char_and_word_fragments_with_offsets() {
        assert_eq!(
            toks("so-011表a", false),
            vec![
                at("so", 0),
                at("s^", 0),
                at("o*", 1),
                at("011", 3),
                at("0^", 3),
                at("11*", 4),
                at("1*", 5),
                at("表", 6),
                at("a", 7),
            ]
        );
    }

    #[test]
    fn body_word_fragments_are_kept_per_page() {
        assert_eq!(
            toks("800元", true),
            vec![
                at("800", 0),
                page("8^"),
                page("00*"),
                page("0*"),
                at("元", 3),
                page("元"),
            ]
        );
        let long = "a".repeat(40);
        let keys = toks(&long, true);
        assert!(keys
            .iter()
            .all(|(k, _)| k.chars().count() <= MAX_FRAGMENT + 1 || k == &long));
    }

    #[test]
    fn query_splitting() {
        let t = query_terms("退费 hr");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].kind, TermKind::Cjk);
        assert!(t[1].prefix && !t[1].suffix);
        assert!(!query_terms("hr ")[0].prefix);
        assert!(query_terms("00元")[0].suffix);
        assert!(!query_terms(" 00")[0].suffix);
        assert_eq!(query_terms("退费abc").len(), 2);
    }

    fn offsets(costs: &[u64]) -> Vec<usize> {
        let pieces: Vec<Piece> = costs
            .iter()
            .enumerate()
            .map(|(at, &cost)| Piece {
                at,
                via: Via::Whole,
                cost,
            })
            .collect();
        cover(&pieces, costs.len() + 1)
            .into_iter()
            .map(|i| pieces[i].at)
            .collect()
    }

    #[test]
    fn covering() {
        assert_eq!(offsets(&[0]), vec![0]);
        assert_eq!(offsets(&[0, 0]), vec![0, 1]);
        assert_eq!(offsets(&[0, 0, 0]), vec![0, 2]);
        assert_eq!(offsets(&[0, 0, 0, 0]), vec![0, 1, 3]);
        assert_eq!(offsets(&[0, 0, 0, 0, 0]), vec![0, 2, 4]);
        // A heavy middle bigram is avoided through its two light neighbours.
        assert_eq!(offsets(&[9, 0, 9, 0, 9]), vec![0, 1, 3, 4]);
        assert_eq!(offsets(&[9, 5, 0, 5, 9]), vec![0, 2, 4]);
    }

    #[test]
    fn covering_with_buckets() {
        let p = |at, via, cost| Piece { at, via, cost };
        // 课程顾问: 课程's bucket 顾 and 顾问's bucket 程 beat both whole lists.
        let pieces = [
            p(0, Via::Whole, 80),
            p(0, Via::Next, 30),
            p(1, Via::Whole, 0),
            p(2, Via::Whole, 50),
            p(2, Via::Prev, 20),
        ];
        assert_eq!(cover(&pieces, 4), vec![1, 4]);
        // A light middle bigram is free, but the heavy last one must still be read.
        let pieces = [
            p(0, Via::Whole, 0),
            p(1, Via::Whole, 0),
            p(2, Via::Whole, 50),
        ];
        assert_eq!(cover(&pieces, 4), vec![0, 2]);
    }

    #[test]
    fn shard_hash_is_stable() {
        // Pinned: theme/search.js computes the same value.
        assert_eq!(shard_of("退费", 1 << 20), shard_of("退费流程", 1 << 20));
        assert_eq!(shard_of("ab", 7), shard_of("abc", 7));
    }
}
