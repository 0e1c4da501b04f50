//! Property-style tests over a seeded corpus: every sampled substring finds
//! every doc (and every position) containing it, in either script.

mod search_support;

use handbook::fold::fold;
use handbook::search::postings::BODY;
use handbook::search::{
    build_index, build_index_with, writer::field_streams, BuildOptions, Hit, LoadedIndex,
};
use search_support::{corpus, sample_phrase, to_traditional, traditional_variants, Rng};
use std::collections::BTreeSet;

/// Every (doc, field, offset) where folded `q` occurs, by brute force.
fn brute_force(streams: &[[Vec<char>; 4]], q: &str) -> BTreeSet<(u32, u8, u32)> {
    let q: Vec<char> = fold(q).chars().collect();
    let mut out = BTreeSet::new();
    for (doc, fields) in streams.iter().enumerate() {
        for (field, text) in fields.iter().enumerate() {
            for (pos, w) in text.windows(q.len()).enumerate() {
                if w == q.as_slice() {
                    out.insert((doc as u32, field as u8, pos as u32));
                }
            }
        }
    }
    out
}

fn hits_of(index: &LoadedIndex, q: &str) -> BTreeSet<(u32, u8, u32)> {
    index
        .search(q)
        .iter()
        .flat_map(|m| m.hits.iter().map(move |h| (m.doc, h.field, h.pos)))
        .collect()
}

#[test]
fn every_substring_finds_every_occurrence_in_both_scripts() {
    check_recall(&BuildOptions::default(), 7);
}

#[test]
fn recall_holds_with_heavy_keys_and_many_shards() {
    check_recall(
        &BuildOptions {
            heavy_key_bytes: 200,
            split_key_bytes: 400,
            split_group_bytes: 250,
            back_split_bytes: 600,
            shard_target_bytes: 1_000,
            ..BuildOptions::default()
        },
        8,
    );
}

fn check_recall(opts: &BuildOptions, seed: u64) {
    let docs = corpus(300, 240, seed);
    let index = LoadedIndex::from_files(&build_index_with(&docs, opts)).expect("index loads");
    let streams: Vec<[Vec<char>; 4]> = docs
        .iter()
        .map(|d| field_streams(d).map(|s| s.chars().collect()))
        .collect();
    let variants = traditional_variants();
    let mut rng = Rng::new(99);
    let mut checked = 0;
    while checked < 600 {
        let doc = &docs[rng.below(docs.len())];
        let Some(q) = sample_phrase(doc, &mut rng, 6) else {
            continue;
        };
        let expected = brute_force(&streams, &q);
        let got = hits_of(&index, &q);
        assert_eq!(got, expected, "query {q:?}");
        let expected_docs: BTreeSet<u32> = expected.iter().map(|e| e.0).collect();
        let got_docs: BTreeSet<u32> = index.search(&q).iter().map(|m| m.doc).collect();
        assert_eq!(got_docs, expected_docs, "docs for {q:?}");
        // The same query typed in the other script gives identical results.
        let simplified = fold(&q);
        let traditional = to_traditional(&simplified, &variants, &mut rng);
        let base = index.search(&q);
        assert_eq!(index.search(&simplified), base, "{q:?} vs {simplified:?}");
        assert_eq!(index.search(&traditional), base, "{q:?} vs {traditional:?}");
        checked += 1;
    }
}

#[test]
fn body_hits_locate_their_section() {
    let docs = corpus(60, 300, 3);
    let index = LoadedIndex::from_files(&build_index(&docs)).unwrap();
    let mut rng = Rng::new(5);
    for _ in 0..200 {
        let d = rng.below(docs.len());
        let s = rng.below(docs[d].sections.len());
        let text: Vec<char> = docs[d].sections[s].text.chars().collect();
        let start = rng.below(text.len().saturating_sub(3));
        let q: String = text[start..start + 3].iter().collect();
        if !q.chars().all(handbook::search::token::is_cjk) {
            continue;
        }
        let m = index
            .search(&q)
            .into_iter()
            .find(|m| m.doc == d as u32)
            .expect("doc found");
        let located: BTreeSet<(usize, usize)> = m
            .hits
            .iter()
            .filter(|h| h.field == BODY)
            .filter_map(|h| index.locate(d as u32, *h))
            .collect();
        assert!(
            located.contains(&(s, start)),
            "{q:?} at section {s} offset {start}: {located:?}"
        );
        for (sec, off) in located {
            let chars: Vec<char> = fold(&docs[d].sections[sec].text).chars().collect();
            assert_eq!(chars[off..off + 3].iter().collect::<String>(), fold(&q));
        }
    }
}

