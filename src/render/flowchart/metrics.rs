//! Sizes used by the layout, in SVG user units (CSS px at 100 %).
//!
//! They are tuned so that a flow of about fifteen ranks and up to eight lanes prints
//! on one A4 page (portrait or landscape, whichever fits at the larger scale) with
//! no text below 8 pt (see [`PRINT_MIN_SCALE`] and `theme/flow.css`). Taller flows
//! continue on further pages, wider ones print in strips of whole lanes
//! ([`crate::render::flowchart::print`]).

/// Node and lane-header text size.
pub const FONT: f64 = 14.0;
/// Edge-label text size. All text is 14 px, so the drawing may print at
/// [`PRINT_MIN_SCALE`] with every letter still at 8 pt.
pub const LABEL_FONT: f64 = 14.0;
/// Line pitch of node text.
pub const LINE_H: f64 = 18.0;
/// Line pitch of edge labels.
pub const LABEL_LINE_H: f64 = 17.0;

/// Narrowest width of step and jump boxes on screen; also the narrowest column.
pub const BOX_W: f64 = 132.0;
/// Widest step box: boxes widen (by [`WIDEN`], one character) until the longest text
/// of the flow fits in [`BOX_GOOD_LINES`] lines, as far as the page allows.
pub const BOX_MAX_W: f64 = 216.0;
/// Narrowest box the layout falls back to when a flow with many lanes would not
/// otherwise print on one page (see [`crate::render::flowchart::layout`]).
pub const BOX_MIN_W: f64 = 104.0;
pub const WIDEN: f64 = 14.0;
pub const BOX_GOOD_LINES: usize = 4;

/// Printing. 8 pt is 10.67 px at 96 px/in, so 14 px text may shrink to 0.762.
pub const PRINT_MIN_SCALE: f64 = 0.7625;
/// Room (px at 96 px/in) for a drawing printed inline on a plain portrait page
/// (18 cm × 26.4 cm between the margins of theme/print.css, less its caption).
pub const INLINE_W: f64 = 680.0;
pub const INLINE_H: f64 = 940.0;
/// Room for a drawing printed on a page of its own (A4 with the 12 mm margins of
/// theme/flow.css: 18.6 cm × 27.3 cm), less two one-line notes (the caption, or the
/// lines saying where a piece of a drawing cut for printing continues).
pub const PAGE_SHORT: f64 = 700.0;
pub const PAGE_LONG: f64 = 1030.0;
pub const PAGE_RESERVE: f64 = 44.0;
/// Widest drawing that prints on portrait A4 with text at 8 pt: beyond it a flow
/// with many lanes prints landscape.
pub const PORTRAIT_MAX_W: f64 = PAGE_SHORT / PRINT_MIN_SCALE;
/// A drawing too wide for landscape A4 at 8 pt prints in strips of whole lanes
/// (see [`crate::render::flowchart::print`]): room beside each cut between strips
/// for the markers (至 12, 自 11) of the edges that cross it. `theme/flow.js` has
/// the same number.
pub const STRIP_MARGIN: f64 = 48.0;
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
/// Decisions whose text takes more than one line in the widest diamond are drawn
/// as a hexagon as wide as a step box instead: its side points stick out by at
/// most this much, and it is only as tall as its text.
pub const HEX_INDENT: f64 = 12.0;

/// Start/end pills.
pub const TERM_H: f64 = 30.0;
pub const TERM_MIN_W: f64 = 72.0;

/// Minimum widths of the vertical gutters between columns, and the minimum
/// heights of the horizontal gutters between ranks.
pub const VGUTTER_MIN: f64 = 20.0;
pub const HGUTTER_MIN: f64 = 18.0;
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
