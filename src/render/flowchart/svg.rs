//! The SVG writer: semantic markup, classes only (all styling lives in
//! `theme/flow.css`), compact path data.

use std::fmt::Write;

use crate::render::flowchart::geometry::{Layout, Point};
use crate::render::flowchart::metrics::*;
use crate::render::flowchart::model::{Flow, NodeKind};
use crate::render::flowchart::print::{self, PrintFit, PrintPlan};
use crate::render::flowchart::shapes::hex_indent;

pub use crate::render::markdown::escape;

/// Formats a coordinate rounded to whole units: the output stays small and
/// byte-for-byte deterministic, and a shape and the edges touching it round
/// the same float to the same integer, so they still meet exactly.
struct N(f64);

impl std::fmt::Display for N {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.round() as i64)
    }
}

/// A coordinate that follows another in path data: a minus sign separates it,
/// otherwise it needs a space.
struct Signed(f64);

impl std::fmt::Display for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0.round() as i64;
        if v < 0 {
            write!(f, "{v}")
        } else {
            write!(f, " {v}")
        }
    }
}

fn kind_class(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Start => "hb-start",
        NodeKind::End => "hb-end",
        NodeKind::Step => "hb-step",
        NodeKind::Decision => "hb-decision",
        NodeKind::Jump => "hb-jump",
    }
}

/// Baseline of the first of `n` lines centred on `cy` with pitch `lh` at `font`.
fn first_baseline(cy: f64, n: usize, lh: f64, font: f64) -> f64 {
    cy - n as f64 * lh / 2.0 + (lh - font) / 2.0 + 0.86 * font
}

/// Widest drawing (px) that prints on portrait A4 with text at 8 pt.
pub use crate::render::flowchart::metrics::PORTRAIT_MAX_W;

/// How `lay` prints: see [`crate::render::flowchart::print`].
pub fn print_fit(lay: &Layout) -> PrintFit {
    print::plan(lay).fit
}

/// The whole print plan of `lay`: [`print::plan`].
pub fn print_plan(lay: &Layout) -> PrintPlan {
    print::plan(lay)
}

