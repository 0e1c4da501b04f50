//! Layout invariants of the swimlane flowcharts (`handbook::render::flowchart`), over every
//! procedure of the bundled handbook and over a few hundred seeded random flows (up to 40
//! steps, 8 lanes, loops, jumps to other procedures): no overlapping shapes, no edge through
//! a shape, every label inside its box, every node inside its lane, every link target exists.
//! For the bundled handbook the links are followed into the rendered site.

mod flowchart_support;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use flowchart_support as common;
use handbook::render::flowchart::metrics::{FONT, LABEL_FONT, LABEL_LINE_H, LINE_H};
use handbook::render::flowchart::print::Orientation;
use handbook::render::flowchart::shapes::hex_indent;
use handbook::render::flowchart::svg::{print_fit, print_plan};
use handbook::render::flowchart::text::text_width;
use handbook::render::flowchart::{layout, render_svg, Flow, Layout, NodeKind, Point, Rect};

const EPS: f64 = 0.01;

fn check(name: &str, flow: &Flow) {
    let lay = layout(flow);
    check_layout(name, flow, &lay);
    let svg = render_svg(flow);
    check_svg(name, flow, &svg);
    assert_eq!(svg, render_svg(flow), "{name}: output is not deterministic");
}

fn segments(points: &[Point]) -> impl Iterator<Item = (Point, Point)> + '_ {
    points.windows(2).map(|w| (w[0], w[1]))
}

fn check_layout(name: &str, flow: &Flow, lay: &Layout) {
    let canvas = Rect {
        x: 0.0,
        y: 0.0,
        w: lay.width,
        h: lay.height,
    };
    assert_eq!(lay.nodes.len(), flow.nodes.len());

    // Shapes: no overlaps, inside the canvas below the header, inside their lane.
    for (i, a) in lay.nodes.iter().enumerate() {
        assert!(
            canvas.contains(&a.rect, EPS),
            "{name}: node {i} outside the canvas"
        );
        assert!(
            a.rect.y >= lay.header_h - EPS,
            "{name}: node {i} in the header"
        );
        let band = lay.lanes[a.lane].band;
        assert!(
            a.rect.x >= band.x - EPS && a.rect.right() <= band.right() + EPS,
            "{name}: node {} outside its lane band",
            flow.nodes[i].id
        );
        if let Some(l) = flow.nodes[i].lane {
            assert_eq!(
                a.lane, l,
                "{name}: step {} not in its own lane",
                flow.nodes[i].id
            );
        }
        for (j, b) in lay.nodes.iter().enumerate().skip(i + 1) {
            assert!(
                !a.rect.overlaps(&b.rect),
                "{name}: nodes {i} and {j} overlap"
            );
        }
    }

    // Node text fits its shape by the width estimate.
    for (i, n) in lay.nodes.iter().enumerate() {
        let tb = n.text_box;
        for line in &n.lines {
            assert!(
                text_width(line, FONT) <= tb.w + EPS,
                "{name}: node {i} line wider than its text box"
            );
        }
        assert!(n.lines.len() as f64 * LINE_H <= tb.h + EPS);
        match n.kind {
            NodeKind::Decision if n.hexagon => {
                // The text's corners inside the pointed sides: at height tb.h/2 from
                // the middle the hexagon is d·(tb.h/h) narrower on each side.
                let d = hex_indent(n.rect.h);
                assert!(
                    tb.w / 2.0 + d * tb.h / n.rect.h <= n.rect.w / 2.0 + EPS
                        && tb.h <= n.rect.h + EPS,
                    "{name}: decision {i} text does not fit its hexagon"
                );
            }
            NodeKind::Decision => {
                let (a, b) = (n.rect.w / 2.0, n.rect.h / 2.0);
                let fit = tb.w / (2.0 * a) + tb.h / (2.0 * b);
                assert!(
                    fit <= 1.0 + 1e-9,
                    "{name}: decision {i} text does not fit its diamond ({fit})"
                );
            }
            _ => assert!(
                n.rect.contains(&tb, EPS),
                "{name}: node {i} text outside its box"
            ),
        }
    }

    let shapes: Vec<Rect> = lay.nodes.iter().map(|n| n.rect).collect();
    for e in &lay.edges {
        let id = format!("{}→{}", flow.nodes[e.from].id, flow.nodes[e.to].id);
        assert!(e.points.len() >= 2, "{name}: edge {id} has no path");
        for (a, b) in segments(&e.points) {
            assert!(
                (a.x - b.x).abs() < EPS || (a.y - b.y).abs() < EPS,
                "{name}: edge {id} has a diagonal segment"
            );
            for (k, s) in shapes.iter().enumerate() {
                // Ports lie on the shape's boundary, so even the source and
                // target are never entered.
                assert!(
                    !s.hit_by_segment(a, b),
                    "{name}: edge {id} passes through node {}",
                    flow.nodes[k].id
                );
            }
            assert!(canvas.contains(
                &Rect {
                    x: a.x.min(b.x),
                    y: a.y.min(b.y),
                    w: (a.x - b.x).abs(),
                    h: (a.y - b.y).abs()
                },
                EPS
            ));
        }
        // Endpoints on the shapes' boundaries.
        let on_boundary = |p: Point, r: &Rect| {
            r.contains(
                &Rect {
                    x: p.x,
                    y: p.y,
                    w: 0.0,
                    h: 0.0,
                },
                EPS,
            ) && ((p.x - r.x).abs() < EPS
                || (p.x - r.right()).abs() < EPS
                || (p.y - r.y).abs() < EPS
                || (p.y - r.bottom()).abs() < EPS)
        };
        assert!(
            on_boundary(e.points[0], &shapes[e.from]),
            "{name}: edge {id} does not start on its source"
        );
        assert!(
            on_boundary(*e.points.last().unwrap(), &shapes[e.to]),
            "{name}: edge {id} does not end on its target"
        );

        if let Some(l) = &e.label {
            assert!(
                canvas.contains(&l.rect, EPS),
                "{name}: label of {id} outside the canvas"
            );
            assert!(
                l.rect.y >= lay.header_h - EPS,
                "{name}: label of {id} in the header"
            );
            for line in &l.lines {
                assert!(text_width(line, LABEL_FONT) <= l.rect.w + EPS);
            }
            assert!(l.lines.len() as f64 * LABEL_LINE_H <= l.rect.h + EPS);
            for (k, s) in shapes.iter().enumerate() {
                assert!(
                    !l.rect.overlaps(s),
                    "{name}: label of {id} overlaps node {}",
                    flow.nodes[k].id
                );
            }
        }
    }
    let labels: Vec<Rect> = lay
        .edges
        .iter()
        .filter_map(|e| e.label.as_ref().map(|l| l.rect))
        .collect();
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(!a.overlaps(b), "{name}: two edge labels overlap");
        }
    }

    // Runs of different edges never lie on top of each other, except where
    // edges share a source (a split) or a target (a merge).
    for (i, e1) in lay.edges.iter().enumerate() {
        for e2 in &lay.edges[i + 1..] {
            if e1.from == e2.from || e1.to == e2.to {
                continue;
            }
            for (a, b) in segments(&e1.points) {
                for (c, d) in segments(&e2.points) {
                    assert!(
                        !collinear_overlap(a, b, c, d),
                        "{name}: edges {}→{} and {}→{} overlap",
                        e1.from,
                        e1.to,
                        e2.from,
                        e2.to
                    );
                }
            }
        }
    }
}

