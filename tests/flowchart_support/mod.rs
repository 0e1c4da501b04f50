//! Flows for the flowchart tests and the benchmark example: the refund procedure and seeded random flows.
#![allow(dead_code)]

use handbook::render::flowchart::{Edge, Flow, Lane, Node, NodeKind};

pub fn lane(id: &str, title: &str) -> Lane {
    Lane {
        id: id.into(),
        title: title.into(),
        href: format!("../roles/{id}.html"),
    }
}

pub fn step(id: &str, n: usize, lane: usize, label: &str) -> Node {
    Node {
        id: id.into(),
        kind: NodeKind::Step,
        label: label.into(),
        number: Some(n),
        lane: Some(lane),
        href: format!("#step-{id}"),
    }
}

pub fn decision(id: &str, n: usize, lane: usize, label: &str) -> Node {
    Node {
        kind: NodeKind::Decision,
        ..step(id, n, lane, label)
    }
}

pub fn synthetic(id: &str, kind: NodeKind, label: &str, href: &str) -> Node {
    Node {
        id: id.into(),
        kind,
        label: label.into(),
        number: None,
        lane: None,
        href: href.into(),
    }
}

pub fn edge(from: usize, to: usize, label: Option<&str>) -> Edge {
    Edge {
        from,
        to,
        label: label.map(Into::into),
        is_loop: false,
    }
}

/// The bundled handbook's refund procedure (docs/format.md). With
/// `separate_ends`, each "→ 结束" branch gets its own End node.
pub fn refund(separate_ends: bool) -> Flow {
    let lanes = vec![
        lane("student", "学员"),
        lane("head-teacher", "班主任"),
        lane("dean", "教务长"),
        lane("principal", "校长"),
        lane("finance", "财务"),
    ];
    let mut nodes = vec![
        synthetic("start", NodeKind::Start, "开始", "#steps"),
        step("apply", 1, 0, "向班主任提出退费申请。"),
        step(
            "consult",
            2,
            1,
            "找到退费的真正原因,提供咨询,尽量劝服学员继续学习。",
        ),
        decision("classify", 3, 1, "判断原因属于哪一类。"),
        decision("dean", 4, 2, "必要时提供咨询。"),
        decision("principal-talk", 5, 3, "必要时提供咨询。"),
        step(
            "form",
            6,
            1,
            "协助学员填写退费申请单,根据学员就读协议办理。",
        ),
        step("approve", 7, 3, "批准退费申请。"),
        step(
            "pay",
            8,
            4,
            "凭课程发票办理退费,不得坐支营业收入;当天在报表及系统中反映。",
        ),
        synthetic("end", NodeKind::End, "结束", "#steps"),
    ];
    let (end_dean, end_principal) = if separate_ends {
        nodes.push(synthetic("end-2", NodeKind::End, "结束", "#steps"));
        nodes.push(synthetic("end-3", NodeKind::End, "结束", "#steps"));
        (10, 11)
    } else {
        (9, 9)
    };
    let edges = vec![
        edge(0, 1, None),
        edge(1, 2, None),
        edge(2, 3, None),
        edge(3, 4, Some("与教学有关")),
        edge(3, 5, Some("与学校管理有关")),
        edge(3, 6, Some("理由合理")),
        edge(4, end_dean, Some("学员继续学习")),
        edge(4, 6, Some("仍要退费")),
        edge(5, end_principal, Some("学员继续学习")),
        edge(5, 6, Some("仍要退费")),
        edge(6, 7, None),
        edge(7, 8, None),
        edge(8, 9, None),
    ];
    Flow {
        lanes,
        nodes,
        edges,
    }
}

/// The refund procedure with a marked loop (仍不满意 → ↺ #consult) and a jump to
/// another procedure.
pub fn refund_with_loop() -> Flow {
    let mut f = refund(false);
    // approve becomes a decision: 批准 → pay, 不批准 → ↺ consult, 转班 → other procedure.
    f.nodes[7].kind = NodeKind::Decision;
    f.nodes[7].label = "审核退费申请是否符合规定。".into();
    f.nodes.push(synthetic(
        "jump-1",
        NodeKind::Jump,
        "学员转班",
        "transfer.html",
    ));
    f.edges.retain(|e| !(e.from == 7 && e.to == 8));
    f.edges.push(Edge {
        from: 7,
        to: 8,
        label: Some("批准".into()),
        is_loop: false,
    });
    f.edges.push(Edge {
        from: 7,
        to: 2,
        label: Some("不批准,重新沟通".into()),
        is_loop: true,
    });
    f.edges.push(Edge {
        from: 7,
        to: 10,
        label: Some("改为转班".into()),
        is_loop: false,
    });
    f
}

