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
    check_recall(&small_files(), 8);
}

/// Small size targets, so that heavy and split keys, many shards and crowded key
/// prefixes placed deeper (branch entries) all occur in a small corpus.
fn small_files() -> BuildOptions {
    BuildOptions {
        heavy_key_bytes: 200,
        split_key_bytes: 400,
        split_group_bytes: 250,
        back_split_bytes: 600,
        shard_target_bytes: 1_000,
        prefix_group_bytes: 300,
        ..BuildOptions::default()
    }
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
/// starts or ends a run of CJK chars (beside punctuation, a space, a number): `费。`, `。班`,
/// `800 元`, `第8次`. Its hits spell it.
#[test]
fn single_chars_match_titles_keywords_headings_and_run_edges() {
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
    let cjk = handbook::search::token::is_cjk;
    let run_edge = |text: &[char], pos: usize| {
        pos == 0 || !cjk(text[pos - 1]) || pos + 1 == text.len() || !cjk(text[pos + 1])
    };
    for q in ["退", "長", "长", "班", "表", "元", "天", "次", "第"] {
        let expected: BTreeSet<u32> = brute_force(&streams, q)
            .into_iter()
            .filter(|e| e.1 != BODY || run_edge(&streams[e.0 as usize][3], e.2 as usize))
            .map(|e| e.0)
            .collect();
        let results = index.search(q);
        let got: BTreeSet<u32> = results.iter().map(|m| m.doc).collect();
        assert_eq!(got, expected, "{q}");
        for m in &results {
            for h in &m.hits {
                let f = &streams[m.doc as usize][h.field as usize];
                assert_eq!(
                    f[h.pos as usize..][..1],
                    fold(q).chars().collect::<Vec<_>>()[..]
                );
            }
        }
    }
    let docs_of = |q: &str| -> BTreeSet<u32> { index.search(q).iter().map(|m| m.doc).collect() };
    for q in [
        "800元",
        "800 元",
        "10天",
        "第8次课",
        "第 8 次课",
        "1200元",
        "00元",
        "费 1",
    ] {
        assert!(!docs_of(q).is_empty(), "{q}");
    }
    assert!(docs_of("800元").contains(&5) && docs_of("1200元").contains(&9));
    assert!(docs_of("00元").is_superset(&[5, 9].into()));
    assert!(docs_of("20").contains(&9), "a number found from its middle");
}

/// A page's text as a reader sees it: the title, then each section's heading and text on
/// lines of their own.
fn displayed(title: &str, sections: &[(&str, &str)]) -> String {
    let mut out = format!("{title}\n");
    for (heading, text) in sections {
        for part in [heading, text] {
            if !part.is_empty() {
                out.push_str(part);
                out.push('\n');
            }
        }
    }
    out
}

/// How a sample cuts the text, to check that each kind is exercised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cut {
    /// Holds a lone CJK char between a separator and the sample's end (`费。`, `。班`).
    LoneChar,
    /// Starts or ends inside a Latin/digit word (`00元` from `800元`).
    InsideWord,
    /// Spans two lines of the page (heading and text).
    Lines,
    Other,
}

/// For `samples` substrings of 2–6 chars, cut anywhere in a page's displayed text
/// (punctuation, digits, spaces and line breaks included, as a reader copies them), every
/// page whose displayed text holds the substring is returned, every returned page holds
/// every term of the query somewhere in `all_fields` (its text with keywords, when
/// given), and the Traditional spelling gives the same results. Returns how many samples
/// of each cut were checked.
fn check_copied_substrings(
    index: &LoadedIndex,
    pages: &[String],
    all_fields: Option<&[String]>,
    samples: usize,
    seed: u64,
) -> std::collections::BTreeMap<Cut, usize> {
    use handbook::search::token::{is_cjk, is_word, query_terms};
    // Line breaks and spaces are both separators to search; compare texts with either.
    let norm = |s: &str| -> String { fold(s).replace('\n', " ") };
    let folded: Vec<String> = pages.iter().map(|p| norm(p)).collect();
    let variants = traditional_variants();
    let mut rng = Rng::new(seed);
    let mut cuts = std::collections::BTreeMap::new();
    let mut checked = 0;
    while checked < samples {
        let page: Vec<char> = pages[rng.below(pages.len())].chars().collect();
        let len = 2 + rng.below(5);
        if page.len() <= len {
            continue;
        }
        let start = rng.below(page.len() - len);
        let q: String = page[start..start + len].iter().collect();
        let fq: Vec<char> = fold(&q).chars().collect();
        if !fq.iter().any(|&c| is_cjk(c) || is_word(c)) {
            continue;
        }
        let terms = query_terms(&fold(&q));
        let word_at = |i: usize| {
            page.get(i)
                .is_some_and(|&c| is_word(fold(&c.to_string()).chars().next().unwrap()))
        };
        let cut = if terms.iter().any(|t| t.text.len() == 1 && is_cjk(t.text[0])) {
            Cut::LoneChar
        } else if (start > 0 && word_at(start - 1) && word_at(start))
            || (word_at(start + len - 1) && word_at(start + len))
        {
            Cut::InsideWord
        } else if q.contains('\n') {
            Cut::Lines
        } else {
            Cut::Other
        };
        *cuts.entry(cut).or_insert(0) += 1;
        let needle = norm(&q);
        let expected: BTreeSet<u32> = (0..pages.len() as u32)
            .filter(|&d| folded[d as usize].contains(&needle))
            .collect();
        let results = index.search(&q);
        let got: BTreeSet<u32> = results.iter().map(|m| m.doc).collect();
        assert!(
            expected.is_subset(&got),
            "{q:?} ({cut:?}): pages {:?} hold it but were not found",
            expected.difference(&got).collect::<Vec<_>>()
        );
        if let Some(all) = all_fields {
            for &d in got.iter().filter(|_| !pinyin_query(&q)) {
                for t in &terms {
                    let t: String = t.text.iter().collect();
                    assert!(
                        fold(&all[d as usize]).contains(&t),
                        "{q:?}: page {d} returned without {t:?}"
                    );
                }
            }
        }
        let traditional = to_traditional(&fold(&q), &variants, &mut rng);
        assert_eq!(
            index.search(&traditional),
            results,
            "{q:?} vs {traditional:?}"
        );
        checked += 1;
    }
    cuts
}

