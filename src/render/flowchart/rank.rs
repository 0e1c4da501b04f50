//! Rank assignment (rows) and lane resolution.
//!
//! Ranks are longest-path layers over the graph without its back edges: every
//! forward edge then points strictly downwards, and a step sits just below the
//! latest of its predecessors, which keeps parallel branches side by side.

use crate::render::flowchart::model::{Flow, NodeKind};

/// Ranks of the nodes and which edges were treated as back edges.
#[derive(Debug, Clone)]
pub struct Ranking {
    pub rank: Vec<usize>,
    /// Per valid edge (see [`valid_edges`]): ignored for ranking.
    pub ignored: Vec<bool>,
    pub n_ranks: usize,
}

/// Indices of the edges whose endpoints exist; the others are dropped silently
/// (the compiler's `check` reports them).
pub fn valid_edges(flow: &Flow) -> Vec<usize> {
    let n = flow.nodes.len();
    (0..flow.edges.len())
        .filter(|&i| flow.edges[i].from < n && flow.edges[i].to < n)
        .collect()
}

pub fn rank(flow: &Flow, edges: &[usize]) -> Ranking {
    let n = flow.nodes.len();
    let mut ignored: Vec<bool> = edges.iter().map(|&e| flow.edges[e].is_loop).collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &e) in edges.iter().enumerate() {
        out[flow.edges[e].from].push(k);
    }

    // Unmarked cycles are an authoring error the compiler reports, but the
    // diagram must still come out: break them at DFS back edges.
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (u, ref mut i)) = stack.last_mut() {
            if *i < out[u].len() {
                let k = out[u][*i];
                *i += 1;
                if ignored[k] {
                    continue;
                }
                let v = flow.edges[edges[k]].to;
                match state[v] {
                    0 => {
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                    1 => ignored[k] = true,
                    _ => {}
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }

    // Longest path by Kahn's algorithm, in node order for determinism.
    let mut indeg = vec![0usize; n];
    for (k, &e) in edges.iter().enumerate() {
        if !ignored[k] {
            indeg[flow.edges[e].to] += 1;
        }
    }
    let mut rank = vec![0usize; n];
    let mut queue: std::collections::VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(u) = queue.pop_front() {
        for &k in &out[u] {
            if ignored[k] {
                continue;
            }
            let v = flow.edges[edges[k]].to;
            rank[v] = rank[v].max(rank[u] + 1);
            indeg[v] -= 1;
            if indeg[v] == 0 {
                queue.push_back(v);
            }
        }
    }
    // End nodes sharing a rank with nothing after them are fine where they are;
    // a Start must be on top even if something odd points at it.
    for (v, node) in flow.nodes.iter().enumerate() {
        if node.kind == NodeKind::Start && indeg_forward_is_zero(flow, edges, &ignored, v) {
            rank[v] = 0;
        }
    }
    let n_ranks = rank.iter().map(|r| r + 1).max().unwrap_or(0);
    Ranking {
        rank,
        ignored,
        n_ranks,
    }
}

fn indeg_forward_is_zero(flow: &Flow, edges: &[usize], ignored: &[bool], v: usize) -> bool {
    edges
        .iter()
        .enumerate()
        .all(|(k, &e)| ignored[k] || flow.edges[e].to != v)
}

/// The lane of every node. Steps use their own lane; nodes without one (start,
/// end, jumps) take the lane of the adjacent step: a start its first successor's,
/// others their latest predecessor's (the step that leads there).
pub fn lanes(flow: &Flow, edges: &[usize], ranking: &Ranking, n_lanes: usize) -> Vec<usize> {
    let n = flow.nodes.len();
    let clamp = |l: usize| l.min(n_lanes.saturating_sub(1));
    let mut lane: Vec<Option<usize>> = flow.nodes.iter().map(|nd| nd.lane.map(clamp)).collect();
    // Synthetic nodes may chain (start → jump), so resolve in a few passes.
    for _ in 0..4 {
        let mut changed = false;
        for v in 0..n {
            if lane[v].is_some() {
                continue;
            }
            let succ = edges
                .iter()
                .filter(|&&e| flow.edges[e].from == v && flow.edges[e].to != v)
                .find_map(|&e| lane[flow.edges[e].to]);
            let pred = edges
                .iter()
                .enumerate()
                .filter(|&(_, &e)| flow.edges[e].to == v && flow.edges[e].from != v)
                .filter_map(|(k, &e)| {
                    let u = flow.edges[e].from;
                    lane[u].map(|l| (!ranking.ignored[k], ranking.rank[u], l))
                })
                // Prefer forward edges, then the latest predecessor; ties keep the first.
                .fold(None, |best: Option<(bool, usize, usize)>, c| match best {
                    Some(b) if (b.0, b.1) >= (c.0, c.1) => Some(b),
                    _ => Some(c),
                })
                .map(|c| c.2);
            let pick = if flow.nodes[v].kind == NodeKind::Start {
                succ.or(pred)
            } else {
                pred.or(succ)
            };
            if pick.is_some() {
                lane[v] = pick;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    lane.into_iter().map(|l| l.unwrap_or(0)).collect()
}
