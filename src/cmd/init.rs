//! `handbook init`: a new, working handbook with one example of every kind.

use std::path::Path;

use super::{error, EXIT_OK, EXIT_SETUP};

/// The example project, compiled in. `{{title}}` is replaced by the chosen title.
const SKELETON: &[(&str, &str)] = &[
    ("book.toml", include_str!("skeleton/book.toml")),
    ("handbook/index.md", include_str!("skeleton/index.md")),
    ("handbook/SUMMARY.md", include_str!("skeleton/SUMMARY.md")),
    (
        "handbook/chapters/principles.md",
        include_str!("skeleton/chapters/principles.md"),
    ),
    (
        "handbook/roles/head-teacher.md",
        include_str!("skeleton/roles/head-teacher.md"),
    ),
    (
        "handbook/roles/principal.md",
        include_str!("skeleton/roles/principal.md"),
    ),
    (
        "handbook/roles/student.md",
        include_str!("skeleton/roles/student.md"),
    ),
    (
        "handbook/procedures/refund.md",
        include_str!("skeleton/procedures/refund.md"),
    ),
    (
        "handbook/forms/refund-request.md",
        include_str!("skeleton/forms/refund-request.md"),
    ),
    (
        "handbook/scorecards/head-teacher.md",
        include_str!("skeleton/scorecards/head-teacher.md"),
    ),
    (
        "handbook/phrases/complaint-language.md",
        include_str!("skeleton/phrases/complaint-language.md"),
    ),
    (
        "handbook/quizzes/refund.md",
        include_str!("skeleton/quizzes/refund.md"),
    ),
    ("handbook/glossary.md", include_str!("skeleton/glossary.md")),
    (".gitignore", "/book/\n"),
];

pub fn run(dir: &Path, title: Option<&str>) -> i32 {
    if dir.is_file() {
        error(format!(
            "`{}` is a file; choose a new or empty folder",
            dir.display()
        ));
        return EXIT_SETUP;
    }
    // A fresh repository (`.git`, editor settings) counts as empty; anything init would
    // write, or any visible file, does not.
    let ours = |name: &str| {
        SKELETON
            .iter()
            .any(|(path, _)| path.split('/').next() == Some(name))
    };
    let occupied = std::fs::read_dir(dir).map(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.starts_with('.') || ours(&name)
        })
    });
    if dir.exists() && occupied.unwrap_or(true) {
        error(format!(
            "`{}` already has files in it; choose a new or empty folder (a `.git` folder alone is fine)",
            dir.display()
        ));
        return EXIT_SETUP;
    }
    let title = title.unwrap_or("员工手册");
    for (path, text) in SKELETON {
        let target = dir.join(path);
        let text = text.replace("{{title}}", &title.replace('"', "\\\""));
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, text));
        if let Err(e) = written {
            error(format!("cannot write `{}`: {e}", target.display()));
            return EXIT_SETUP;
        }
    }
    eprintln!("created a new handbook in {}", dir.display());
    eprintln!(
        "next: cd {} && handbook build   (then open book/index.html)",
        dir.display()
    );
    EXIT_OK
}
