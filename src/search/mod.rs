//! Search: a static, Chinese-first full-text index written at build time, and the reference
//! query engine (the same algorithm as `theme/search.js`).
//!
//! [`build_index`] turns the site's pages ([`SearchDoc`]) into script files
//! under `search/` that `theme/search.js` loads on demand with `<script>`
//! tags (so search works from `file://` too). Text is folded one char to one
//! char (Traditional → Simplified, full-width → half-width, lower case), CJK
//! text is indexed as overlapping bigrams with positions, Latin and digits as
//! words with their fragments, and the chars at the edges of CJK runs per page
//! ([`token`]), so any 2–6 chars copied from a page (punctuation, numbers cut in
//! the middle and all) find every page containing them, in either script.
//! Titles, keywords and role names also match by pinyin. [`LoadedIndex`] runs
//! the same query algorithm as the browser.
//!
//! The file formats are in [`mod@format`]; the page contract is at the top of
//! `theme/search.js`.

pub mod codec;
pub mod files;
pub mod format;
pub mod model;
pub mod phonetic;
pub mod postings;
pub mod query;
pub mod token;
pub mod writer;

pub use crate::fold;
pub use model::{DocKind, SearchDoc, Section};
pub use query::{DocMatch, Hit, LoadedIndex};
pub use writer::{build_index, build_index_with, write_index, BuildOptions};
