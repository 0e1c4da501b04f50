//! Stage 1, load: read the source folder into memory.
//!
//! In: the handbook's source folder. Out: a [`SourceMap`] of decoded texts (UTF-8 checked,
//! BOM stripped, CRLF normalised) and a [`SourceSet`] saying which file is which kind.
//! Unreadable files become diagnostics, never panics; nothing after this stage touches the disk.

mod source_map;
mod walk;

pub use source_map::{FileId, SourceFile, SourceMap};
pub use walk::{is_editor_junk, load_sources, Kind, SourceSet};
