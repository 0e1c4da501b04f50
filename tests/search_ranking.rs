//! Pinyin lookup and ranking on a small hand-written handbook.

use handbook::search::{build_index, DocKind, LoadedIndex, SearchDoc, Section};

fn doc(
    url: &str,
    title: &str,
    kind: DocKind,
    keywords: &[&str],
    heading: &str,
    text: &str,
) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        title: title.into(),
        kind,
        roles: vec![],
        keywords: keywords.iter().map(|s| s.to_string()).collect(),
        sections: vec![Section {
            anchor: "a".into(),
            heading: heading.into(),
            text: text.into(),
        }],
        extra: String::new(),
    }
}

fn handbook() -> Vec<SearchDoc> {
    vec![
        doc(
            "roles/dean.html",
            "教務長",
            DocKind::Role,
            &[],
            "职责",
            "负责教学质量。",
        ),
        doc(
            "roles/principal.html",
            "校长",
            DocKind::Role,
            &[],
            "职责",
            "全面负责学校运营。",
        ),
        doc(
            "roles/head-teacher.html",
            "班主任",
            DocKind::Role,
            &[],
            "职责",
            "跟进学员课时。",
        ),
        doc(
            "procedures/refund.html",
            "退费流程",
            DocKind::Procedure,
            &["退款"],
            "申请",
            "学员提交申请。",
        ),
        doc(
            "phrases/retain.html",
            "挽单话术",
            DocKind::Phrases,
            &[],
            "开场",
            "先倾听学员诉求。",
        ),
        doc(
            "roles/front-desk.html",
            "前台文员",
            DocKind::Role,
            &[],
            "职责",
            "接待来访。",
        ),
        doc(
            "chapters/a.html",
            "学员服务",
            DocKind::Chapter,
            &[],
            "退费说明",
            "见流程。",
        ),
        doc(
            "chapters/b.html",
            "财务制度",
            DocKind::Chapter,
            &[],
            "总则",
            "退费需由财务审核。",
        ),
        doc(
            "forms/c.html",
            "申请表",
            DocKind::Form,
            &["退费"],
            "填写",
            "按要求填写。",
        ),
    ]
}

fn titles(index: &LoadedIndex, q: &str) -> Vec<String> {
    index
        .search(q)
        .iter()
        .map(|m| index.docs[m.doc as usize].title.clone())
        .collect()
}

#[test]
fn pinyin_finds_titles_with_every_heteronym_reading() {
    let index = LoadedIndex::from_files(&build_index(&handbook())).unwrap();
    for (q, title) in [
        ("jiaowuzhang", "教務長"),
        ("jwz", "教務長"),
        ("xiaozhang", "校长"),
        ("xz", "校长"),
        ("banzhuren", "班主任"),
        ("bzr", "班主任"),
        ("tuifei", "退费流程"),
        ("tf", "退费流程"),
        ("tuif", "退费流程"),
        ("wandan", "挽单话术"),
        ("wd", "挽单话术"),
        ("qiantaiwenyuan", "前台文员"),
        ("qtwy", "前台文员"),
    ] {
        assert_eq!(
            titles(&index, q).first().map(String::as_str),
            Some(title),
            "{q}"
        );
    }
    // Keyword pinyin: 申请表 has the alias 退费.
    assert!(titles(&index, "tuifei").contains(&"申请表".to_string()));
}

#[test]
fn title_beats_keyword_beats_heading_beats_body() {
    let index = LoadedIndex::from_files(&build_index(&handbook())).unwrap();
    assert_eq!(
        titles(&index, "退费"),
        ["退费流程", "申请表", "学员服务", "财务制度"]
    );
    assert_eq!(titles(&index, "退費"), titles(&index, "退费"));
}

mod search_support;

/// Titles of the top results for `q` on the bundled handbook.
fn bundled_titles(index: &LoadedIndex, q: &str) -> Vec<String> {
    titles(index, q).into_iter().take(8).collect()
}

