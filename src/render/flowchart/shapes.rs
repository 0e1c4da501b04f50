//! Node shapes: how big each node is and how its text is wrapped inside.

use crate::render::flowchart::metrics::*;
use crate::render::flowchart::model::{Flow, Node, NodeKind};
use crate::render::flowchart::text::{text_width, Prepared};

/// Size and text of a node before placement.
#[derive(Debug, Clone)]
pub struct Shape {
    pub w: f64,
    pub h: f64,
    pub lines: Vec<String>,
    pub truncated: bool,
    /// A decision drawn as a hexagon rather than a diamond.
    pub hexagon: bool,
    /// Estimated size of the text block.
    pub text_w: f64,
    pub text_h: f64,
}

/// Prefix shown before a jump's target, so the link reads as "leave this procedure".
pub const JUMP_MARK: &str = "↗ ";

/// The text of every node of `flow` ([`display_text`]), split for wrapping once
/// for all the box widths a layout tries.
pub fn node_texts(flow: &Flow) -> Vec<Prepared<'static>> {
    flow.nodes
        .iter()
        .map(|n| Prepared::new(display_text(n), FONT))
        .collect()
}

/// The text a node shows: steps carry their number.
pub fn display_text(node: &Node) -> String {
    let label = node.label.trim();
    match (node.kind, node.number) {
        (NodeKind::Step | NodeKind::Decision, Some(n)) => format!("{n}. {label}"),
        (NodeKind::Jump, _) => format!("{JUMP_MARK}{label}"),
        _ => label.to_string(),
    }
}

/// Box sizes chosen for one flow: all step, jump and hexagon boxes share one width
/// and all diamonds one text width, so lanes look even. They grow from the minimums
/// in [`metrics`](crate::render::flowchart::metrics) until every text fits in a few
/// lines, but no wider than `max_w` (what the printed page allows for the flow's
/// columns, or less when a narrower layout prints larger).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizing {
    pub box_w: f64,
    pub diamond_text_w: f64,
    /// The cap the widths grew under; decisions too long for one line in a diamond
    /// this wide become hexagons.
    pub max_w: f64,
}

impl Default for Sizing {
    fn default() -> Self {
        Sizing {
            box_w: BOX_W,
            diamond_text_w: DIAMOND_TEXT_W,
            max_w: BOX_MAX_W,
        }
    }
}

/// Widest step box for `n_cols` columns: the drawing must still print with text at
/// 8 pt or more, on a portrait page up to four lanes and a landscape one beyond.
pub fn max_box_w(n_lanes: usize, n_cols: usize) -> f64 {
    let page = if n_lanes > 4 {
        PAGE_LONG / PRINT_MIN_SCALE
    } else {
        PORTRAIT_MAX_W
    };
    (page / n_cols.max(1) as f64 - COL_SLACK).clamp(BOX_W, BOX_MAX_W)
}

/// Diamond width for a text block `text_w` wide (the text fills 61 % of the width).
fn diamond_w(text_w: f64) -> f64 {
    ((text_w + 4.0) / DIAMOND_FILL).max(DIAMOND_W)
}

/// How far a hexagon `h` tall pokes out at its sides.
pub fn hex_indent(h: f64) -> f64 {
    HEX_INDENT.min(h / 2.0)
}

/// Text width inside a hexagon `w` wide: clear of the pointed sides everywhere.
fn hex_text_w(w: f64) -> f64 {
    w - 2.0 * HEX_INDENT - BOX_PAD_X
}

/// Whether decision text `text` is drawn in a hexagon under `max_w`: it does not
/// fit on one line of the widest diamond.
fn is_hexagon(text: &str, max_w: f64) -> bool {
    diamond_w(text_width(text, FONT)) > max_w.max(DIAMOND_W) + 1e-9
}

/// Sizes for `flow` (whose [`node_texts`] are `texts`) with boxes at most `max_w`
/// wide (and at least that wide only when `max_w` is below the usual minimum [`BOX_W`]).
pub fn sizing(flow: &Flow, texts: &[Prepared], max_w: f64) -> Sizing {
    let mut box_w = BOX_W.min(max_w);
    let mut diamond_text_w = DIAMOND_TEXT_W;
    for (node, text) in flow.nodes.iter().zip(texts) {
        match node.kind {
            NodeKind::Step | NodeKind::Jump => {
                while box_w + WIDEN <= max_w + 1e-9
                    && text.count(box_w - 2.0 * BOX_PAD_X) > BOX_GOOD_LINES
                {
                    box_w += WIDEN;
                }
            }
            NodeKind::Decision if is_hexagon(text.as_str(), max_w) => {
                while box_w + WIDEN <= max_w + 1e-9
                    && text.count(hex_text_w(box_w)) > DIAMOND_GOOD_LINES
                {
                    box_w += WIDEN;
                }
            }
            NodeKind::Decision => {
                diamond_text_w = diamond_text_w.max(text_width(text.as_str(), FONT).ceil() + 0.5);
            }
            NodeKind::Start | NodeKind::End => {}
        }
    }
    Sizing {
        box_w,
        diamond_text_w,
        max_w,
    }
}

