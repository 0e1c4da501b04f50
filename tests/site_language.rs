//! The site's own words follow `[book] language`: the same small handbook built as `en` and as
//! `zh-TW` shows no Simplified Chinese chrome (labels, buttons, printed sheets, script words),
//! and `zh-CN` keeps its words.
//!
//! Each build is the project `handbook init` makes with its content rewritten in the site's
//! language, so whatever Simplified Chinese (or, for `en`, any Chinese) is left on a page can
//! only have come from the compiler. The flowchart SVG is left out: its start/end labels and its
//! description belong to the flowchart module (src/render/flow.rs, src/render/flowchart/).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The site as path → text, for every page and script.
type Site = BTreeMap<String, String>;

/// `handbook init`, then `files` written over it, then checked (warnings denied) and rendered.
fn build(files: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hb");
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .env("NO_COLOR", "1")
        .arg("init")
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "init failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    render(&root)
}

fn render(root: &Path) -> Site {
    let checked = handbook::pipeline::check(root, true)
        .unwrap_or_else(|_| panic!("book.toml of the fixture is broken"));
    assert!(
        checked.diagnostics.is_empty(),
        "the fixture must check clean: {:#?}",
        checked.diagnostics
    );
    let tree = handbook::render::render(checked.book.as_ref().unwrap(), &checked.project).unwrap();
    tree.files
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") || p.starts_with("theme/nav-data."))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// A page without its flowchart SVG (see the module comment).
fn without_svg(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</svg>") {
            Some(end) => rest = &rest[start + end + "</svg>".len()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

fn page<'a>(site: &'a Site, path: &str) -> &'a str {
    site.get(path)
        .unwrap_or_else(|| panic!("no {path} in {:?}", site.keys().collect::<Vec<_>>()))
}

fn nav_data(site: &Site) -> &str {
    site.iter()
        .find(|(p, _)| p.starts_with("theme/nav-data."))
        .map(|(_, t)| t.as_str())
        .expect("nav-data.js")
}

/// Every place in the site where `bad` finds a character, with some context, one per file.
fn offences(site: &Site, bad: impl Fn(char) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in site {
        let text = without_svg(text);
        if let Some((i, _)) = text.char_indices().find(|&(_, c)| bad(c)) {
            let from = text[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
            let to = text[i..]
                .char_indices()
                .nth(40)
                .map_or(text.len(), |(j, _)| i + j);
            found.push(format!("{path}: …{}…", &text[from..to]));
        }
    }
    found
}

fn assert_contains(site: &Site, path: &str, words: &[&str]) {
    let text = page(site, path);
    let missing: Vec<&&str> = words.iter().filter(|w| !text.contains(**w)).collect();
    assert!(missing.is_empty(), "{path} lacks {missing:?}");
}

/// Chinese characters and punctuation: ideographs, `、。「」`, full-width `：（），`.
fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Characters only Simplified Chinese writes (each has a different Traditional form), among
/// them every such character of the words the templates and scripts used to hard-code.
/// (Not the characters of the capital amount, 贰 万 …: form.js swaps them for 貳 萬 … and
/// nav-data.js lists the pairs.)
const SIMPLIFIED_ONLY: &str = "这页签单号员岗项评领导带阅读类备标链图书关资设认为说时间处开无实门问们进过\
    还样让两个从东车长马务费学课师请写数额计汇报对监测验话术语节显应经组织总结责统录见觉视规则错误输\
    选择证优点击钮键载缩宽执转骤发训练职习预览满惯环约级别权岁历齐专业补杂试网络线钱银账贷币圆么来时\
    与会传内册动参径条栏档没称筛编荐议诺违连适";

const EN: &[(&str, &str)] = &[
    (
        "book.toml",
        "[book]\ntitle = \"Staff Handbook\"\nversion = \"0.1\"\nlanguage = \"en\"\n\
         authors = []\nsrc = \"handbook\"\n\n[build]\nbuild-dir = \"book\"\n",
    ),
    (
        "handbook/index.md",
        "Welcome. New staff read [[Service principles]] first, then the page of their role.\n",
    ),
    (
        "handbook/SUMMARY.md",
        "- [Service principles](chapters/principles.md)\n",
    ),
    (
        "handbook/chapters/principles.md",
        "# Service principles\n\nThe customer comes first.\n\n## Listening\n\nListen first.\n\n\
         ## Answering\n\nThen answer.\n",
    ),
    (
        "handbook/roles/head-teacher.md",
        "+++\ntitle = \"Head teacher\"\naliases = [\"Class teacher\", \"Form tutor\"]\n\
         supervised-by = \"principal\"\nsource = \"Staff manual 2024\"\n+++\n\
         Looks after the students of a class.\n\n## Duties\n\n- Takes refund requests.\n\n\
         ## Training\n\n- Reads the refund procedure.\n",
    ),
    (
        "handbook/roles/principal.md",
        "+++\ntitle = \"Principal\"\n+++\nRuns the school and approves refunds.\n",
    ),
    (
        "handbook/roles/student.md",
        "+++\ntitle = \"Student\"\nexternal = true\n+++\nA student of the school.\n",
    ),
    (
        "handbook/procedures/refund.md",
        "+++\ntitle = \"Student refund\"\nowner = \"head-teacher\"\naliases = [\"Refund\"]\n\
         source = \"Refund rules\"\n+++\nA student may ask for a refund within six lessons.\n\n\
         ## Steps\n\n\
         1. @student Asks the head teacher for a refund. {#apply deadline=\"within 6 lessons\"}\n\
         2. @head-teacher Finds out the real reason. {#consult system=\"waiting-list\"}\n   \
            - The student stays → end\n   \
            - Still wants a refund → #form\n\
         3. @head-teacher Helps the student fill in the [[Refund request]]. {#form form=\"refund-request\"}\n\
         4. @principal/@head-teacher Approves the refund. {#approve}\n",
    ),
    (
        "handbook/forms/refund-request.md",
        "+++\ntitle = \"Refund request\"\nnumber = \"FM-01\"\nnotes = [\"The student writes the reason.\"]\n\n\
         [[field]]\nid = \"student\"\nlabel = \"Student\"\ntype = \"text\"\nsection = \"Student\"\n\n\
         [[field]]\nid = \"asked_on\"\nlabel = \"Asked on\"\ntype = \"date\"\nsection = \"Student\"\n\n\
         [[field]]\nid = \"paid\"\nlabel = \"Paid\"\ntype = \"money\"\ncapital = true\nsection = \"Money\"\n\n\
         [[field]]\nid = \"used\"\nlabel = \"Used\"\ntype = \"money\"\nsection = \"Money\"\n\n\
         [[field]]\nid = \"refund\"\nlabel = \"Refund\"\ntype = \"money\"\ncompute = \"max(0, paid - used)\"\nsection = \"Money\"\n\n\
         [[field]]\nid = \"how\"\nlabel = \"Paid by\"\ntype = \"choice\"\noptions = [\"Cash\", \"Card\"]\n\n\
         [[field]]\nid = \"agreed\"\nlabel = \"The parent agrees\"\ntype = \"checkbox\"\n\n\
         [[field]]\nid = \"reason\"\nlabel = \"Reason\"\ntype = \"multiline\"\nlines = 3\n\n\
         [[signature]]\nlabel = \"Student\"\nrole = \"student\"\ndate = true\n\n\
         [[signature]]\nlabel = \"Principal\"\nrole = \"principal\"\ndate = true\n+++\n",
    ),
    (
        "handbook/scorecards/head-teacher.md",
        "+++\ntitle = \"Head teacher scorecard\"\nrole = \"head-teacher\"\nbase = 100\n\
         yuan-per-point = 2\nperiod = \"Monthly\"\nsource = \"Scorecard rules\"\n\n\
         [[item]]\ntext = \"Make-up lessons arranged late\"\nrules = [{ deduct = 2, per = \"day\" }]\n\n\
         [[item]]\ntext = \"Reports\"\nrules = [{ deduct = 1, per = \"copy\" }, { deduct = 5, per = \"once\", note = \"if forged\" }]\n\n\
         [[bonus]]\ntext = \"Outstanding work\"\npoints = 3\n\n\
         [[target]]\nmetric = \"Attendance\"\ntarget = \"95 %\"\nnote = \"per month\"\n\n\
         [[penalty]]\ntext = \"Missing a class\"\nladder = [\"Warning\", \"Fine\"]\n\
         joint = { role = \"principal\", text = \"also warned\" }\n+++\n",
    ),
    (
        "handbook/phrases/complaint-language.md",
        "+++\ntitle = \"Words to avoid with complaints\"\nkind = \"forbidden\"\n\
         applies-to = [\"head-teacher\"]\n\n[[phrase]]\ntext = \"Bad luck!\"\n\
         why = \"It pushes the problem back to the customer.\"\n\
         instead = [\"Sorry for the trouble; let us fix it together.\"]\n+++\n",
    ),
    (
        "handbook/quizzes/refund.md",
        "+++\ntitle = \"Refund quiz\"\nroles = [\"head-teacher\"]\n\n[[question]]\n\
         q = \"Who approves a refund?\"\noptions = [\"Head teacher\", \"Principal\"]\n\
         answer = \"B\"\nstep = \"refund#approve\"\n+++\n",
    ),
    (
        "handbook/glossary.md",
        "+++\n[[term]]\nid = \"waiting-list\"\nterm = \"Waiting list\"\n\
         aliases = [\"Queue\", \"Wait list\"]\nsource = \"Admissions\"\n\
         definition = \"Students who have signed up and wait for a class.\"\n+++\n",
    ),
];

/// The same handbook in Traditional Chinese, as a Taiwanese author writes it.
const ZH_TW: &[(&str, &str)] = &[
    (
        "book.toml",
        "[book]\ntitle = \"員工手冊\"\nversion = \"0.1\"\nlanguage = \"zh-TW\"\n\
         authors = []\nsrc = \"handbook\"\n\n[build]\nbuild-dir = \"book\"\n",
    ),
    (
        "handbook/index.md",
        "歡迎使用員工手冊。新進人員請先閱讀[[服務理念]]。\n",
    ),
    ("handbook/SUMMARY.md", "- [服務理念](chapters/principles.md)\n"),
    (
        "handbook/chapters/principles.md",
        "# 服務理念\n\n以客戶為中心。\n\n## 傾聽\n\n先傾聽。\n\n## 回覆\n\n再回覆。\n",
    ),
    (
        "handbook/roles/head-teacher.md",
        "+++\ntitle = \"導師\"\naliases = [\"客服導師\", \"班導\"]\nsupervised-by = \"principal\"\n\
         source = \"人事手冊\"\n+++\n負責班上學生的全程服務。\n\n## 職掌\n\n- 受理退費申請。\n",
    ),
    (
        "handbook/roles/principal.md",
        "+++\ntitle = \"校長\"\n+++\n學校負責人，核准退費申請。\n",
    ),
    (
        "handbook/roles/student.md",
        "+++\ntitle = \"學生\"\nexternal = true\n+++\n在校學生。\n",
    ),
    (
        "handbook/procedures/refund.md",
        "+++\ntitle = \"學生退費\"\nowner = \"head-teacher\"\nsource = \"退費辦法\"\n+++\n\
         學生在開課六堂內可以申請退費。\n\n## 步驟\n\n\
         1. @student 向導師提出退費申請。 {#apply deadline=\"開課六堂內\"}\n\
         2. @head-teacher 瞭解退費的真正原因。 {#consult system=\"waiting-list\"}\n   \
            - 學生繼續上課 → 結束\n   \
            - 仍要退費 → #form\n\
         3. @head-teacher 協助學生填寫[[退費申請書]]。 {#form form=\"refund-request\"}\n\
         4. @principal/@head-teacher 核准退費申請。 {#approve}\n",
    ),
    (
        "handbook/forms/refund-request.md",
        "+++\ntitle = \"退費申請書\"\nnumber = \"FM-01\"\nnotes = [\"退費原因由學生本人填寫。\"]\n\n\
         [[field]]\nid = \"student\"\nlabel = \"學生姓名\"\ntype = \"text\"\n\n\
         [[field]]\nid = \"asked_on\"\nlabel = \"申請日\"\ntype = \"date\"\n\n\
         [[field]]\nid = \"paid\"\nlabel = \"已繳費用\"\ntype = \"money\"\ncapital = true\n\n\
         [[field]]\nid = \"refund\"\nlabel = \"應退金額\"\ntype = \"money\"\ncompute = \"max(0, paid - 800)\"\n\n\
         [[field]]\nid = \"reason\"\nlabel = \"退費原因\"\ntype = \"multiline\"\nlines = 3\n\n\
         [[signature]]\nlabel = \"學生\"\nrole = \"student\"\ndate = true\n\n\
         [[signature]]\nlabel = \"校長核准\"\nrole = \"principal\"\ndate = true\n+++\n",
    ),
    (
        "handbook/scorecards/head-teacher.md",
        "+++\ntitle = \"導師考核表\"\nrole = \"head-teacher\"\nbase = 100\nyuan-per-point = 2\n\
         period = \"每月\"\n\n\
         [[item]]\ntext = \"補課安排不及時\"\nrules = [{ deduct = 2, per = \"day\" }]\n\n\
         [[item]]\ntext = \"報表\"\nrules = [{ deduct = 1, per = \"copy\" }, { deduct = 5, per = \"once\", note = \"造假者\" }]\n\n\
         [[bonus]]\ntext = \"表現突出\"\npoints = 3\n\n\
         [[target]]\nmetric = \"出席率\"\ntarget = \"95 %\"\nnote = \"每月\"\n\n\
         [[penalty]]\ntext = \"缺席上課\"\nladder = [\"口頭警告\", \"罰款\"]\n\
         joint = { role = \"principal\", text = \"一併警告\" }\n+++\n",
    ),
    (
        "handbook/phrases/complaint-language.md",
        "+++\ntitle = \"處理客訴時的用語禁忌\"\nkind = \"forbidden\"\napplies-to = [\"head-teacher\"]\n\n\
         [[phrase]]\ntext = \"自認倒楣吧！\"\nwhy = \"把問題推回給客戶。\"\n\
         instead = [\"造成您的不便，非常抱歉。\"]\n+++\n",
    ),
    (
        "handbook/quizzes/refund.md",
        "+++\ntitle = \"退費測驗\"\nroles = [\"head-teacher\"]\n\n[[question]]\n\
         q = \"退費申請由誰核准？\"\noptions = [\"導師\", \"校長\"]\nanswer = \"B\"\n\
         step = \"refund#approve\"\n+++\n",
    ),
    (
        "handbook/glossary.md",
        "+++\n[[term]]\nid = \"waiting-list\"\nterm = \"候補名單\"\naliases = [\"備取名單\", \"候補\"]\n\
         source = \"招生組\"\ndefinition = \"已報名、等待開班的學生名單。\"\n+++\n",
    ),
];

#[test]
fn english_site_has_no_chinese_chrome() {
    let site = build(EN);
    let found = offences(&site, is_chinese);
    assert!(
        found.is_empty(),
        "Chinese words in an `en` site:\n{}",
        found.join("\n")
    );
    // The words that replaced them, with English punctuation.
    assert_contains(&site, "index.html", &["Skip to content", "Version 0.1"]);
    // The scripts' words (flowchart toolbar and walk, search box) travel in nav-data.js.
    let script = nav_data(&site);
    for word in [
        "Walk through",
        "Only my role",
        "Step {n} of {total}",
        "Search the handbook",
    ] {
        assert!(script.contains(word), "nav-data.js lacks {word}");
    }
    assert_contains(
        &site,
        "roles/head-teacher.html",
        &[
            "Also called: Class teacher, Form tutor",
            "Source: Staff manual 2024",
            "Print the training sign-off sheet",
        ],
    );
    assert_contains(
        &site,
        "roles/head-teacher.signoff.html",
        &[
            "Head teacher · Training sign-off",
            "New Hire Training Sign-off",
            "Position: Head teacher",
            "Handbook version 0.1",
            "(staff handbook, version 0.1)",
            "Employee&#39;s signature",
            "Trainer&#39;s signature",
            "Supervisor&#39;s signature",
            "Page \" counter(page) \" of \" counter(pages)",
        ],
    );
    assert_contains(
        &site,
        "procedures/refund.html",
        &[
            "aria-label=\"Link to this step\"",
            "Deadline: within 6 lessons",
            "Flowchart: Student refund",
        ],
    );
    assert_contains(
        &site,
        "forms/refund-request.html",
        &[
            "Form no. FM-01",
            "Handbook version 0.1",
            "<span class=\"hb-unit\">yuan</span>",
            "placeholder=\"yyyy / mm / dd\"",
            "click “Print blank”",
            // The number's footer: the form number, then an English page counter.
            "content:\"FM-01 · \" \"Page \" counter(page) \" of \" counter(pages)}",
            "In Chinese numerals:",
        ],
    );
    assert_contains(
        &site,
        "scorecards/head-teacher.html",
        &[
            ">No.</th>",
            ">Deduction</th>",
            ">Self-rating</th>",
            ">Rating</th>",
            "Deduct 2 per day",
            "Deduct 5 if forged",
            "aria-label=\"Item 2, rule 1: copies\"",
            "Outstanding work (+3)",
            "Base score <strong>100</strong> points",
            "(2 yuan per point)",
            "Assessment period: Monthly",
            "Assessed by",
            "Manager&#39;s signature",
            "Principal</a>: also warned",
        ],
    );
    assert_contains(
        &site,
        "glossary.html",
        &["(Queue, Wait list)", "Source: Admissions"],
    );
    assert_contains(&site, "quizzes/refund.html", &["Answer: </strong>"]);
    assert_contains(
        &site,
        "chapters/principles.html",
        &["aria-label=\"On this page\""],
    );
    let script = nav_data(&site);
    for w in [
        "window.HB_T=",
        "Search the handbook",
        "Amount too large",
        "\"Procedure\"",
    ] {
        assert!(script.contains(w), "nav-data.js lacks {w}");
    }
}

#[test]
fn traditional_chinese_site_has_no_simplified_chrome() {
    let site = build(ZH_TW);
    let found = offences(&site, |c| SIMPLIFIED_ONLY.contains(c));
    assert!(
        found.is_empty(),
        "Simplified Chinese in a `zh-TW` site:\n{}",
        found.join("\n")
    );
    assert_contains(&site, "index.html", &["跳至主要內容", "版本 0.1"]);
    assert_contains(
        &site,
        "roles/head-teacher.html",
        &["又稱：客服導師、班導", "來源：人事手冊", "列印訓練簽收單"],
    );
    assert_contains(
        &site,
        "roles/head-teacher.signoff.html",
        &[
            "導師 · 訓練簽收單",
            "新進人員訓練簽收單",
            "職務：導師",
            "手冊版本 0.1",
            "（員工手冊版本 0.1）",
            "員工簽名",
            "指導人員簽名",
            "主管簽名",
            "\" 頁 / 共 \"",
        ],
    );
    assert_contains(
        &site,
        "forms/refund-request.html",
        &[
            "表單編號 FM-01",
            "列印空白表",
            "填好後按「列印」",
            "content:\"FM-01 · \" \"第 \" counter(page) \" 頁 / 共 \" counter(pages) \" 頁\"",
            "人民幣（大寫）",
        ],
    );
    assert_contains(
        &site,
        "scorecards/head-teacher.html",
        &[
            ">序號</th>",
            ">扣分標準</th>",
            ">備註</th>",
            "每天扣 2 分",
            "造假者扣 5 分",
            "第 2 項第 1 條：份數",
            "表現突出（加 3 分）",
            "考核週期：每月",
            "考評人",
            "主管簽名",
        ],
    );
    assert_contains(&site, "glossary.html", &["（備取名單、候補）"]);
    assert_contains(
        &site,
        "phrases/complaint-language.html",
        &["「自認倒楣吧！」"],
    );
    let script = nav_data(&site);
    for w in ["搜尋手冊", "數額過大", "贰貳"] {
        assert!(script.contains(w), "nav-data.js lacks {w}");
    }
}

#[test]
fn simplified_chinese_site_keeps_its_words() {
    // The `handbook init` project as it is: zh-CN, Simplified content.
    let site = build(&[]);
    assert_contains(&site, "index.html", &["跳到正文"]);
    assert_contains(
        &site,
        "roles/head-teacher.html",
        &["又称:客服班主任", "打印培训签收单"],
    );
    assert_contains(
        &site,
        "roles/head-teacher.signoff.html",
        &[
            "班主任 · 培训签收单",
            "新员工培训签收单",
            "带教人签名",
            "手册版本 0.1",
        ],
    );
    assert_contains(
        &site,
        "scorecards/head-teacher.html",
        &[
            "<th scope=\"col\">序号</th>",
            "每超过一天扣 2 分",
            "考评人",
            "领导签名",
        ],
    );
    assert_contains(&site, "forms/refund-request.html", &["填好后点“打印”"]);
}
