//! Swimlane flowcharts for handbook procedures, drawn as inline SVG at build time.
//!
//! ```
//! use handbook::render::flowchart::{render_svg, Edge, Flow, Lane, Node, NodeKind};
//! let flow = Flow {
//!     lanes: vec![Lane { id: "student".into(), title: "学员".into(), href: "../roles/student.html".into() }],
//!     nodes: vec![
//!         Node { id: "start".into(), kind: NodeKind::Start, label: "开始".into(), number: None, lane: None, href: "#steps".into() },
//!         Node { id: "apply".into(), kind: NodeKind::Step, label: "提出退费申请。".into(), number: Some(1), lane: Some(0), href: "#step-apply".into() },
//!         Node { id: "end".into(), kind: NodeKind::End, label: "结束".into(), number: None, lane: None, href: "#steps".into() },
//!     ],
//!     edges: vec![
//!         Edge { from: 0, to: 1, label: None, is_loop: false },
//!         Edge { from: 1, to: 2, label: None, is_loop: false },
//!     ],
//! };
//! let svg = render_svg(&flow);
//! assert!(svg.starts_with("<svg") && svg.contains(r#"id="node-apply""#));
//! ```
//!
//! Pipeline: [`rank`] (rows by longest path) → [`order`] (columns inside lanes,
//! barycenter) → [`shapes`] (sizes from wrapped text) → [`route`] (orthogonal
//! routes on gutters, track assignment) → [`place`] (coordinates, edge labels) →
//! [`svg`] (markup). The browser side is `theme/flow.js` + `theme/flow.css`.
//!
//! Printing ([`mod@print`]): a flow of up to about fifteen ranks prints on one A4 page,
//! never with text below 8 pt. When the usual box widths would make it print smaller
//! than it could, [`layout`] tries narrower boxes (more lines per box, fewer px across)
//! and keeps the layout that prints on the fewest pages at the largest scale; a box
//! width is only placed when a cheap bound (exact width, least height:
//! [`shapes::estimate`], [`place::bounds`]) says it might print better. Then
//! [`print::plan`] decides the print: the page, the scale, and for a drawing too tall
//! or too wide for one page, the page bands and the strips of whole lanes it is cut
//! into (by `theme/flow.js`, when printing).

pub mod geometry;
pub mod metrics;
pub mod model;
pub mod order;
pub mod place;
pub mod print;
pub mod rank;
pub mod route;
pub mod shapes;
pub mod svg;
pub mod text;

use metrics::{BOX_MIN_W, BOX_W};

pub use geometry::{EdgeBox, LabelBox, LaneBox, Layout, NodeBox, Point, Rect};
pub use model::{Edge, Flow, Lane, Node, NodeKind};

/// Flows with more ranks than this never fit one page: they keep the usual sizes.
const FIT_MAX_RANKS: usize = 20;

/// Box-width caps tried, widest first, when the usual layout prints on more than
/// one page or below full size. Narrower boxes make a drawing narrower and (more
/// lines per box) taller; which prints best is not monotone in the width, so every
/// cap is considered, but only placed when its bound could beat the best so far.
const FIT_CAPS: [f64; 7] = [188.0, 174.0, 160.0, 146.0, 132.0, 118.0, BOX_MIN_W];

/// Computes the geometry of `flow`: lanes, node boxes, routed edges and labels.
pub fn layout(flow: &Flow) -> Layout {
    let n_lanes = flow.lanes.len().max(1);
    let edges = rank::valid_edges(flow);
    let ranking = rank::rank(flow, &edges);
    let lane = rank::lanes(flow, &edges, &ranking, n_lanes);
    let links: Vec<(usize, usize)> = edges
        .iter()
        .enumerate()
        .filter(|&(k, _)| !ranking.ignored[k])
        .map(|(_, &e)| (flow.edges[e].from, flow.edges[e].to))
        .collect();
    let grid = order::order(&ranking.rank, &lane, ranking.n_ranks, n_lanes, &links);
    let routing = route::route(flow, &edges, &ranking.rank, &grid);
    let texts = shapes::node_texts(flow);
    let base = place::Input {
        flow,
        shapes: &[],
        grid: &grid,
        rank: &ranking.rank,
        lane: &lane,
        routing: &routing,
        col_min: BOX_W,
    };
    let with = |sizing: &shapes::Sizing| {
        let shapes: Vec<shapes::Shape> = flow
            .nodes
            .iter()
            .zip(&texts)
            .map(|(n, t)| shapes::measure(n, t, sizing))
            .collect();
        place::place(&place::Input {
            shapes: &shapes,
            col_min: sizing.box_w.min(BOX_W),
            ..base
        })
    };
    let cap = shapes::max_box_w(flow.lanes.len(), grid.n_cols);
    let mut sizing = shapes::sizing(flow, &texts, cap);
    let mut best = with(&sizing);
    if ranking.n_ranks > FIT_MAX_RANKS {
        return best;
    }
    let score = |w: f64, h: f64| {
        let f = print::fit(w.ceil(), h.ceil());
        (f.key(), f.scale)
    };
    // Only a clearly better print is worth narrower boxes.
    let better = |k: (bool, f64, f64), bk: (bool, f64, f64)| {
        (k.0, k.1) > (bk.0, bk.1) || ((k.0, k.1) == (bk.0, bk.1) && k.2 > bk.2 + 0.01)
    };
    let mut best_score = score(best.width, best.height);
    for cap in FIT_CAPS.into_iter().filter(|&c| c < cap) {
        if best_score.1 >= 1.0 {
            break;
        }
        let s = shapes::sizing(flow, &texts, cap);
        if s == sizing {
            continue;
        }
        sizing = s;
        // The print cannot beat the one of the exact width and the least height
        // these boxes allow (a print never gets better as the drawing gets
        // taller): when that is no better, skip the placement.
        let sizes: Vec<(f64, f64)> = flow
            .nodes
            .iter()
            .zip(&texts)
            .map(|(n, t)| shapes::estimate(n, t, &s))
            .collect();
        let col_min = s.box_w.min(BOX_W);
        let (w, h) = place::bounds(&place::Input { col_min, ..base }, &sizes);
        let skip = !better(score(w, h).0, best_score.0);
        if cfg!(debug_assertions) {
            let lay = with(&s);
            assert!(lay.width == w && lay.height >= h, "bounds at cap {cap}");
            assert!(!skip || !better(score(lay.width, lay.height).0, best_score.0));
        }
        if skip {
            continue;
        }
        let lay = with(&s);
        let sc = score(lay.width, lay.height);
        if better(sc.0, best_score.0) {
            (best, best_score) = (lay, sc);
        }
    }
    best
}

/// Renders `flow` as a self-contained `<svg class="hb-flow">` element.
pub fn render_svg(flow: &Flow) -> String {
    svg::write(flow, &layout(flow))
}
