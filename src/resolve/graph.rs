//! Procedure graphs: turning branches into a flow and checking it can be walked.
//!
//! Checks: every branch target exists, a decision has at least two branches, every step is
//! reachable from the first, every step can reach an end, and every cycle is marked `↺`.

use std::collections::HashMap;

use super::links::Linker;
use super::symbols::{KindFilter, Symbols};
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::model::*;
use crate::parse::{RawProcedure, RawTarget};

/// A resolved edge with where it was written, for diagnostics.
struct Edge {
    to: Option<usize>,
    /// Ends the procedure here (the end, or a jump to another procedure).
    exits: bool,
    marked_loop: bool,
    span: Span,
}

/// Resolves each step's branches into a [`Flow`] and checks the graph.
pub fn flows(
    raw: &RawProcedure,
    symbols: &Symbols,
    linker: &Linker,
    diagnostics: &mut Diagnostics,
) -> Vec<Flow> {
    let ids: HashMap<String, usize> = raw
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id(), i))
        .collect();
    let step_ids: Vec<String> = raw.steps.iter().map(|s| s.id()).collect();
    let mut flows = Vec::with_capacity(raw.steps.len());
    let mut unresolved = false;
    let mut edges: Vec<Vec<Edge>> = Vec::with_capacity(raw.steps.len());
    for (i, step) in raw.steps.iter().enumerate() {
        let mut out = Vec::new();
        let mut goto = |target: &RawTarget,
                        diagnostics: &mut Diagnostics|
         -> Option<(Goto, bool)> {
            let (goto, marked, span) = match target {
                RawTarget::Step { id, marked_loop } => match ids.get(&id.value) {
                    Some(&to) => (Goto::Step(to), *marked_loop, id.span),
                    None => {
                        let suggestions = super::suggest::ranked(
                            &id.value,
                            step_ids.iter().map(String::as_str),
                            3,
                        );
                        let mut d = Diagnostic::new(
                            Code::UnknownStep,
                            format!("branch to step `#{}`, which does not exist", id.value),
                        )
                        .at(id.span)
                        .label("no step has this id");
                        if suggestions.is_empty() {
                            d = d.help("give the target step an id: `{#step-id}` at the end of its first line");
                        }
                        diagnostics.push(d.suggest(suggestions));
                        unresolved = true;
                        return None;
                    }
                },
                RawTarget::Procedure { name, step } => {
                    let Some(Entity::Procedure(procedure)) =
                        symbols.resolve(name, KindFilter::Procedure, diagnostics)
                    else {
                        unresolved = true;
                        return None;
                    };
                    let step = match step {
                        Some(s) => {
                            match linker.anchor(Entity::Procedure(procedure), s, diagnostics)? {
                                AnchorRef::Step(i) => Some(i),
                                AnchorRef::Heading(_) => None,
                            }
                        }
                        None => None,
                    };
                    (Goto::Procedure { procedure, step }, false, name.span)
                }
                RawTarget::End { span } => (Goto::End, false, *span),
            };
            out.push(Edge {
                to: match goto {
                    Goto::Step(t) => Some(t),
                    _ => None,
                },
                exits: !matches!(goto, Goto::Step(_)),
                marked_loop: marked,
                span,
            });
            Some((goto, marked))
        };
        let flow = if !step.branches.is_empty() {
            if step.branches.len() < 2 {
                diagnostics.push(
                    Diagnostic::new(Code::SingleBranch, format!("step {} is a decision with only one branch", step.number))
                        .at(step.branches[0].label.span)
                        .label("the only branch")
                        .help("add the other outcome (e.g. `否则 → #next`), or drop the condition to make a plain jump: `→ #target`"),
                );
            }
            let mut branches = Vec::new();
            for b in &step.branches {
                if let Some((goto, is_loop)) = goto(&b.target, diagnostics) {
                    branches.push(Branch {
                        label: b.label.value.clone(),
                        goto,
                        is_loop,
                    });
                }
            }
            Flow::Decision(branches)
        } else if let Some(jump) = &step.jump {
            match goto(jump, diagnostics) {
                Some((goto, _)) => Flow::Next(goto),
                None => Flow::Next(Goto::End),
            }
        } else if i + 1 < raw.steps.len() {
            out.push(Edge {
                to: Some(i + 1),
                exits: false,
                marked_loop: false,
                span: step.span,
            });
            Flow::Next(Goto::Step(i + 1))
        } else {
            out.push(Edge {
                to: None,
                exits: true,
                marked_loop: false,
                span: step.span,
            });
            Flow::Next(Goto::End)
        };
        flows.push(flow);
        edges.push(out);
    }
    // With a branch target missing, the graph is not what the author meant: reachability
    // would only repeat that error in other words.
    if !unresolved {
        check(raw, &edges, diagnostics);
    }
    flows
}

