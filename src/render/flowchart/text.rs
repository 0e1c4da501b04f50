//! Text width estimation and line wrapping.
//!
//! The layout runs at build time with no font at hand, so widths are estimated
//! from Unicode display width: a wide (CJK) character counts as one em, a narrow
//! one as 7.5/14 em. Ambiguous-width characters (`·`, `—`, `→`) count as wide
//! because Chinese fonts usually draw them full-width; overestimating only costs
//! a little space, underestimating makes text spill out of its box.

use std::borrow::Cow;

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

/// One unbreakable unit of text: a run of ASCII letters/digits (a word), a single
/// space standing for a whitespace run, or a single other character (CJK breaks
/// anywhere). Units are byte ranges into the wrapped string, with their widths,
/// so wrapping one text at many widths allocates almost nothing.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    w: f64,
    space: bool,
}

/// A text split into units once, to be wrapped at any width ([`wrap`] is
/// `Prepared::new(s, font).lines(max_w)`).
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    s: Cow<'a, str>,
    font_px: f64,
    units: Vec<Unit>,
}

/// The first and last characters of a unit (a space unit reads as `' '`).
fn unit_chars(s: &str, u: &Unit) -> (char, char) {
    if u.space {
        return (' ', ' ');
    }
    let t = &s[u.start..u.end];
    (
        t.chars().next().unwrap_or(' '),
        t.chars().next_back().unwrap_or(' '),
    )
}

