//! From the symbolic grid to coordinates: gutter sizes, edge-label placement,
//! and the final node rectangles and edge polylines.
//!
//! Order matters: track counts fix the vertical-gutter widths, which fix every
//! x; labels are then placed in x inside their gutter zones, which fixes the
//! horizontal-gutter heights, which fix every y.

use crate::render::flowchart::geometry::{
    EdgeBox, LabelBox, LaneBox, Layout, NodeBox, Point, Rect,
};
use crate::render::flowchart::metrics::*;
use crate::render::flowchart::model::{Flow, NodeKind};
use crate::render::flowchart::order::Grid;
use crate::render::flowchart::route::{disc_x, disc_y, Routing, Zone, X, Y};
use crate::render::flowchart::shapes::Shape;
use crate::render::flowchart::text::{text_width, wrap_balanced, wrap_clamped};

/// Everything `place` needs from the earlier stages.
pub struct Input<'a> {
    pub flow: &'a Flow,
    pub shapes: &'a [Shape],
    pub grid: &'a Grid,
    pub rank: &'a [usize],
    pub lane: &'a [usize],
    pub routing: &'a Routing,
    /// The narrowest a column may be.
    pub col_min: f64,
}

/// Label rows of one zone: the zone, each row's occupied x spans, each row's height.
type ZoneRows = (Zone, Vec<Vec<(f64, f64)>>, Vec<f64>);

/// Where a label goes in y.
enum Spot {
    /// Row `row` of a label zone in a horizontal gutter.
    Zone(Zone, usize),
    /// Above the horizontal run leaving a decision's side corner, in rank `rank`.
    Exit(usize),
}

/// A label placed in x, waiting for its y.
struct PendingLabel {
    spot: Spot,
    x: f64,
    w: f64,
    h: f64,
    lines: Vec<String>,
}

