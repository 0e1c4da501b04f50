//! Posting lists: which docs, fields and offsets a key occurs at.
//!
//! A key's list is one string of [`crate::search::codec`] integers, grouped per
//! (doc, field) in ascending order:
//! `doc_delta, count * 4 + field, first_pos, gap - 1, gap - 1, ...`
//! where `doc_delta` is the doc id minus the previous group's (0 for a second
//! field of the same doc; the first group's is the doc id itself) and gaps
//! are between successive offsets in that field's stream.

use crate::search::codec;

/// Field classes, in ranking order. Offsets are into that field's stream:
/// the title; the keywords joined by `\n`; the section headings joined by
/// `\n`; the section texts joined by `\n`.
pub const TITLE: u8 = 0;
pub const KEYWORD: u8 = 1;
pub const HEADING: u8 = 2;
pub const BODY: u8 = 3;

/// The occurrences of one key in one field of one doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub doc: u32,
    pub field: u8,
    pub positions: Vec<u32>,
}

/// Encodes groups already sorted by (doc, field).
pub fn encode(groups: &[Group]) -> String {
    encode_groups(groups, true)
}

/// The summary of a split key's list (`search/hN.js`): per group
/// `doc_delta, count * 4 + field`, then the positions as in [`encode`] except for
/// [`BODY`] groups, which keep only their count. It gives a 2-char query its docs and
/// scores; the body hits of the docs on display are found in their text.
pub fn encode_summary(groups: &[Group]) -> String {
    encode_groups(groups, false)
}

fn encode_groups(groups: &[Group], body_positions: bool) -> String {
    let mut out = String::new();
    let mut prev_doc = 0;
    for g in groups {
        codec::push(&mut out, g.doc - prev_doc);
        prev_doc = g.doc;
        codec::push(&mut out, (g.positions.len() as u32) * 4 + g.field as u32);
        if g.field == BODY && !body_positions {
            continue;
        }
        let mut prev: Option<u32> = None;
        for &p in &g.positions {
            codec::push(&mut out, prev.map_or(p, |q| p - q - 1));
            prev = Some(p);
        }
    }
    out
}

/// Inverse of [`encode_summary`]: groups (with no positions for body groups) and
/// their counts.
pub fn decode_summary(s: &str) -> Option<Vec<(Group, u32)>> {
    let nums = codec::decode(s)?;
    let mut it = nums.into_iter();
    let mut out = Vec::new();
    let mut doc = 0;
    while let Some(delta) = it.next() {
        doc += delta;
        let head = it.next()?;
        let (count, field) = (head / 4, (head % 4) as u8);
        let mut positions = Vec::new();
        if field != BODY {
            let mut prev: Option<u32> = None;
            for _ in 0..count {
                let v = it.next()?;
                let p = prev.map_or(v, |q| q + v + 1);
                positions.push(p);
                prev = Some(p);
            }
        }
        out.push((
            Group {
                doc,
                field,
                positions,
            },
            count,
        ));
    }
    Some(out)
}

/// Inverse of [`encode`]; `None` on a malformed list.
pub fn decode(s: &str) -> Option<Vec<Group>> {
    let nums = codec::decode(s)?;
    let mut it = nums.into_iter();
    let mut groups = Vec::new();
    let mut doc = 0;
    while let Some(delta) = it.next() {
        doc += delta;
        let head = it.next()?;
        let mut positions = Vec::with_capacity((head / 4) as usize);
        let mut prev: Option<u32> = None;
        for _ in 0..head / 4 {
            let v = it.next()?;
            let p = prev.map_or(v, |q| q + v + 1);
            positions.push(p);
            prev = Some(p);
        }
        groups.push(Group {
            doc,
            field: (head % 4) as u8,
            positions,
        });
    }
    Some(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let groups = vec![
            Group {
                doc: 3,
                field: TITLE,
                positions: vec![0],
            },
            Group {
                doc: 3,
                field: BODY,
                positions: vec![5, 6, 900],
            },
            Group {
                doc: 40,
                field: HEADING,
                positions: vec![2],
            },
        ];
        assert_eq!(decode(&encode(&groups)).unwrap(), groups);
        let summary = decode_summary(&encode_summary(&groups)).unwrap();
        let counts: Vec<u32> = summary.iter().map(|(_, c)| *c).collect();
        assert_eq!(counts, vec![1, 3, 1]);
        assert_eq!(summary[0].0, groups[0]);
        assert!(summary[1].0.positions.is_empty());
        assert_eq!(summary[2].0, groups[2]);
    }
}