impl<'a> Prepared<'a> {
    /// `s` split into units, to be wrapped at `font_px`.
    pub fn new(s: impl Into<Cow<'a, str>>, font_px: f64) -> Self {
        let s: Cow<'a, str> = s.into();
        let mut units: Vec<Unit> = Vec::new();
        let mut word: Option<usize> = None;
        let mut last_space = true;
        let close = |units: &mut Vec<Unit>, word: &mut Option<usize>, end: usize| {
            if let Some(start) = word.take() {
                units.push(Unit {
                    start,
                    end,
                    w: text_width(&s[start..end], font_px),
                    space: false,
                });
            }
        };
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                close(&mut units, &mut word, i);
                if !last_space {
                    units.push(Unit {
                        start: i,
                        end: i + c.len_utf8(),
                        w: char_width(' ', font_px),
                        space: true,
                    });
                }
                last_space = true;
                continue;
            }
            last_space = false;
            if c.is_ascii_alphanumeric() || (word.is_some() && "-_'/".contains(c)) {
                word.get_or_insert(i);
            } else {
                close(&mut units, &mut word, i);
                units.push(Unit {
                    start: i,
                    end: i + c.len_utf8(),
                    w: char_width(c, font_px),
                    space: false,
                });
            }
        }
        close(&mut units, &mut word, s.len());
        while units.last().is_some_and(|u| u.space) {
            units.pop();
        }
        Prepared { s, font_px, units }
    }

    /// The text as given.
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Width of the text without its spaces: every line of it, side by side, is at
    /// least this wide.
    pub fn ink_width(&self) -> f64 {
        self.units.iter().filter(|u| !u.space).map(|u| u.w).sum()
    }

    /// Breaks the text into lines no wider than `max_w`: the pieces (units, or
    /// characters of an over-long word) and where each line ends among them.
    /// Lines may come out empty; callers skip those.
    fn breaks(&self, max_w: f64, pieces: &mut Vec<Unit>, ends: &mut Vec<usize>) {
        let s: &str = &self.s;
        pieces.clear();
        ends.clear();
        let mut cur = 0; // the current line is pieces[cur..]
        let mut cur_w = 0.0;
        let width_of = |p: &[Unit]| p.iter().map(|u| u.w).sum::<f64>();
        for &unit in &self.units {
            let w = unit.w;
            if unit.space && pieces.len() == cur {
                continue;
            }
            if cur_w + w <= max_w + 1e-9 {
                cur_w += w;
                pieces.push(unit);
                continue;
            }
            if w > max_w {
                // Over-long word: break it by characters.
                let chars = if unit.space {
                    " "
                } else {
                    &s[unit.start..unit.end]
                };
                for (i, c) in chars.char_indices() {
                    let cw = char_width(c, self.font_px);
                    if cur_w + cw > max_w + 1e-9 && pieces.len() > cur {
                        ends.push(pieces.len());
                        cur = pieces.len();
                        cur_w = 0.0;
                    }
                    pieces.push(Unit {
                        start: unit.start + i,
                        end: unit.start + i + c.len_utf8(),
                        w: cw,
                        space: unit.space,
                    });
                    cur_w += cw;
                }
                continue;
            }
            // Break before `unit`. Keep closing punctuation off the new line's start
            // and opening punctuation off the old line's end by carrying one unit over.
            let first = unit_chars(s, &unit).0;
            let carry = pieces.len() - cur > 1
                && (no_line_start(first)
                    || pieces
                        .last()
                        .is_some_and(|u| no_line_end(unit_chars(s, u).1)));
            let carried = if carry { pieces.pop() } else { None };
            while pieces.len() > cur && pieces.last().is_some_and(|u| u.space) {
                pieces.pop();
            }
            ends.push(pieces.len());
            cur = pieces.len();
            pieces.extend(carried);
            if !unit.space {
                pieces.push(unit);
            }
            cur_w = width_of(&pieces[cur..]);
            if cur_w > max_w {
                // The carried unit made the line too long (tiny widths only): give up carrying.
                cur += 1;
                *ends.last_mut().expect("just pushed") = cur;
                cur_w = width_of(&pieces[cur..]);
            }
        }
        while pieces.len() > cur && pieces.last().is_some_and(|u| u.space) {
            pieces.pop();
        }
        if pieces.len() > cur {
            ends.push(pieces.len());
        }
    }

    /// The number of lines at `max_w` (as `self.lines(max_w).len()`).
    pub fn count(&self, max_w: f64) -> usize {
        self.count_in(max_w, &mut Vec::new(), &mut Vec::new())
    }

    /// [`Self::count`] with scratch buffers, for many widths in a row.
    fn count_in(&self, max_w: f64, pieces: &mut Vec<Unit>, ends: &mut Vec<usize>) -> usize {
        self.breaks(max_w, pieces, ends);
        let mut start = 0;
        ends.iter()
            .filter(|&&e| {
                let nonempty = e > start;
                start = e;
                nonempty
            })
            .count()
    }

    /// The lines at `max_w`. Whitespace runs collapse to one space; spaces at line
    /// ends are dropped.
    pub fn lines(&self, max_w: f64) -> Vec<String> {
        let (mut pieces, mut ends) = (Vec::new(), Vec::new());
        self.breaks(max_w, &mut pieces, &mut ends);
        let mut out = Vec::with_capacity(ends.len());
        let mut start = 0;
        for &e in &ends {
            if e > start {
                let mut line = String::new();
                for u in &pieces[start..e] {
                    line.push_str(if u.space {
                        " "
                    } else {
                        &self.s[u.start..u.end]
                    });
                }
                out.push(line);
            }
            start = e;
        }
        out
    }
    /// [`wrap_clamped`] of this text.
    pub fn clamped(&self, max_w: f64, max_lines: usize) -> (Vec<String>, bool) {
        clamp(self.lines(max_w), max_w, self.font_px, max_lines)
    }

    /// [`wrap_balanced`] of this text.
    pub fn balanced(&self, max_w: f64, max_lines: usize) -> (Vec<String>, bool) {
        let font_px = self.font_px;
        let (lines, cut) = self.clamped(max_w, max_lines);
        if cut || lines.len() < 2 {
            return (lines, cut);
        }
        let n = lines.len();
        // The narrowest width on the grid max_w − k·font/2 (k ≥ 1, width > font) that still
        // gives n lines. Narrower never means fewer lines, so the widths that keep n lines
        // are a prefix of the grid: binary search it instead of trying every step (labels
        // are wrapped for every sizing a chart tries, thousands of times on a large site).
        let step = font_px / 2.0;
        let width = |k: usize| max_w - step * k as f64;
        let (mut pieces, mut ends) = (Vec::new(), Vec::new());
        let mut keeps =
            |k: usize| width(k) > font_px && self.count_in(width(k), &mut pieces, &mut ends) == n;
        let mut lo = 0; // width(lo) is known to give n lines (k = 0 is `lines` itself)
        let mut hi = 1;
        while keeps(hi) {
            lo = hi;
            hi *= 2;
        }
        // width(lo) keeps n lines; width(hi) does not, or is past the grid's end.
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if keeps(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let best = if lo == 0 {
            lines
        } else {
            self.lines(width(lo))
        };
        (best, false)
    }
}

/// Cuts `lines` (wrapped at `max_w`) to `max_lines`, the last one ending in `…`.
fn clamp(
    mut lines: Vec<String>,
    max_w: f64,
    font_px: f64,
    max_lines: usize,
) -> (Vec<String>, bool) {
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

/// Wraps `s` into lines no wider than `max_w` (estimated at `font_px`).
///
/// Whitespace runs collapse to one space; spaces at line ends are dropped.
/// A word longer than a line is broken by characters.
pub fn wrap(s: &str, max_w: f64, font_px: f64) -> Vec<String> {
    Prepared::new(s, font_px).lines(max_w)
}

/// Like [`wrap`], but keeps at most `max_lines` lines; when text is cut the last
/// kept line ends with `…`. Returns the lines and whether text was cut.
pub fn wrap_clamped(s: &str, max_w: f64, font_px: f64, max_lines: usize) -> (Vec<String>, bool) {
    Prepared::new(s, font_px).clamped(max_w, max_lines)
}

/// Like [`wrap_clamped`], but when the text takes several lines they are made as even
/// as possible (the narrowest width giving the same number of lines), so a label
/// never ends in a lone character.
pub fn wrap_balanced(s: &str, max_w: f64, font_px: f64, max_lines: usize) -> (Vec<String>, bool) {
    Prepared::new(s, font_px).balanced(max_w, max_lines)
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