/// A single char matches titles, keywords and headings everywhere, and the body where it
/// stands next to a number or Latin word (spaces between allowed): `800 元`, `第8次`.
#[test]
fn single_chars_match_titles_keywords_headings_and_units() {
    let mut docs = corpus(120, 200, 11);
    docs[5].sections[0]
        .text
        .push_str("扣除 800 元，10天内退；第 8 次课。元旦");
    docs[9].sections[0].text.push_str("课时费 1200元。");
    let index = LoadedIndex::from_files(&build_index(&docs)).unwrap();
    let streams: Vec<[Vec<char>; 4]> = docs
        .iter()
        .map(|d| field_streams(d).map(|s| s.chars().collect()))
        .collect();
    let beside_word = |text: &[char], pos: usize| {
        let word = |c: &&char| c.is_ascii_alphanumeric();
        let before = text[..pos].iter().rev().find(|&&c| c != ' ');
        let after = text[pos + 1..].iter().find(|&&c| c != ' ');
        before.as_ref().is_some_and(word) || after.as_ref().is_some_and(word)
    };
    for q in ["退", "長", "长", "班", "表", "元", "天", "次", "第"] {
        let expected: BTreeSet<(u32, u8, u32)> = brute_force(&streams, q)
            .into_iter()
            .filter(|e| e.1 != BODY || beside_word(&streams[e.0 as usize][3], e.2 as usize))
            .collect();
        assert_eq!(hits_of(&index, q), expected, "{q}");
    }
    let docs_of = |q: &str| -> BTreeSet<u32> { index.search(q).iter().map(|m| m.doc).collect() };
    for q in ["800元", "800 元", "10天", "第8次课", "第 8 次课", "1200元"] {
        assert!(!docs_of(q).is_empty(), "{q}");
    }
    assert!(docs_of("800元").contains(&5) && docs_of("1200元").contains(&9));
}

#[test]
fn latin_words_match_whole_and_by_prefix() {
    let docs = corpus(200, 300, 13);
    let index = LoadedIndex::from_files(&build_index(&docs)).unwrap();
    let exact: BTreeSet<u32> = index.search("r01 ").iter().map(|m| m.doc).collect();
    let prefix: BTreeSet<u32> = index.search("r0").iter().map(|m| m.doc).collect();
    assert!(!exact.is_empty());
    assert!(exact.is_subset(&prefix));
    for d in &exact {
        let text = field_streams(&docs[*d as usize]).join("\n");
        assert!(text.contains("r01"), "{d}");
    }
    // Full-width and upper case fold to the same words.
    assert_eq!(index.search("Ｒ０１ "), index.search("r01 "));
}

#[test]
fn multi_term_queries_are_and() {
    let docs = corpus(200, 300, 17);
    let index = LoadedIndex::from_files(&build_index(&docs)).unwrap();
    let a: BTreeSet<u32> = index.search("班主任").iter().map(|m| m.doc).collect();
    let b: BTreeSet<u32> = index.search("课程").iter().map(|m| m.doc).collect();
    let both: BTreeSet<u32> = index.search("班主任 课程").iter().map(|m| m.doc).collect();
    assert_eq!(both, a.intersection(&b).copied().collect());
    assert!(!both.is_empty());
}

#[test]
fn hits_cover_the_whole_phrase() {
    let docs = corpus(50, 200, 19);
    let index = LoadedIndex::from_files(&build_index(&docs)).unwrap();
    for m in index.search("班主任") {
        assert!(m.hits.iter().all(|h: &Hit| h.len == 3), "{m:?}");
    }
}