fn reach(start: &[usize], next: &dyn Fn(usize) -> Vec<usize>, n: usize) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut stack: Vec<usize> = start.to_vec();
    while let Some(v) = stack.pop() {
        if std::mem::replace(&mut seen[v], true) {
            continue;
        }
        stack.extend(next(v).into_iter().filter(|&w| !seen[w]));
    }
    seen
}

/// Strongly connected components (Kosaraju, iterative so deep graphs cannot overflow the
/// stack): the component number of every node.
pub(super) fn components(n: usize, forward: &dyn Fn(usize) -> Vec<usize>) -> Vec<usize> {
    let succ: Vec<Vec<usize>> = (0..n).map(forward).collect();
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (u, out) in succ.iter().enumerate() {
        for &v in out {
            pred[v].push(u);
        }
    }
    // First pass: nodes in order of finishing time.
    let mut order = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            if let Some(&w) = succ[*node].get(*next) {
                *next += 1;
                if !visited[w] {
                    visited[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(*node);
                stack.pop();
            }
        }
    }
    // Second pass, on the reversed graph in reverse finishing order.
    let mut component = vec![usize::MAX; n];
    let mut count = 0;
    for &start in order.iter().rev() {
        if component[start] != usize::MAX {
            continue;
        }
        let mut stack = vec![start];
        component[start] = count;
        while let Some(node) = stack.pop() {
            for &w in &pred[node] {
                if component[w] == usize::MAX {
                    component[w] = count;
                    stack.push(w);
                }
            }
        }
        count += 1;
    }
    component
}

fn check(raw: &RawProcedure, edges: &[Vec<Edge>], diagnostics: &mut Diagnostics) {
    let n = raw.steps.len();
    if n == 0 {
        return;
    }
    let forward = |v: usize| edges[v].iter().filter_map(|e| e.to).collect::<Vec<_>>();
    let reachable = reach(&[0], &forward, n);
    for (i, step) in raw.steps.iter().enumerate() {
        if !reachable[i] {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnreachableStep,
                    format!("step {} can never be reached", step.number),
                )
                .at(step.span)
                .label("no path from step 1 leads here")
                .help("branch to it from an earlier step (`条件 → #id`), or remove it"),
            );
        }
    }
    // Unmarked cycles: an edge u → v lies on a cycle exactly when u and v are in the same
    // strongly connected component (linear, however many back edges there are).
    let component = components(n, &forward);
    for (u, out) in edges.iter().enumerate() {
        for e in out.iter().filter(|e| !e.marked_loop) {
            let Some(v) = e.to else { continue };
            if v <= u && component[u] == component[v] {
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnmarkedCycle,
                        format!(
                            "step {} goes back to step {}, forming a cycle",
                            raw.steps[u].number, raw.steps[v].number
                        ),
                    )
                    .at(e.span)
                    .label("this branch goes back")
                    .help(format!(
                        "if the loop is intended, mark it: `↺ #{}`",
                        raw.steps[v].id()
                    )),
                );
            }
        }
    }
    // No path to an end: walk backwards from every step that exits.
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (u, out) in edges.iter().enumerate() {
        for v in out.iter().filter_map(|e| e.to) {
            incoming[v].push(u);
        }
    }
    let exits: Vec<usize> = (0..n)
        .filter(|&u| edges[u].iter().any(|e| e.exits))
        .collect();
    let can_end = reach(&exits, &|v| incoming[v].clone(), n);
    let stuck: Vec<usize> = (0..n).filter(|&i| reachable[i] && !can_end[i]).collect();
    if let Some(&first) = stuck.first() {
        let numbers: Vec<String> = stuck
            .iter()
            .map(|&i| raw.steps[i].number.to_string())
            .collect();
        diagnostics.push(
            Diagnostic::new(Code::NoPathToEnd, format!("steps {} can never reach the end", numbers.join(", ")))
                .at(raw.steps[first].span)
                .label("the procedure gets stuck from here")
                .help("give the loop a way out: a branch `→ 结束`, to a later step, or to another procedure"),
        );
    }
}
