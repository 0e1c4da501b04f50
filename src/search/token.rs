//! Tokenization of folded text into index keys, and of queries into terms.
//!
//! Keys are: overlapping CJK bigrams (so every substring of ≥ 2 CJK chars is
//! covered), single CJK chars (written only for title, keyword and heading
//! fields, to serve 1-char queries without doubling the body index), and
//! whole Latin/digit words. Each key occurrence carries the char offset of
//! its first char in the field stream, which is what makes phrase
//! verification exact. `theme/search.js` mirrors `is_cjk`/`is_word`.

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

/// One key occurrence: the key text and the offset of its first char.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub key: String,
    pub pos: u32,
}

/// Splits folded text (as chars) into tokens. `unigrams` adds every single
/// CJK char as its own key; without it, a CJK char still gets its single-char key
/// where it stands next to a Latin/digit word (spaces between allowed): the unit or
/// counter of a number (`800 元`, `10天`, `第 8 次`) is a single char that forms no bigram
/// with the number, so a query such as `800元` needs it, and such chars are few.
pub fn tokenize(text: &[char], unigrams: bool, mut emit: impl FnMut(Token)) {
    tokenize_slices(text, unigrams, |key, pos| {
        emit(Token {
            key: key.iter().collect(),
            pos,
        })
    });
}

/// [`tokenize`] without allocating: each key is handed out as the slice of
/// `text` it spans, with its offset. The index writer calls this millions of
/// times on a large site.
pub fn tokenize_slices<'t>(
    text: &'t [char],
    unigrams: bool,
    mut emit: impl FnMut(&'t [char], u32),
) {
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if is_cjk(c) {
            if unigrams || beside_word(text, i) {
                emit(&text[i..i + 1], i as u32);
            }
            if i + 1 < text.len() && is_cjk(text[i + 1]) {
                emit(&text[i..i + 2], i as u32);
            }
            i += 1;
        } else if is_word(c) {
            let start = i;
            while i < text.len() && is_word(text[i]) {
                i += 1;
            }
            emit(&text[start..i], start as u32);
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
    /// True for a word the user is still typing (last term, no trailing separator).
    pub prefix: bool,
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

/// The chars whose hash picks a key's shard: the first two. A Latin prefix
/// query therefore finds all its completions in one shard.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in key.chars().take(2) {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str, uni: bool) -> Vec<(String, u32)> {
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        tokenize(&chars, uni, |t| out.push((t.key, t.pos)));
        out
    }

    #[test]
    fn bigrams_overlap_and_stop_at_punctuation() {
        assert_eq!(
            toks("退费流程，好", false),
            vec![("退费".into(), 0), ("费流".into(), 1), ("流程".into(), 2)]
        );
    }

    #[test]
    fn unigrams_and_words() {
        assert_eq!(
            toks("so-011表a", true),
            vec![
                ("so".into(), 0),
                ("011".into(), 3),
                ("表".into(), 6),
                ("a".into(), 7)
            ]
        );
    }

    #[test]
    fn query_splitting() {
        let t = query_terms("退费 hr");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].kind, TermKind::Cjk);
        assert!(t[1].prefix);
        assert!(!query_terms("hr ")[0].prefix);
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