fn collinear_overlap(a: Point, b: Point, c: Point, d: Point) -> bool {
    let overlap = |p0: f64, p1: f64, q0: f64, q1: f64| {
        p0.min(p1).max(q0.min(q1)) + 0.5 < p0.max(p1).min(q0.max(q1))
    };
    let vert = |p: Point, q: Point| (p.x - q.x).abs() < EPS;
    if vert(a, b) && vert(c, d) && (a.x - c.x).abs() < EPS {
        return overlap(a.y, b.y, c.y, d.y);
    }
    let horiz = |p: Point, q: Point| (p.y - q.y).abs() < EPS;
    if horiz(a, b) && horiz(c, d) && (a.y - c.y).abs() < EPS {
        return overlap(a.x, b.x, c.x, d.x);
    }
    false
}

fn check_svg(name: &str, flow: &Flow, svg: &str) {
    let doc =
        common::xml::parse(svg).unwrap_or_else(|e| panic!("{name}: SVG is not well-formed: {e}"));
    let root = doc.root();
    assert_eq!(root.tag, "svg");
    assert_eq!(root.attr("class"), Some("hb-flow"));
    assert_eq!(root.attr("role"), Some("img"));
    assert!(root.attr("aria-label").is_some_and(|a| !a.is_empty()));
    let lay = layout(flow);
    let plan = print_plan(&lay);
    let fit = plan.fit;
    assert_eq!(fit, print_fit(&lay));
    assert_eq!(
        root.attr("data-orientation"),
        fit.orientation.attr(),
        "{name}: orientation"
    );
    // Text prints at 8 pt or more: a drawing too wide for the page prints in strips
    // of whole lanes, every lane in one strip, in order.
    assert!(fit.legible(), "{name}: prints at ×{:.3}", fit.scale);
    let lanes: Vec<usize> = plan.groups.iter().cloned().flatten().collect();
    assert_eq!(lanes, (0..lay.lanes.len()).collect::<Vec<_>>(), "{name}");
    let strips = root.attr("data-strips").map_or(0, |s| s.split(' ').count());
    assert_eq!(strips + 1, plan.groups.len(), "{name}: data-strips");
    let cuts = root.attr("data-cuts").map_or(0, |s| s.split(' ').count());
    assert_eq!(cuts, plan.cuts.len(), "{name}: data-cuts");
    let empty = root.attr("data-empty").map_or(0, |s| s.split(' ').count());
    assert_eq!(empty, plan.empty.len(), "{name}: data-empty");
    assert!(
        root.attr("style").is_some_and(
            |s| s.contains(&format!("--hb-s:{}", (fit.scale * 1000.0).floor() / 1000.0))
        ),
        "{name}: print scale"
    );
    for a in doc.els.iter().filter(|e| e.tag == "a") {
        assert!(
            a.attr("href").is_some_and(|h| !h.is_empty()),
            "{name}: link without href"
        );
    }
    for n in &flow.nodes {
        let want = format!("node-{}", n.id);
        let (gi, g) = doc
            .els
            .iter()
            .enumerate()
            .find(|(_, g)| g.attr("id") == Some(want.as_str()))
            .unwrap_or_else(|| panic!("{name}: node {} missing", n.id));
        assert_eq!(g.attr("data-step"), Some(n.id.as_str()));
        assert!(g.attr("class").unwrap().starts_with("hb-node hb-"));
        let parent = &doc.els[g.parent.expect("node inside the svg")];
        assert_eq!(parent.tag, "a");
        assert_eq!(
            parent.attr("href"),
            Some(n.href.as_str()),
            "{name}: node {} link",
            n.id
        );
        // The node's text reads back as the label (escaping round-trips).
        let text = doc.deep_text(gi, "title");
        if !text.ends_with('…') {
            let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            assert!(
                squash(&text).contains(&squash(n.label.trim())),
                "{name}: node {} text {text:?}",
                n.id
            );
        }
    }
    let edges: Vec<&common::xml::Element> = doc
        .els
        .iter()
        .filter(|g| {
            g.attr("class")
                .is_some_and(|c| c.starts_with("hb-edge") && c != "hb-edges")
        })
        .collect();
    assert_eq!(
        edges.len(),
        flow.edges.len() - dropped_edges(flow),
        "{name}: edge groups"
    );
    // Every edge joins two nodes that exist in the drawing.
    let node_ids: HashSet<&str> = flow.nodes.iter().map(|n| n.id.as_str()).collect();
    for e in &edges {
        for end in ["data-from", "data-to"] {
            assert!(
                e.attr(end).is_some_and(|id| node_ids.contains(id)),
                "{name}: edge {end} points nowhere"
            );
        }
    }
    for lane in &flow.lanes {
        let band = doc
            .els
            .iter()
            .find(|g| {
                g.attr("class") == Some("hb-lane") && g.attr("data-role") == Some(lane.id.as_str())
            })
            .unwrap_or_else(|| panic!("{name}: lane {} missing", lane.id));
        if !lane.href.is_empty() {
            assert!(
                band.children.iter().any(|&c| doc.els[c].tag == "a"
                    && doc.els[c].attr("href") == Some(lane.href.as_str())),
                "{name}: lane {} head does not link to its role",
                lane.id
            );
        }
    }
}

