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

pub mod geometry;
pub mod metrics;
pub mod model;
pub mod order;
pub mod place;
pub mod rank;
pub mod route;
pub mod shapes;
pub mod svg;
pub mod text;

pub use geometry::{EdgeBox, LabelBox, LaneBox, Layout, NodeBox, Point, Rect};
pub use model::{Edge, Flow, Lane, Node, NodeKind};

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
    let sizing = shapes::sizing(flow, grid.n_cols);
    let shapes: Vec<shapes::Shape> = flow
        .nodes
        .iter()
        .map(|n| shapes::measure(n, &sizing))
        .collect();
    let routing = route::route(flow, &edges, &ranking.rank, &grid);
    place::place(&place::Input {
        flow,
        shapes: &shapes,
        grid: &grid,
        rank: &ranking.rank,
        lane: &lane,
        routing: &routing,
    })
}

/// Renders `flow` as a self-contained `<svg class="hb-flow">` element.
pub fn render_svg(flow: &Flow) -> String {
    svg::write(flow, &layout(flow))
}
