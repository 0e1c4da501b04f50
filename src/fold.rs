//! Character folding: Traditional → Simplified (one to one), full-width → half-width, Latin
//! to lower case. Shared by the resolver (`[[退費]]` finds 退费) and the search index, whose
//! browser half (`theme/search.js`) implements the same rules.
//!
//! Every code point maps to exactly one code point, so an offset into folded
//! text is the same offset into the original text: hits are found in folded
//! text and highlighted in the original script without a mapping table.
//! `theme/search.js` implements the same rules in `foldChar`; the
//! Traditional→Simplified table reaches it as the `search/fold.js` chunk.

use std::collections::HashMap;
use std::sync::OnceLock;

/// OpenCC-derived Traditional→Simplified pairs (see `data/NOTICE`).
const TS_TABLE: &str = include_str!("../data/t2s.tsv");

fn table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| pairs().collect())
}

/// The Traditional→Simplified pairs in file order.
pub fn pairs() -> impl Iterator<Item = (char, char)> {
    TS_TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut it = l.split('\t').map(|s| s.chars());
            let (mut from, mut to) = (it.next()?, it.next()?);
            Some((from.next()?, to.next()?))
        })
}

/// Folds one character: full-width → half-width, Latin → lower case,
/// Traditional → Simplified.
pub fn fold_char(c: char) -> char {
    let cp = c as u32;
    // Full-width ASCII block and the ideographic space.
    let cp = match cp {
        0xFF01..=0xFF5E => cp - 0xFEE0,
        0x3000 => 0x20,
        _ => cp,
    };
    // Lower-case ASCII and Latin-1/Latin Extended-A capitals by fixed offsets,
    // not `char::to_lowercase`, which can yield several chars and differs
    // from JavaScript's `toLowerCase` in corner cases.
    let cp = match cp {
        0x41..=0x5A => cp + 0x20,
        0xC0..=0xDE if cp != 0xD7 => cp + 0x20,
        _ => cp,
    };
    let c = char::from_u32(cp).unwrap_or(c);
    table().get(&c).copied().unwrap_or(c)
}

/// Folds a string character by character (same number of chars out as in).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// The key names are compared by: folded, without spaces.
pub fn name_key(text: &str) -> String {
    text.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_to_simplified() {
        assert_eq!(fold("退費流程"), "退费流程");
        assert_eq!(fold("教務長"), "教务长");
        assert_eq!(fold("前臺文員"), "前台文员");
        assert_eq!(fold("開戰買線"), "开战买线");
    }

    #[test]
    fn width_and_case() {
        assert_eq!(fold("ＳＯ－０１１　Ｒ"), "so-011 r");
        assert_eq!(fold("HR Manager ÀÉ"), "hr manager àé");
        assert_eq!(fold("×÷"), "×÷");
    }

    #[test]
    fn one_to_one_and_idempotent() {
        for (t, s) in pairs() {
            assert_ne!(t, s);
            assert_eq!(fold_char(t), fold_char(s), "{t} -> {s}");
            assert_eq!(fold_char(fold_char(t)), fold_char(t));
        }
        let text = "退費，𠀋ＡＢ長";
        assert_eq!(fold(text).chars().count(), text.chars().count());
    }

    #[test]
    fn taiwan_and_hong_kong_spellings_fold_to_the_simplified_ones() {
        assert_eq!(fold("瞭解回覆著裝帳號"), "了解回复着装账号");
        assert_eq!(fold("敍述防衞"), "叙述防卫");
    }

    #[test]
    fn table_is_substantial() {
        assert!(pairs().count() > 4000);
    }
}
