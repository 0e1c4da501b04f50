//! `handbook check`: the pipeline up to resolve, writing nothing.

use std::path::Path;

use super::{print_diagnostics, EXIT_CONTENT, EXIT_OK, EXIT_SETUP};
use crate::diag::render::Format;
use crate::pipeline;

pub fn run(dir: &Path, format: Format, deny_warnings: bool, color: bool) -> i32 {
    match pipeline::check(dir, deny_warnings) {
        Err(setup) => {
            print_diagnostics(&setup.diagnostics, &setup.sources, format, color);
            EXIT_SETUP
        }
        Ok(checked) => {
            print_diagnostics(&checked.diagnostics, &checked.sources, format, color);
            if checked.has_errors() {
                EXIT_CONTENT
            } else {
                if format == Format::Human && checked.diagnostics.is_empty() {
                    eprintln!("{}: no problems found", checked.project.config.book.title);
                }
                EXIT_OK
            }
        }
    }
}
