//! Geometry primitives and the public result of [`crate::render::flowchart::layout`].

use crate::render::flowchart::model::NodeKind;

/// A point in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
    /// True when the interiors intersect (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// True when `o` lies inside `self` (edges may touch), with `eps` tolerance.
    pub fn contains(&self, o: &Rect, eps: f64) -> bool {
        o.x >= self.x - eps
            && o.y >= self.y - eps
            && o.right() <= self.right() + eps
            && o.bottom() <= self.bottom() + eps
    }
    /// True when the axis-aligned segment `a`–`b` passes through the interior
    /// (running along an edge or ending on it does not count).
    pub fn hit_by_segment(&self, a: Point, b: Point) -> bool {
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        x0 < self.right() && x1 > self.x && y0 < self.bottom() && y1 > self.y
    }
}

/// Geometry of a whole flowchart.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Height of the lane header band at the top.
    pub header_h: f64,
    /// One per [`crate::Flow::lanes`] entry (or one unnamed lane if there are none).
    pub lanes: Vec<LaneBox>,
    /// One per [`crate::Flow::nodes`] entry, same order.
    pub nodes: Vec<NodeBox>,
    /// One per drawable edge (edges whose endpoints exist), in flow order.
    pub edges: Vec<EdgeBox>,
    /// Number of ranks (rows).
    pub ranks: usize,
}

/// A lane: a vertical band with its header on top.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneBox {
    /// The whole band, header included.
    pub band: Rect,
    pub header: Rect,
    pub title_lines: Vec<String>,
}

/// A placed node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    pub kind: NodeKind,
    /// Bounding box of the shape (for a diamond, of its four vertices).
    pub rect: Rect,
    pub lane: usize,
    pub rank: usize,
    pub column: usize,
    /// Wrapped text lines, step number prefixed.
    pub lines: Vec<String>,
    /// Whether the text was cut to fit (the SVG then carries the full text as a tooltip).
    pub truncated: bool,
    /// A decision drawn as a hexagon (long text) rather than a diamond: its side
    /// points stick out [`crate::render::flowchart::shapes::hex_indent`] from the
    /// flat top and bottom.
    pub hexagon: bool,
    /// The box the text occupies by the width estimate, centred in the shape.
    pub text_box: Rect,
}

/// A routed edge.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeBox {
    /// Index into [`crate::Flow::edges`].
    pub index: usize,
    pub from: usize,
    pub to: usize,
    /// Orthogonal polyline from the source port to the target port (arrow tip).
    pub points: Vec<Point>,
    /// True when the edge was drawn upwards (a loop back to an earlier rank).
    pub back: bool,
    pub label: Option<LabelBox>,
}

/// A placed edge label.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelBox {
    pub rect: Rect,
    pub lines: Vec<String>,
}
