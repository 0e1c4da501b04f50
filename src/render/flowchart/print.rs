//! How a drawing prints: inline on a plain portrait page when it fits there at full
//! size, otherwise on A4 pages of its own, portrait or landscape, whichever shows it
//! on fewer pages and larger. Text never prints below 8 pt ([`PRINT_MIN_SCALE`]):
//!
//! - a drawing too tall for its page at that scale continues on further pages, cut
//!   in the gutters between ranks (page *bands*);
//! - a drawing too wide for even a landscape page at that scale (more than 1,350 px)
//!   prints in *strips* of whole lanes, as few as fit the page width, balanced in
//!   width and cut where no edge label straddles the lane boundary if that can be
//!   done; then portrait strips may take fewer pages than landscape ones. Each strip
//!   has [`STRIP_MARGIN`] beside each cut for the markers of the edges that cross it,
//!   and pieces with nothing on them but idle lanes are left out.
//!
//! [`plan`] decides all of it at build time; `svg.rs` writes the plan on the svg
//! (`data-orientation`, `--hb-s`, `data-cuts` for the bands, `data-strips` for the
//! strips, `data-empty` for the pieces left out) and `theme/flow.js` cuts the print
//! pieces out of clones of the drawing.
//! A drawing in bands × strips prints band by band, each band's strips left to right
//! on consecutive pages: two neighbouring pages then show the same ranks side by
//! side, so the process reads in its own order (top to bottom) and an edge that
//! leaves a strip usually arrives on the next or the previous page.

use std::ops::Range;

use crate::render::flowchart::geometry::{Layout, Rect};
use crate::render::flowchart::metrics::*;

/// The page a drawing prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// In the flow of the portrait page, at natural size.
    Inline,
    /// A portrait page of its own.
    Portrait,
    /// A landscape page of its own.
    Landscape,
}

impl Orientation {
    /// The value of the svg's `data-orientation` (none for inline).
    pub fn attr(self) -> Option<&'static str> {
        match self {
            Orientation::Inline => None,
            Orientation::Portrait => Some("portrait"),
            Orientation::Landscape => Some("landscape"),
        }
    }
}

/// Where and how large a drawing of `width` × `height` px prints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintFit {
    pub orientation: Orientation,
    /// Printed size over natural size (1 = 14 px text prints at 10.5 pt).
    pub scale: f64,
    /// Number of pages the drawing takes (pieces cut by `theme/flow.js`).
    pub pages: usize,
}

/// Room for the drawing on a page of its own: (width, height) in px.
pub fn page_room(o: Orientation) -> (f64, f64) {
    match o {
        Orientation::Inline => (INLINE_W, INLINE_H),
        Orientation::Portrait => (PAGE_SHORT, PAGE_LONG - PAGE_RESERVE),
        Orientation::Landscape => (PAGE_LONG, PAGE_SHORT - PAGE_RESERVE),
    }
}

/// Scale on a page of room `(pw, ph)`: fit the page, but never below the 8 pt scale
/// just to fit the height (the drawing then continues on the next page). The page
/// width is a hard limit.
fn scale_on(width: f64, height: f64, (pw, ph): (f64, f64)) -> f64 {
    let w = width.max(1.0);
    let h = height.max(1.0);
    (ph / h).max(PRINT_MIN_SCALE).min(pw / w).min(1.0)
}

/// How a drawing of `width` × `height` px prints whole (no lane strips), with the
/// number of pages estimated from its height: [`crate::render::flowchart::layout`]
/// compares box widths by it (the estimate never gets better as the drawing gets
/// taller). [`plan`] takes its inline check and counts the real pages.
pub fn fit(width: f64, height: f64) -> PrintFit {
    if width <= INLINE_W && height <= INLINE_H {
        return PrintFit {
            orientation: Orientation::Inline,
            scale: 1.0,
            pages: 1,
        };
    }
    let on = |o: Orientation| {
        let room = page_room(o);
        let scale = scale_on(width, height, room);
        let pages = ((height * scale - 0.5) / room.1).ceil().max(1.0) as usize;
        PrintFit {
            orientation: o,
            scale,
            pages,
        }
    };
    let (p, l) = (on(Orientation::Portrait), on(Orientation::Landscape));
    if p.key() >= l.key() {
        p
    } else {
        l
    }
}

impl PrintFit {
    /// Whether all text prints at 8 pt or more.
    pub fn legible(&self) -> bool {
        self.scale >= PRINT_MIN_SCALE - 1e-9
    }