/// The bundled handbook, end to end: pages rendered by `handbook::render`, the
/// index it writes, the reference engine. For sampled 2–6 char substrings of
/// every page's main text (its search sections, taken from `<main>`), every
/// page whose title, headings or text contains the substring is returned, each
/// returned hit really spells the query, and the Simplified and Traditional
/// spellings give identical results.
#[test]
fn bundled_handbook_recall_in_both_scripts() {
    let index = search_support::bundled_index();
    assert!(
        index.docs.len() > 50,
        "only {} pages indexed",
        index.docs.len()
    );
    // Folded (title, headings, body) streams as the index numbers them.
    let streams: Vec<[Vec<char>; 3]> = index
        .docs
        .iter()
        .map(|d| {
            let join = |f: &dyn Fn(&(String, String, String)) -> &str| {
                fold(&d.sections.iter().map(f).collect::<Vec<_>>().join("\n"))
                    .chars()
                    .collect()
            };
            [
                fold(&d.title).chars().collect(),
                join(&|s| s.1.as_str()),
                join(&|s| s.2.as_str()),
            ]
        })
        .collect();
    let contains = |hay: &[char], q: &[char]| hay.windows(q.len()).any(|w| w == q);
    let variants = traditional_variants();
    let mut rng = Rng::new(2026);
    let mut checked = 0;
    for (id, doc) in index.docs.iter().enumerate() {
        let text: Vec<char> = doc
            .sections
            .iter()
            .flat_map(|s| format!("{}\n{}\n", s.1, s.2).chars().collect::<Vec<_>>())
            .collect();
        let mut tries = 0;
        let mut found = 0;
        while found < 8 && tries < 200 {
            tries += 1;
            let len = 2 + rng.below(5);
            if text.len() < len {
                break;
            }
            let start = rng.below(text.len() - len + 1);
            let q: String = text[start..start + len].iter().collect();
            if !q.chars().all(handbook::search::token::is_cjk) {
                continue;
            }
            found += 1;
            let fq: Vec<char> = fold(&q).chars().collect();
            let results = index.search(&q);
            let got: BTreeSet<u32> = results.iter().map(|m| m.doc).collect();
            for (d, s) in streams.iter().enumerate() {
                if s.iter().any(|f| contains(f, &fq)) {
                    assert!(
                        got.contains(&(d as u32)),
                        "{q:?} in page {} was not found",
                        index.docs[d].url
                    );
                }
            }
            assert!(
                got.contains(&(id as u32)),
                "{q:?} did not find its own page"
            );
            // Every title, heading and body hit spells the query.
            for m in &results {
                for h in m.hits.iter().filter(|h| h.field != 1) {
                    let f = &streams[m.doc as usize][if h.field == 0 {
                        0
                    } else {
                        h.field as usize - 1
                    }];
                    let at: Vec<char> = f
                        .iter()
                        .skip(h.pos as usize)
                        .take(h.len as usize)
                        .copied()
                        .collect();
                    assert_eq!(
                        at, fq,
                        "{q:?}: bad hit {h:?} in {}",
                        index.docs[m.doc as usize].url
                    );
                }
            }
            let simplified = fold(&q);
            let traditional = to_traditional(&simplified, &variants, &mut rng);
            assert_eq!(
                index.search(&simplified),
                results,
                "{q:?} vs {simplified:?}"
            );
            assert_eq!(
                index.search(&traditional),
                results,
                "{q:?} vs {traditional:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} queries checked");
}

/// Substrings as a reader copies them, punctuation and all (`费，学员`, `。班主任`): every page
/// holding one is found, whenever it has a run of two CJK chars to look up (a lone char
/// beside punctuation only adds to the score). Digits are left to the tests of words.
#[test]
fn copied_text_with_punctuation_finds_every_page() {
    let docs = corpus(300, 240, 17);
    let index = LoadedIndex::from_files(&build_index(&docs)).unwrap();
    let texts: Vec<String> = docs
        .iter()
        .map(|d| {
            let streams = field_streams(d);
            streams.join("\n")
        })
        .collect();
    let mut rng = Rng::new(5);
    let mut checked = 0;
    let mut with_lone_char = 0;
    while checked < 400 {
        let doc = &docs[rng.below(docs.len())];
        let text: Vec<char> = fold(&rng.pick(&doc.sections).text).chars().collect();
        if text.len() < 6 {
            continue;
        }
        let len = 2 + rng.below(5);
        let start = rng.below(text.len() - len);
        let q: String = text[start..start + len].iter().collect();
        let terms = handbook::search::token::query_terms(&q);
        let has_run = terms
            .iter()
            .any(|t| t.kind == handbook::search::token::TermKind::Cjk && t.text.len() >= 2);
        if !has_run || q.chars().any(|c| c.is_ascii_alphanumeric() || c == '\n') {
            continue;
        }
        if terms.iter().any(|t| t.text.len() == 1) {
            with_lone_char += 1;
        }
        let expected: BTreeSet<u32> = (0..docs.len() as u32)
            .filter(|&d| texts[d as usize].contains(&q))
            .collect();
        let got: BTreeSet<u32> = index.search(&q).iter().map(|m| m.doc).collect();
        assert!(
            expected.is_subset(&got),
            "{q:?}: missing {:?}",
            expected.difference(&got).collect::<Vec<_>>()
        );
        checked += 1;
    }
    assert!(
        with_lone_char > 20,
        "only {with_lone_char} samples had a lone char"
    );
}
