//! Ordering within ranks: which column each node takes.
//!
//! The drawing is a grid. Each lane owns as many columns as it has nodes in its
//! busiest rank (usually one). Within a (rank, lane) cell group the order is
//! chosen by the barycenter heuristic, sweeping down and up a few times: a node
//! moves towards the mean column of its neighbours, which removes most edge
//! crossings and keeps chains of steps in one straight column.

/// The grid: ranks × columns, each cell holding at most one node.
#[derive(Debug, Clone)]
pub struct Grid {
    pub n_ranks: usize,
    pub n_cols: usize,
    /// Column of each node.
    pub col: Vec<usize>,
    /// First column and column count of each lane.
    pub lane_cols: Vec<(usize, usize)>,
    cells: Vec<Option<usize>>,
}

impl Grid {
    pub fn at(&self, rank: usize, col: usize) -> Option<usize> {
        self.cells[rank * self.n_cols + col]
    }
    /// True when vertical gutter `j` (left of column `j`) separates two lanes or
    /// is an outer edge of the drawing.
    pub fn is_lane_boundary(&self, j: usize) -> bool {
        j == 0 || j == self.n_cols || self.lane_cols.iter().any(|&(first, _)| first == j)
    }
    /// The lane owning column `c`.
    pub fn lane_of_col(&self, c: usize) -> usize {
        self.lane_cols
            .iter()
            .position(|&(f, n)| c >= f && c < f + n)
            .unwrap_or(0)
    }
}

/// Assigns columns. `links` are the forward edges as (from, to) node pairs.
pub fn order(
    rank: &[usize],
    lane: &[usize],
    n_ranks: usize,
    n_lanes: usize,
    links: &[(usize, usize)],
) -> Grid {
    let n = rank.len();
    let n_lanes = n_lanes.max(1);
    // groups[r][l]: nodes of lane l in rank r, in current order.
    let mut groups: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); n_lanes]; n_ranks];
    for v in 0..n {
        groups[rank[v]][lane[v]].push(v);
    }
    let mut lane_cols = Vec::with_capacity(n_lanes);
    let mut next = 0;
    for l in 0..n_lanes {
        let k = groups
            .iter()
            .map(|row| row[l].len())
            .max()
            .unwrap_or(0)
            .max(1);
        lane_cols.push((next, k));
        next += k;
    }
    let n_cols = next;

    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in links {
        if a != b {
            succs[a].push(b);
            preds[b].push(a);
        }
    }

    // Initial slots: in node order, centred in the lane.
    let mut slot = vec![0usize; n];
    for row in &groups {
        for (l, g) in row.iter().enumerate() {
            let k = lane_cols[l].1;
            let off = (k - g.len()) / 2;
            for (i, &v) in g.iter().enumerate() {
                slot[v] = off + i;
            }
        }
    }
    let pos = |slot: &[usize], v: usize| (lane_cols[lane[v]].0 + slot[v]) as f64;

    for iter in 0..8 {
        let down = iter % 2 == 0;
        let ranks: Vec<usize> = if down {
            (0..n_ranks).collect()
        } else {
            (0..n_ranks).rev().collect()
        };
        for r in ranks {
            for l in 0..n_lanes {
                let g = &groups[r][l];
                if g.is_empty() {
                    continue;
                }
                let bary: Vec<(usize, f64)> = g
                    .iter()
                    .map(|&v| {
                        let primary = if down { &preds[v] } else { &succs[v] };
                        let nb: Vec<usize> = if primary.is_empty() {
                            preds[v].iter().chain(&succs[v]).copied().collect()
                        } else {
                            primary.clone()
                        };
                        let b = if nb.is_empty() {
                            pos(&slot, v)
                        } else {
                            nb.iter().map(|&u| pos(&slot, u)).sum::<f64>() / nb.len() as f64
                        };
                        (v, b)
                    })
                    .collect();
                let mut sorted = bary.clone();
                sorted.sort_by(|a, b| a.1.total_cmp(&b.1).then(slot[a.0].cmp(&slot[b.0])));
                let (first, k) = lane_cols[l];
                let m = sorted.len();
                let mut prev: Option<usize> = None;
                for (i, &(v, b)) in sorted.iter().enumerate() {
                    let want = (b - first as f64).round().clamp(0.0, (k - 1) as f64) as usize;
                    let lo = prev.map_or(0, |p| p + 1);
                    let hi = k - (m - i);
                    let s = want.clamp(lo, hi);
                    slot[v] = s;
                    prev = Some(s);
                }
                groups[r][l] = sorted.into_iter().map(|(v, _)| v).collect();
            }
        }
    }

    let col: Vec<usize> = (0..n).map(|v| lane_cols[lane[v]].0 + slot[v]).collect();
    let mut cells = vec![None; n_ranks * n_cols];
    for v in 0..n {
        cells[rank[v] * n_cols + col[v]] = Some(v);
    }
    Grid {
        n_ranks,
        n_cols,
        col,
        lane_cols,
        cells,
    }
}