/// Edges whose ends are not nodes: the layout drops them.
fn dropped_edges(flow: &Flow) -> usize {
    flow.edges
        .iter()
        .filter(|e| e.from >= flow.nodes.len() || e.to >= flow.nodes.len())
        .count()
}

#[test]
fn refund_shared_end() {
    check("refund", &common::refund(false));
}

#[test]
fn refund_separate_ends() {
    let f = common::refund(true);
    check("refund-ends", &f);
    let lay = layout(&f);
    // Each private end sits right below the decision that leads there.
    for (end, from) in [(10, 4), (11, 5)] {
        assert_eq!(lay.nodes[end].rank, lay.nodes[from].rank + 1);
        assert_eq!(lay.nodes[end].lane, lay.nodes[from].lane);
    }
}

#[test]
fn refund_with_loop_and_jump() {
    let f = common::refund_with_loop();
    check("refund-loop", &f);
    let lay = layout(&f);
    assert!(
        lay.edges.iter().any(|e| e.back),
        "the marked loop is drawn as a back edge"
    );
}

#[test]
fn refund_ranks_follow_longest_path() {
    let lay = layout(&common::refund(false));
    let rank = |i: usize| lay.nodes[i].rank;
    assert_eq!((rank(0), rank(1), rank(2), rank(3)), (0, 1, 2, 3));
    assert_eq!(
        (rank(4), rank(5)),
        (4, 4),
        "dean and principal side by side"
    );
    assert_eq!(rank(6), 5, "form below both consultations");
    assert_eq!(rank(9), 8, "the shared end is last");
    // Decision branches leave through distinct corners of the diamond.
    let classify = lay.nodes[3].rect;
    let starts: Vec<Point> = lay
        .edges
        .iter()
        .filter(|e| e.from == 3)
        .map(|e| e.points[0])
        .collect();
    assert_eq!(starts.len(), 3);
    assert!(
        starts.iter().any(|p| (p.y - classify.bottom()).abs() < EPS),
        "one branch drops from the bottom corner"
    );
    assert!(
        starts.iter().any(|p| (p.x - classify.right()).abs() < EPS),
        "one branch leaves from a side corner"
    );
}

