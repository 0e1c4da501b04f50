//! Orthogonal edge routing on the grid.
//!
//! Shapes sit in grid cells; between the columns run vertical gutters and
//! between the ranks horizontal gutters, and no shape ever reaches into a
//! gutter. An edge leaves its source through a port, runs only through gutters
//! and through cells that are empty, and enters its target through a port. That
//! makes "no edge crosses a shape" true by construction instead of by search.
//!
//! Each edge takes the first shape that works, fewest bends first:
//! a straight drop; an "L" from a decision's side corner; a "Z" through the gutter
//! below the source; or the general channel route down a vertical gutter. Loops
//! (back edges) leave from a side and climb a vertical gutter.
//!
//! Routes are built symbolically: a coordinate is "the centre of node 3" or
//! "track t of gutter g". Tracks are assigned afterwards per gutter by interval
//! colouring so parallel runs never overlap, and only then are the gutter sizes
//! and real coordinates known (see `place`).

use crate::render::flowchart::model::{Flow, NodeKind};
use crate::render::flowchart::order::Grid;

/// Where an edge leaves its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    Bottom,
    Left,
    Right,
}

/// A symbolic x coordinate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum X {
    /// Centre of a node.
    Cx(usize),
    /// Left (`false`) or right (`true`) extreme of a node.
    Side(usize, bool),
    /// A track in a vertical gutter: index into [`Routing::vreqs`].
    V(usize),
}

/// A symbolic y coordinate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Y {
    Cy(usize),
    Top(usize),
    Bottom(usize),
    /// A track in a horizontal gutter: index into [`Routing::hreqs`].
    H(usize),
}

/// Which runs may share a track: runs into the same target merge, runs out of the
/// same plain step split; everything else gets its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Own(usize),
    Exit(usize),
    Enter(usize),
}

/// A request for one track in gutter `gutter`, spanning `lo..=hi` in the
/// doubled grid coordinates along the gutter (cell centres odd, gutters even).
#[derive(Debug, Clone)]
pub struct Req {
    pub gutter: usize,
    pub key: Key,
    pub lo: i64,
    pub hi: i64,
    /// Track position within the gutter, 0 = top/left.
    pub track: usize,
}

/// The label zone of an edge: in horizontal gutter `gutter`, above its tracks
/// (forward edges, beside the run leaving the rank above) or below them (loops,
/// beside the run climbing out of the rank below). Zones never contain shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Zone {
    pub gutter: usize,
    pub below_tracks: bool,
}

#[derive(Debug, Clone)]
pub struct Route {
    /// Index into `Flow::edges`.
    pub edge: usize,
    pub from: usize,
    pub to: usize,
    pub pts: Vec<(X, Y)>,
    pub back: bool,
    /// Index of the vertical segment `pts[anchor]..pts[anchor + 1]` the label sits beside.
    pub anchor: usize,
    pub zone: Zone,
    /// Put the label on the left of the anchor segment by preference.
    pub label_left: bool,
}

#[derive(Debug, Clone)]
pub struct Routing {
    pub routes: Vec<Route>,
    pub vreqs: Vec<Req>,
    pub hreqs: Vec<Req>,
    /// Track count per vertical gutter (`n_cols + 1`) and horizontal gutter (`n_ranks + 1`).
    pub v_tracks: Vec<usize>,
    pub h_tracks: Vec<usize>,
}

struct Ctx<'a> {
    grid: &'a Grid,
    rank: &'a [usize],
    vreqs: Vec<Req>,
    hreqs: Vec<Req>,
    own: usize,
}

