//! `handbook build`: check, render in memory, write atomically.

use std::path::Path;
use std::time::Instant;

use super::{error, print_diagnostics, EXIT_CONTENT, EXIT_OK, EXIT_SETUP};
use crate::diag::render::Format;
use crate::{output, pipeline, render};

pub fn run(dir: &Path, dest: Option<&Path>, deny_warnings: bool, quiet: bool, color: bool) -> i32 {
    let started = Instant::now();
    let checked = match pipeline::check(dir, deny_warnings) {
        Err(setup) => {
            print_diagnostics(&setup.diagnostics, &setup.sources, Format::Human, color);
            return EXIT_SETUP;
        }
        Ok(checked) => checked,
    };
    print_diagnostics(&checked.diagnostics, &checked.sources, Format::Human, color);
    let Some(book) = &checked.book else {
        error("the site was not built; the previous one (if any) is unchanged");
        return EXIT_CONTENT;
    };
    let checked_at = started.elapsed();
    let tree = match render::render(book, &checked.project) {
        Ok(tree) => tree,
        Err(message) => {
            error(message);
            return EXIT_SETUP;
        }
    };
    let rendered_at = started.elapsed();
    let dest = match dest {
        Some(d) if d.is_absolute() => d.to_path_buf(),
        Some(d) => std::env::current_dir()
            .map(|c| c.join(d))
            .unwrap_or_else(|_| d.to_path_buf()),
        None => checked.project.build_dir(),
    };
    if let Err(e) = output::write_atomically(&tree, &dest, fail_after_from_env()) {
        error(e);
        return EXIT_SETUP;
    }
    if !quiet {
        let pages = tree
            .files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .count();
        let total = started.elapsed();
        eprintln!(
            "built {pages} pages ({:.1} MB) in {:.0} ms (check {:.0} ms, render {:.0} ms, write {:.0} ms)",
            tree.total_bytes() as f64 / 1e6,
            total.as_secs_f64() * 1e3,
            checked_at.as_secs_f64() * 1e3,
            (rendered_at - checked_at).as_secs_f64() * 1e3,
            (total - rendered_at).as_secs_f64() * 1e3,
        );
        eprintln!("open {}", dest.join("index.html").display());
    }
    EXIT_OK
}

/// Test hook: `HANDBOOK_FAIL_AFTER=N` makes the write fail after N files, as a full disk
/// would, so tests can show that the previous site survives.
fn fail_after_from_env() -> Option<usize> {
    std::env::var("HANDBOOK_FAIL_AFTER").ok()?.parse().ok()
}