/// Small deterministic PRNG (xorshift64*), so test flows are the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const WORDS: &[&str] = &[
    "班主任",
    "学员",
    "家长",
    "退费",
    "申请",
    "审核",
    "确认",
    "课时",
    "协议",
    "登记",
    "系统",
    "4D",
    "报表",
    "当天",
    "发票",
    "提交",
    "通知",
    "沟通",
    "课程顾问",
    "教务",
    "财务",
    "前台",
    "主管",
    "签字",
    "复印",
    "归档",
    "OK",
    "微信",
    "电话",
    "回访",
    "记录",
    "<急>",
    "A&B",
    "\"引号\"",
    "'单引号'",
];
const PUNCT: &[&str] = &[",", "。", "、", ";", ":", "(", ")", " "];

pub fn text(rng: &mut Rng, min_chars: usize, max_chars: usize) -> String {
    let target = min_chars + rng.below(max_chars - min_chars + 1);
    let mut s = String::new();
    while s.chars().count() < target {
        s.push_str(WORDS[rng.below(WORDS.len())]);
        if rng.chance(25) {
            s.push_str(PUNCT[rng.below(PUNCT.len())]);
        }
    }
    s
}

/// A random procedure-like flow: steps in order, some decisions with 2–3
/// branches (forward, to an end, to another procedure, or a marked loop back),
/// an optional shared end, up to `max_steps` steps and `max_lanes` lanes.
pub fn random_flow(seed: u64, max_steps: usize, max_lanes: usize) -> Flow {
    let mut rng = Rng::new(seed);
    let n_steps = 3 + rng.below(max_steps - 2);
    let n_lanes = 1 + rng.below(max_lanes);
    sized_flow(seed, n_steps, n_lanes)
}

/// A random flow with exactly `n_steps` steps and `n_lanes` lanes.
pub fn sized_flow(seed: u64, n_steps: usize, n_lanes: usize) -> Flow {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let lanes: Vec<Lane> = (0..n_lanes)
        .map(|i| lane(&format!("role-{i}"), &text(&mut rng, 2, 6)))
        .collect();
    let mut nodes = vec![synthetic("start", NodeKind::Start, "开始", "#steps")];
    let mut cur_lane = 0;
    for i in 0..n_steps {
        if rng.chance(45) {
            cur_lane = rng.below(n_lanes);
        }
        let label = if rng.chance(15) {
            text(&mut rng, 40, 75)
        } else {
            text(&mut rng, 4, 30)
        };
        let mut nd = step(&format!("s{i}"), i + 1, cur_lane, &label);
        if i + 1 < n_steps && rng.chance(28) {
            nd.kind = NodeKind::Decision;
            nd.label = text(&mut rng, 4, 16);
        }
        nodes.push(nd);
    }
    let shared_end = nodes.len();
    nodes.push(synthetic("end", NodeKind::End, "结束", "#steps"));
    let separate_ends = rng.chance(50);
    let mut edges = vec![edge(0, 1, None)];
    let mut extra: Vec<Node> = Vec::new();
    for i in 0..n_steps {
        let u = i + 1;
        let next = if i + 1 < n_steps { u + 1 } else { shared_end };
        if nodes[u].kind != NodeKind::Decision {
            edges.push(edge(u, next, None));
            continue;
        }
        let n_branches = 2 + rng.below(2);
        let mut targets = vec![next];
        for b in 1..n_branches {
            let t = match rng.below(6) {
                0 | 1 if u + 2 <= n_steps => u + 2 + rng.below(n_steps - u - 1).min(4),
                2 => {
                    if separate_ends {
                        extra.push(synthetic(
                            &format!("end-{}", extra.len() + 2),
                            NodeKind::End,
                            "结束",
                            "#steps",
                        ));
                        usize::MAX - extra.len() + 1
                    } else {
                        shared_end
                    }
                }
                3 => {
                    extra.push(synthetic(
                        &format!("jump-{b}-{u}"),
                        NodeKind::Jump,
                        &text(&mut rng, 3, 10),
                        "other.html",
                    ));
                    usize::MAX - extra.len() + 1
                }
                4 if u > 1 => 1 + rng.below(u - 1),
                _ => shared_end,
            };
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        for t in targets {
            let label = Some(text(&mut rng, 2, 10));
            let is_loop = t <= u;
            edges.push(Edge {
                from: u,
                to: t,
                label,
                is_loop,
            });
        }
    }
    // Synthetic extra nodes were numbered from usize::MAX down; map them in.
    let base = nodes.len();
    for e in &mut edges {
        if e.to > base + 1000 {
            e.to = base + (usize::MAX - e.to);
        }
    }
    nodes.extend(extra);
    Flow {
        lanes,
        nodes,
        edges,
    }
}

pub mod xml;