pub fn place(inp: &Input) -> Layout {
    let Input {
        flow,
        shapes,
        grid,
        rank,
        lane: _,
        routing,
        col_min,
    } = *inp;
    let n_cols = grid.n_cols;
    let n_ranks = grid.n_ranks;

    // ---- x: columns and vertical gutters ----
    let Columns {
        col_w,
        gut_w,
        gut_x,
        col_x,
        width,
    } = columns(grid, routing, col_min, shapes.iter().map(|s| s.w));
    let v_track_x = |i: usize| -> f64 {
        let q = &routing.vreqs[i];
        let (g, t) = (q.gutter, q.track);
        let nt = routing.v_tracks[g];
        let (left, w) = (gut_x[g], gut_w[g]);
        if grid.is_lane_boundary(g) && g != 0 && g != n_cols {
            let half = nt.div_ceil(2);
            if t < half {
                left + (t + 1) as f64 * TRACK
            } else {
                left + w - (nt - t) as f64 * TRACK
            }
        } else {
            left + w * (t + 1) as f64 / (nt + 1) as f64
        }
    };
    let node_cx = |n: usize| col_x[grid.col[n]] + col_w[grid.col[n]] / 2.0;
    let resolve_x = |x: X| -> f64 {
        match x {
            X::Cx(n) => node_cx(n),
            X::Side(n, right) => {
                node_cx(n)
                    + if right {
                        shapes[n].w / 2.0
                    } else {
                        -shapes[n].w / 2.0
                    }
            }
            X::V(i) => v_track_x(i),
        }
    };

    // ---- edge labels, in x ----
    // Vertical runs with their x and doubled-grid y span, to keep labels off them.
    let mut runs: Vec<(usize, f64, i64, i64)> = Vec::new(); // (route, x, lo, hi)
    for (ri, r) in routing.routes.iter().enumerate() {
        for w in r.pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (ya, yb) = (
                disc_y(a.1, rank, &routing.hreqs),
                disc_y(b.1, rank, &routing.hreqs),
            );
            // Same column and the same resolved x: a straight drop from one node
            // into another counts too (its ends are different symbolic x's).
            if disc_x(a.0, grid, &routing.vreqs) == disc_x(b.0, grid, &routing.vreqs)
                && ya != yb
                && (resolve_x(a.0) - resolve_x(b.0)).abs() < 1e-6
            {
                runs.push((ri, resolve_x(a.0), ya.min(yb), ya.max(yb)));
            }
        }
    }
    let crosses_zone = |lo: i64, hi: i64, z: Zone| {
        let top = 2 * z.gutter as i64 - if z.below_tracks { 0 } else { 1 };
        lo <= top && hi > top
    };
    let mut row_h = vec![TERM_H; n_ranks];
    for (v, s) in shapes.iter().enumerate() {
        row_h[rank[v]] = row_h[rank[v]].max(s.h);
    }
    let label_size = |lines: &[String]| {
        let tw = lines
            .iter()
            .map(|l| text_width(l, LABEL_FONT))
            .fold(0.0, f64::max);
        (
            tw + 2.0 * LABEL_PAD,
            lines.len() as f64 * LABEL_LINE_H + 2.0 * LABEL_PAD,
        )
    };
    let mut zone_rows: Vec<ZoneRows> = Vec::new();
    let mut exit_spans: Vec<(usize, f64, f64)> = Vec::new();
    let mut pending: Vec<Option<PendingLabel>> = Vec::with_capacity(routing.routes.len());
    for (ri, r) in routing.routes.iter().enumerate() {
        let Some(text) = flow.edges[r.edge]
            .label
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        else {
            pending.push(None);
            continue;
        };
        // A branch leaving a decision's side corner alone: its label goes right
        // there, above the horizontal run, where no other edge can be mistaken
        // for it. Only when that run crosses free space wide enough.
        if let Some(p) = exit_label(
            inp,
            ri,
            text,
            &row_h,
            &runs,
            &exit_spans,
            &resolve_x,
            &node_cx,
        ) {
            if let Spot::Exit(rk) = p.spot {
                exit_spans.push((rk, p.x, p.x + p.w));
            }
            pending.push(Some(p));
            continue;
        }
        let ax = resolve_x(r.pts[r.anchor].0);
        let zone = r.zone;
        let lines_here: Vec<f64> = runs
            .iter()
            .filter(|&&(_, _, lo, hi)| crosses_zone(lo, hi, zone))
            .map(|&(_, x, _, _)| x)
            .collect();
        // Beside the anchor run, on the preferred side; narrower (more lines) only
        // when that keeps other edges' lines out of the label.
        let mut best: Option<(f64, f64, Vec<String>, f64, f64)> = None;
        for chars in [10.0, 8.0, 6.0, 5.0, 4.0] {
            let (lines, _) = wrap_balanced(text, chars * LABEL_FONT, LABEL_FONT, 4);
            let (w, h) = label_size(&lines);
            let right_x = ax + LABEL_GAP;
            let left_x = ax - LABEL_GAP - w;
            let score = |x0: f64| -> f64 {
                let hits = lines_here
                    .iter()
                    .filter(|&&lx| lx > x0 - 1.0 && lx < x0 + w + 1.0)
                    .count() as f64;
                let out = (0.0 - x0).max(0.0) + (x0 + w - width).max(0.0);
                hits * 100.0 + out * 10.0 + lines.len() as f64
            };
            let sides = if r.label_left {
                [left_x, right_x]
            } else {
                [right_x, left_x]
            };
            for x0 in sides {
                let sc = score(x0);
                if best.as_ref().is_none_or(|b| sc < b.0) {
                    best = Some((sc, x0, lines.clone(), w, h));
                }
            }
        }
        let (_, x0, lines, w, h) = best.expect("at least one candidate");
        let x0 = x0.clamp(0.0, (width - w).max(0.0));
        let zi = match zone_rows.iter().position(|z| z.0 == zone) {
            Some(i) => i,
            None => {
                zone_rows.push((zone, Vec::new(), Vec::new()));
                zone_rows.len() - 1
            }
        };
        let rows = &mut zone_rows[zi];
        let free = |spans: &Vec<(f64, f64)>| {
            spans
                .iter()
                .all(|&(a, b)| x0 + w + 2.0 <= a || x0 >= b + 2.0)
        };
        let row = match rows.1.iter().position(free) {
            Some(i) => i,
            None => {
                rows.1.push(Vec::new());
                rows.2.push(0.0);
                rows.1.len() - 1
            }
        };
        rows.1[row].push((x0, x0 + w));
        rows.2[row] = rows.2[row].max(h);
        pending.push(Some(PendingLabel {
            spot: Spot::Zone(zone, row),
            x: x0,
            w,
            h,
            lines,
        }));
    }
    let zone_h = |z: Zone| -> f64 {
        zone_rows.iter().find(|r| r.0 == z).map_or(0.0, |r| {
            r.2.iter().map(|h| h + LABEL_ROW_GAP).sum::<f64>() + LABEL_ROW_GAP
        })
    };

    // ---- y: header, ranks and horizontal gutters ----
    let n_lanes = flow.lanes.len().max(1);
    let lane_titles = lane_titles(flow, grid, &col_w);
    let header_h = header_height(flow, &lane_titles);
    let mut gut_h = vec![0.0; n_ranks + 1];
    let mut track_top = vec![0.0; n_ranks + 1];
    let mut gut_y = vec![0.0; n_ranks + 1];
    let mut row_y = vec![0.0; n_ranks];
    let mut y = header_h;
    for g in 0..=n_ranks {
        let a = zone_h(Zone {
            gutter: g,
            below_tracks: false,
        });
        let b = zone_h(Zone {
            gutter: g,
            below_tracks: true,
        });
        let t = routing.h_tracks[g];
        let th = if t == 0 { 0.0 } else { (t + 1) as f64 * TRACK };
        let min = if g == 0 || g == n_ranks {
            HGUTTER_EDGE_MIN
        } else {
            HGUTTER_MIN
        };
        let h = (a + th + b).max(min);
        gut_y[g] = y;
        gut_h[g] = h;
        track_top[g] = y + a + (h - a - th - b) / 2.0;
        y += h;
        if g < n_ranks {
            row_y[g] = y;
            y += row_h[g];
        }
    }
    let height = y;
    let h_track_y = |i: usize| {
        let q = &routing.hreqs[i];
        track_top[q.gutter] + (q.track + 1) as f64 * TRACK
    };
    let node_cy = |n: usize| row_y[rank[n]] + row_h[rank[n]] / 2.0;
    let resolve_y = |y: Y| -> f64 {
        match y {
            Y::Cy(n) => node_cy(n),
            Y::Top(n) => node_cy(n) - shapes[n].h / 2.0,
            Y::Bottom(n) => node_cy(n) + shapes[n].h / 2.0,
            Y::H(i) => h_track_y(i),
        }
    };

    // ---- assemble ----
    let nodes: Vec<NodeBox> = shapes
        .iter()
        .enumerate()
        .map(|(v, s)| {
            let (cx, cy) = (node_cx(v), node_cy(v));
            NodeBox {
                kind: flow.nodes[v].kind,
                rect: Rect {
                    x: cx - s.w / 2.0,
                    y: cy - s.h / 2.0,
                    w: s.w,
                    h: s.h,
                },
                lane: inp.lane[v],
                rank: rank[v],
                column: grid.col[v],
                lines: s.lines.clone(),
                truncated: s.truncated,
                hexagon: s.hexagon,
                text_box: Rect {
                    x: cx - s.text_w / 2.0,
                    y: cy - s.text_h / 2.0,
                    w: s.text_w,
                    h: s.text_h,
                },
            }
        })
        .collect();
    let edges: Vec<EdgeBox> = routing
        .routes
        .iter()
        .zip(pending)
        .map(|(r, lbl)| {
            let label = lbl.map(|l| {
                let y = match l.spot {
                    Spot::Zone(zone, row) => {
                        let rows = &zone_rows
                            .iter()
                            .find(|z| z.0 == zone)
                            .expect("zone of a placed label")
                            .2;
                        let above: f64 = rows[..row].iter().map(|h| h + LABEL_ROW_GAP).sum();
                        let zone_top = if zone.below_tracks {
                            gut_y[zone.gutter] + gut_h[zone.gutter] - zone_h(zone)
                        } else {
                            gut_y[zone.gutter]
                        };
                        // Centre a short label vertically within its row.
                        zone_top + LABEL_ROW_GAP + above + (rows[row] - l.h) / 2.0
                    }
                    Spot::Exit(rk) => row_y[rk] + row_h[rk] / 2.0 - LABEL_GAP - l.h,
                };
                LabelBox {
                    rect: Rect {
                        x: l.x,
                        y,
                        w: l.w,
                        h: l.h,
                    },
                    lines: l.lines,
                }
            });
            EdgeBox {
                index: r.edge,
                from: r.from,
                to: r.to,
                points: simplify(
                    r.pts
                        .iter()
                        .map(|&(x, y)| Point {
                            x: resolve_x(x),
                            y: resolve_y(y),
                        })
                        .collect(),
                ),
                back: r.back,
                label,
            }
        })
        .collect();
    let lanes: Vec<LaneBox> = (0..n_lanes)
        .map(|l| {
            let (first, k) = grid.lane_cols.get(l).copied().unwrap_or((0, 1));
            let x0 = if first == 0 {
                0.0
            } else {
                gut_x[first] + gut_w[first] / 2.0
            };
            let end = first + k;
            let x1 = if end >= n_cols {
                width
            } else {
                gut_x[end] + gut_w[end] / 2.0
            };
            LaneBox {
                band: Rect {
                    x: x0,
                    y: 0.0,
                    w: x1 - x0,
                    h: height,
                },
                header: Rect {
                    x: x0,
                    y: 0.0,
                    w: x1 - x0,
                    h: header_h,
                },
                title_lines: lane_titles[l].clone(),
            }
        })
        .collect();
    Layout {
        width,
        height,
        header_h,
        lanes,
        nodes,
        edges,
        ranks: n_ranks,
    }
}