/// The text width and line limit of `node`'s shape under `sizing`, and whether a
/// decision is drawn as a hexagon.
fn text_room(node: &Node, text: &Prepared, sizing: &Sizing) -> (f64, usize, bool) {
    let box_w = sizing.box_w;
    let hexagon = node.kind == NodeKind::Decision && is_hexagon(text.as_str(), sizing.max_w);
    let (max_w, max_lines) = match node.kind {
        NodeKind::Start | NodeKind::End => (BOX_W - 2.0 * BOX_PAD_X, 1),
        NodeKind::Step => (box_w - 2.0 * BOX_PAD_X, BOX_MAX_LINES),
        NodeKind::Jump => (box_w - 2.0 * BOX_PAD_X, JUMP_MAX_LINES),
        NodeKind::Decision if hexagon => (hex_text_w(box_w), DIAMOND_MAX_LINES),
        NodeKind::Decision => (sizing.diamond_text_w, DIAMOND_MAX_LINES),
    };
    (max_w, max_lines, hexagon)
}

/// The size of `node`'s shape with `n_lines` lines of text, the widest `text_w` wide.
fn size(node: &Node, sizing: &Sizing, hexagon: bool, n_lines: usize, text_w: f64) -> (f64, f64) {
    let box_w = sizing.box_w;
    let text_h = n_lines as f64 * LINE_H;
    match node.kind {
        NodeKind::Start | NodeKind::End => ((text_w + 2.0 * 16.0).max(TERM_MIN_W), TERM_H),
        NodeKind::Step | NodeKind::Jump => (box_w, (text_h + 2.0 * BOX_PAD_Y).max(TERM_H + 4.0)),
        NodeKind::Decision if hexagon => (box_w, (text_h + 2.0 * BOX_PAD_Y).max(TERM_H + 4.0)),
        NodeKind::Decision => {
            // A w×h rectangle fits in a rhombus with half-axes a, b when
            // w/(2a) + h/(2b) <= 1. The width is fixed, so solve for b and pad.
            let dw = diamond_w(sizing.diamond_text_w);
            let a = dw / 2.0;
            let free = (1.0 - (text_w + 4.0) / (2.0 * a)).max(0.2);
            let b = (text_h + 2.0) / (2.0 * free) + 2.0;
            (dw.ceil(), (2.0 * b).max(DIAMOND_MIN_H).ceil())
        }
    }
}

/// The shape of `node`, whose [`display_text`] is `text`, under `sizing`.
pub fn measure(node: &Node, text: &Prepared, sizing: &Sizing) -> Shape {
    let (max_w, max_lines, hexagon) = text_room(node, text, sizing);
    // Balanced lines: no step ends in a lone "请。" and diamonds stay shorter.
    let (mut lines, truncated) = if matches!(node.kind, NodeKind::Start | NodeKind::End) {
        text.clamped(max_w, max_lines)
    } else {
        text.balanced(max_w, max_lines)
    };
    if lines.is_empty() {
        lines.push(String::new());
    }
    let text_w = lines
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(0.0, f64::max);
    let text_h = lines.len() as f64 * LINE_H;
    let (w, h) = size(node, sizing, hexagon, lines.len(), text_w);
    Shape {
        w,
        h,
        lines,
        truncated,
        hexagon,
        text_w,
        text_h,
    }
}

/// What [`measure`] would say of `node`'s size, for a fraction of the work (one
/// count of lines, no balancing): the exact width and a height no greater than the
/// shape's (exact but for diamonds, whose balanced text width is estimated low).
pub fn estimate(node: &Node, text: &Prepared, sizing: &Sizing) -> (f64, f64) {
    if matches!(node.kind, NodeKind::Start | NodeKind::End) {
        let s = measure(node, text, sizing);
        return (s.w, s.h);
    }
    let (max_w, max_lines, hexagon) = text_room(node, text, sizing);
    // Balancing keeps the number of lines; cutting keeps `max_lines` of them.
    let n = text.count(max_w);
    let (n_lines, text_w) = if n > max_lines {
        (max_lines, 0.0)
    } else {
        // The widest of n lines holding all the text is at least its n-th part.
        (
            n.max(1),
            (text.ink_width() / n.max(1) as f64 - 1e-6).max(0.0),
        )
    };
    size(node, sizing, hexagon, n_lines, text_w)
}
