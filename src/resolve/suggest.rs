//! "Did you mean …": the closest known names to a misspelt one.
//!
//! Names are compared after folding (Traditional → Simplified, full-width → half-width), so
//! `班主仼` and `班主任` are one edit apart and `退費` is no edit from `退费`.

use crate::fold::name_key;

/// How many edits a name of `len` characters may be off and still be suggested.
fn max_distance(len: usize) -> usize {
    // Chinese names are short and every character carries meaning: 财务 is not a typo of
    // 教务长, though only two edits apart.
    match len {
        0..=4 => 1,
        5..=8 => 2,
        n => n / 4,
    }
}

/// Scores `candidate` against `wanted` (both folded): lower is closer, `None` is too far.
fn score(wanted: &str, candidate: &str) -> Option<usize> {
    if wanted.is_empty() || candidate.is_empty() {
        return None;
    }
    let distance = strsim::levenshtein(wanted, candidate);
    let len = wanted.chars().count().max(candidate.chars().count());
    if distance <= max_distance(len) {
        return Some(distance);
    }
    // `客服班主任` for `班主任`, or `@班主任协助学员` written without a space.
    if candidate.chars().count() >= 2 && (wanted.contains(candidate) || candidate.contains(wanted))
    {
        return Some(distance.min(len));
    }
    None
}

/// The candidates close enough to `wanted`, best first, at most `limit`, without repeats.
pub fn ranked<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<String> {
    let key = name_key(wanted);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| score(&key, &name_key(c)).map(|s| (s, c)))
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
        if out.len() == limit {
            break;
        }
    }
    out
}

/// The single closest candidate, if any is close enough.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key = name_key(wanted);
    candidates
        .into_iter()
        .filter_map(|c| score(&key, &name_key(c)).map(|s| (s, c)))
        .min_by_key(|(s, _)| *s)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_across_scripts_and_typos() {
        let names = ["班主任", "教务长", "校长", "refund-request"];
        assert_eq!(closest("班主仼", names), Some("班主任"));
        assert_eq!(closest("教務長", names), Some("教务长"));
        assert_eq!(closest("refund-requst", names), Some("refund-request"));
        assert_eq!(closest("财务", names), None);
        assert_eq!(closest("班主任协助学员", names), Some("班主任"));
    }
}