/// Column widths and x positions, and the drawing's width.
struct Columns {
    col_w: Vec<f64>,
    gut_w: Vec<f64>,
    gut_x: Vec<f64>,
    col_x: Vec<f64>,
    width: f64,
}

/// Columns as wide as their widest shape (`widths`, one per node), gutters as wide
/// as their tracks need.
fn columns(
    grid: &Grid,
    routing: &Routing,
    col_min: f64,
    widths: impl Iterator<Item = f64>,
) -> Columns {
    let n_cols = grid.n_cols;
    let mut col_w = vec![col_min; n_cols];
    for (v, w) in widths.enumerate() {
        col_w[grid.col[v]] = col_w[grid.col[v]].max(w);
    }
    let gut_w: Vec<f64> = (0..=n_cols)
        .map(|j| {
            let t = routing.v_tracks[j] as f64;
            if j == 0 || j == n_cols {
                if t == 0.0 {
                    VGUTTER_MIN / 2.0
                } else {
                    (t + 1.0) * TRACK
                }
            } else if grid.is_lane_boundary(j) {
                // Leave the middle free for the lane divider.
                VGUTTER_MIN.max((t + 2.0) * TRACK)
            } else {
                VGUTTER_MIN.max((t + 1.0) * TRACK)
            }
        })
        .collect();
    let mut gut_x = vec![0.0; n_cols + 1];
    let mut col_x = vec![0.0; n_cols];
    let mut x = 0.0;
    for j in 0..=n_cols {
        gut_x[j] = x;
        x += gut_w[j];
        if j < n_cols {
            col_x[j] = x;
            x += col_w[j];
        }
    }
    Columns {
        col_w,
        gut_w,
        gut_x,
        col_x,
        width: x,
    }
}