#[test]
fn random_flows() {
    for seed in 0..400 {
        let f = common::random_flow(seed, 40, 8);
        check(&format!("random seed {seed}"), &f);
    }
}

#[test]
fn forty_step_flows_all_lane_counts() {
    for lanes in 1..=8 {
        for seed in 0..6 {
            check(
                &format!("sized {lanes} lanes seed {seed}"),
                &common::sized_flow(seed, 40, lanes),
            );
        }
    }
}

#[test]
fn degenerate_inputs() {
    check("empty", &Flow::default());
    let mut f = common::refund(false);
    f.lanes.clear();
    for n in &mut f.nodes {
        n.lane = None;
    }
    check("no lanes", &f);
    let mut f = common::refund(false);
    f.edges.push(handbook::render::flowchart::Edge {
        from: 99,
        to: 0,
        label: None,
        is_loop: false,
    });
    f.edges.push(handbook::render::flowchart::Edge {
        from: 2,
        to: 1,
        label: Some("未标记的循环".into()),
        is_loop: false,
    });
    f.edges.push(handbook::render::flowchart::Edge {
        from: 2,
        to: 2,
        label: Some("自环".into()),
        is_loop: true,
    });
    let lay = layout(&f);
    assert_eq!(
        lay.edges.len(),
        f.edges.len() - 1,
        "the dangling edge is dropped"
    );
    check_layout("cycles", &f, &lay);
}

#[test]
fn escapes_text() {
    let mut f = common::refund(false);
    f.nodes[1].label = r#"<script>alert("x&y")</script> 'q'"#.into();
    f.edges[3].label = Some("a<b & c>d".into());
    f.lanes[0].title = "学员 & <家长>".into();
    let svg = render_svg(&f);
    assert!(!svg.contains("<script>"));
    check("escaping", &f);
}

// ---------------------------------------------------------------------------
// The bundled handbook: every procedure's real flow, and its links in the real site.

struct Bundled {
    /// (page path, flow with links relative to that page).
    flows: Vec<(String, Flow)>,
    /// Output path → HTML of every page of the rendered site.
    pages: HashMap<String, String>,
}

fn bundled() -> &'static Bundled {
    static B: std::sync::OnceLock<Bundled> = std::sync::OnceLock::new();
    B.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let checked = handbook::pipeline::check(root, false)
            .unwrap_or_else(|_| panic!("bundled handbook does not load"));
        let book = checked.book.as_ref().expect("bundled handbook has errors");
        let flows = handbook::render::flow::all_flows(book, "../");
        let tree =
            handbook::render::render(book, &checked.project).expect("render the bundled handbook");
        let pages = tree
            .files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).expect("UTF-8 page")))
            .collect();
        Bundled { flows, pages }
    })
}

/// Every `id="…"` on a page.
fn ids(html: &str) -> HashSet<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest.find('"').map(|e| &rest[..e])
        })
        .collect()
}

