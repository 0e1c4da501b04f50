//! Folding text so that names compare the way a Chinese reader means them: Traditional
//! characters to Simplified (one to one), full-width forms to half-width, Latin to lowercase.
//!
//! Used by the resolver (`[[退費]]` finds 退费) and by the search index, which must fold
//! exactly as the browser does.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Traditional → Simplified, one character to one character (from OpenCC's TSCharacters,
/// Apache-2.0; see `data/NOTICE`). Lines are `繁\t简`.
const T2S_TABLE: &str = include_str!("../data/t2s.tsv");

fn t2s() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        T2S_TABLE
            .lines()
            .filter_map(|line| {
                let mut chars = line.split('\t').map(|p| p.chars().next());
                Some((chars.next()??, chars.next()??))
            })
            .collect()
    })
}

/// Folds one character. Returns exactly one character, so offsets in folded text map back
/// to the original one for one.
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii_uppercase() {
        return c.to_ascii_lowercase();
    }
    if (c as u32) < 0x2e80 {
        return c;
    }
    t2s().get(&c).copied().unwrap_or(c)
}

pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
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
    fn folds_scripts_widths_and_case() {
        assert_eq!(fold("退費申請單"), "退费申请单");
        assert_eq!(fold("ＦＤ１２"), "fd12");
        assert_eq!(name_key(" 班 主任 "), "班主任");
        assert_eq!(fold("課程顧問").chars().count(), 4);
    }
}