/// Each lane's title wrapped to the lane's columns.
fn lane_titles(flow: &Flow, grid: &Grid, col_w: &[f64]) -> Vec<Vec<String>> {
    (0..flow.lanes.len().max(1))
        .map(|l| {
            let (first, k) = grid.lane_cols.get(l).copied().unwrap_or((0, 1));
            let w = (first..first + k).map(|c| col_w[c]).sum::<f64>() - 2.0 * BOX_PAD_X;
            let title = flow.lanes.get(l).map_or("", |x| x.title.as_str());
            wrap_clamped(title, w, FONT, HEAD_MAX_LINES).0
        })
        .collect()
}

fn header_height(flow: &Flow, lane_titles: &[Vec<String>]) -> f64 {
    if flow.lanes.is_empty() {
        0.0
    } else {
        lane_titles
            .iter()
            .map(|t| t.len().max(1))
            .max()
            .unwrap_or(1) as f64
            * LINE_H
            + 2.0 * HEAD_PAD_Y
    }
}

/// What [`place`] would make of shapes of `sizes` (one per node: the width, and a
/// height no greater than the shape's; `inp.shapes` is not read) without placing
/// anything: the drawing's exact width and a lower bound of its height (the same
/// sums, edge labels left out). [`crate::render::flowchart::layout`]
/// uses it to skip box widths that cannot print better than the best so far.
pub fn bounds(inp: &Input, sizes: &[(f64, f64)]) -> (f64, f64) {
    let Input {
        flow,
        grid,
        rank,
        routing,
        col_min,
        ..
    } = *inp;
    debug_assert_eq!(sizes.len(), flow.nodes.len());
    let cols = columns(grid, routing, col_min, sizes.iter().map(|s| s.0));
    let mut y = header_height(flow, &lane_titles(flow, grid, &cols.col_w));
    let n_ranks = grid.n_ranks;
    let mut row_h = vec![TERM_H; n_ranks];
    for (v, s) in sizes.iter().enumerate() {
        row_h[rank[v]] = row_h[rank[v]].max(s.1);
    }
    for (g, &t) in routing.h_tracks.iter().enumerate().take(n_ranks + 1) {
        let th = if t == 0 { 0.0 } else { (t + 1) as f64 * TRACK };
        let min = if g == 0 || g == n_ranks {
            HGUTTER_EDGE_MIN
        } else {
            HGUTTER_MIN
        };
        y += th.max(min);
        if let Some(h) = row_h.get(g) {
            y += h;
        }
    }
    (cols.width, y)
}

