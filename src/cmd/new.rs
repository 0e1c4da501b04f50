//! `handbook new KIND NAME`: a new source file from a template, in the right folder.

use std::path::Path;

use super::{error, EXIT_OK, EXIT_SETUP};
use crate::cli::NewKind;

fn template(kind: NewKind) -> (&'static str, &'static str) {
    match kind {
        NewKind::Role => ("roles", "+++\ntitle = \"{title}\"\naliases = []\n# supervised-by = \"校长\"\n+++\n一句话说明这个岗位。\n\n## 职责\n\n- \n"),
        NewKind::Procedure => ("procedures", "+++\ntitle = \"{title}\"\n# owner = \"班主任\"\n+++\n这个流程在什么情况下使用。\n\n## 步骤\n\n1. @角色 做什么。 {#first}\n2. @角色 判断结果。 {#decide}\n   - 情况一 → 结束\n   - 情况二 → #first-again\n3. @角色 再做什么。 {#first-again}\n"),
        NewKind::Form => ("forms", "+++\ntitle = \"{title}\"\nnotes = []\n\n[[field]]\nid = \"name\"\nlabel = \"姓名\"\ntype = \"text\"\n\n[[signature]]\nlabel = \"签名\"\ndate = true\n+++\n"),
        NewKind::Scorecard => ("scorecards", "+++\ntitle = \"{title}\"\n# role = \"班主任\"\nbase = 100\nyuan-per-point = 2\nperiod = \"每月考评,年度总结\"\n\n[[item]]\ntext = \"考核内容\"\nrules = [{ deduct = 2, per = \"time\" }]\n+++\n"),
        NewKind::Phrases => ("phrases", "+++\ntitle = \"{title}\"\nkind = \"forbidden\"\napplies-to = []\n\n[[phrase]]\ntext = \"……\"\nwhy = \"……\"\ninstead = [\"……\"]\n+++\n"),
        NewKind::Quiz => ("quizzes", "+++\ntitle = \"{title}\"\nroles = []\n\n[[question]]\nq = \"问题?\"\noptions = [\"选项一\", \"选项二\"]\nanswer = \"A\"\n# step = \"流程#step-id\"\n+++\n"),
        NewKind::Chapter => ("chapters", "# {title}\n\n正文。\n"),
    }
}

pub fn run(dir: &Path, kind: NewKind, name: &str, title: Option<&str>) -> i32 {
    if !crate::parse::is_valid_id(name) {
        error(format!("`{name}` is not a valid id: use lowercase ASCII letters, digits and `-` (put the Chinese name in --title)"));
        return EXIT_SETUP;
    }
    let Some(dir) = super::find_project(dir) else {
        return EXIT_SETUP;
    };
    let src = match crate::config::load(&dir, &mut crate::load::SourceMap::default()) {
        Ok(project) => project.src_dir(),
        Err(_) => {
            error(format!(
                "cannot read {}/book.toml; run `handbook check` to see why",
                dir.display()
            ));
            return EXIT_SETUP;
        }
    };
    let (folder, text) = template(kind);
    let path = src.join(folder).join(format!("{name}.md"));
    if path.exists() {
        error(format!("`{}` already exists", path.display()));
        return EXIT_SETUP;
    }
    let title = title.unwrap_or(name);
    let text = if kind == NewKind::Chapter {
        text.replace("{title}", &title.replace(['\n', '\r'], " "))
    } else {
        // A TOML string, escaped: a title may hold quotes, backslashes or line breaks.
        let quoted = toml::Value::String(title.to_string()).to_string();
        text.replace("\"{title}\"", &quoted)
    };
    // A new procedure's steps need a performer that exists: the project's first role.
    let text = match first_role(&src) {
        Some(role) => text.replace("@角色", &format!("@{role}")),
        None => text,
    };
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, text));
    match written {
        Ok(()) => {
            eprintln!("created {}", path.display());
            EXIT_OK
        }
        Err(e) => {
            error(format!("cannot write `{}`: {e}", path.display()));
            EXIT_SETUP
        }
    }
}

/// The title of the project's first role (by file name), to fill a new procedure's steps.
fn first_role(src: &Path) -> Option<String> {
    let mut files: Vec<_> = std::fs::read_dir(src.join("roles"))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.iter().find_map(|path| {
        let text = std::fs::read_to_string(path).ok()?;
        let front = text.trim_start_matches('\u{feff}').strip_prefix("+++")?;
        let front = &front[..front.find("+++")?];
        let table: toml::Table = front.parse().ok()?;
        table.get("title")?.as_str().map(str::to_string)
    })
}