    /// Better prints compare greater: text at 8 pt or more first; then fewer pages
    /// and a larger scale, or for a drawing too wide for 8 pt, the larger scale.
    pub fn key(&self) -> (bool, f64, f64) {
        let fewer = -(self.pages as f64);
        if self.legible() {
            (true, fewer, self.scale)
        } else {
            (false, self.scale, fewer)
        }
    }
}

/// The whole print plan of a laid-out drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintPlan {
    /// Orientation and scale; `pages` is the number of print pieces, bands × strips.
    pub fit: PrintFit,
    /// Lane groups printed as strips, left to right: one group of all lanes when
    /// the drawing prints whole in width.
    pub groups: Vec<Range<usize>>,
    /// Where each strip starts and ends in x (`groups.len() + 1` values from 0 to
    /// the drawing's width, whole px: the lane dividers).
    pub strip_x: Vec<f64>,
    /// Where the drawing continues on the next page, in y (rank gutters): none when
    /// it prints whole in height.
    pub cuts: Vec<f64>,
    /// Pieces left out because nothing of the drawing is on them but lanes (a strip's
    /// lanes idle in a band), numbered band by band, strip by strip, from 0.
    pub empty: Vec<usize>,
}

impl PrintPlan {
    /// The scale written on the svg (`--hb-s`): rounded down to 0.001, so the
    /// printed width never exceeds the page.
    pub fn css_scale(&self) -> f64 {
        milli_floor(self.fit.scale)
    }
}

/// `x` rounded down to 0.001.
fn milli_floor(x: f64) -> f64 {
    (x * 1000.0).floor() / 1000.0
}

/// Decides how `lay` prints (see the module documentation).
pub fn plan(lay: &Layout) -> PrintPlan {
    let (w, h) = (lay.width.ceil(), lay.height.ceil());
    let n = lay.lanes.len();
    let whole = fit(w, h);
    let gutters = page_cuts(lay);
    let finish = |fit: PrintFit, groups: Vec<Range<usize>>, strip_x: Vec<f64>| {
        // Pages as flow.js cuts them, at the scale written on the svg.
        let scale = milli_floor(fit.scale);
        let room = page_room(fit.orientation).1;
        let head = lay.header_h.round();
        let cuts = bands(h, head, &gutters, scale, room);
        let mut empty = Vec::new();
        if groups.len() > 1 {
            let ys: Vec<f64> = [head]
                .into_iter()
                .chain(cuts.iter().copied())
                .chain([h])
                .collect();
            for (b, y) in ys.windows(2).enumerate() {
                for (k, x) in strip_x.windows(2).enumerate() {
                    let piece = Rect {
                        x: x[0],
                        y: y[0],
                        w: x[1] - x[0],
                        h: y[1] - y[0],
                    };
                    if !shows_anything(lay, &piece) {
                        empty.push(b * groups.len() + k);
                    }
                }
            }
        }
        let pages = (cuts.len() + 1) * groups.len() - empty.len();
        PrintPlan {
            fit: PrintFit { pages, ..fit },
            groups,
            strip_x,
            cuts,
            empty,
        }
    };
    // One strip of every lane.
    let all = || {
        vec![Range {
            start: 0,
            end: n.max(1),
        }]
    };
    if whole.orientation == Orientation::Inline {
        return finish(whole, all(), vec![0.0, w]);
    }
    // Lane dividers, and those an edge label straddles (cut elsewhere if possible).
    let xs: Vec<f64> = (0..=n)
        .map(|i| match i {
            0 => 0.0,
            i if i == n => w,
            i => lay.lanes[i].band.x.round(),
        })
        .collect();
    let straddled: Vec<bool> = xs
        .iter()
        .map(|&x| {
            lay.edges
                .iter()
                .filter_map(|e| e.label.as_ref())
                .any(|l| l.rect.x < x - 1.0 && l.rect.right() > x + 1.0)
        })
        .collect();
    // Each page whole in width, or in strips of lanes if it is too wide for 8 pt on
    // any page; the best print by the pages it really takes (portrait on a tie).
    let mut best: Option<PrintPlan> = None;
    for o in [Orientation::Portrait, Orientation::Landscape] {
        let room = page_room(o);
        let on = |width: f64| PrintFit {
            orientation: o,
            scale: scale_on(width, h, room),
            pages: 0,
        };
        let mut p = finish(on(w), all(), vec![0.0, w]);
        // Strips only when no page shows the drawing whole at 8 pt: cutting
        // through the hand-overs between lanes costs the reader more than a page.
        if !whole.legible() && n > 1 {
            if let Some(groups) = lane_groups(&xs, &straddled, room.0 / PRINT_MIN_SCALE) {
                let widest = groups
                    .iter()
                    .map(|g| strip_width(&xs, g))
                    .fold(0.0, f64::max);
                let mut strip_x: Vec<f64> = groups.iter().map(|g| xs[g.start]).collect();
                strip_x.push(w);
                p = finish(on(widest), groups, strip_x);
            }
        }
        if best.as_ref().is_none_or(|b| p.fit.key() > b.fit.key()) {
            best = Some(p);
        }
    }
    best.expect("two orientations tried")
}

