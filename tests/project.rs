//! The project around the sources: book.toml mistakes and their hints, where the site goes,
//! which files count as pages, and the commands that add files (`new`, `eject`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_handbook"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A `handbook init` project in a temporary folder.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hb");
    assert!(bin().arg("init").arg(&root).status().unwrap().success());
    (dir, root)
}

fn run(root: &Path, args: &[&str]) -> Output {
    bin().args(args).arg(root).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn book_toml_syntax_errors_get_a_hint_that_fits_them() {
    let (_dir, root) = project();
    for (toml, hint) in [
        ("[book\ntitle = \"x\"\n", "close the table header"),
        (
            "[book]\ntitle = \"x\"\ntitle = \"y\"\n",
            "may appear only once",
        ),
        ("[book]\ntitle = 班主任\n", "straight double quotes"),
        ("[book]\ntitle = \"x\n", "close the string"),
        ("[book]\ntitle \"x\"\n", "then the value"),
        ("[book]\nversion = 1.2.3\n", "version = \"1.2.3\""),
        ("[book]\ntitle = 5\n", "straight double quotes"),
    ] {
        std::fs::write(root.join("book.toml"), toml).unwrap();
        let out = run(&root, &["check"]);
        assert_eq!(out.status.code(), Some(2), "{toml}");
        let text = stdout(&out) + &stderr(&out);
        assert!(text.contains("book.toml:"), "{toml}: located\n{text}");
        assert!(text.contains(hint), "{toml}: hint `{hint}`\n{text}");
    }
}

#[test]
fn a_misspelt_key_or_check_code_in_book_toml_gets_a_suggestion_and_a_place() {
    let (_dir, root) = project();
    std::fs::write(root.join("book.toml"), "[book]\ntitel = \"手册\"\n").unwrap();
    let out = run(&root, &["check"]);
    let text = stdout(&out) + &stderr(&out);
    assert!(text.contains("book.toml:2:1"), "{text}");
    assert!(text.contains("`title`"), "did you mean title: {text}");

    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"手册\"\n\n[check]\nunused-rol = \"allow\"\n",
    )
    .unwrap();
    let out = run(&root, &["check"]);
    let text = stdout(&out) + &stderr(&out);
    assert!(text.contains("book.toml:5:1"), "{text}");
    assert!(
        text.contains("unused-role"),
        "did you mean unused-role: {text}"
    );
}

#[test]
fn site_url_without_slashes_still_makes_working_links() {
    let (_dir, root) = project();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"手册\"\n\n[output.html]\nsite-url = \"handbook\"\n",
    )
    .unwrap();
    assert!(run(&root, &["build"]).status.success());
    let page = std::fs::read_to_string(root.join("book/404.html")).unwrap();
    assert!(page.contains("href=\"/handbook/index.html\""), "{page}");
    assert!(!page.contains("/handbookindex") && !page.contains("/handbooktheme"));
}

#[test]
fn a_build_folder_inside_the_sources_is_refused() {
    let (_dir, root) = project();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"手册\"\n\n[build]\nbuild-dir = \"handbook/site\"\n",
    )
    .unwrap();
    let out = run(&root, &["build"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out) + &stderr(&out);
    assert!(text.contains("overlap"), "{text}");
    assert!(
        !root.join("handbook/site").exists(),
        "nothing built into the sources"
    );
}

#[test]
fn upper_case_md_and_linked_pages_are_pages() {
    let (dir, root) = project();
    std::fs::write(
        root.join("handbook/roles/cashier.MD"),
        "+++\ntitle = \"收银员\"\n+++\n收款。\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::fs::write(
            dir.path().join("shared.md"),
            "+++\ntitle = \"保安\"\n+++\n巡逻。\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("shared.md"),
            root.join("handbook/roles/guard.md"),
        )
        .unwrap();
    }
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", stdout(&out) + &stderr(&out));
    assert!(root.join("book/roles/cashier.html").exists());
    assert!(
        !root.join("book/roles/cashier.MD").exists(),
        "not copied as a file"
    );
    #[cfg(unix)]
    {
        assert!(root.join("book/roles/guard.html").exists());
        std::os::unix::fs::symlink(
            dir.path().join("gone.md"),
            root.join("handbook/roles/gone.md"),
        )
        .unwrap();
        let out = run(&root, &["check"]);
        let text = stdout(&out) + &stderr(&out);
        assert!(text.contains("symbolic link"), "{text}");
        assert_ne!(out.status.code(), Some(0));
    }
}

#[test]
fn new_finds_the_project_from_a_subfolder_and_escapes_the_title() {
    let (dir, root) = project();
    let out = bin()
        .current_dir(root.join("handbook/roles"))
        .args([
            "new",
            "procedure",
            "lost-key",
            "--title",
            "钥匙\"丢失\"\\处理",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let path = root.join("handbook/procedures/lost-key.md");
    assert!(path.exists(), "written to the project's procedures folder");
    assert!(!root.join("handbook/roles/handbook").exists());
    // The new procedure checks clean: its title is valid TOML, its steps name a real role.
    let out = run(&root, &["check", "--format", "json"]);
    let problems: Vec<String> = stdout(&out)
        .lines()
        .filter(|l| l.contains("lost-key"))
        .map(str::to_string)
        .collect();
    assert!(
        problems.iter().all(|p| p.contains("\"warning\"")),
        "{problems:?}"
    );
    assert!(run(&root, &["build"]).status.success());
    let page = std::fs::read_to_string(root.join("book/procedures/lost-key.html")).unwrap();
    assert!(page.contains("钥匙&quot;丢失&quot;\\处理") || page.contains("钥匙\"丢失\"\\处理"));

    // Outside any project, `new` and `eject` write nothing and say why.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for args in [&["new", "role", "x", "--dir"][..], &["eject"]] {
        let out = bin().args(args).arg(&empty).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("no book.toml"), "{}", stderr(&out));
        assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
    }
}

#[test]
fn init_accepts_a_fresh_repository_but_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    assert!(bin().arg("init").arg(&repo).status().unwrap().success());
    assert!(repo.join("book.toml").exists());
    // A second init would overwrite: refused, and a file is not a folder.
    let out = bin().arg("init").arg(&repo).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already has files"),
        "{}",
        stderr(&out)
    );
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "x").unwrap();
    let out = bin().arg("init").arg(&file).output().unwrap();
    assert!(stderr(&out).contains("is a file"), "{}", stderr(&out));
}