impl Ctx<'_> {
    fn key_own(&mut self) -> Key {
        self.own += 1;
        Key::Own(self.own)
    }
    fn v(&mut self, gutter: usize, key: Key) -> X {
        self.vreqs.push(Req {
            gutter,
            key,
            lo: i64::MAX,
            hi: i64::MIN,
            track: 0,
        });
        X::V(self.vreqs.len() - 1)
    }
    fn h(&mut self, gutter: usize, key: Key) -> Y {
        self.hreqs.push(Req {
            gutter,
            key,
            lo: i64::MAX,
            hi: i64::MIN,
            track: 0,
        });
        Y::H(self.hreqs.len() - 1)
    }
    /// Cells of column `c` in ranks `r0..r1` are all empty.
    fn col_clear(&self, c: usize, r0: usize, r1: usize) -> bool {
        (r0..r1).all(|r| self.grid.at(r, c).is_none())
    }
    fn dx(&self, x: X) -> i64 {
        disc_x(x, self.grid, &self.vreqs)
    }
    fn dy(&self, y: Y) -> i64 {
        disc_y(y, self.rank, &self.hreqs)
    }
}

/// Doubled grid coordinate of a symbolic x (column centres odd, gutters even).
pub fn disc_x(x: X, grid: &Grid, vreqs: &[Req]) -> i64 {
    match x {
        X::Cx(n) | X::Side(n, _) => 2 * grid.col[n] as i64 + 1,
        X::V(i) => 2 * vreqs[i].gutter as i64,
    }
}

/// Doubled grid coordinate of a symbolic y (rank centres odd, gutters even).
pub fn disc_y(y: Y, rank: &[usize], hreqs: &[Req]) -> i64 {
    match y {
        Y::Cy(n) | Y::Top(n) | Y::Bottom(n) => 2 * rank[n] as i64 + 1,
        Y::H(i) => 2 * hreqs[i].gutter as i64,
    }
}

/// Chooses the port each edge leaves its source by. Decisions send each branch
/// out of the corner facing its target (bottom for straight down); several
/// branches towards one side share that corner and split further on. Loops
/// leave sideways so they can climb a gutter.
fn assign_ports(flow: &Flow, edges: &[usize], rank: &[usize], grid: &Grid) -> Vec<Port> {
    let mut port = vec![Port::Bottom; edges.len()];
    let mut by_src: Vec<Vec<usize>> = vec![Vec::new(); flow.nodes.len()];
    for (k, &e) in edges.iter().enumerate() {
        by_src[flow.edges[e].from].push(k);
    }
    for (u, ks) in by_src.iter().enumerate() {
        let cu = grid.col[u];
        let fw: Vec<usize> = ks
            .iter()
            .copied()
            .filter(|&k| rank[flow.edges[edges[k]].to] > rank[u])
            .collect();
        let bk: Vec<usize> = ks.iter().copied().filter(|k| !fw.contains(k)).collect();
        let target = |k: usize| flow.edges[edges[k]].to;
        if flow.nodes[u].kind == NodeKind::Decision {
            let mut same: Vec<usize> = fw
                .iter()
                .copied()
                .filter(|&k| grid.col[target(k)] == cu)
                .collect();
            same.sort_by_key(|&k| (rank[target(k)], k));
            let mut left_used = fw.iter().any(|&k| grid.col[target(k)] < cu);
            let mut right_used = fw.iter().any(|&k| grid.col[target(k)] > cu);
            for &k in &fw {
                let cv = grid.col[target(k)];
                port[k] = if cv < cu {
                    Port::Left
                } else if cv > cu {
                    Port::Right
                } else {
                    Port::Bottom
                };
            }
            // Only the nearest same-column target drops straight down; the others
            // take a free corner so their labels stay apart.
            for &k in same.iter().skip(1) {
                if !right_used {
                    port[k] = Port::Right;
                    right_used = true;
                } else if !left_used {
                    port[k] = Port::Left;
                    left_used = true;
                }
            }
            // A free bottom corner serves a side branch better than a detour
            // when that branch cannot run as a clean "L" but its target column
            // is open from the rank below: it then leaves downwards and turns
            // once in the gutter below (two bends instead of three).
            if same.is_empty() {
                let detour = fw
                    .iter()
                    .copied()
                    .filter(|&k| {
                        let v = target(k);
                        !l_route_clear(grid, rank, u, v, port[k] == Port::Right)
                            && (rank[u] + 1..rank[v]).all(|r| grid.at(r, grid.col[v]).is_none())
                    })
                    .min_by_key(|&k| (grid.col[target(k)].abs_diff(cu), rank[target(k)], k));
                if let Some(k) = detour {
                    let side_count = fw.iter().filter(|&&j| port[j] == port[k]).count();
                    port[k] = Port::Bottom;
                    if side_count == 1 {
                        if grid.col[target(k)] < cu {
                            left_used = false;
                        } else {
                            right_used = false;
                        }
                    }
                }
            }
            for &k in &bk {
                port[k] = if !right_used {
                    right_used = true;
                    Port::Right
                } else if !left_used {
                    left_used = true;
                    Port::Left
                } else {
                    Port::Bottom
                };
            }
        } else {
            for &k in &bk {
                port[k] = if grid.col[target(k)] < cu {
                    Port::Left
                } else {
                    Port::Right
                };
            }
        }
    }
    port
}

