//! The subcommands. Each returns the process exit code.

mod build;
mod check;
mod eject;
mod init;
mod new;
pub mod serve;

use crate::cli::Command;
use crate::diag::render::{self, Format};
use crate::diag::Diagnostic;
use crate::load::SourceMap;

pub const EXIT_OK: i32 = 0;
pub const EXIT_CONTENT: i32 = 1;
pub const EXIT_SETUP: i32 = 2;

pub fn run(command: Command, color: bool) -> i32 {
    match command {
        Command::Build {
            dir,
            dest,
            deny,
            quiet,
        } => build::run(&dir, dest.as_deref(), deny.is_some(), quiet, color),
        Command::Check { dir, format, deny } => check::run(&dir, format, deny.is_some(), color),
        Command::Init { dir, title } => init::run(&dir, title.as_deref()),
        Command::New {
            kind,
            name,
            title,
            dir,
        } => new::run(&dir, kind, &name, title.as_deref()),
        Command::Eject { dir, force } => eject::run(&dir, force),
        Command::Serve {
            dir,
            port,
            host,
            open,
            poll,
        } => serve::run(&dir, &host, port, open, poll, color),
    }
}

/// Prints diagnostics in `format`: human ones to stderr (like a compiler), machine ones to
/// stdout (for piping).
pub fn print_diagnostics(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    format: Format,
    color: bool,
) {
    use std::io::Write;
    match format {
        Format::Human => {
            let mut err = std::io::stderr().lock();
            for d in diagnostics {
                let _ = writeln!(err, "{}\n", render::human(d, sources, color));
            }
            if let Some(summary) = render::summary(diagnostics) {
                let _ = writeln!(err, "{summary}");
            }
        }
        Format::Json => {
            let mut out = std::io::stdout().lock();
            for d in diagnostics {
                let _ = writeln!(out, "{}", render::json(d, sources));
            }
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for d in diagnostics {
                let _ = writeln!(out, "{}", render::github(d, sources));
            }
        }
    }
}

/// `error: …` for problems outside any source file.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("error: {message}");
}

/// The project a command that adds files works on: `dir` or the nearest folder above it
/// with a `book.toml` (so `handbook new` run inside `handbook/roles/` still writes to the
/// project's roles folder). `None` after saying why, when there is none.
pub fn find_project(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let start = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let found = start
        .ancestors()
        .find(|d| d.join(crate::config::CONFIG_FILE).is_file())
        .map(std::path::Path::to_path_buf);
    if found.is_none() {
        error(format!(
            "no book.toml in {} or any folder above it: run this inside a handbook project, pass its folder, or create one with `handbook init DIR`",
            dir.display()
        ));
    }
    found
}
