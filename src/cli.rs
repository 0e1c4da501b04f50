//! Command-line interface: the arguments as typed (clap), dispatched to `cmd`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::render::Format;

#[derive(Debug, Parser)]
#[command(
    name = "handbook",
    version,
    about = "Compile a structured staff handbook (roles, procedures, forms, scorecards) into a static site",
    long_about = "Compile a structured staff handbook into a static intranet site.\n\n\
        A handbook is a folder with book.toml and Markdown sources under handbook/: roles, \
        procedures, forms, scorecards, phrase lists, quizzes, a glossary and free chapters. \
        `handbook check` validates every cross-reference; `handbook build` writes the site.",
    after_help = "Examples:\n  handbook init my-school      # start a new handbook\n  handbook check               # validate the handbook in this folder\n  handbook build               # write the site to book/\n  handbook serve --open        # preview with live reload"
)]
pub struct Cli {
    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the handbook and write the site.
    #[command(
        after_help = "Examples:\n  handbook build\n  handbook build path/to/project -d /var/www/handbook\n\nThe previous site stays in place until the new one is completely written."
    )]
    Build {
        /// The project folder (with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write the site (default: [build] build-dir, normally book/).
        #[arg(short = 'd', long = "dest-dir")]
        dest: Option<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long, value_name = "warnings")]
        deny: Option<DenyWhat>,
        /// Print nothing but problems.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Validate every reference, step graph, form and scorecard; write nothing.
    #[command(
        after_help = "Examples:\n  handbook check\n  handbook check --format json | jq .code\n  handbook check --deny warnings     # for CI\n\nExit status: 0 clean (warnings allowed), 1 content errors, 2 configuration or I/O problems."
    )]
    Check {
        /// The project folder (with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors.
        #[arg(long, value_name = "warnings")]
        deny: Option<DenyWhat>,
    },
    /// Create a new handbook with one example of every kind.
    #[command(
        after_help = "Example:\n  handbook init my-school && cd my-school && handbook build"
    )]
    Init {
        /// The folder to create (must be empty or not exist).
        dir: PathBuf,
        /// The handbook's title.
        #[arg(long)]
        title: Option<String>,
    },
    /// Add a new role, procedure, form, scorecard, phrase list, quiz or chapter from a template.
    #[command(
        after_help = "Examples:\n  handbook new role head-teacher --title 班主任\n  handbook new procedure refund --title 学员退费"
    )]
    New {
        kind: NewKind,
        /// The id: lowercase ASCII, digits and `-` (becomes the file name).
        name: String,
        /// The Chinese title (defaults to the id).
        #[arg(long)]
        title: Option<String>,
        /// The project folder.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Copy the built-in templates and theme into the project for editing.
    #[command(
        after_help = "Example:\n  handbook eject && $EDITOR templates/procedure.html\n\nFiles you keep in templates/ and theme/ replace the built-in ones of the same name; delete a file to go back to the built-in one."
    )]
    Eject {
        /// The project folder (with book.toml); the nearest one above is used.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Serve the site locally, rebuilding and reloading the browser on every change.
    #[command(
        after_help = "Example:\n  handbook serve --open\n\nBinds 127.0.0.1 by default; nothing is written to disk."
    )]
    Serve {
        /// The project folder (with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on; if it is taken, the next free one of the ten after it.
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on: 127.0.0.1 keeps the site on this computer; 0.0.0.0
        /// shows it to the local network.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of using file-system events (network drives).
        #[arg(long)]
        poll: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyWhat {
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    Role,
    Procedure,
    Form,
    Scorecard,
    Phrases,
    Quiz,
    Chapter,
}

/// Runs the CLI and returns the exit code: 0 clean, 1 content errors, 2 usage/config/I/O.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::IsTerminal::is_terminal(&std::io::stderr())
        }
    };
    crate::cmd::run(cli.command, color)
}
