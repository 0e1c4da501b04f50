//! How a drawing prints: inline on a plain portrait page when it fits there at full
//! size, otherwise on an A4 page of its own, portrait or landscape, whichever shows
//! it larger. Text never prints below 8 pt: a drawing too tall for its page at
//! [`PRINT_MIN_SCALE`] continues on further pages (`theme/flow.js` cuts it).

use crate::render::flowchart::metrics::*;

/// The page a drawing prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// In the flow of the portrait page, at natural size.
    Inline,
    /// A portrait page of its own.
    Portrait,
    /// A landscape page of its own.
    Landscape,
}

impl Orientation {
    /// The value of the svg's `data-orientation` (none for inline).
    pub fn attr(self) -> Option<&'static str> {
        match self {
            Orientation::Inline => None,
            Orientation::Portrait => Some("portrait"),
            Orientation::Landscape => Some("landscape"),
        }
    }
}

/// Where and how large a drawing of `width` × `height` px prints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintFit {
    pub orientation: Orientation,
    /// Printed size over natural size (1 = 14 px text prints at 10.5 pt).
    pub scale: f64,
    /// Number of pages the drawing takes (pieces cut by `theme/flow.js`).
    pub pages: usize,
}

/// Room for the drawing on a page of its own: (width, height) in px.
pub fn page_room(o: Orientation) -> (f64, f64) {
    match o {
        Orientation::Inline => (INLINE_W, INLINE_H),
        Orientation::Portrait => (PAGE_SHORT, PAGE_LONG - PAGE_RESERVE),
        Orientation::Landscape => (PAGE_LONG, PAGE_SHORT - PAGE_RESERVE),
    }
}

/// Scale on a page of room `(pw, ph)`: fit the page, but never below the 8 pt scale
/// just to fit the height (the drawing then continues on the next page). The page
/// width is a hard limit.
fn scale_on(width: f64, height: f64, (pw, ph): (f64, f64)) -> f64 {
    let w = width.max(1.0);
    let h = height.max(1.0);
    (ph / h).max(PRINT_MIN_SCALE).min(pw / w).min(1.0)
}

pub fn fit(width: f64, height: f64) -> PrintFit {
    if width <= INLINE_W && height <= INLINE_H {
        return PrintFit {
            orientation: Orientation::Inline,
            scale: 1.0,
            pages: 1,
        };
    }
    let on = |o: Orientation| {
        let room = page_room(o);
        let scale = scale_on(width, height, room);
        let pages = ((height * scale - 0.5) / room.1).ceil().max(1.0) as usize;
        PrintFit {
            orientation: o,
            scale,
            pages,
        }
    };
    let (p, l) = (on(Orientation::Portrait), on(Orientation::Landscape));
    if p.key() >= l.key() {
        p
    } else {
        l
    }
}

impl PrintFit {
    /// Whether all text prints at 8 pt or more.
    pub fn legible(&self) -> bool {
        self.scale >= PRINT_MIN_SCALE - 1e-9
    }

    /// Better prints compare greater: text at 8 pt or more first; then fewer pages
    /// and a larger scale, or for a drawing too wide for 8 pt, the larger scale.
    pub fn key(&self) -> (bool, f64, f64) {
        let fewer = -(self.pages as f64);
        if self.legible() {
            (true, fewer, self.scale)
        } else {
            (false, self.scale, fewer)
        }
    }
}
