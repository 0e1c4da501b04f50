//! The input contract: a procedure's flow as the site compiler hands it over.
//!
//! These types are deliberately plain data with public fields so the caller
//! (handbook's procedure compiler) can build them without any helper API.

/// A whole procedure flow: lanes (roles), nodes (steps and synthetic nodes) and edges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flow {
    pub lanes: Vec<Lane>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// One swimlane: a role. `href` links to the role page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lane {
    pub id: String,
    pub title: String,
    pub href: String,
}

/// What a node stands for; decides its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Start,
    End,
    Step,
    Decision,
    /// A jump to another procedure.
    Jump,
}

/// A node of the flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Step id (`"apply"`), or `"start"`, `"end"`, `"jump-1"` for synthetic nodes.
    pub id: String,
    pub kind: NodeKind,
    /// Plain text, possibly long CJK.
    pub label: String,
    /// The step's number in the ordered list, if it is a step.
    pub number: Option<usize>,
    /// Index into [`Flow::lanes`]. `None` for Start/End/Jump: they are placed in the
    /// lane of the adjacent step.
    pub lane: Option<usize>,
    /// Link target: `"#step-apply"` or another page.
    pub href: String,
}

/// A directed edge between two nodes (indices into [`Flow::nodes`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// Branch condition, if the edge is a labelled branch.
    pub label: Option<String>,
    /// Author-marked back edge (`↺`); ignored when ranking.
    pub is_loop: bool,
}
