//! The bundled handbook, read as a new hire reads the built site: the answers to the questions
//! training asks must be on the pages, where a reader looks for them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

fn site() -> &'static HashMap<String, String> {
    static SITE: OnceLock<HashMap<String, String>> = OnceLock::new();
    SITE.get_or_init(|| {
        let checked = handbook::pipeline::check(Path::new(env!("CARGO_MANIFEST_DIR")), true)
            .unwrap_or_else(|_| panic!("book.toml of the bundled handbook is broken"));
        assert!(
            checked.diagnostics.is_empty(),
            "the bundled handbook must check clean (warnings denied): {:#?}",
            checked.diagnostics
        );
        let book = checked.book.as_ref().unwrap();
        let tree = handbook::render::render(book, &checked.project).unwrap();
        tree.files
            .into_iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
            .collect()
    })
}

fn page(path: &str) -> &'static str {
    site().get(path).unwrap_or_else(|| panic!("no page {path}"))
}

/// The visible text of an HTML fragment.
fn text(html: &str) -> String {
    handbook::render::markdown::plain_text(html)
}

/// The HTML of the element that starts with `<tag … id="id"`, up to its closing tag.
fn element<'a>(html: &'a str, tag: &str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<{tag} id=\"{id}\""))
        .unwrap_or_else(|| panic!("no <{tag} id=\"{id}\">"));
    let end = html[start..].find(&format!("</{tag}>")).unwrap() + start;
    &html[start..end]
}

#[test]
fn who_approves_a_refund_under_each_procedure() {
    let approve = text(element(
        page("procedures/refund.html"),
        "li",
        "step-approve",
    ));
    assert!(
        approve.starts_with("校长") && approve.contains("批准退费申请"),
        "{approve}"
    );
    let approve = text(element(
        page("procedures/refund-started.html"),
        "li",
        "step-approve",
    ));
    assert!(
        approve.starts_with("中心校长") && approve.contains("审批退费"),
        "{approve}"
    );
}

#[test]
fn what_is_deducted_from_a_started_one_to_one_course() {
    let html = page("procedures/refund-started.html");
    let amount = text(element(html, "li", "step-check-amount"));
    assert!(
        amount.contains("100 %") && amount.contains("800 元"),
        "{amount}"
    );
    let form = text(page("forms/refund-started-request.html"));
    assert!(
        form.contains("800"),
        "the refund form shows the management fee"
    );
}

#[test]
fn within_how_many_class_hours_a_level_change_is_made() {
    let review = text(element(
        page("procedures/level-adjustment.html"),
        "li",
        "step-dean-review",
    ));
    assert!(review.contains("开课后 6 课时内完成调整"), "{review}");
}

#[test]
fn the_eleven_phrases_never_said_to_a_customer() {
    let html = page("phrases/complaint-language.html");
    let phrases: Vec<String> = html
        .split("<p class=\"hb-phrase-text\">")
        .skip(1)
        .map(|chunk| {
            text(&chunk[..chunk.find("</p>").unwrap()])
                .trim_start_matches('✗')
                .trim()
                .to_string()
        })
        .collect();
    let expected = [
        "这事没办法……",
        "认倒霉吧!",
        "人家客户都挺好啊!",
        "我们一直都是这么经营的!",
        "你先听我解释。",
        "你也有不对的地方。",
        "你相不相信我?",
        "爱告哪儿就告哪儿。",
        "没看我正忙着吗?",
        "你怎么这样讲话?",
        "你去找消协吧,这是他们的电话号码。",
    ];
    let expected: Vec<String> = expected.iter().map(|p| format!("“{p}”")).collect();
    assert_eq!(phrases, expected);
    assert!(text(html).contains("编者注"), "editorial wording is marked");
}

#[test]
fn points_a_head_teacher_loses_per_day_a_make_up_lesson_is_late() {
    let html = page("scorecards/head-teacher.html");
    let row = html
        .split("<tr class=\"hb-rule\"")
        .find(|row| row.contains("没有及时安排补课时间"))
        .expect("the make-up lesson item");
    assert!(
        row.contains("data-deduct=\"2\"") && row.contains("data-per=\"day\""),
        "{row}"
    );
    assert!(text(row).contains("扣 2 分"), "{}", text(row));
}

#[test]
fn every_procedure_links_its_roles_and_every_role_links_back() {
    let site = site();
    let procedures: Vec<&String> = site
        .keys()
        .filter(|p| p.starts_with("procedures/"))
        .collect();
    assert!(procedures.len() >= 18, "{} procedures", procedures.len());
    for path in procedures {
        let html = &site[path];
        let steps = &html[html.find("<ol class=\"hb-steps\">").unwrap()..];
        let mut roles: Vec<&str> = steps
            .split("class=\"hb-role\" href=\"../")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        roles.sort();
        roles.dedup();
        assert!(!roles.is_empty(), "{path} links no role");
        let back = format!("href=\"../{path}");
        for role in roles {
            let role_page = site
                .get(role)
                .unwrap_or_else(|| panic!("{path} links to missing {role}"));
            assert!(
                role_page.contains(&back),
                "{role} does not link back to {path}"
            );
        }
    }
}

#[test]
fn the_bundled_handbook_has_what_the_seeds_hold() {
    let count = |prefix: &str| {
        site()
            .keys()
            .filter(|p| p.starts_with(prefix) && !p.ends_with(".signoff.html"))
            .count()
    };
    assert!(count("roles/") >= 18);
    assert!(count("procedures/") >= 18);
    assert!(count("scorecards/") >= 5);
    assert!(count("forms/") >= 9);
    let questions: usize = site()
        .iter()
        .filter(|(p, _)| p.starts_with("quizzes/"))
        .map(|(_, h)| h.matches("class=\"hb-question\"").count())
        .sum();
    assert!(questions >= 20, "{questions} quiz questions");
}