/// Whether the engine also reads `q` as pinyin (then a page may match by its title's sound).
fn pinyin_query(q: &str) -> bool {
    handbook::search::phonetic::pinyin_query(&fold(q)).is_some()
}

#[test]
fn any_copied_substring_finds_every_page() {
    copied_substrings_with(&BuildOptions::default());
}

#[test]
fn any_copied_substring_finds_every_page_with_small_files() {
    copied_substrings_with(&small_files());
}

fn copied_substrings_with(opts: &BuildOptions) {
    let mut docs = corpus(300, 240, 17);
    // Numbers and Latin words to cut in the middle.
    for (i, doc) in docs.iter_mut().enumerate() {
        // Page numbers: many words sharing their first chars.
        doc.sections[0].text.push_str(&format!("编号 00{i:03}。"));
    }
    for (i, doc) in docs.iter_mut().enumerate().step_by(7) {
        doc.sections[0].text.push_str(&format!(
            "退费扣除 {} 元，编号 SO-{:03}-R{:02}，Refund policy {}。",
            800 + i * 37,
            i,
            i % 13,
            ["applies", "approval", "deadline"][i % 3]
        ));
    }
    let files = build_index_with(&docs, opts);
    let index = LoadedIndex::from_files(&files).unwrap();
    if opts.prefix_group_bytes < 1000 {
        let branches = files.iter().any(|(path, bytes)| {
            path.starts_with("search/s")
                && String::from_utf8_lossy(bytes).contains(handbook::search::token::BRANCH_MARK)
        });
        assert!(branches, "no key prefix was placed deeper");
    }
    let pages: Vec<String> = docs
        .iter()
        .map(|d| {
            let sections: Vec<(&str, &str)> = d
                .sections
                .iter()
                .map(|s| (s.heading.as_str(), s.text.as_str()))
                .collect();
            displayed(&d.title, &sections)
        })
        .collect();
    let all: Vec<String> = docs.iter().map(|d| field_streams(d).join("\n")).collect();
    let cuts = check_copied_substrings(&index, &pages, Some(&all), 1500, 5);
    for cut in [Cut::LoneChar, Cut::InsideWord, Cut::Lines, Cut::Other] {
        assert!(
            cuts.get(&cut).copied().unwrap_or(0) >= 20,
            "too few {cut:?} samples: {cuts:?}"
        );
    }
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

/// The bundled handbook, as a reader copies from it: any 2–6 chars of a page's title,
/// headings and text (punctuation, numbers and line breaks included) find every page
/// that holds them, in either script.
#[test]
fn bundled_handbook_any_copied_substring() {
    let index = search_support::bundled_index();
    let pages: Vec<String> = index
        .docs
        .iter()
        .map(|d| {
            let sections: Vec<(&str, &str)> = d
                .sections
                .iter()
                .map(|s| (s.1.as_str(), s.2.as_str()))
                .collect();
            displayed(&d.title, &sections)
        })
        .collect();
    let cuts = check_copied_substrings(&index, &pages, None, 3000, 2026);
    for cut in [Cut::LoneChar, Cut::InsideWord, Cut::Lines] {
        assert!(
            cuts.get(&cut).copied().unwrap_or(0) >= 20,
            "too few {cut:?} samples: {cuts:?}"
        );
    }
}
