//! Text width estimation and line wrapping.
//!
//! The layout runs at build time with no font at hand, so widths are estimated
//! from Unicode display width: a wide (CJK) character counts as one em, a narrow
//! one as 7.5/14 em. Ambiguous-width characters (`·`, `—`, `→`) count as wide
//! because Chinese fonts usually draw them full-width; overestimating only costs
//! a little space, underestimating makes text spill out of its box.

use unicode_width::UnicodeWidthChar;

/// Width of a narrow character relative to the font size (7.5px at 14px).
const NARROW_EM: f64 = 7.5 / 14.0;

/// Estimated advance of one character at `font_px`.
pub fn char_width(c: char, font_px: f64) -> f64 {
    match c.width_cjk() {
        Some(0) | None => 0.0,
        Some(1) => font_px * NARROW_EM,
        Some(_) => font_px,
    }
}

/// Estimated width of a string at `font_px`.
pub fn text_width(s: &str, font_px: f64) -> f64 {
    s.chars().map(|c| char_width(c, font_px)).sum()
}

/// Characters that must not start a line (closing punctuation), per the usual
/// Chinese line-breaking rules.
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〉”’,.;:?!)]}%…—～·".contains(c)
}

/// Characters that must not end a line (opening punctuation).
fn no_line_end(c: char) -> bool {
    "（《「『【〈“‘([{".contains(c)
}

/// Splits text into unbreakable units: runs of ASCII letters/digits (a word),
/// single spaces, or single other characters (CJK breaks anywhere).
fn units(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut last_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !last_space {
                out.push(" ".to_string());
            }
            last_space = true;
            continue;
        }
        last_space = false;
        if c.is_ascii_alphanumeric() || (!word.is_empty() && "-_'/".contains(c)) {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    while out.last().is_some_and(|u| u == " ") {
        out.pop();
    }
    out
}

/// Wraps `s` into lines no wider than `max_w` (estimated at `font_px`).
///
/// Whitespace runs collapse to one space; spaces at line ends are dropped.
/// A word longer than a line is broken by characters.
pub fn wrap(s: &str, max_w: f64, font_px: f64) -> Vec<String> {
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut cur_w = 0.0;
    for unit in units(s) {
        let w = text_width(&unit, font_px);
        if unit == " " && cur.is_empty() {
            continue;
        }
        if cur_w + w <= max_w + 1e-9 {
            cur_w += w;
            cur.push(unit);
            continue;
        }
        if w > max_w {
            // Over-long word: break it by characters.
            for c in unit.chars() {
                let cw = char_width(c, font_px);
                if cur_w + cw > max_w + 1e-9 && !cur.is_empty() {
                    lines.push(std::mem::take(&mut cur));
                    cur_w = 0.0;
                }
                cur.push(c.to_string());
                cur_w += cw;
            }
            continue;
        }
        // Break before `unit`. Keep closing punctuation off the new line's start
        // and opening punctuation off the old line's end by carrying one unit over.
        let first = unit.chars().next().unwrap_or(' ');
        let carry = cur.len() > 1
            && (no_line_start(first)
                || cur
                    .last()
                    .and_then(|u| u.chars().last())
                    .is_some_and(no_line_end));
        let mut next: Vec<String> = Vec::new();
        if carry {
            if let Some(last) = cur.pop() {
                next.push(last);
            }
        }
        while cur.last().is_some_and(|u| u == " ") {
            cur.pop();
        }
        lines.push(std::mem::take(&mut cur));
        cur = next;
        if unit != " " {
            cur.push(unit);
        }
        cur_w = cur.iter().map(|u| text_width(u, font_px)).sum();
        if cur_w > max_w {
            // The carried unit made the line too long (tiny widths only): give up carrying.
            let carried = cur.remove(0);
            lines.last_mut().expect("just pushed").push(carried);
            cur_w = cur.iter().map(|u| text_width(u, font_px)).sum();
        }
    }
    while cur.last().is_some_and(|u| u == " ") {
        cur.pop();
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
        .into_iter()
        .map(|l| l.concat())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Like [`wrap`], but keeps at most `max_lines` lines; when text is cut the last
/// kept line ends with `…`. Returns the lines and whether text was cut.
pub fn wrap_clamped(s: &str, max_w: f64, font_px: f64, max_lines: usize) -> (Vec<String>, bool) {
    let mut lines = wrap(s, max_w, font_px);
    if lines.len() <= max_lines {
        return (lines, false);
    }
    lines.truncate(max_lines.max(1));
    let last = lines.last_mut().expect("at least one line");
    let ell = char_width('…', font_px);
    while !last.is_empty() && text_width(last, font_px) + ell > max_w {
        last.pop();
    }
    let trimmed = last
        .trim_end_matches([' ', '，', '、', '；', '：', ',', ';'])
        .len();
    last.truncate(trimmed);
    last.push('…');
    (lines, true)
}

/// Like [`wrap_clamped`], but when the text takes several lines they are made as even
/// as possible (the narrowest width giving the same number of lines), so a label
/// never ends in a lone character.
pub fn wrap_balanced(s: &str, max_w: f64, font_px: f64, max_lines: usize) -> (Vec<String>, bool) {
    let (lines, cut) = wrap_clamped(s, max_w, font_px, max_lines);
    if cut || lines.len() < 2 {
        return (lines, cut);
    }
    let n = lines.len();
    // The narrowest width on the grid max_w − k·font/2 (k ≥ 1, width > font) that still
    // gives n lines. Narrower never means fewer lines, so the widths that keep n lines are
    // a prefix of the grid: binary search it instead of trying every step (labels are
    // wrapped for every sizing a chart tries, thousands of times on a large site).
    let step = font_px / 2.0;
    let width = |k: usize| max_w - step * k as f64;
    let mut lo = 0; // width(lo) is known to give n lines (k = 0 is `lines` itself)
    let mut hi = 1;
    while width(hi) > font_px && wrap(s, width(hi), font_px).len() == n {
        lo = hi;
        hi *= 2;
    }
    // width(lo) keeps n lines; width(hi) does not, or is past the grid's end.
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if width(mid) > font_px && wrap(s, width(mid), font_px).len() == n {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let best = if lo == 0 {
        lines
    } else {
        wrap(s, width(lo), font_px)
    };
    (best, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(text_width("退费", 14.0), 28.0);
        assert_eq!(text_width("ab", 14.0), 15.0);
    }

    #[test]
    fn wraps_cjk_by_width_and_keeps_punctuation_attached() {
        let lines = wrap("一二三四五六七，八九", 7.0 * 14.0, 14.0);
        assert!(lines.iter().all(|l| text_width(l, 14.0) <= 98.0));
        assert!(!lines[1].starts_with('，'), "{lines:?}");
        assert_eq!(lines.concat(), "一二三四五六七，八九");
    }

    #[test]
    fn keeps_words_whole() {
        let lines = wrap("系统 4D system login 登记", 80.0, 14.0);
        assert!(lines.iter().any(|l| l.contains("system")), "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 14.0) <= 80.0));
    }

    #[test]
    fn balances_lines() {
        let (lines, cut) = wrap_balanced("仍要退费且理由合理", 8.0 * 13.0, 13.0, 3);
        assert!(!cut);
        assert_eq!(lines, ["仍要退费且", "理由合理"]);
    }

    #[test]
    fn clamps_with_ellipsis() {
        let (lines, cut) = wrap_clamped(&"很长的文字".repeat(10), 56.0, 14.0, 2);
        assert!(cut);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(text_width(&lines[1], 14.0) <= 56.0);
    }
}
