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
    let dest = match dest {
        Some(d) if d.is_absolute() => d.to_path_buf(),
        Some(d) => std::env::current_dir()
            .map(|c| c.join(d))
            .unwrap_or_else(|_| d.to_path_buf()),
        None => checked.project.build_dir(),
    };
    // Pages are written into a staging folder as they are rendered; only a complete site
    // replaces the previous one (a failure drops the staging folder).
    let staging = match output::Staging::begin(&dest, fail_after_from_env()) {
        Ok(staging) => staging,
        Err(e) => {
            error(e);
            return EXIT_SETUP;
        }
    };
    let timings = match render::render_to(book, &checked.project, &staging) {
        Ok(timings) => timings,
        Err(message) => {
            error(message);
            error("the site was not built; the previous one (if any) is unchanged");
            return EXIT_SETUP;
        }
    };
    let rendered_at = started.elapsed();
    if let Err(e) = staging.commit() {
        error(e);
        return EXIT_SETUP;
    }
    if !quiet {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        let pages = timings.pages_written;
        eprintln!(
            "built {pages} pages ({} files) in {:.0} ms: check {:.0} ms, pages {:.0} ms, search index {:.0} ms, finish {:.0} ms",
            timings.files,
            ms(started.elapsed()),
            ms(checked_at),
            ms(timings.pages),
            ms(timings.search),
            ms(started.elapsed() - rendered_at) + ms(rendered_at - checked_at - timings.pages - timings.search),
        );
        eprintln!("open {}", dest.join("index.html").display());
    }
    // The process ends here: handing the handbook's memory back piece by piece would only
    // cost time (hundreds of ms on a large book), so leave it to the operating system.
    std::mem::forget(checked);
    EXIT_OK
}

/// Test hook: `HANDBOOK_FAIL_AFTER=N` makes the write fail after N files, as a full disk
/// would, so tests can show that the previous site survives.
fn fail_after_from_env() -> Option<usize> {
    std::env::var("HANDBOOK_FAIL_AFTER").ok()?.parse().ok()
}
