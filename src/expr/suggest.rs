//! "Did you mean" suggestions.

/// Edit distance (insertions, deletions, substitutions, adjacent transpositions) between two
/// ASCII-ish strings, compared by `char`.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Full matrix: ids are short, and transpositions need the row before the previous one.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `name`, if it is close enough to be a plausible typo (at most one
/// edit for short names, two for longer ones).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = if name.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (distance(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// All ids one edit away from `name` over the id alphabet `[a-z0-9_]`, in a stable order.
///
/// The checker only has a lookup function, not a list of the form's fields, so it finds typos by
/// asking the lookup about each neighbour: for a 12-letter id that is about a thousand cheap
/// lookups, done only when an expression is already wrong.
pub(crate) fn neighbours(name: &str) -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_";
    let bytes = name.as_bytes();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |v: Vec<u8>| {
        if let Ok(s) = String::from_utf8(v) {
            if s != name && seen.insert(s.clone()) {
                out.push(s);
            }
        }
    };
    for i in 0..bytes.len() {
        let mut v = bytes.to_vec();
        v.remove(i);
        push(v);
    }
    for i in 0..bytes.len().saturating_sub(1) {
        let mut v = bytes.to_vec();
        v.swap(i, i + 1);
        push(v);
    }
    for i in 0..bytes.len() {
        for &c in ALPHABET {
            let mut v = bytes.to_vec();
            v[i] = c;
            push(v);
        }
    }
    for i in 0..=bytes.len() {
        for &c in ALPHABET {
            let mut v = bytes.to_vec();
            v.insert(i, c);
            push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("paid", "paid"), 0);
        assert_eq!(distance("piad", "paid"), 1);
        assert_eq!(distance("lesson_used", "lessons_used"), 1);
        assert_eq!(distance("abc", ""), 3);
    }

    #[test]
    fn closest_respects_limits() {
        assert_eq!(closest("mx", ["max", "min"]), Some("max"));
        assert_eq!(closest("sum", ["max", "min", "round", "abs"]), None);
        assert_eq!(
            closest("rond", ["max", "min", "round", "abs"]),
            Some("round")
        );
    }

    #[test]
    fn neighbours_cover_common_typos() {
        let n = neighbours("lesson_used");
        assert!(n.contains(&"lessons_used".to_string()));
        assert!(neighbours("piad").contains(&"paid".to_string()));
        assert!(neighbours("paidd").contains(&"paid".to_string()));
        assert!(neighbours("lessonsused").contains(&"lessons_used".to_string()));
        assert!(!neighbours("paid").contains(&"paid".to_string()));
    }
}
