//! Sizes used by the layout, in SVG user units (CSS px at 100 %).
//!
//! They are tuned so eight lanes fit the width of landscape A4 and about fifteen
//! ranks of two-line steps fit the height of portrait A4 without text printing
//! below 8 pt (see `theme/flow.css`).

/// Node and lane-header text size.
pub const FONT: f64 = 14.0;
/// Edge-label text size (the smallest text in the drawing).
pub const LABEL_FONT: f64 = 13.0;
/// Line pitch of node text.
pub const LINE_H: f64 = 18.0;
/// Line pitch of edge labels.
pub const LABEL_LINE_H: f64 = 16.0;

/// Narrowest width of step and jump boxes; also the narrowest column.
pub const BOX_W: f64 = 132.0;
/// Widest step box: boxes widen (by [`WIDEN`], one character) until the longest text
/// of the flow fits in [`BOX_GOOD_LINES`] lines, as far as the page allows.
pub const BOX_MAX_W: f64 = 216.0;
pub const WIDEN: f64 = 14.0;
pub const BOX_GOOD_LINES: usize = 4;
/// Natural width (px) of the widest drawing that prints at 8 pt on portrait A4
/// (18 cm between the margins of theme/print.css, scale 0.821) and landscape A4
/// (27.3 cm between the 1.2 cm margins of theme/flow.css).
pub const PORTRAIT_MAX_W: f64 = 828.0;
pub const LANDSCAPE_MAX_W: f64 = 1256.0;
/// Room per column for its gutter when sharing the page width out among columns.
pub const COL_SLACK: f64 = 26.0;
/// Inner padding of boxes. It doubles as slack for fonts wider than the estimate.
pub const BOX_PAD_X: f64 = 8.0;
pub const BOX_PAD_Y: f64 = 6.0;
/// Step text beyond this many lines is cut with `…` (the full text is in the
/// step list and in the node's `<title>` tooltip).
pub const BOX_MAX_LINES: usize = 10;
pub const JUMP_MAX_LINES: usize = 4;

/// Decisions: the narrowest diamond and its text width. Diamonds widen with their
/// text (which fills [`DIAMOND_FILL`] of the width) until it fits in
/// [`DIAMOND_GOOD_LINES`] lines, no wider than a step box may be.
pub const DIAMOND_W: f64 = 144.0;
pub const DIAMOND_TEXT_W: f64 = 84.0;
pub const DIAMOND_FILL: f64 = 0.61;
pub const DIAMOND_GOOD_LINES: usize = 3;
pub const DIAMOND_MAX_LINES: usize = 12;
pub const DIAMOND_MIN_H: f64 = 52.0;

/// Start/end pills.
pub const TERM_H: f64 = 30.0;
pub const TERM_MIN_W: f64 = 72.0;

/// Minimum widths of the vertical gutters between columns, and the minimum
/// heights of the horizontal gutters between ranks.
pub const VGUTTER_MIN: f64 = 22.0;
pub const HGUTTER_MIN: f64 = 22.0;
/// Gutters above the first and below the last rank when nothing runs there.
pub const HGUTTER_EDGE_MIN: f64 = 12.0;
/// Distance between parallel edge tracks in a gutter.
pub const TRACK: f64 = 8.0;

/// Edge labels wrap at this width (lines are then balanced).
pub const LABEL_WRAP: f64 = 10.0 * LABEL_FONT;
/// Horizontal distance between an edge and its label.
pub const LABEL_GAP: f64 = 3.0;
/// Padding around label text inside its (invisible) box.
pub const LABEL_PAD: f64 = 2.0;
/// Space between label rows and around label zones.
pub const LABEL_ROW_GAP: f64 = 3.0;

/// Lane headers.
pub const HEAD_PAD_Y: f64 = 8.0;
pub const HEAD_MAX_LINES: usize = 2;

/// Arrowhead length and half width.
pub const ARROW_L: f64 = 8.0;
pub const ARROW_HW: f64 = 4.0;
