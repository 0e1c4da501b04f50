//! Runs `tests/js/search_node_test.js`: the browser engine (`theme/search.js`) must
//! return exactly what the Rust engine returns, query by query.

mod search_support;

use handbook::fold::fold;
use handbook::search::{build_index_with, BuildOptions, LoadedIndex};
use search_support::{corpus, sample_phrase, to_traditional, traditional_variants, Rng};
use std::path::Path;
use std::process::Command;

#[test]
fn javascript_engine_matches_rust_engine() {
    if Command::new("node").arg("--version").output().is_err() {
        // In CI a missing node must not pass silently.
        assert!(
            std::env::var_os("CI").is_none(),
            "`node` not found but CI is set: the JS search engine must be checked in CI \
             (install Debian's nodejs package)"
        );
        eprintln!("SKIPPED: `node` not found; the JS search engine was not checked");
        return;
    }
    let mut docs = corpus(300, 240, 23);
    // Units beside numbers (single chars indexed in the body) and a title that another
    // title starts with (the whole-title bonus).
    docs[7].sections[0]
        .text
        .push_str("扣除 800 元，10天内；第 8 次课。");
    docs[8].sections[0].text.push_str("另收 800元。");
    docs[11].title = format!("{}·补充", docs[10].title);
    // Numbered pages: many words sharing their first chars (`00…`), which the writer
    // places deeper.
    for (i, doc) in docs.iter_mut().enumerate() {
        doc.sections[0]
            .text
            .push_str(&format!("编号 00{i:03}·R{}。", i % 7));
    }
    // Small size targets so heavy-key files (split bigrams with and without buckets by
    // the preceding char), many shards and several fold chunks all occur in this small
    // corpus.
    let opts = BuildOptions {
        heavy_key_bytes: 300,
        split_key_bytes: 500,
        split_group_bytes: 300,
        back_split_bytes: 700,
        shard_target_bytes: 2_000,
        prefix_group_bytes: 400,
        ..BuildOptions::default()
    };
    let files = build_index_with(&docs, &opts);
    assert!(
        files.iter().any(|(p, _)| p.starts_with("search/h")),
        "no heavy keys exercised"
    );
    assert!(
        files.iter().any(|(p, bytes)| p.starts_with("search/s")
            && String::from_utf8_lossy(bytes).contains(handbook::search::token::BRANCH_MARK)),
        "no branch entries (crowded key prefixes placed deeper) exercised"
    );
    for kind in ["n", "p"] {
        assert!(
            files
                .iter()
                .any(|(p, _)| p.starts_with("search/h") && p.contains(kind)),
            "no split-key bucket groups h*{kind}* exercised"
        );
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-node");
    let _ = std::fs::remove_dir_all(&dir);
    for (path, bytes) in &files {
        let p = dir.join("site").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let index = LoadedIndex::from_files(&files).unwrap();

    let mut queries: Vec<String> = [
        "退费",
        "退費流程",
        "長",
        "班主任 课程",
        "jiaowuzhang",
        "xiaozhang",
        "bzr",
        "tf",
        "qtwy",
        "r01",
        "so 011",
        "Ｒ０１",
        "hrjl",
        "，",
        "",
        "不存在的词语组合",
        "800元",
        "800 元",
        "10天",
        "第 8 次课",
        "元",
        "费，班主任",
        "。学员 长",
        "费。班",
        "00元",
        "00",
        "0 元",
        "第8",
        "费 1",
        "so-0",
        "o-01",
        "1-R0",
        "4d",
        "00",
        "001",
        "0012",
        "00123",
        "0123",
        "12·r",
        "tuìfèi",
        "jiàowùzhǎng",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    queries.push(docs[10].title.clone());
    let mut rng = Rng::new(31);
    let variants = traditional_variants();
    // Text copied from anywhere: punctuation, numbers and words cut in the middle.
    while queries.len() < 180 {
        let d = &docs[rng.below(docs.len())];
        let text: Vec<char> = rng.pick(&d.sections).text.chars().collect();
        let len = 2 + rng.below(5);
        if text.len() > len {
            let start = rng.below(text.len() - len);
            queries.push(text[start..start + len].iter().collect());
        }
    }
    while queries.len() < 300 {
        let d = &docs[rng.below(docs.len())];
        if let Some(q) = sample_phrase(d, &mut rng, 6) {
            queries.push(to_traditional(&fold(&q), &variants, &mut rng));
            queries.push(q);
        }
    }
    let expected: Vec<serde_json::Value> = queries
        .iter()
        .map(|q| {
            let results: Vec<serde_json::Value> = index
                .search(q)
                .iter()
                .map(|m| {
                    let hits: Vec<[u32; 3]> = m
                        .hits
                        .iter()
                        .map(|h| [h.field as u32, h.pos, h.len])
                        .collect();
                    serde_json::json!([m.doc, m.score, hits])
                })
                .collect();
            serde_json::json!({ "q": q, "results": results })
        })
        .collect();
    std::fs::write(
        dir.join("expected.json"),
        serde_json::to_string(&expected).unwrap(),
    )
    .unwrap();

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/search_node_test.js");
    let out = Command::new("node")
        .arg(script)
        .arg(&dir)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "node test failed");
    assert!(stdout.contains(&format!("{} passed, 0 failed", queries.len() + 1)));
}