/// The label of route `ri` placed at its decision's side corner, if it fits there:
/// the branch is the only one leaving by that corner, the horizontal run crosses
/// enough free width, and no shape, other vertical line or label is in the way.
#[allow(clippy::too_many_arguments)]
fn exit_label(
    inp: &Input,
    ri: usize,
    text: &str,
    row_h: &[f64],
    runs: &[(usize, f64, i64, i64)],
    exit_spans: &[(usize, f64, f64)],
    resolve_x: &dyn Fn(X) -> f64,
    node_cx: &dyn Fn(usize) -> f64,
) -> Option<PendingLabel> {
    let r = &inp.routing.routes[ri];
    let u = r.from;
    if r.back || inp.flow.nodes[u].kind != NodeKind::Decision || r.pts.len() < 2 {
        return None;
    }
    let X::Side(_, right) = r.pts[0].0 else {
        return None;
    };
    let same_corner = inp
        .routing
        .routes
        .iter()
        .filter(|o| matches!(o.pts[0].0, X::Side(n, s) if n == u && s == right))
        .count();
    if same_corner != 1 {
        return None;
    }
    let (sx, ex) = (resolve_x(r.pts[0].0), resolve_x(r.pts[1].0));
    let (lo, hi) = if right {
        (sx + LABEL_GAP, ex - LABEL_GAP)
    } else {
        (ex + LABEL_GAP, sx - LABEL_GAP)
    };
    let avail = hi - lo - 2.0 * LABEL_PAD;
    if avail < 3.0 * LABEL_FONT {
        return None;
    }
    let (lines, cut) = wrap_balanced(text, avail.min(LABEL_WRAP), LABEL_FONT, 3);
    if cut {
        return None;
    }
    let tw = lines
        .iter()
        .map(|l| text_width(l, LABEL_FONT))
        .fold(0.0, f64::max);
    let (w, h) = (
        tw + 2.0 * LABEL_PAD,
        lines.len() as f64 * LABEL_LINE_H + 2.0 * LABEL_PAD,
    );
    let ru = inp.rank[u];
    if w > hi - lo || h + LABEL_GAP > row_h[ru] / 2.0 {
        return None;
    }
    let x0 = if right { lo } else { hi - w };
    // Vertical runs through the upper half of this rank's row.
    let mid = 2 * ru as i64 + 1;
    let run_in_way = runs
        .iter()
        .any(|&(o, x, a, b)| o != ri && x > x0 - 1.0 && x < x0 + w + 1.0 && a < mid && b >= mid);
    let shape_in_way = inp.shapes.iter().enumerate().any(|(v, s)| {
        inp.rank[v] == ru && node_cx(v) - s.w / 2.0 < x0 + w && node_cx(v) + s.w / 2.0 > x0
    });
    let label_in_way = exit_spans
        .iter()
        .any(|&(rk, a, b)| rk == ru && a < x0 + w + 2.0 && b + 2.0 > x0);
    if run_in_way || shape_in_way || label_in_way {
        return None;
    }
    Some(PendingLabel {
        spot: Spot::Exit(ru),
        x: x0,
        w,
        h,
        lines,
    })
}

/// Drops repeated points and the middle of collinear triples.
fn simplify(pts: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(pts.len());
    for p in pts {
        if out
            .last()
            .is_some_and(|q| (q.x - p.x).abs() < 1e-6 && (q.y - p.y).abs() < 1e-6)
        {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let same_x = (a.x - b.x).abs() < 1e-6 && (b.x - p.x).abs() < 1e-6;
            let same_y = (a.y - b.y).abs() < 1e-6 && (b.y - p.y).abs() < 1e-6;
            if same_x || same_y {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
