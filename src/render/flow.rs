//! A procedure as the flowchart module's input: lanes from the steps' first roles, one node
//! per step, a start, an end per branch that ends, a link box per jump to another procedure.

use super::flowchart::{self, Edge, Flow, Lane, Node, NodeKind};
use super::markdown::{inline_html, plain_text};
use super::urls::{entity_href, page_path, step_anchor, step_href};
use crate::model::{Flow as Flow_, *};

/// The flowchart of every procedure, in book order, with the output path of its page
/// (`procedures/refund.html`). Links are relative to `root` (`"../"` for those pages).
pub fn all_flows(book: &Handbook, root: &str) -> Vec<(String, Flow)> {
    (0..book.procedures.len())
        .map(|i| {
            let id = ProcedureId::from_index(i);
            (page_path(book, Entity::Procedure(id)), flow(book, id, root))
        })
        .collect()
}

pub fn svg(book: &Handbook, id: ProcedureId, root: &str) -> String {
    flowchart::render_svg(&flow(book, id, root))
}

pub fn flow(book: &Handbook, id: ProcedureId, root: &str) -> Flow {
    let procedure = book.procedure(id);
    let mut lanes: Vec<RoleId> = Vec::new();
    for step in &procedure.steps {
        if let Some(r) = step.lane() {
            if !lanes.contains(&r) {
                lanes.push(r);
            }
        }
    }
    let mut nodes = vec![Node {
        id: "start".into(),
        kind: NodeKind::Start,
        label: "开始".into(),
        number: None,
        lane: None,
        href: "#steps".into(),
    }];
    // Steps are nodes 1..=n, in order.
    for step in &procedure.steps {
        nodes.push(Node {
            id: step.id.clone(),
            kind: if matches!(step.flow, Flow_::Decision(_)) {
                NodeKind::Decision
            } else {
                NodeKind::Step
            },
            label: plain_text(&inline_html(book, &step.text, root)),
            number: Some(step.number),
            lane: step.lane().and_then(|r| lanes.iter().position(|&l| l == r)),
            href: format!("#{}", step_anchor(&step.id)),
        });
    }
    let mut edges = Vec::new();
    if !procedure.steps.is_empty() {
        edges.push(Edge {
            from: 0,
            to: 1,
            label: None,
            is_loop: false,
        });
    }
    let mut ends = 0;
    let mut jumps = 0;
    for (i, step) in procedure.steps.iter().enumerate() {
        let from = i + 1;
        let branches: Vec<(Goto, Option<String>, bool)> = match &step.flow {
            Flow_::Next(goto) => vec![(*goto, None, false)],
            Flow_::Decision(bs) => bs
                .iter()
                .map(|b| (b.goto, Some(b.label.clone()), b.is_loop))
                .collect(),
        };
        for (goto, label, is_loop) in branches {
            let to = match goto {
                Goto::Step(j) => j + 1,
                Goto::End => {
                    ends += 1;
                    nodes.push(Node {
                        id: format!("end-{ends}"),
                        kind: NodeKind::End,
                        label: "结束".into(),
                        number: None,
                        lane: None,
                        href: "#steps".into(),
                    });
                    nodes.len() - 1
                }
                Goto::Procedure {
                    procedure: target,
                    step,
                } => {
                    jumps += 1;
                    let href = match step {
                        Some(s) => step_href(
                            book,
                            root,
                            StepRef {
                                procedure: target,
                                step: s,
                            },
                        ),
                        None => entity_href(book, root, Entity::Procedure(target)),
                    };
                    nodes.push(Node {
                        id: format!("jump-{jumps}"),
                        kind: NodeKind::Jump,
                        label: book.procedure(target).info.title.clone(),
                        number: None,
                        lane: None,
                        href,
                    });
                    nodes.len() - 1
                }
            };
            edges.push(Edge {
                from,
                to,
                label,
                is_loop,
            });
        }
    }
    Flow {
        lanes: lanes
            .iter()
            .map(|&r| Lane {
                id: book.role(r).info.id.clone(),
                title: book.role(r).info.title.clone(),
                href: entity_href(book, root, Entity::Role(r)),
            })
            .collect(),
        nodes,
        edges,
    }
}