/// Whether a node, an edge or a label of `lay` is (partly) inside `r`.
fn shows_anything(lay: &Layout, r: &Rect) -> bool {
    let near = Rect {
        x: r.x - 1.0,
        y: r.y - 1.0,
        w: r.w + 2.0,
        h: r.h + 2.0,
    };
    lay.nodes.iter().any(|n| n.rect.overlaps(r))
        || lay.edges.iter().any(|e| {
            e.points.windows(2).any(|p| near.hit_by_segment(p[0], p[1]))
                || e.label.as_ref().is_some_and(|l| l.rect.overlaps(r))
        })
}

/// Width of the strip of lanes `g` (lane dividers at `xs`) with the margins for
/// crossing markers on the sides that have neighbours.
fn strip_width(xs: &[f64], g: &Range<usize>) -> f64 {
    let n = xs.len() - 1;
    let margins = usize::from(g.start > 0) + usize::from(g.end < n);
    xs[g.end] - xs[g.start] + margins as f64 * STRIP_MARGIN
}

/// Splits the lanes (dividers at `xs`) into the fewest groups of neighbouring lanes
/// whose strips are at most `max_w` wide; among those, the split that cuts through
/// the fewest edge labels (`straddled[i]`: a label straddles divider `i`), then the
/// one whose widest strip is narrowest. None if some lane alone is too wide.
pub fn lane_groups(xs: &[f64], straddled: &[bool], max_w: f64) -> Option<Vec<Range<usize>>> {
    let n = xs.len().saturating_sub(1);
    (1..=n).find_map(|k| split(xs, straddled, max_w, k))
}

/// The best split of the lanes into exactly `k` groups (see [`lane_groups`]).
fn split(xs: &[f64], straddled: &[bool], max_w: f64, k: usize) -> Option<Vec<Range<usize>>> {
    let n = xs.len() - 1;
    let fits = |a: usize, b: usize| strip_width(xs, &(a..b)) <= max_w + 1e-9;
    // level[j][i]: the best split of lanes 0..i into j groups — (labels cut, widest
    // strip, start of the last group).
    let mut level: Vec<Vec<Option<(usize, f64, usize)>>> = vec![vec![None; n + 1]; k + 1];
    level[0][0] = Some((0, 0.0, 0));
    for j in 1..=k {
        for b in 1..=n {
            for a in 0..b {
                let (Some(prev), true) = (level[j - 1][a], fits(a, b)) else {
                    continue;
                };
                let cut = prev.0 + usize::from(a > 0 && straddled[a]);
                let widest = prev.1.max(strip_width(xs, &(a..b)));
                if level[j][b].is_none_or(|c| (cut, widest) < (c.0, c.1)) {
                    level[j][b] = Some((cut, widest, a));
                }
            }
        }
    }
    level[k][n]?;
    let mut groups = Vec::with_capacity(k);
    let mut end = n;
    for j in (1..=k).rev() {
        let start = level[j][end]?.2;
        groups.push(start..end);
        end = start;
    }
    groups.reverse();
    Some(groups)
}

/// Where a drawing `height` px tall with a header `head` px tall continues on the
/// next page when printed at `scale` on pages with `room` px of height: at the
/// lowest rank gutter (`gutters`) that still fits, each page repeating the header.
/// Empty when it fits one page.
pub fn bands(height: f64, head: f64, gutters: &[f64], scale: f64, room: f64) -> Vec<f64> {
    let mut cuts = Vec::new();
    if height * scale <= room + 0.5 {
        return cuts;
    }
    let avail = room / scale - head;
    let mut y0 = head;
    while y0 < height - 0.5 {
        let mut y1 = if height <= y0 + avail {
            height
        } else {
            gutters
                .iter()
                .copied()
                .filter(|&c| c > y0 + 1.0 && c <= y0 + avail)
                .fold(0.0, f64::max)
        };
        if y1 == 0.0 {
            y1 = height.min(y0 + avail);
        }
        if height - y1 < 1.0 {
            y1 = height;
        }
        if y1 < height {
            cuts.push(y1);
        }
        y0 = y1;
    }
    cuts
}