/// Whether a branch from `u`'s side corner can run straight across its own rank
/// to above `v` and drop into it: the "L" route, one bend.
fn l_route_clear(grid: &Grid, rank: &[usize], u: usize, v: usize, right: bool) -> bool {
    let (cu, cv, ru, rv) = (grid.col[u], grid.col[v], rank[u], rank[v]);
    let toward = if right { cv > cu } else { cv < cu };
    if !toward || rv <= ru {
        return false;
    }
    let (lo, hi) = if right { (cu + 1, cv) } else { (cv, cu - 1) };
    (lo..=hi).all(|c| grid.at(ru, c).is_none()) && (ru + 1..rv).all(|r| grid.at(r, cv).is_none())
}

/// Routes every valid edge (`edges` holds indices into `flow.edges`).
pub fn route(flow: &Flow, edges: &[usize], rank: &[usize], grid: &Grid) -> Routing {
    let port = assign_ports(flow, edges, rank, grid);
    let mut side_out = vec![[false; 2]; flow.nodes.len()];
    for (k, &e) in edges.iter().enumerate() {
        match port[k] {
            Port::Left => side_out[flow.edges[e].from][0] = true,
            Port::Right => side_out[flow.edges[e].from][1] = true,
            Port::Bottom => {}
        }
    }
    let mut cx = Ctx {
        grid,
        rank,
        vreqs: Vec::new(),
        hreqs: Vec::new(),
        own: 0,
    };
    let mut routes = Vec::with_capacity(edges.len());
    for (k, &e) in edges.iter().enumerate() {
        let (u, v) = (flow.edges[e].from, flow.edges[e].to);
        let (ru, rv) = (rank[u], rank[v]);
        let (cu, cv) = (grid.col[u], grid.col[v]);
        let decision = flow.nodes[u].kind == NodeKind::Decision;
        let p = port[k];
        // The vertical gutter next to the target that faces the source.
        let facing = if cv < cu {
            cv + 1
        } else if cv > cu {
            cv
        } else {
            cv + 1
        };
        let route = if rv > ru {
            let zone = Zone {
                gutter: ru + 1,
                below_tracks: false,
            };
            let (pts, anchor) = match p {
                Port::Bottom => {
                    let start = (X::Cx(u), Y::Bottom(u));
                    let end = (X::Cx(v), Y::Top(v));
                    if cu == cv && cx.col_clear(cu, ru + 1, rv) {
                        (vec![start, end], 0)
                    } else if cx.col_clear(cv, ru + 1, rv) {
                        let key = if decision {
                            Key::Enter(v)
                        } else {
                            Key::Exit(u)
                        };
                        let h = cx.h(ru + 1, key);
                        (vec![start, (X::Cx(u), h), (X::Cx(v), h), end], 0)
                    } else {
                        let key = if decision { cx.key_own() } else { Key::Exit(u) };
                        let h1 = cx.h(ru + 1, key);
                        let vt = cx.v(facing, Key::Enter(v));
                        let h2 = cx.h(rv, Key::Enter(v));
                        (
                            vec![
                                start,
                                (X::Cx(u), h1),
                                (vt, h1),
                                (vt, h2),
                                (X::Cx(v), h2),
                                end,
                            ],
                            0,
                        )
                    }
                }
                Port::Left | Port::Right => {
                    let right = p == Port::Right;
                    let start = (X::Side(u, right), Y::Cy(u));
                    let end = (X::Cx(v), Y::Top(v));
                    if l_route_clear(grid, rank, u, v, right) {
                        (vec![start, (X::Cx(v), Y::Cy(u)), end], 1)
                    } else {
                        let vs_gutter = if right { cu + 1 } else { cu };
                        // Running down the target's facing gutter anyway: merge
                        // with the other runs into the same target.
                        let key = if vs_gutter == facing && !cx.col_clear(cv, ru + 1, rv) {
                            Key::Enter(v)
                        } else {
                            cx.key_own()
                        };
                        let vs = cx.v(vs_gutter, key);
                        if cx.col_clear(cv, ru + 1, rv) {
                            let h = cx.h(ru + 1, Key::Enter(v));
                            (vec![start, (vs, Y::Cy(u)), (vs, h), (X::Cx(v), h), end], 1)
                        } else if vs_gutter == facing {
                            let h2 = cx.h(rv, Key::Enter(v));
                            (
                                vec![start, (vs, Y::Cy(u)), (vs, h2), (X::Cx(v), h2), end],
                                1,
                            )
                        } else {
                            let key = cx.key_own();
                            let h1 = cx.h(ru + 1, key);
                            let vt = cx.v(facing, Key::Enter(v));
                            let h2 = cx.h(rv, Key::Enter(v));
                            let pts = vec![
                                start,
                                (vs, Y::Cy(u)),
                                (vs, h1),
                                (vt, h1),
                                (vt, h2),
                                (X::Cx(v), h2),
                                end,
                            ];
                            (pts, 1)
                        }
                    }
                }
            };
            Route {
                edge: e,
                from: u,
                to: v,
                pts,
                back: false,
                anchor,
                zone,
                label_left: p == Port::Left,
            }
        } else {
            let zone = Zone {
                gutter: ru,
                below_tracks: true,
            };
            let (pts, anchor) = match p {
                Port::Left | Port::Right => {
                    let right = p == Port::Right;
                    let start = (X::Side(u, right), Y::Cy(u));
                    // Side-to-side "C" when the target is in this column or the next.
                    let c_shape = if u == v || rv == ru {
                        None
                    } else if cu == cv {
                        Some((right, if right { cu + 1 } else { cu }))
                    } else if right && cv == cu + 1 {
                        Some((false, cu + 1))
                    } else if !right && cv + 1 == cu {
                        Some((true, cu))
                    } else {
                        None
                    };
                    match c_shape {
                        Some((tside, g)) if !side_out[v][tside as usize] => {
                            let key = cx.key_own();
                            let vx = cx.v(g, key);
                            (
                                vec![
                                    start,
                                    (vx, Y::Cy(u)),
                                    (vx, Y::Cy(v)),
                                    (X::Side(v, tside), Y::Cy(v)),
                                ],
                                1,
                            )
                        }
                        _ => {
                            let key = cx.key_own();
                            let vx = cx.v(if right { cu + 1 } else { cu }, key);
                            let h2 = cx.h(rv, Key::Enter(v));
                            let pts = vec![
                                start,
                                (vx, Y::Cy(u)),
                                (vx, h2),
                                (X::Cx(v), h2),
                                (X::Cx(v), Y::Top(v)),
                            ];
                            (pts, 1)
                        }
                    }
                }
                Port::Bottom => {
                    let key = cx.key_own();
                    let h1 = cx.h(ru + 1, key);
                    let key = cx.key_own();
                    let vx = cx.v(cu + 1, key);
                    let h2 = cx.h(rv, Key::Enter(v));
                    let pts = vec![
                        (X::Cx(u), Y::Bottom(u)),
                        (X::Cx(u), h1),
                        (vx, h1),
                        (vx, h2),
                        (X::Cx(v), h2),
                        (X::Cx(v), Y::Top(v)),
                    ];
                    (pts, 2)
                }
            };
            Route {
                edge: e,
                from: u,
                to: v,
                pts,
                back: true,
                anchor,
                zone,
                label_left: p == Port::Left,
            }
        };
        routes.push(route);
    }

    // Spans of the track requests, from the points that use them.
    for r in &routes {
        for &(x, y) in &r.pts {
            if let X::V(i) = x {
                let d = cx.dy(y);
                let q = &mut cx.vreqs[i];
                q.lo = q.lo.min(d);
                q.hi = q.hi.max(d);
            }
            if let Y::H(i) = y {
                let d = cx.dx(x);
                let q = &mut cx.hreqs[i];
                q.lo = q.lo.min(d);
                q.hi = q.hi.max(d);
            }
        }
    }
    let v_conns = connections(&routes, true, &cx);
    let h_conns = connections(&routes, false, &cx);
    let v_tracks = assign_tracks(&mut cx.vreqs, grid.n_cols + 1, &v_conns);
    let h_tracks = assign_tracks(&mut cx.hreqs, grid.n_ranks + 1, &h_conns);
    Routing {
        routes,
        vreqs: cx.vreqs,
        hreqs: cx.hreqs,
        v_tracks,
        h_tracks,
    }
}