/// Resolves a relative `href` found on the page at `page` (both site-relative).
fn resolve(page: &str, href: &str) -> (String, Option<String>) {
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    if path.is_empty() {
        return (page.to_string(), frag);
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    (parts.join("/"), frag)
}

#[test]
fn bundled_procedures_layout_invariants() {
    let b = bundled();
    assert!(b.flows.len() >= 20, "only {} procedures", b.flows.len());
    let mut problems = Vec::new();
    for (page, flow) in &b.flows {
        check(page, flow);
        // Quality beyond the hard invariants, for the flows people actually read:
        // no edge label is crossed by another edge's line, and no step text is cut.
        let lay = layout(flow);
        for e in &lay.edges {
            let Some(l) = &e.label else { continue };
            for other in lay.edges.iter().filter(|o| o.index != e.index) {
                if segments(&other.points).any(|(a, c)| l.rect.hit_by_segment(a, c)) {
                    problems.push(format!(
                        "{page}: label {:?} of {}→{} is crossed by {}→{}",
                        l.lines,
                        flow.nodes[e.from].id,
                        flow.nodes[e.to].id,
                        flow.nodes[other.from].id,
                        flow.nodes[other.to].id
                    ));
                }
            }
        }
        for (i, n) in lay.nodes.iter().enumerate() {
            if n.truncated {
                problems.push(format!(
                    "{page}: text of {} is cut: {:?}",
                    flow.nodes[i].id, n.lines
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn bundled_flows_are_the_ones_on_the_pages() {
    let b = bundled();
    for (page, flow) in &b.flows {
        let html = b
            .pages
            .get(page)
            .unwrap_or_else(|| panic!("{page} not rendered"));
        assert!(
            html.contains(&render_svg(flow)),
            "{page}: the page does not carry this flow's SVG"
        );
    }
}

#[test]
fn bundled_links_resolve() {
    let b = bundled();
    let page_ids: HashMap<&str, HashSet<&str>> =
        b.pages.iter().map(|(p, h)| (p.as_str(), ids(h))).collect();
    let mut checked = 0;
    for (page, flow) in &b.flows {
        let hrefs = flow
            .nodes
            .iter()
            .map(|n| (format!("node {}", n.id), &n.href))
            .chain(
                flow.lanes
                    .iter()
                    .map(|l| (format!("lane {}", l.id), &l.href)),
            );
        for (what, href) in hrefs {
            assert!(!href.is_empty(), "{page}: {what} has no link");
            let (target, frag) = resolve(page, href);
            let ids = page_ids
                .get(target.as_str())
                .unwrap_or_else(|| panic!("{page}: {what} links to {href}: no page {target}"));
            if let Some(f) = frag {
                assert!(
                    ids.contains(f.as_str()),
                    "{page}: {what} links to {href}: no #{f} on {target}"
                );
            }
            checked += 1;
        }
        // Every step node links to its own entry in the step list.
        for n in flow.nodes.iter().filter(|n| n.number.is_some()) {
            assert_eq!(n.href, format!("#step-{}", n.id), "{page}");
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn bundled_refund_shape() {
    let b = bundled();
    let (_, refund) = b
        .flows
        .iter()
        .find(|(p, _)| p == "procedures/refund.html")
        .expect("refund procedure");
    let lay = layout(refund);
    assert!(
        lay.nodes.iter().any(|n| n.hexagon),
        "long decision texts are drawn in hexagons"
    );
    let lanes: Vec<&str> = refund.lanes.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(lanes[..2], ["student", "head-teacher"]);
    let decisions = refund
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Decision)
        .count();
    assert_eq!(decisions, 3, "classify, dean, principal-talk");
    let ends = refund
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::End)
        .count();
    assert_eq!(
        ends, 3,
        "two 学员继续学习 ends and the end after the last step"
    );
}

/// Every bundled procedure of up to 15 steps prints on one A4 page with its text at
/// 8 pt or more; longer ones continue on further pages, still at 8 pt, and one too
/// wide for the page (course-phases, ten lanes) prints in strips of whole lanes.
#[test]
fn bundled_procedures_print_on_one_page() {
    let b = bundled();
    let mut report = Vec::new();
    let mut problems = Vec::new();
    for (page, flow) in &b.flows {
        let lay = layout(flow);
        let fit = print_fit(&lay);
        let steps = flow.nodes.iter().filter(|n| n.number.is_some()).count();
        let strips = print_plan(&lay).groups.len();
        report.push(format!(
            "{page}: {} steps, {} ranks, {:.0}×{:.0} px, {:?} ×{:.3}, {} page(s), {strips} strip(s)",
            steps, lay.ranks, lay.width, lay.height, fit.orientation, fit.scale, fit.pages
        ));
        if steps <= 15 && lay.ranks <= 15 && fit.pages != 1 {
            problems.push(format!("{page}: {} pages", fit.pages));
        }
        if !fit.legible() {
            problems.push(format!("{page}: prints at ×{:.3}, below 8 pt", fit.scale));
        }
        if page == "procedures/course-phases.html" && strips < 2 {
            problems.push(format!("{page}: {strips} lane strip(s)"));
        }
        if fit.orientation == Orientation::Inline {
            assert!(fit.scale == 1.0 && fit.pages == 1);
        }
    }
    println!("{}", report.join("\n"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