/// Where a printout may continue on the next page: one y per pair of neighbouring
/// ranks, in the gutter between them and off every edge label, in whole px.
pub fn page_cuts(lay: &Layout) -> Vec<f64> {
    let mut cuts = Vec::new();
    for r in 1..lay.ranks {
        let top = lay
            .nodes
            .iter()
            .filter(|n| n.rank + 1 == r)
            .map(|n| n.rect.bottom())
            .fold(lay.header_h, f64::max);
        let bottom = lay
            .nodes
            .iter()
            .filter(|n| n.rank == r)
            .map(|n| n.rect.y)
            .fold(f64::INFINITY, f64::min);
        if !bottom.is_finite() || bottom <= top {
            continue;
        }
        // The widest stretch of the gutter that no label covers.
        let mut edges: Vec<(f64, f64)> = lay
            .edges
            .iter()
            .filter_map(|e| e.label.as_ref())
            .map(|l| (l.rect.y, l.rect.bottom()))
            .filter(|&(a, b)| b > top && a < bottom)
            .collect();
        edges.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut best, mut at) = (0.0, (top + bottom) / 2.0);
        let mut y = top;
        for (a, b) in edges.into_iter().chain([(bottom, bottom)]) {
            if a - y > best {
                best = a - y;
                at = (y + a) / 2.0;
            }
            y = y.max(b);
        }
        cuts.push(at.round());
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::flowchart::{layout, Edge, Flow, Lane, Node, NodeKind};

    /// `steps` steps in a chain, step i in lane i mod `lanes`, with a start and an end.
    fn chain(lanes: usize, steps: usize) -> Flow {
        let node = |id: String, kind, label: &str, number, lane| Node {
            id,
            kind,
            label: label.into(),
            number,
            lane,
            href: "#steps".into(),
        };
        let mut nodes = vec![node("start".into(), NodeKind::Start, "开始", None, None)];
        for i in 0..steps {
            let label = "按规定填写申请表并交给下一位负责人审核。";
            nodes.push(node(
                format!("s{i}"),
                NodeKind::Step,
                label,
                Some(i + 1),
                Some(i % lanes),
            ));
        }
        nodes.push(node("end".into(), NodeKind::End, "结束", None, None));
        Flow {
            lanes: (0..lanes)
                .map(|l| Lane {
                    id: format!("r{l}"),
                    title: format!("角色{l}"),
                    href: String::new(),
                })
                .collect(),
            edges: (0..=steps)
                .map(|i| Edge {
                    from: i,
                    to: i + 1,
                    label: None,
                    is_loop: false,
                })
                .collect(),
            nodes,
        }
    }

    /// The plan's invariants: groups of whole lanes in order, each strip on the page
    /// at `scale`, cuts in rank gutters and every band on the page.
    fn check(lay: &Layout, p: &PrintPlan) {
        let n = lay.lanes.len();
        assert_eq!(p.groups.first().map(|g| g.start), Some(0));
        assert_eq!(p.groups.last().map(|g| g.end), Some(n));
        assert!(p.groups.windows(2).all(|g| g[0].end == g[1].start));
        assert!(p.groups.iter().all(|g| !g.is_empty()));
        assert_eq!(p.strip_x.len(), p.groups.len() + 1);
        let (pw, ph) = page_room(p.fit.orientation);
        let s = p.css_scale();
        for (g, x) in p.groups.iter().zip(p.strip_x.windows(2)) {
            assert_eq!(
                x[0],
                if g.start == 0 {
                    0.0
                } else {
                    lay.lanes[g.start].band.x.round()
                }
            );
            let margins = usize::from(g.start > 0) + usize::from(g.end < n);
            let w = x[1] - x[0] + margins as f64 * STRIP_MARGIN;
            assert!(w * s <= pw + 1e-9, "strip {g:?} {w} px wide at ×{s}");
        }
        let gutters = page_cuts(lay);
        let head = lay.header_h.round();
        let mut y = head;
        for &c in p.cuts.iter().chain([lay.height.ceil()].iter()) {
            assert!(c > y && (c - y + head) * s <= ph + 1e-9, "band {y}..{c}");
            y = c;
        }
        assert!(p.cuts.iter().all(|c| gutters.contains(c)));
        let pieces = (p.cuts.len() + 1) * p.groups.len();
        assert_eq!(p.fit.pages, pieces - p.empty.len());
    }

    #[test]
    fn wide_drawing_prints_in_strips_of_whole_lanes() {
        let lay = layout(&chain(10, 30));
        assert!(
            lay.width / PRINT_MIN_SCALE > 0.0
                && !fit(lay.width.ceil(), lay.height.ceil()).legible(),
            "the drawing ({} px) is too wide for a page at 8 pt",
            lay.width
        );
        let p = plan(&lay);
        assert!(p.groups.len() >= 2, "{:?}", p.groups);
        assert!(p.fit.legible(), "prints at ×{}", p.fit.scale);
        assert!(p.css_scale() >= 0.762);
        assert!(!p.cuts.is_empty(), "30 ranks take more than one page");
        check(&lay, &p);
        // Balanced: no strip more than one lane wider than another.
        let sizes: Vec<usize> = p.groups.iter().map(|g| g.len()).collect();
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(hi - lo <= 1, "{sizes:?}");
    }

    #[test]
    fn narrow_drawings_print_whole() {
        for (lanes, steps) in [(1, 3), (3, 8), (6, 12), (8, 30)] {
            let lay = layout(&chain(lanes, steps));
            let p = plan(&lay);
            assert_eq!(p.groups, vec![0..lanes], "{lanes} lanes");
            assert_eq!(p.strip_x, vec![0.0, lay.width.ceil()]);
            assert!(p.empty.is_empty());
            assert!(p.fit.legible());
            check(&lay, &p);
        }
    }

    #[test]
    fn lane_groups_are_the_fewest_and_balanced() {
        // Ten lanes of 150 px: two strips of five (750 px + one margin each).
        let xs: Vec<f64> = (0..=10).map(|i| i as f64 * 150.0).collect();
        let none = vec![false; 11];
        let g = lane_groups(&xs, &none, PAGE_LONG / PRINT_MIN_SCALE).unwrap();
        assert_eq!(g, vec![0..5, 5..10]);
        // On a narrower page: three strips, the widest as narrow as can be.
        let g = lane_groups(&xs, &none, 700.0).unwrap();
        assert_eq!(g.len(), 3);
        assert!(g.iter().all(|g| strip_width(&xs, g) <= 700.0));
        assert!(g.iter().all(|g| g.len() == 3 || g.len() == 4));
        // Every lane once, in order.
        let lanes: Vec<usize> = g.into_iter().flatten().collect();
        assert_eq!(lanes, (0..10).collect::<Vec<_>>());
        // One group when everything fits; none when a lane alone is too wide.
        assert_eq!(lane_groups(&xs, &none, 1500.0).unwrap(), vec![0..10]);
        assert_eq!(lane_groups(&xs, &none, 190.0), None);
    }

    #[test]
    fn lane_groups_avoid_cutting_through_labels() {
        // Six lanes of 100 px, room for four and a margin: 3 + 3 is the balanced split,
        // but a label straddles the divider before lane 3, so 2 + 4 or 4 + 2.
        let xs: Vec<f64> = (0..=6).map(|i| i as f64 * 100.0).collect();
        let mut straddled = vec![false; 7];
        assert_eq!(
            lane_groups(&xs, &straddled, 450.0).unwrap(),
            vec![0..3, 3..6]
        );
        straddled[3] = true;
        let g = lane_groups(&xs, &straddled, 450.0).unwrap();
        assert_eq!(g.len(), 2);
        assert_ne!(g[0].end, 3, "{g:?}");
    }

    #[test]
    fn bands_cut_at_gutters_and_fit_the_page() {
        let gutters: Vec<f64> = (1..30).map(|i| 40.0 + i as f64 * 100.0).collect();
        let cuts = bands(3040.0, 40.0, &gutters, 0.8, 986.0);
        // 986 / 0.8 = 1232.5 px per page, less the 40 px header: 1192.5 px of ranks,
        // so from 40 the lowest gutter up to 1232.5 (1140), then up to 2332.5 (2240).
        assert_eq!(cuts, vec![1140.0, 2240.0]);
        assert!(bands(1200.0, 40.0, &gutters, 0.8, 986.0).is_empty());
    }
}
