//! Pinyin matching for titles, keywords and role names.
//!
//! The index ships, per char used in those fields, every toneless reading
//! (heteronyms included: 长 → zhang, chang), and the browser matches typed
//! Latin letters against them. A query matches a field when, starting at
//! some char, each char in turn consumes either a full reading or an initial
//! (first letter, or zh/ch/sh), and the last char may consume any prefix of a
//! reading (so results appear while typing). Full pinyin (`tuifei`),
//! initials (`tf`) and mixes (`tuif`, `jiaowuz`) all work.
//! `theme/search.js` (`pinyinMatch`) implements the same algorithm.

use pinyin::ToPinyinMulti;

/// Shortest Latin query tried as pinyin; single letters match too much.
pub const MIN_QUERY: usize = 2;
/// Longest Latin query tried as pinyin (bounds the matcher's work).
pub const MAX_QUERY: usize = 48;

/// Every toneless reading of `c` (`ü` written as `v`, and also as `u`, the
/// two ways people type it). ASCII letters and digits read as themselves, so
/// `hrjl` finds `HR经理`.
pub fn readings(c: char) -> Vec<String> {
    if c.is_ascii_alphanumeric() {
        return vec![c.to_ascii_lowercase().to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            let plain = p.plain();
            for r in [plain.replace('ü', "v"), plain.replace('ü', "u")] {
                if !r.is_empty() && !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    }
    out
}

/// Normalizes a folded query for pinyin: drops spaces and apostrophes (`xi'an`) and tone
/// marks (`tuìfèi`, ü as `v`); `None` unless what remains is 2–48 ASCII letters.
pub fn pinyin_query(folded: &str) -> Option<String> {
    let q: String = folded
        .chars()
        .filter(|c| *c != ' ' && *c != '\'')
        .map(toneless)
        .collect();
    let ok =
        (MIN_QUERY..=MAX_QUERY).contains(&q.len()) && q.bytes().all(|b| b.is_ascii_lowercase());
    ok.then_some(q)
}

/// A pinyin vowel without its tone mark; `ü` (with or without one) is `v`. `theme/search.js`
/// has the same table.
fn toneless(c: char) -> char {
    const MARKED: [(&str, char); 6] = [
        ("āáǎà", 'a'),
        ("ēéěè", 'e'),
        ("īíǐì", 'i'),
        ("ōóǒò", 'o'),
        ("ūúǔù", 'u'),
        ("ǖǘǚǜü", 'v'),
    ];
    MARKED
        .iter()
        .find(|(marked, _)| marked.contains(c))
        .map_or(c, |&(_, plain)| plain)
}

/// Finds the first match of `q` in `target` (folded chars); returns
/// `(start, chars consumed)`. `lookup` gives a char's readings.
pub fn find<'a>(
    q: &[u8],
    target: &[char],
    lookup: &dyn Fn(char) -> Option<&'a [String]>,
) -> Option<(usize, usize)> {
    if q.is_empty() {
        return None;
    }
    // failed[i * (m + 1) + j]: no match consuming q[j..] starting at char i.
    let m = q.len();
    let mut failed = vec![false; (target.len() + 1) * (m + 1)];
    for start in 0..target.len() {
        if let Some(end) = step(q, 0, target, start, lookup, &mut failed) {
            return Some((start, end - start));
        }
    }
    None
}

/// Tries to consume `q[j..]` starting at char `i`; returns the end char index.
fn step<'a>(
    q: &[u8],
    j: usize,
    target: &[char],
    i: usize,
    lookup: &dyn Fn(char) -> Option<&'a [String]>,
    failed: &mut [bool],
) -> Option<usize> {
    let m = q.len();
    if j == m {
        return Some(i);
    }
    if i == target.len() || failed[i * (m + 1) + j] {
        return None;
    }
    let rest = &q[j..];
    for r in lookup(target[i]).unwrap_or(&[]) {
        let r = r.as_bytes();
        // The last char may be cut anywhere: the user is still typing.
        if rest.len() <= r.len() && r.starts_with(rest) {
            return Some(i + 1);
        }
        if rest.starts_with(r) {
            if let Some(end) = step(q, j + r.len(), target, i + 1, lookup, failed) {
                return Some(end);
            }
        }
        for n in initial_lengths(r) {
            if rest.len() > n && rest.starts_with(&r[..n]) {
                if let Some(end) = step(q, j + n, target, i + 1, lookup, failed) {
                    return Some(end);
                }
            }
        }
    }
    failed[i * (m + 1) + j] = true;
    None
}

/// Lengths of a reading's initials: 1, and 2 for zh/ch/sh.
fn initial_lengths(r: &[u8]) -> impl Iterator<Item = usize> {
    let two = r.len() > 2 && r[1] == b'h' && matches!(r[0], b'z' | b'c' | b's');
    std::iter::once(1).chain(two.then_some(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn matches(q: &str, word: &str) -> bool {
        let chars: Vec<char> = crate::fold::fold(word).chars().collect();
        let table: HashMap<char, Vec<String>> = chars.iter().map(|c| (*c, readings(*c))).collect();
        let lookup = |c: char| table.get(&c).map(|v| v.as_slice());
        find(q.as_bytes(), &chars, &lookup).is_some()
    }

    #[test]
    fn heteronyms_give_every_reading() {
        let r = readings('长');
        assert!(r.contains(&"chang".to_string()) && r.contains(&"zhang".to_string()));
        assert!(readings('校').contains(&"jiao".to_string()));
        assert!(readings('绿').contains(&"lv".to_string()));
    }

    #[test]
    fn full_pinyin_initials_and_mixes() {
        for (q, w) in [
            ("jiaowuzhang", "教务长"),
            ("jwz", "教务长"),
            ("xiaozhang", "校长"),
            ("xiaochang", "校长"),
            ("xz", "校长"),
            ("banzhuren", "班主任"),
            ("bzr", "班主任"),
            ("bzhr", "班主任"),
            ("tuifei", "退费"),
            ("tf", "退费"),
            ("tuif", "退费"),
            ("tuifeiliucheng", "退费流程"),
            ("wandan", "挽单"),
            ("wd", "挽单"),
            ("qiantaiwenyuan", "前台文员"),
            ("qtwy", "前台文员"),
            ("wenyuan", "前台文员"),
            ("tuifei", "退費"),
            ("hrjl", "HR经理"),
        ] {
            assert!(matches(q, w), "{q} should match {w}");
        }
    }

    #[test]
    fn non_matches() {
        assert!(!matches("tuifa", "退费"));
        assert!(!matches("ft", "退费"));
        assert!(!matches("zhangxiao", "校长"));
    }

    #[test]
    fn query_normalisation() {
        assert_eq!(pinyin_query("tui fei").as_deref(), Some("tuifei"));
        assert_eq!(pinyin_query("t"), None);
        assert_eq!(pinyin_query("hr2"), None);
        assert_eq!(pinyin_query("tuìfèi").as_deref(), Some("tuifei"));
        assert_eq!(pinyin_query("lǜ shī").as_deref(), Some("lvshi"));
    }
}