/// For each track request, where runs leave it sideways: (position along the
/// gutter, towards the low side?). Used to order tracks so those stubs cross
/// as few parallel runs as possible.
fn connections(routes: &[Route], vertical: bool, cx: &Ctx) -> Vec<Vec<(i64, bool)>> {
    let n = if vertical {
        cx.vreqs.len()
    } else {
        cx.hreqs.len()
    };
    let mut out = vec![Vec::new(); n];
    for r in routes {
        let pts = &r.pts;
        for i in 0..pts.len() {
            let id = match (vertical, pts[i]) {
                (true, (X::V(id), _)) => id,
                (false, (_, Y::H(id))) => id,
                _ => continue,
            };
            // Neighbours that leave this track's line.
            for j in [i.wrapping_sub(1), i + 1] {
                let Some(&(nx, ny)) = pts.get(j) else {
                    continue;
                };
                let (along, across_here, across_there) = if vertical {
                    (cx.dy(pts[i].1), cx.dx(pts[i].0), cx.dx(nx))
                } else {
                    (cx.dx(pts[i].0), cx.dy(pts[i].1), cx.dy(ny))
                };
                if across_there != across_here {
                    out[id].push((along, across_there < across_here));
                }
            }
        }
    }
    out
}

/// Assigns tracks per gutter: requests with the same key share one track; the
/// others get the lowest free track (interval colouring, optimal in count); then
/// whole tracks are reordered to minimise the stubs crossing neighbouring runs.
/// Returns the number of tracks per gutter.
fn assign_tracks(reqs: &mut [Req], n_gutters: usize, conns: &[Vec<(i64, bool)>]) -> Vec<usize> {
    let mut counts = vec![0; n_gutters];
    for (g, count) in counts.iter_mut().enumerate() {
        // Groups of requests sharing a key, with their merged span.
        let mut groups: Vec<(Key, i64, i64, Vec<usize>)> = Vec::new();
        for (i, q) in reqs
            .iter()
            .enumerate()
            .filter(|(_, q)| q.gutter == g && q.lo <= q.hi)
        {
            match groups.iter_mut().find(|grp| grp.0 == q.key) {
                Some(grp) => {
                    grp.1 = grp.1.min(q.lo);
                    grp.2 = grp.2.max(q.hi);
                    grp.3.push(i);
                }
                None => groups.push((q.key, q.lo, q.hi, vec![i])),
            }
        }
        if groups.is_empty() {
            continue;
        }
        groups.sort_by_key(|grp| (grp.1, grp.2, grp.0));
        let mut ends: Vec<i64> = Vec::new();
        let mut track_of = Vec::with_capacity(groups.len());
        for grp in &groups {
            let t = match ends.iter().position(|&end| end < grp.1) {
                Some(t) => {
                    ends[t] = grp.2;
                    t
                }
                None => {
                    ends.push(grp.2);
                    ends.len() - 1
                }
            };
            track_of.push(t);
        }
        let nt = ends.len();
        // cost[a][b]: crossings if track a lies before (above/left of) track b.
        let mut cost = vec![vec![0i64; nt]; nt];
        for (ga, grp_a) in groups.iter().enumerate() {
            for (gb, grp_b) in groups.iter().enumerate() {
                let (ta, tb) = (track_of[ga], track_of[gb]);
                if ta == tb {
                    continue;
                }
                let inside = |at: i64, lo: i64, hi: i64| lo < at && at < hi;
                let a_high = grp_a
                    .3
                    .iter()
                    .flat_map(|&i| &conns[i])
                    .filter(|c| !c.1)
                    .map(|c| c.0);
                let b_low: Vec<i64> = grp_b
                    .3
                    .iter()
                    .flat_map(|&i| &conns[i])
                    .filter(|c| c.1)
                    .map(|c| c.0)
                    .collect();
                let mut c = 0;
                for at in a_high {
                    // a's stub towards the high side crosses b where b spans it,
                    // and runs on top of b's stub towards the low side at the
                    // same place: that must never happen.
                    if inside(at, grp_b.1, grp_b.2) {
                        c += 1;
                    }
                    if b_low.contains(&at) {
                        c += 10_000;
                    }
                }
                c += b_low
                    .iter()
                    .filter(|&&at| inside(at, grp_a.1, grp_a.2))
                    .count() as i64;
                cost[ta][tb] += c;
            }
        }
        let perm = best_order(&cost);
        for (grp, &t) in groups.iter().zip(&track_of) {
            for &i in &grp.3 {
                reqs[i].track = perm[t];
            }
        }
        *count = nt;
    }
    counts
}