#[test]
fn pinyin_on_the_bundled_handbook() {
    let index = search_support::bundled_index();
    for (queries, title) in [
        (&["jiaowuzhang", "jwz", "jiaowuz", "教務長"][..], "教务长"),
        (&["xiaozhang", "xz", "xiaoz", "校長"], "校长"),
        (&["banzhuren", "bzr", "banzhu", "班主任"], "班主任"),
        (
            &["qiantaiwenyuan", "qtwy", "qiantaiwy", "前台文員"],
            "前台文员",
        ),
    ] {
        for q in queries {
            let top = bundled_titles(&index, q);
            if q.is_ascii() {
                assert_eq!(top.first().map(String::as_str), Some(title), "{q}: {top:?}");
            } else {
                // Titles that start with the name and hit it more often may rank
                // first (no exact-title bonus for characters yet).
                assert!(top[..2].iter().any(|t| t == title), "{q}: {top:?}");
            }
        }
    }
    // 挽单: the procedure and the team both start with it.
    for q in ["wandan", "wd", "挽單"] {
        let top = bundled_titles(&index, q);
        assert!(
            top.len() >= 2 && top[..2].iter().all(|t| t.starts_with("挽单")),
            "{q}: {top:?}"
        );
    }
    // 退费: both refund procedures are found by pinyin, full or initials, and by
    // either script, above pages that only mention it in the text.
    let refund: Vec<String> = ["学员退费", "学员退费·已开课"].map(String::from).to_vec();
    for q in ["tuifei", "tuìfèi", "tf", "tuif", "退费", "退費"] {
        let all = titles(&index, q);
        for t in &refund {
            let at = all.iter().position(|x| x == t);
            assert!(
                at.is_some_and(|i| i < 8),
                "{q}: {t} not near the top of {:?}",
                &all[..all.len().min(10)]
            );
        }
    }
    assert_eq!(index.search("退費"), index.search("退费"));
    assert_eq!(index.search("tuifei"), index.search("TuiFei"));
}

/// Pages of the bundled handbook whose title, headings or text contain `q` (folded), by
/// brute force over what the index shows for each page.
fn pages_containing(index: &LoadedIndex, q: &str) -> Vec<u32> {
    let q = handbook::fold::fold(q);
    (0..index.docs.len() as u32)
        .filter(|&d| {
            let doc = &index.docs[d as usize];
            handbook::fold::fold(&doc.title).contains(&q)
                || doc.sections.iter().any(|(_, heading, text)| {
                    handbook::fold::fold(heading).contains(&q)
                        || handbook::fold::fold(text).contains(&q)
                })
        })
        .collect()
}

/// Amounts and deadlines are a number and a one-char unit (元, 天, 分, 次): the unit forms no
/// bigram with the number, yet `800 元` must find every page that says so, with or without
/// the space.
#[test]
fn numbers_with_their_units_are_found() {
    let index = search_support::bundled_index();
    for q in [
        "800 元",
        "10 天",
        "扣 2 分",
        "6 个课时",
        "每拖延一天扣 2 分",
    ] {
        let expected = pages_containing(&index, q);
        assert!(!expected.is_empty(), "{q} is in the bundled handbook");
        let got: Vec<u32> = index.search(q).iter().map(|m| m.doc).collect();
        for d in &expected {
            assert!(
                got.contains(d),
                "{q}: {} missing",
                index.docs[*d as usize].title
            );
        }
        let unspaced = q.replace(' ', "");
        let got: Vec<u32> = index.search(&unspaced).iter().map(|m| m.doc).collect();
        for d in &expected {
            assert!(
                got.contains(d),
                "{unspaced}: {} missing",
                index.docs[*d as usize].title
            );
        }
    }
}

/// A query that is a page's whole title puts that page first, above titles that only
/// start with it.
#[test]
fn the_page_titled_as_the_query_comes_first() {
    let index = search_support::bundled_index();
    for q in ["学员退费", "前台", "投诉处理", "班主任", "教务长", "前臺"] {
        let top = bundled_titles(&index, q);
        assert_eq!(
            top.first().map(|t| handbook::fold::fold(t)),
            Some(handbook::fold::fold(q)),
            "{q}: {top:?}"
        );
    }
}

/// Everyday Taiwan spellings whose Simplified form differs by more than a one-to-one
/// character table: 瞭解, 回覆, 著裝 find 了解, 回复, 着装.
#[test]
fn taiwan_spellings_find_the_simplified_text() {
    let index = search_support::bundled_index();
    for (traditional, simplified) in [("瞭解學員", "了解学员"), ("回覆", "回复"), ("著裝", "着装")]
    {
        let expected = index.search(simplified);
        assert!(
            !expected.is_empty(),
            "{simplified} is in the bundled handbook"
        );
        assert_eq!(index.search(traditional), expected, "{traditional}");
    }
}

/// The one-line summary under a page's title is searchable, and finds that page.
#[test]
fn page_summaries_are_searchable() {
    let index = search_support::bundled_index();
    for (q, title) in [("通知缺课学员", "考勤与补课"), ("周询问续读", "班级结束")]
    {
        let all = titles(&index, q);
        assert!(all.iter().any(|t| t == title), "{q}: {all:?}");
    }
}