pub fn write(flow: &Flow, lay: &Layout) -> String {
    let mut s = String::with_capacity(16 * 1024);
    let n_steps = flow
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Step | NodeKind::Decision))
        .count();
    let roles: Vec<&str> = flow.lanes.iter().map(|l| l.title.trim()).collect();
    let aria = if roles.is_empty() {
        format!("流程图:{n_steps} 个步骤")
    } else {
        format!(
            "流程图:{n_steps} 个步骤,{} 个角色({})",
            roles.len(),
            roles.join("、")
        )
    };
    let (w, h) = (lay.width.ceil(), lay.height.ceil());
    let plan = print::plan(lay);
    // The print plan (print.rs): the page, the scale (rounded down so the printed
    // width never exceeds the page), and where flow.js cuts the print pieces: page
    // bands at `data-cuts` (y), lane strips at `data-strips` (x), leaving out the
    // pieces in `data-empty`.
    let scale = plan.css_scale();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="hb-flow" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}"{} style="--hb-w:{w};--hb-h:{h};--hb-s:{scale}" data-head="{}""#,
        escape(&aria),
        match plan.fit.orientation.attr() {
            Some(o) => format!(r#" data-orientation="{o}""#),
            None => String::new(),
        },
        N(lay.header_h),
    );
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| N(*x).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !plan.cuts.is_empty() {
        let _ = write!(s, r#" data-cuts="{}""#, list(&plan.cuts));
    }
    if plan.groups.len() > 1 {
        let inner = &plan.strip_x[1..plan.strip_x.len() - 1];
        let _ = write!(s, r#" data-strips="{}""#, list(inner));
    }
    if !plan.empty.is_empty() {
        let empty: Vec<String> = plan.empty.iter().map(|i| i.to_string()).collect();
        let _ = write!(s, r#" data-empty="{}""#, empty.join(" "));
    }
    s.push_str(r#" text-anchor="middle">"#);

    // Lanes: bands first so everything else is drawn over them.
    s.push_str(r#"<g class="hb-lanes">"#);
    for (l, lb) in lay.lanes.iter().enumerate() {
        let lane = flow.lanes.get(l);
        let _ = write!(
            s,
            r#"<g class="hb-lane" data-role="{}"><rect class="hb-lane-band" x="{}" y="0" width="{}" height="{}"/>"#,
            escape(lane.map_or("", |x| x.id.as_str())),
            N(lb.band.x),
            N(lb.band.w),
            N(lb.band.h)
        );
        if let Some(lane) = lane {
            let hr = lb.header;
            let open_a = !lane.href.is_empty();
            if open_a {
                let _ = write!(s, r#"<a href="{}">"#, escape(&lane.href));
            }
            let _ = write!(
                s,
                r#"<rect class="hb-lane-head" x="{}" y="0" width="{}" height="{}"/>"#,
                N(hr.x),
                N(hr.w),
                N(hr.h)
            );
            let y0 = first_baseline(hr.cy(), lb.title_lines.len(), LINE_H, FONT);
            text_lines(&mut s, hr.cx(), y0, LINE_H, &lb.title_lines);
            if open_a {
                s.push_str("</a>");
            }
        }
        s.push_str("</g>");
    }
    s.push_str("</g>");

    // Edges: unlabelled first, so labels (with their halo) end up on top of
    // the lines of other edges.
    s.push_str(r#"<g class="hb-edges">"#);
    let mut order: Vec<usize> = (0..lay.edges.len()).collect();
    order.sort_by_key(|&i| lay.edges[i].label.is_some());
    for i in order {
        let e = &lay.edges[i];
        let edge = &flow.edges[e.index];
        let _ = write!(
            s,
            r#"<g class="hb-edge{}" data-from="{}" data-to="{}""#,
            if e.back { " hb-loop" } else { "" },
            escape(&flow.nodes[e.from].id),
            escape(&flow.nodes[e.to].id),
        );
        // Unlabelled edges carry no data-label at all (saves bytes on big flows).
        if let Some(label) = edge.label.as_deref() {
            let _ = write!(s, r#" data-label="{}""#, escape(label.trim()));
        }
        s.push('>');
        path(&mut s, &e.points);
        if let Some(lb) = &e.label {
            let y0 = first_baseline(lb.rect.cy(), lb.lines.len(), LABEL_LINE_H, LABEL_FONT);
            text_lines(&mut s, lb.rect.cx(), y0, LABEL_LINE_H, &lb.lines);
        }
        s.push_str("</g>");
    }
    s.push_str("</g>");

    s.push_str(r#"<g class="hb-nodes">"#);
    for (v, nb) in lay.nodes.iter().enumerate() {
        let node = &flow.nodes[v];
        let role = flow.lanes.get(nb.lane).map_or("", |l| l.id.as_str());
        let _ = write!(
            s,
            r#"<a href="{}"><g class="hb-node {}" id="node-{}" data-step="{}" data-role="{}">"#,
            escape(&node.href),
            kind_class(node.kind),
            escape(&node.id),
            escape(&node.id),
            escape(role)
        );
        let r = nb.rect;
        match node.kind {
            NodeKind::Decision if nb.hexagon => {
                let d = hex_indent(r.h);
                let (flat, b) = (r.w - 2.0 * d, r.h / 2.0);
                let _ = write!(
                    s,
                    r#"<path d="M{} {}l{} -{}h{}l{} {}l-{} {}h-{}z"/>"#,
                    N(r.x),
                    N(r.cy()),
                    N(d),
                    N(b),
                    N(flat),
                    N(d),
                    N(b),
                    N(d),
                    N(b),
                    N(flat)
                );
            }
            NodeKind::Decision => {
                let (a, b) = (r.w / 2.0, r.h / 2.0);
                let _ = write!(
                    s,
                    r#"<path d="M{} {}l{} {}l-{} {}l-{} -{}z"/>"#,
                    N(r.cx()),
                    N(r.y),
                    N(a),
                    N(b),
                    N(a),
                    N(b),
                    N(a),
                    N(b)
                );
            }
            _ => {
                let rx = if matches!(node.kind, NodeKind::Start | NodeKind::End) {
                    r.h / 2.0
                } else {
                    4.0
                };
                let _ = write!(
                    s,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}"/>"#,
                    N(r.x),
                    N(r.y),
                    N(r.w),
                    N(r.h),
                    N(rx)
                );
            }
        }
        let y0 = first_baseline(r.cy(), nb.lines.len(), LINE_H, FONT);
        let number = node
            .number
            .filter(|_| matches!(node.kind, NodeKind::Step | NodeKind::Decision));
        let _ = write!(s, r#"<text x="{}" y="{}">"#, N(r.cx()), N(y0));
        for (i, line) in nb.lines.iter().enumerate() {
            if i > 0 {
                let _ = write!(s, r#"<tspan x="{}" dy="{}">"#, N(r.cx()), N(LINE_H));
            }
            // The step number gets its own class so the theme can set it off.
            let prefix = number
                .map(|n| format!("{n}."))
                .filter(|p| i == 0 && line.starts_with(p.as_str()));
            match prefix {
                Some(p) => {
                    let _ = write!(
                        s,
                        r#"<tspan class="hb-num">{p}</tspan>{}"#,
                        escape(&line[p.len()..])
                    );
                }
                None => s.push_str(&escape(line)),
            }
            if i > 0 {
                s.push_str("</tspan>");
            }
        }
        s.push_str("</text></g></a>");
    }
    s.push_str("</g></svg>");
    s
}

/// Where a printout may continue on the next page: [`print::page_cuts`].
pub fn page_cuts(lay: &Layout) -> Vec<f64> {
    print::page_cuts(lay)
}

fn text_lines(s: &mut String, x: f64, y0: f64, lh: f64, lines: &[String]) {
    let _ = write!(s, r#"<text x="{}" y="{}">"#, N(x), N(y0));
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            s.push_str(&escape(line));
        } else {
            let _ = write!(
                s,
                r#"<tspan x="{}" dy="{}">{}</tspan>"#,
                N(x),
                N(lh),
                escape(line)
            );
        }
    }
    s.push_str("</text>");
}

/// The edge line (stopping at the arrowhead's base) and the arrowhead.
fn path(s: &mut String, pts: &[Point]) {
    if pts.len() < 2 {
        return;
    }
    let tip = pts[pts.len() - 1];
    let prev = pts[pts.len() - 2];
    let (dx, dy) = (tip.x - prev.x, tip.y - prev.y);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let l = ARROW_L.min(len);
    let base = Point {
        x: tip.x - ux * l,
        y: tip.y - uy * l,
    };
    let _ = write!(s, r#"<path d="M{} {}"#, N(pts[0].x), N(pts[0].y));
    let mut last = pts[0];
    for (i, &p0) in pts[1..].iter().enumerate() {
        let p = if i + 2 == pts.len() { base } else { p0 };
        if (p.x - last.x).abs() < 1e-6 {
            let _ = write!(s, "V{}", N(p.y));
        } else if (p.y - last.y).abs() < 1e-6 {
            let _ = write!(s, "H{}", N(p.x));
        } else {
            let _ = write!(s, "L{} {}", N(p.x), N(p.y));
        }
        last = p;
    }
    let (px, py) = (-uy * ARROW_HW, ux * ARROW_HW);
    let _ = write!(
        s,
        r#""/><path class="hb-arrow" d="M{} {}l{}{}"#,
        N(tip.x),
        N(tip.y),
        N(base.x + px - tip.x),
        Signed(base.y + py - tip.y),
    );
    // Close along the base: h for vertical arrows, v for horizontal ones.
    if py.abs() < 1e-6 {
        let _ = write!(s, "h{}z\"/>", N(-2.0 * px));
    } else if px.abs() < 1e-6 {
        let _ = write!(s, "v{}z\"/>", N(-2.0 * py));
    } else {
        let _ = write!(s, "l{}{}z\"/>", N(-2.0 * px), Signed(-2.0 * py));
    }
}