/// Position of each track minimising the summed cost of ordered pairs: exhaustive
/// for the usual handful of tracks, greedy insertion beyond that.
fn best_order(cost: &[Vec<i64>]) -> Vec<usize> {
    let n = cost.len();
    let total = |order: &[usize]| -> i64 {
        let mut s = 0;
        for i in 0..order.len() {
            for j in i + 1..order.len() {
                s += cost[order[i]][order[j]];
            }
        }
        s
    };
    let mut order: Vec<usize> = Vec::new();
    if n <= 6 {
        let mut cur: Vec<usize> = (0..n).collect();
        let mut best = (total(&cur), cur.clone());
        permute(&mut cur, 0, &mut |p| {
            let c = total(p);
            if c < best.0 {
                best = (c, p.to_vec());
            }
        });
        order = best.1;
    } else {
        for t in 0..n {
            let mut best: Option<(i64, usize)> = None;
            for at in 0..=order.len() {
                let mut trial = order.clone();
                trial.insert(at, t);
                let c = total(&trial);
                if best.is_none_or(|b| c < b.0) {
                    best = Some((c, at));
                }
            }
            order.insert(best.map_or(0, |b| b.1), t);
        }
    }
    let mut pos = vec![0; n];
    for (p, &t) in order.iter().enumerate() {
        pos[t] = p;
    }
    pos
}

/// Calls `f` with every permutation of `v[k..]` (Heap-free recursive swap version;
/// the identity comes first so ties keep the colouring's order).
fn permute(v: &mut Vec<usize>, k: usize, f: &mut impl FnMut(&[usize])) {
    if k == v.len() {
        f(v);
        return;
    }
    for i in k..v.len() {
        v.swap(k, i);
        permute(v, k + 1, f);
        v.swap(k, i);
    }
}
