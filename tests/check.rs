//! `handbook check` and `handbook build` as a user runs them, over small fixture handbooks.
//!
//! Each fixture is the project `handbook init` makes, with one file replaced or added. A case
//! names the diagnostic code it must produce and where: the file, and the text the caret must
//! start at (its line and character column are computed from the fixture, so the expected
//! place is written once, readably, next to the mistake).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_handbook"));
    c.env("NO_COLOR", "1");
    c
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Fixture {
    /// The `handbook init` project with `files` (path under the project → content) written over it.
    fn new(files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hb");
        let out = bin().arg("init").arg(&root).output().unwrap();
        assert!(
            out.status.success(),
            "init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (path, content) in files {
            write(&root.join(path), content.as_bytes());
        }
        Fixture { _dir: dir, root }
    }

    fn run(&self, args: &[&str]) -> Output {
        bin().args(args).arg(&self.root).output().unwrap()
    }

    fn check_json(&self) -> (i32, Vec<Value>) {
        let out = self.run(&["check", "--format", "json"]);
        let diagnostics = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect();
        (out.status.code().unwrap(), diagnostics)
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Line and character column (both from 1) of the first `marker` in `text`.
fn position(text: &str, marker: &str) -> (u64, u64) {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("marker `{marker}` not in fixture"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u64, column as u64)
}

/// Asserts that checking a fixture with `file` = `content` reports `code` at `marker`.
fn expect(code: &str, file: &str, content: &str, marker: &str) {
    expect_with(code, &[(file, content)], file, marker);
}

fn expect_with(code: &str, files: &[(&str, &str)], file: &str, marker: &str) {
    let fixture = Fixture::new(files);
    let (status, diagnostics) = fixture.check_json();
    let content = files
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, c)| *c)
        .unwrap();
    let (line, column) = position(content, marker);
    let want_file = file.to_string();
    let found = diagnostics.iter().find(|d| d["code"] == code);
    let Some(d) = found else {
        panic!("no `{code}` diagnostic; got: {diagnostics:#?}");
    };
    assert_eq!(d["file"], Value::String(want_file), "{d:#?}");
    assert_eq!(
        (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
        (line, column),
        "`{code}` at the wrong place: {d:#?}"
    );
    assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
    if d["severity"] == "error" {
        assert_eq!(status, 1, "content errors exit with 1");
    }
}

const PROC: &str = "handbook/procedures/refund.md";

fn procedure(steps: &str) -> String {
    format!("+++\ntitle = \"学员退费\"\nowner = \"班主任\"\n+++\n说明。\n\n## 步骤\n\n{steps}")
}

#[test]
fn unknown_role_in_a_step() {
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主仼 处理。 {#form form=\"refund-request\"}\n3. @校长 批准。 {#approve}\n");
    expect("unknown-role", PROC, &p, "班主仼");
}

#[test]
fn unknown_role_in_front_matter() {
    expect(
        "unknown-role",
        "handbook/roles/head-teacher.md",
        "+++\ntitle = \"班主任\"\nsupervised-by = \"总校长\"\n+++\n正文\n",
        "总校长",
    );
}

#[test]
fn unknown_step_in_a_branch() {
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主任 判断。 {#consult}\n   - 继续学习 → 结束\n   - 仍要退费 → #from\n3. @班主任 填表。 {#form form=\"refund-request\"}\n4. @校长 批准。 {#approve}\n");
    expect("unknown-step", PROC, &p, "from");
}

#[test]
fn unknown_step_in_a_quiz() {
    expect("unknown-step", "handbook/quizzes/refund.md", "+++\ntitle = \"测验\"\n\n[[question]]\nq = \"谁批准?\"\noptions = [\"班主任\", \"校长\"]\nanswer = \"B\"\nstep = \"学员退费#aprove\"\n+++\n", "aprove");
}

#[test]
fn unknown_procedure_as_branch_target() {
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主任 判断。 {#consult}\n   - 继续学习 → [[挽单流程]]\n   - 仍要退费 → #form\n3. @班主任 填表。 {#form form=\"refund-request\"}\n4. @校长 批准。 {#approve}\n");
    expect("unknown-procedure", PROC, &p, "挽单流程");
}

#[test]
fn unknown_form_on_a_step() {
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主任 填表。 {#form form=\"refund-requets\"}\n3. @校长 批准。 {#approve}\n");
    expect("unknown-form", PROC, &p, "refund-requets");
}

#[test]
fn unknown_term_as_system() {
    let p = procedure("1. @学员 申请。 {#apply system=\"4D系统\"}\n2. @班主任 填表。 {#form form=\"refund-request\"}\n3. @校长 批准。 {#approve}\n");
    expect("unknown-term", PROC, &p, "4D系统");
}

#[test]
fn misspelt_wiki_links_take_the_kind_of_their_likeliest_target() {
    let page = "# 说明\n\n见[[班主任考核]]与[[处理投诉时的语言禁忌表]]。\n";
    expect(
        "unknown-scorecard",
        "handbook/chapters/principles.md",
        page,
        "[[班主任考核]]",
    );
    expect(
        "unknown-phrase-list",
        "handbook/chapters/principles.md",
        page,
        "[[处理投诉时的语言禁忌表]]",
    );
}

#[test]
fn unknown_reference_with_nothing_close() {
    expect(
        "unknown-reference",
        "handbook/chapters/principles.md",
        "# 说明\n\n参见[[完全没有这一页]]。\n",
        "[[完全没有这一页]]",
    );
}

#[test]
fn traditional_and_full_width_references_resolve() {
    let fixture = Fixture::new(&[(
        "handbook/chapters/principles.md",
        "# 服务理念\n\n见［［學員退費＃approve］］与[[班主任]]。\n",
    )]);
    let (status, diagnostics) = fixture.check_json();
    assert_eq!((status, diagnostics.len()), (0, 0), "{diagnostics:#?}");
}

#[test]
fn wrong_kind_in_front_matter() {
    expect(
        "wrong-kind",
        "handbook/procedures/refund.md",
        &procedure("1. @学员 申请。\n").replace("owner = \"班主任\"", "owner = \"退费申请单\""),
        "退费申请单\"",
    );
}

#[test]
fn broken_markdown_link_and_anchor() {
    let page =
        "# 说明\n\n[岗位](../roles/nobody.md) 与 [职责](../roles/head-teacher.md#没有这一节)\n";
    expect(
        "broken-link",
        "handbook/chapters/principles.md",
        page,
        "[岗位]",
    );
    expect(
        "unknown-anchor",
        "handbook/chapters/principles.md",
        page,
        "[职责]",
    );
}

#[test]
fn duplicate_step_id_and_duplicate_name() {
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主任 填表。 {#apply form=\"refund-request\"}\n3. @校长 批准。\n");
    expect("duplicate-id", PROC, &p, "apply form");
    expect(
        "duplicate-name",
        "handbook/roles/principal.md",
        "+++\ntitle = \"校长\"\naliases = [\"客服班主任\"]\n+++\n正文\n",
        "客服班主任\"]",
    );
}

#[test]
fn graph_problems() {
    let unreachable = procedure("1. @学员 申请。 {#apply}\n   - → #form\n2. @班主任 劝说。 {#consult}\n3. @班主任 填表。 {#form form=\"refund-request\"}\n4. @校长 批准。 {#approve}\n");
    expect("unreachable-step", PROC, &unreachable, "@班主任 劝说");
    let single = procedure("1. @学员 申请。 {#apply}\n2. @班主任 判断。\n   - 仍要退费 → #form\n3. @班主任 填表。 {#form form=\"refund-request\"}\n4. @校长 批准。\n");
    expect("single-branch-decision", PROC, &single, "仍要退费");
    let cycle = procedure("1. @学员 申请。 {#apply}\n2. @班主任 劝说。 {#consult}\n   - 同意 → #form\n   - 不同意 → #apply\n3. @班主任 填表。 {#form form=\"refund-request\"}\n4. @校长 批准。\n");
    expect("unmarked-cycle", PROC, &cycle, "apply\n3.");
    let stuck = procedure("1. @学员 申请。 {#apply}\n2. @班主任 劝说。 {#consult}\n   - 同意 → ↺ #apply\n   - 不同意 → ↺ #consult\n3. @班主任 填表。 {#form form=\"refund-request\"}\n4. @校长 批准。\n");
    expect("no-path-to-end", PROC, &stuck, "@学员 申请");
}

#[test]
fn marked_loops_are_fine() {
    let ok = procedure("1. @学员 申请。 {#apply}\n2. @班主任 劝说。 {#consult}\n   - 仍不满意 → ↺ #consult\n   - 同意退费 → #form\n3. @班主任 填表。 {#form form=\"refund-request\"}\n4. @校长 批准。 {#approve}\n");
    let fixture = Fixture::new(&[(PROC, &ok)]);
    let (status, diagnostics) = fixture.check_json();
    assert_eq!((status, diagnostics.len()), (0, 0), "{diagnostics:#?}");
}

#[test]
fn step_syntax_problems() {
    expect(
        "step-without-role",
        PROC,
        &procedure("1. 学员提出申请。\n"),
        "学员提出",
    );
    expect(
        "invalid-step-attribute",
        PROC,
        &procedure("1. @学员 申请。 {#apply dedline=\"当天\"}\n"),
        "dedline",
    );
    expect(
        "no-steps",
        PROC,
        "+++\ntitle = \"学员退费\"\n+++\n没有步骤。\n",
        "学员退费\"",
    );
    let detached = procedure(
        &((1..=10)
            .map(|i| format!("{i}. @班主任 第{i}步。\n"))
            .collect::<String>()
            + "   - 说明 → 结束\n"),
    );
    expect(
        "detached-list",
        PROC,
        &detached
            .replace("1. @班主任", "1. @学员")
            .replace(
                "2. @班主任 第2步。",
                "2. @班主任 第2步。 {#x form=\"refund-request\"}",
            )
            .replace("3. @班主任", "3. @校长"),
        "   - 说明",
    );
}

#[test]
fn front_matter_problems() {
    let role = "handbook/roles/head-teacher.md";
    expect(
        "unknown-key",
        role,
        "+++\ntitle = \"班主任\"\nsuperviser = \"校长\"\n+++\n",
        "superviser",
    );
    expect(
        "missing-key",
        role,
        "+++\naliases = [\"客服班主任\"]\n+++\n",
        "aliases",
    );
    expect(
        "invalid-value",
        role,
        "+++\ntitle = \"班主任\"\nexternal = \"是\"\n+++\n",
        "\"是\"",
    );
    expect("toml-syntax", role, "+++\ntitle = 班主任\n+++\n", "班主任");
    expect(
        "unclosed-front-matter",
        role,
        "+++\ntitle = \"班主任\"\n正文\n",
        "+++",
    );
    expect(
        "missing-front-matter",
        role,
        "班主任的职责。\n",
        "班主任的职责",
    );
    expect("empty-file", "handbook/roles/empty.md", "", "");
    expect_with(
        "invalid-id",
        &[(
            "handbook/roles/班主任二.md",
            "+++\ntitle = \"副班主任\"\n+++\n",
        )],
        "handbook/roles/班主任二.md",
        "+++",
    );
}

#[test]
fn unknown_keys_are_named_with_the_allowed_ones() {
    let fixture = Fixture::new(&[(
        "handbook/roles/head-teacher.md",
        "+++\ntitle = \"班主任\"\nsuperviser = \"校长\"\n+++\n",
    )]);
    let (_, d) = fixture.check_json();
    let unknown = d
        .iter()
        .find(|d| d["code"] == "unknown-key")
        .expect("unknown-key");
    let message = unknown["message"].as_str().unwrap();
    assert!(
        message.contains("superviser") && message.contains("supervised-by"),
        "{message}"
    );

    let fixture = Fixture::new(&[(
        "book.toml",
        "[book]\ntitle = \"手册\"\n\n[build]\nbuild-folder = \"out\"\n",
    )]);
    let out = fixture.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "config problems exit with 2");
    let d: Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(d["code"], "unknown-key");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("book.toml"), Some(5), Some(1))
    );
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("build-folder") && message.contains("build-dir"),
        "{message}"
    );
}

#[test]
fn encoding_size_and_nesting() {
    // 班主任 in GBK: a file saved by an old Windows editor.
    let fixture = Fixture::new(&[]);
    write(
        &fixture.root.join("handbook/roles/gbk.md"),
        b"+++\ntitle = \"\xb0\xe0\xd6\xf7\xc8\xce\"\n+++\n",
    );
    let (_, d) = fixture.check_json();
    let bad = d
        .iter()
        .find(|d| d["code"] == "invalid-utf8")
        .expect("invalid-utf8");
    assert_eq!(
        (bad["line"].as_u64(), bad["column"].as_u64()),
        (Some(2), Some(10))
    );
    assert!(bad["help"].as_str().unwrap().contains("GBK"));

    let big = format!("# 大文件\n\n{}", "很长的一行。\n".repeat(100));
    let fixture = Fixture::new(&[
        (
            "book.toml",
            "[book]\ntitle = \"手册\"\n\n[build]\nmax-file-size = 1000\n",
        ),
        ("handbook/chapters/big.md", &big),
    ]);
    let (_, d) = fixture.check_json();
    assert!(
        d.iter()
            .any(|d| d["code"] == "file-too-large" && d["file"] == "handbook/chapters/big.md"),
        "{d:#?}"
    );

    // The 25th nested list starts on line 3 + 24, at column 2 × 24 + 1.
    let deep: String = (0..60)
        .map(|i| format!("{}- 层\n", "  ".repeat(i)))
        .collect();
    let fixture = Fixture::new(&[("handbook/chapters/deep.md", &format!("# 深\n\n{deep}"))]);
    let (_, d) = fixture.check_json();
    let deep = d
        .iter()
        .find(|d| d["code"] == "nesting-too-deep")
        .expect("nesting-too-deep");
    assert_eq!(
        (deep["line"].as_u64(), deep["column"].as_u64()),
        (Some(27), Some(49))
    );
}

#[test]
fn crlf_and_bom_are_accepted() {
    let role = "\u{feff}+++\r\ntitle = \"班主任\"\r\naliases = [\"客服班主任\"]\r\nsupervised-by = \"校长\"\r\n+++\r\n正文\r\n";
    let fixture = Fixture::new(&[("handbook/roles/head-teacher.md", role)]);
    let (status, d) = fixture.check_json();
    assert_eq!((status, d.len()), (0, 0), "{d:#?}");
}

#[test]
fn forms_quizzes_phrases_and_summary() {
    let form = "+++\ntitle = \"退费申请单\"\n\n[[field]]\nid = \"paid\"\nlabel = \"已缴\"\ntype = \"money\"\n\n[[field]]\nid = \"refund\"\nlabel = \"应退\"\ntype = \"money\"\ncompute = \"max(0, paid - usd)\"\n+++\n";
    expect(
        "invalid-expression",
        "handbook/forms/refund-request.md",
        form,
        "usd)",
    );
    let bad_id = form.replace("id = \"paid\"", "id = \"paid-amount\"");
    expect(
        "invalid-id",
        "handbook/forms/refund-request.md",
        &bad_id,
        "paid-amount",
    );
    expect("invalid-answer", "handbook/quizzes/refund.md", "+++\ntitle = \"测验\"\n\n[[question]]\nq = \"谁?\"\noptions = [\"甲\", \"乙\"]\nanswer = \"C\"\n+++\n", "C\"");
    expect("phrase-example", "handbook/phrases/complaint-language.md", "+++\ntitle = \"禁忌\"\nkind = \"forbidden\"\n\n[[phrase]]\ntext = \"认倒霉吧!\"\nmust-match = [\"自认倒楣\"]\n+++\n", "自认倒楣");
    expect(
        "summary-entry",
        "handbook/SUMMARY.md",
        "- [理念](chapters/principle.md)\n",
        "[理念]",
    );
}

#[test]
fn unused_role_and_form_are_warnings() {
    let fixture = Fixture::new(&[
        ("handbook/roles/finance.md", "+++\ntitle = \"财务\"\n+++\n"),
        (
            "handbook/forms/lost-receipt.md",
            "+++\ntitle = \"遗失收据声明\"\n+++\n",
        ),
    ]);
    let (status, d) = fixture.check_json();
    assert_eq!(status, 0, "warnings do not fail the check");
    let places: Vec<(&str, &str, u64, u64)> = d
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // At the title, inside its quotes: line 2, column 10 (`title = "` is 9 characters).
    assert_eq!(
        places,
        [
            ("unused-form", "handbook/forms/lost-receipt.md", 2, 10),
            ("unused-role", "handbook/roles/finance.md", 2, 10)
        ]
    );
    assert!(d.iter().all(|d| d["severity"] == "warning"));
    let out = fixture.run(&["check", "--deny", "warnings"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--deny warnings makes them errors"
    );
    write(
        &fixture.root.join("book.toml"),
        b"[book]\ntitle = \"t\"\n\n[check]\nunused-role = \"allow\"\nunused-form = \"allow\"\n",
    );
    let (_, d) = fixture.check_json();
    assert!(d.is_empty(), "[check] levels apply: {d:#?}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主仼 处理。 {#form form=\"refund-requets\"}\n3. @校长 批准。 {#approve}\n");
    let fixture = Fixture::new(&[
        (PROC, &p),
        ("handbook/chapters/principles.md", "# 理念\n\n[[不存在]]\n"),
    ]);
    let (_, d) = fixture.check_json();
    let codes: Vec<&str> = d.iter().map(|d| d["code"].as_str().unwrap()).collect();
    for code in ["unknown-role", "unknown-form", "unknown-reference"] {
        assert!(codes.contains(&code), "{codes:?}");
    }
}

#[test]
fn json_output_has_every_field() {
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主仼 处理。 {#form form=\"refund-request\"}\n3. @校长 批准。 {#approve}\n");
    let fixture = Fixture::new(&[(PROC, &p)]);
    let (_, d) = fixture.check_json();
    let d = &d[0];
    for key in [
        "code",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end",
        "help",
        "suggestions",
    ] {
        assert!(d.get(key).is_some(), "missing `{key}` in {d}");
    }
    assert_eq!(d["suggestions"][0], "班主任");
    assert_eq!(
        (d["end"]["line"].as_u64(), d["end"]["column"].as_u64()),
        (Some(10), Some(8))
    );
}

#[test]
fn github_annotations() {
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主仼 处理。 {#form form=\"refund-request\"}\n3. @校长 批准。 {#approve}\n");
    let fixture = Fixture::new(&[(PROC, &p)]);
    let out = fixture.run(&["check", "--format", "github"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("::error file=handbook/procedures/refund.md,line=10,col=5,"),
        "{text}"
    );
}

/// The human output, reviewed: the caret stands under the misspelt role even though the line
/// before it is Chinese (two display columns per character).
#[test]
fn human_output_snapshot() {
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主仼 处理退费。 {#form form=\"refund-request\"}\n3. @校长 批准。 {#approve}\n");
    let fixture = Fixture::new(&[(PROC, &p)]);
    let out = fixture.run(&["check"]);
    let text = String::from_utf8(out.stderr).unwrap();
    let expected = "\
error[unknown-role]: unknown role `班主仼`
  --> handbook/procedures/refund.md:10:5
   |
10 | 2. @班主仼 处理退费。 {#form form=\"refund-request\"}
   |     ^^^^^^ no role has this id, title or alias
   |
   = help: did you mean `班主任`?
";
    assert!(text.starts_with(expected), "got:\n{text}");
}

#[test]
fn init_makes_a_handbook_that_checks_and_builds_clean() {
    let fixture = Fixture::new(&[]);
    let out = fixture.run(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no problems found"));
    let out = fixture.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = std::fs::read_to_string(fixture.root.join("book/index.html")).unwrap();
    assert!(index.contains("学员退费"));
    assert!(fixture.root.join("book/procedures/refund.html").is_file());
    assert!(fixture.root.join("book/404.html").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let fixture = Fixture::new(&[]);
    assert!(fixture.run(&["build"]).status.success());
    let page = fixture.root.join("book/procedures/refund.html");
    let before = std::fs::read_to_string(&page).unwrap();

    // A change, then a write that fails half way (as a full disk would).
    let source = fixture.root.join(PROC);
    let changed = std::fs::read_to_string(&source)
        .unwrap()
        .replace("批准退费申请", "审批退费申请");
    std::fs::write(&source, changed).unwrap();
    let out = bin()
        .env("HANDBOOK_FAIL_AFTER", "5")
        .arg("build")
        .arg(&fixture.root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("injected write failure"));
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        before,
        "the old site is intact"
    );
    assert!(
        !fixture.root.join(".book.staging").exists(),
        "no half-written staging folder is left"
    );

    // A content error: nothing is written either.
    std::fs::write(&source, procedure("1. @无此人 申请。\n")).unwrap();
    assert_eq!(fixture.run(&["build"]).status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), before);
}

#[test]
fn a_crash_between_the_renames_is_recovered() {
    let fixture = Fixture::new(&[]);
    assert!(fixture.run(&["build"]).status.success());
    // The state a crash after "rename old aside" leaves: no book/, only .book.old.
    std::fs::rename(fixture.root.join("book"), fixture.root.join(".book.old")).unwrap();
    assert!(fixture.run(&["build"]).status.success());
    assert!(fixture.root.join("book/index.html").is_file());
    assert!(!fixture.root.join(".book.old").exists());
}

#[test]
fn a_folder_we_did_not_make_is_never_replaced() {
    let fixture = Fixture::new(&[]);
    let foreign = fixture.root.join("documents");
    write(&foreign.join("important.txt"), b"keep me");
    let out = fixture.run(&["build", "-d", foreign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not made by handbook"));
    assert_eq!(
        std::fs::read_to_string(foreign.join("important.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn help_explains_every_command_with_an_example() {
    for command in ["build", "check", "init", "new", "eject", "serve"] {
        let out = bin().args([command, "--help"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            out.status.success() && text.contains("Example"),
            "`{command} --help`:\n{text}"
        );
    }
    assert_eq!(
        bin().arg("frobnicate").output().unwrap().status.code(),
        Some(2),
        "usage errors exit with 2"
    );
}

#[test]
fn new_and_eject() {
    let fixture = Fixture::new(&[]);
    let out = bin()
        .args(["new", "role", "finance", "--title", "财务", "--dir"])
        .arg(&fixture.root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(fixture.root.join("handbook/roles/finance.md"))
            .unwrap()
            .contains("title = \"财务\"")
    );
    let out = bin()
        .args(["new", "role", "财务", "--dir"])
        .arg(&fixture.root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a non-ASCII id is refused");

    let out = fixture.run(&["eject"]);
    assert!(out.status.success());
    let template = fixture.root.join("templates/procedure.html");
    let own = std::fs::read_to_string(&template)
        .unwrap()
        .replace("{% block main %}", "{% block main %}<p>OWN-TEMPLATE</p>");
    std::fs::write(&template, own).unwrap();
    assert!(fixture.run(&["build"]).status.success());
    let page = std::fs::read_to_string(fixture.root.join("book/procedures/refund.html")).unwrap();
    assert!(
        page.contains("OWN-TEMPLATE"),
        "an ejected template overrides the built-in one"
    );
}

#[test]
fn every_code_is_documented() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
        .unwrap();
    for code in handbook::diag::Code::ALL {
        assert!(
            docs.contains(&format!("| `{code}` |")),
            "docs/diagnostics.md does not list `{code}`"
        );
    }
}

/// Inputs built to be slow for a naive parser still check in one pass: one line with 100,000
/// unclosed `[[`, and a procedure of 3,000 steps, each looping back.
#[test]
fn pathological_inputs_stay_linear() {
    let line = format!("# 服务理念\n\n{}\n", "[[未闭合".repeat(100_000));
    let mut steps = String::from("1. @学员 开始。 {#s1}\n");
    for i in 2..=3000 {
        steps.push_str(&format!("{i}. @班主任 第{i}步。 {{#s{i}}}\n"));
        let pad = " ".repeat(format!("{i}. ").len());
        steps.push_str(&format!("{pad}- 继续 → #s{}\n{pad}- 重来 → ↺ #s1\n", i + 1));
    }
    steps.push_str("3001. @校长 批准。 {#s3001 form=\"refund-request\"}\n");
    let fixture = Fixture::new(&[
        ("handbook/chapters/principles.md", &line),
        (PROC, &procedure(&steps)),
    ]);
    let (_, d) = fixture.check_json();
    let codes: Vec<&str> = d.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(
        codes.iter().all(|c| *c == "unknown-step"),
        "only the quiz's #approve is missing: {codes:?}"
    );
}

#[test]
fn site_words_follow_the_configured_language() {
    let fixture = Fixture::new(&[(
        "book.toml",
        "[book]\ntitle = \"員工手冊\"\nlanguage = \"zh-TW\"\n",
    )]);
    assert!(fixture.run(&["build"]).status.success());
    let page = std::fs::read_to_string(fixture.root.join("book/procedures/refund.html")).unwrap();
    assert!(
        page.contains("lang=\"zh-TW\"") && page.contains(">步驟<"),
        "Traditional site words"
    );
    let fixture = Fixture::new(&[(
        "book.toml",
        "[book]\ntitle = \"Handbook\"\nlanguage = \"fr\"\n",
    )]);
    let out = fixture.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("invalid-value") && stderr.contains("zh-CN"),
        "the allowed languages are named: {stderr}"
    );
}

#[test]
fn the_404_page_works_under_a_sub_path() {
    let fixture = Fixture::new(&[(
        "book.toml",
        "[book]\ntitle = \"手册\"\n\n[output.html]\nsite-url = \"/handbook/\"\n",
    )]);
    assert!(fixture.run(&["build"]).status.success());
    let page = std::fs::read_to_string(fixture.root.join("book/404.html")).unwrap();
    assert!(
        page.contains("href=\"/handbook/theme/style."),
        "404 links assets from the site root"
    );
    let index = std::fs::read_to_string(fixture.root.join("book/index.html")).unwrap();
    assert!(
        index.contains("href=\"theme/style."),
        "other pages link relatively"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let fixture = Fixture::new(&[(PROC, &procedure("1. @无此人 申请。\n"))]);
    let plain = fixture.run(&["check"]);
    assert!(
        !String::from_utf8_lossy(&plain.stderr).contains('\u{1b}'),
        "no escapes into a pipe"
    );
    let coloured = bin()
        .args(["--color", "always", "check"])
        .arg(&fixture.root)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&coloured.stderr).contains('\u{1b}'),
        "--color always colours"
    );
}

#[test]
fn an_unreadable_configuration_is_an_io_error() {
    let fixture = Fixture::new(&[]);
    std::fs::remove_file(fixture.root.join("book.toml")).unwrap();
    std::fs::create_dir(fixture.root.join("book.toml")).unwrap();
    let out = fixture.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let d: Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(d["code"], "io-error");
    assert!(d["message"].as_str().unwrap().contains("book.toml"));
}

/// Every diagnostic of a fixture as (code, file, line, column).
fn places(d: &[Value]) -> Vec<(String, String, u64, u64)> {
    d.iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// (code, file, line, column) of the first `marker` in `content`.
fn at(code: &str, file: &str, content: &str, marker: &str) -> (String, String, u64, u64) {
    let (line, column) = position(content, marker);
    (code.to_string(), file.to_string(), line, column)
}

#[test]
fn duplicate_ids_in_sub_folders() {
    let sub = "handbook/roles/sub/head-teacher.md";
    let other = "+++\ntitle = \"副班主任\"\n+++\n正文\n";
    let fixture = Fixture::new(&[(sub, other)]);
    let (status, d) = fixture.check_json();
    // The second file is the one reported; the first (its path sorts first) keeps the id.
    // Not also `unused-role`: that nothing can name the second role follows from its id.
    assert_eq!(
        places(&d),
        [at("duplicate-id", sub, other, "副班主任")],
        "{d:#?}"
    );
    assert_eq!(status, 1);
    let dup = &d[0];
    assert_eq!(dup["labels"][0]["file"], "handbook/roles/head-teacher.md");
    assert!(
        dup["help"].as_str().unwrap().contains("sorts first"),
        "{dup:#}"
    );

    // A copy of the file in a sub-folder: one mistake, one error (not also a duplicate name).
    let copy = "+++\ntitle = \"班主任\"\naliases = [\"客服班主任\"]\nsupervised-by = \"校长\"\n+++\n正文\n";
    let fixture = Fixture::new(&[(sub, copy)]);
    let (_, d) = fixture.check_json();
    assert_eq!(
        places(&d),
        [at("duplicate-id", sub, copy, "班主任\"")],
        "{d:#?}"
    );
}

#[test]
fn an_id_shared_by_two_kinds_is_ambiguous_in_an_untyped_link() {
    let chapter = "handbook/chapters/principles.md";
    let page = "# 服务理念\n\n见[[refund]]与[[学员退费]]。\n";
    let fixture = Fixture::new(&[
        ("handbook/roles/refund.md", "+++\ntitle = \"退费专员\"\n+++\n"),
        (PROC, &procedure("1. @学员 申请。 {#apply}\n2. @退费专员 办理。 {#form form=\"refund-request\"}\n3. @校长 批准。 {#approve}\n")),
        (chapter, page),
    ]);
    let (status, d) = fixture.check_json();
    assert_eq!(
        places(&d),
        [at("ambiguous-reference", chapter, page, "[[refund]]")],
        "{d:#?}"
    );
    assert_eq!(status, 1);
    let help = d[0]["help"].as_str().unwrap();
    for typed in ["[[退费专员]]", "[[学员退费]]", "[[退费流程测验]]"] {
        assert!(help.contains(typed), "{help}");
    }
}

/// Every link problem inside a procedure once, at its own column: in the intro, a step's
/// text, its details, a note, a branch target (checked as a procedure) and the outro.
#[test]
fn each_problem_in_a_procedure_is_reported_once() {
    let p = "+++\ntitle = \"学员退费\"\nowner = \"班主任\"\n+++\n前言见[[不存在一]]。\n\n## 步骤\n\n1. @学员 提出申请[[不存在二]]。 {#apply}\n   补充说明[[不存在三]]。\n2. @班主任 了解原因。 {#consult}\n   - 学员继续学习 → [[挽单流程]]\n   - 仍要退费 → #form\n   - 备注[[不存在四]]\n3. @班主任 协助学员填写[[退费申请单]]。 {#form form=\"refund-request\"}\n4. @校长 批准。 {#approve}\n\n后记[[不存在五]]。\n";
    let fixture = Fixture::new(&[(PROC, p)]);
    let (_, d) = fixture.check_json();
    assert_eq!(
        places(&d),
        [
            at("unknown-reference", PROC, p, "[[不存在一]]"),
            at("unknown-reference", PROC, p, "[[不存在二]]"),
            at("unknown-reference", PROC, p, "[[不存在三]]"),
            at("unknown-procedure", PROC, p, "挽单流程"),
            at("unknown-reference", PROC, p, "[[不存在四]]"),
            at("unknown-reference", PROC, p, "[[不存在五]]"),
        ],
        "{d:#?}"
    );
}

#[test]
fn a_broken_front_matter_is_reported_once_and_fully() {
    let form = "handbook/forms/refund-request.md";
    let text = "+++\ntitle = \"退费申请单\"\ncolour = \"红\"\n\n[[field]]\nid = \"student\"\nlable = \"学员姓名\"\ntype = \"text\"\n\n[[field]]\nid = \"reason\"\nlabel = \"退费原因\"\ntype = \"multiline\"\nrows = 3\n\n[[signature]]\nlabel = \"学员签名\"\nrole = \"学员\"\n+++\n";
    let fixture = Fixture::new(&[(form, text)]);
    let (status, d) = fixture.check_json();
    // Not: unknown form `refund-request` (the procedure's step), unknown page `退费申请单`
    // (the roles' pages), nor a missing `label` for the misspelt one.
    assert_eq!(
        places(&d),
        [
            at("unknown-key", form, text, "colour"),
            at("unknown-key", form, text, "lable"),
            at("unknown-key", form, text, "rows"),
        ],
        "{d:#?}"
    );
    assert_eq!(status, 1);
    assert_eq!(d[1]["suggestions"][0], "label");

    // Wrong types are all reported too.
    let role = "handbook/roles/head-teacher.md";
    let text = "+++\ntitle = \"班主任\"\naliases = \"客服班主任\"\nexternal = \"是\"\n+++\n";
    let fixture = Fixture::new(&[(role, text)]);
    let (_, d) = fixture.check_json();
    assert_eq!(
        places(&d),
        [
            at("invalid-value", role, text, "\"客服班主任\""),
            at("invalid-value", role, text, "\"是\""),
        ],
        "{d:#?}"
    );

    // An unreadable procedure: its roles and forms are not reported as unused, the quiz's
    // step reference to it is not unknown.
    let p = procedure("1. @学员 申请。 {#apply}\n").replace("owner = ", "ower = ");
    let fixture = Fixture::new(&[(PROC, &p)]);
    let (_, d) = fixture.check_json();
    assert_eq!(places(&d), [at("unknown-key", PROC, &p, "ower")], "{d:#?}");

    // An unreadable chapter is still the one SUMMARY.md lists and index.md links to.
    let chapter = "handbook/chapters/principles.md";
    let text = "+++\nsumary = \"理念\"\n+++\n# 服务理念\n";
    let fixture = Fixture::new(&[(chapter, text)]);
    let (_, d) = fixture.check_json();
    assert_eq!(
        places(&d),
        [at("unknown-key", chapter, text, "sumary")],
        "{d:#?}"
    );
}

#[test]
fn cyclic_formulas_are_rejected() {
    let form = "handbook/forms/refund-request.md";
    let text = "+++\ntitle = \"退费申请单\"\n\n[[field]]\nid = \"paid\"\nlabel = \"已缴\"\ntype = \"money\"\n\n[[field]]\nid = \"r6\"\nlabel = \"六\"\ntype = \"money\"\ncompute = \"r7 + paid\"\n\n[[field]]\nid = \"r7\"\nlabel = \"七\"\ntype = \"money\"\ncompute = \"r6 + 1\"\n\n[[field]]\nid = \"r8\"\nlabel = \"八\"\ntype = \"money\"\ncompute = \"r8 + 1\"\n+++\n";
    let fixture = Fixture::new(&[(form, text)]);
    let (status, d) = fixture.check_json();
    assert_eq!(
        places(&d),
        [
            at("cyclic-formula", form, text, "r7 + paid"),
            at("cyclic-formula", form, text, "r8 + 1"),
        ],
        "{d:#?}"
    );
    assert_eq!(status, 1);
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("`r6` → `r7` → `r6`"),
        "{:#}",
        d[0]
    );
    assert_eq!(d[0]["labels"][0]["line"], 19, "r7's use of r6: {:#}", d[0]);
}

#[test]
fn performers_and_stray_role_mentions() {
    // `/`, `、` and `和` between performers: every name is a performer and must exist.
    let p = procedure("1. @学员 申请。 {#apply}\n2. @班主任/校仗 处理。 {#form form=\"refund-request\"}\n3. @班主任、@校仗 批准。 {#approve}\n4. @班主任 和 @校仗 确认。 {#confirm}\n5. @校长 存档。\n");
    let fixture = Fixture::new(&[(PROC, &p)]);
    let (_, d) = fixture.check_json();
    let lines: Vec<&str> = p.lines().collect();
    let line_of = |prefix: &str| {
        let line = lines.iter().position(|l| l.starts_with(prefix)).unwrap();
        let column = lines[line].split("校仗").next().unwrap().chars().count() + 1;
        (
            "unknown-role".to_string(),
            PROC.to_string(),
            line as u64 + 1,
            column as u64,
        )
    };
    assert_eq!(
        places(&d),
        [line_of("2."), line_of("3."), line_of("4.")],
        "{d:#?}"
    );
    assert!(d.iter().all(|d| d["suggestions"][0] == "校长"), "{d:#?}");

    // `@name` later in the text performs nothing: a warning, with how to write two performers.
    let p = procedure("1. @学员 申请,并通知 @校长 和 @不存在的人。邮件 a@b.cn {#apply}\n2. @班主任 处理。 {#form form=\"refund-request\"}\n3. @校长 批准。 {#approve}\n");
    let fixture = Fixture::new(&[(PROC, &p)]);
    let (status, d) = fixture.check_json();
    assert_eq!(
        places(&d),
        [
            at("stray-role-mention", PROC, &p, "校长 和"),
            at("stray-role-mention", PROC, &p, "不存在的人"),
        ],
        "{d:#?}"
    );
    assert_eq!(status, 0, "warnings");
    assert!(
        d[0]["help"].as_str().unwrap().contains("`@学员 @校长 …`"),
        "{:#}",
        d[0]
    );
}

#[test]
fn impossible_scorecard_values() {
    let card = "handbook/scorecards/head-teacher.md";
    let text = "+++\ntitle = \"班主任考核表\"\nrole = \"班主任\"\nbase = 100\nyuan-per-point = -2\n\n[[item]]\ntext = \"没有及时安排补课\"\nrules = [{ deduct = -50, per = \"day\" }]\n\n[[item]]\ntext = \"空\"\nrules = []\n\n[[penalty]]\ntext = \"排课错误\"\nladder = []\n+++\n";
    let fixture = Fixture::new(&[(card, text)]);
    let (status, d) = fixture.check_json();
    assert_eq!(
        places(&d),
        [
            at("invalid-value", card, text, "-2"),
            at("invalid-value", card, text, "-50"),
            at("invalid-value", card, text, "[]"),
            at("invalid-value", card, text, "[]\n+++"),
        ],
        "{d:#?}"
    );
    assert_eq!(status, 1);
}

#[test]
fn markdown_links_encoded_absolute_and_same_page() {
    let chapter = "handbook/chapters/principles.md";
    let page = "# 服务理念\n\n## 第一条\n\n[职责](../roles/head-teacher.md#%E8%81%8C%E8%B4%A3) [本页](#%E7%AC%AC%E4%B8%80%E6%9D%A1) [本页](#第一条)\n\n[坏](#nope) [绝对](/roles/head-teacher.md)\n";
    let fixture = Fixture::new(&[(chapter, page)]);
    let (_, d) = fixture.check_json();
    assert_eq!(
        places(&d),
        [
            at("unknown-anchor", chapter, page, "[坏]"),
            at("broken-link", chapter, page, "[绝对]"),
        ],
        "{d:#?}"
    );
    assert_eq!(d[1]["suggestions"][0], "../roles/head-teacher.md");
}

#[test]
fn duplicate_name_blames_the_alias_or_the_later_file() {
    let dup = "handbook/roles/dup.md";
    let alias = "+++\ntitle = \"重复\"\naliases = [\"班主任\"]\n+++\n";
    let fixture = Fixture::new(&[(dup, alias)]);
    let (_, d) = fixture.check_json();
    let named: Vec<&Value> = d.iter().filter(|d| d["code"] == "duplicate-name").collect();
    // roles/dup.md sorts first, but its alias repeats head-teacher.md's title: it is to blame.
    assert_eq!(named.len(), 1, "{d:#?}");
    assert_eq!(
        places(&d).into_iter().find(|p| p.0 == "duplicate-name"),
        Some(at("duplicate-name", dup, alias, "班主任\"]"))
    );
    assert_eq!(
        named[0]["message"],
        "the name `班主任` is claimed by two roles"
    );
    assert_eq!(
        named[0]["labels"][0]["file"],
        "handbook/roles/head-teacher.md"
    );

    // Two titles: the file whose path sorts later.
    let zzz = "handbook/roles/zzz.md";
    let title = "+++\ntitle = \"班主任\"\n+++\n";
    let fixture = Fixture::new(&[(zzz, title)]);
    let (_, d) = fixture.check_json();
    let named: Vec<&Value> = d.iter().filter(|d| d["code"] == "duplicate-name").collect();
    assert_eq!(named.len(), 1, "{d:#?}");
    assert_eq!(named[0]["file"], zzz);
}
