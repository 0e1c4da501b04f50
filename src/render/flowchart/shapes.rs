//! Node shapes: how big each node is and how its text is wrapped inside.

use crate::render::flowchart::metrics::*;
use crate::render::flowchart::model::{Node, NodeKind};
use crate::render::flowchart::text::{text_width, wrap_clamped};

/// Size and text of a node before placement.
#[derive(Debug, Clone)]
pub struct Shape {
    pub w: f64,
    pub h: f64,
    pub lines: Vec<String>,
    pub truncated: bool,
    /// Estimated size of the text block.
    pub text_w: f64,
    pub text_h: f64,
}

/// Prefix shown before a jump's target, so the link reads as "leave this procedure".
pub const JUMP_MARK: &str = "↗ ";

/// The text a node shows: steps carry their number.
pub fn display_text(node: &Node) -> String {
    let label = node.label.trim();
    match (node.kind, node.number) {
        (NodeKind::Step | NodeKind::Decision, Some(n)) => format!("{n}. {label}"),
        (NodeKind::Jump, _) => format!("{JUMP_MARK}{label}"),
        _ => label.to_string(),
    }
}

pub fn measure(node: &Node) -> Shape {
    let text = display_text(node);
    let (max_w, max_lines) = match node.kind {
        NodeKind::Start | NodeKind::End => (BOX_W - 2.0 * BOX_PAD_X, 1),
        NodeKind::Step => (BOX_W - 2.0 * BOX_PAD_X, BOX_MAX_LINES),
        NodeKind::Jump => (BOX_W - 2.0 * BOX_PAD_X, JUMP_MAX_LINES),
        NodeKind::Decision => (DIAMOND_TEXT_W, DIAMOND_MAX_LINES),
    };
    let (mut lines, truncated) = wrap_clamped(&text, max_w, FONT, max_lines);
    if lines.is_empty() {
        lines.push(String::new());
    }
    let text_w = lines
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(0.0, f64::max);
    let text_h = lines.len() as f64 * LINE_H;
    let (w, h) = match node.kind {
        NodeKind::Start | NodeKind::End => ((text_w + 2.0 * 16.0).max(TERM_MIN_W), TERM_H),
        NodeKind::Step | NodeKind::Jump => (BOX_W, (text_h + 2.0 * BOX_PAD_Y).max(TERM_H + 4.0)),
        NodeKind::Decision => {
            // A w×h rectangle fits in a rhombus with half-axes a, b when
            // w/(2a) + h/(2b) <= 1. The width is fixed, so solve for b and pad.
            let a = DIAMOND_W / 2.0;
            let free = (1.0 - (text_w + 4.0) / (2.0 * a)).max(0.2);
            let b = (text_h + 2.0) / (2.0 * free) + 2.0;
            (DIAMOND_W, (2.0 * b).max(DIAMOND_MIN_H).ceil())
        }
    };
    Shape {
        w,
        h,
        lines,
        truncated,
        text_w,
        text_h,
    }
}
