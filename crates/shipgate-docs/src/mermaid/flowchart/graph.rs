//! What a flowchart says, beyond its syntax: its nodes (id and label), its edges and its
//! subgraphs, for the checks that compare a diagram with what it describes.
//!
//! - A chain `a --> b --> c` is the edges `a → b` and `b → c`; `a & b --> c & d` is every
//!   pair (`a → c`, `a → d`, `b → c`, `b → d`). Every edge form counts (`---`, `-.->`,
//!   `==>`, `~~~`, with or without a label): the checks read what is connected, not how
//!   it is drawn. Each edge is at the line of its arrow.
//! - A node's label is the text of its first shape (`a[Build images]`, quotes and
//!   markdown backticks removed); a node without one has none.
//! - A subgraph's id is the word after `subgraph` (`subgraph deploy [Deploy]` is `deploy`),
//!   or its whole title when it has no brackets. Its members are the nodes named inside it
//!   and, through nested subgraphs, theirs. A subgraph id used as an edge end stands for
//!   all its member nodes ([`Flowchart::ends`]).

use std::collections::{BTreeSet, HashMap};

/// One node of a flowchart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowNode {
    /// The node id, as written.
    pub id: String,
    /// The text of its first shape, when it has one.
    pub label: Option<String>,
    /// 1-based line (within the block) where it is first named.
    pub line: u32,
}

/// One edge of a flowchart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowEdge {
    /// The id of the node (or subgraph) the edge leaves.
    pub from: String,
    /// The id of the node (or subgraph) it points at.
    pub to: String,
    /// 1-based line (within the block) of the arrow.
    pub line: u32,
}

/// One `subgraph` ... `end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subgraph {
    /// The subgraph id.
    pub id: String,
    /// Node ids named inside it, and the ids of the subgraphs nested in it.
    pub members: Vec<String>,
}

/// The nodes, edges and subgraphs of one flowchart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Flowchart {
    /// 1-based line (within the block) of the `flowchart` / `graph` header.
    pub header_line: u32,
    /// Every node, once, in the order first named (subgraph ids used as edge ends
    /// excluded).
    pub nodes: Vec<FlowNode>,
    /// Every edge, in order.
    pub edges: Vec<FlowEdge>,
    /// Every subgraph, in the order opened.
    pub subgraphs: Vec<Subgraph>,
}

impl Flowchart {
    /// The node ids an edge end stands for: the node itself, or every node of the subgraph
    /// it names (nested subgraphs included).
    pub fn ends(&self, id: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut todo = vec![id.to_string()];
        while let Some(next) = todo.pop() {
            if !seen.insert(next.clone()) {
                continue;
            }
            match self.subgraphs.iter().find(|s| s.id == next) {
                Some(s) => todo.extend(s.members.iter().cloned()),
                None => {
                    out.insert(next);
                }
            }
        }
        out
    }

    /// Whether the node `from` reaches the node `to` along the edges (subgraph ends
    /// expanded); a node reaches itself.
    pub fn reaches(&self, from: &str, to: &str) -> bool {
        let mut next: HashMap<String, BTreeSet<String>> = HashMap::new();
        for e in &self.edges {
            let targets = self.ends(&e.to);
            for f in self.ends(&e.from) {
                next.entry(f).or_default().extend(targets.iter().cloned());
            }
        }
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(n) = todo.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                if let Some(t) = next.get(&n) {
                    todo.extend(t.iter().cloned());
                }
            }
        }
        false
    }
}

/// Collects a [`Flowchart`] while the validator reads the block.
#[derive(Debug, Default)]
pub(super) struct Builder {
    chart: Flowchart,
    index: HashMap<String, usize>,
    open: Vec<usize>,
}

impl Builder {
    /// The header is at `line`.
    pub(super) fn new(line: u32) -> Builder {
        Builder {
            chart: Flowchart {
                header_line: line,
                ..Flowchart::default()
            },
            ..Builder::default()
        }
    }

    /// A node named at `line`, with the label of its shape if it has one.
    pub(super) fn node(&mut self, id: &str, label: Option<String>, line: u32) {
        match self.index.get(id) {
            Some(&at) => {
                if let Some(node) = self.chart.nodes.get_mut(at) {
                    if node.label.is_none() {
                        node.label = label;
                    }
                }
            }
            None => {
                self.index.insert(id.to_string(), self.chart.nodes.len());
                self.chart.nodes.push(FlowNode {
                    id: id.to_string(),
                    label,
                    line,
                });
            }
        }
        self.member(id);
    }

    /// An edge between two groups of nodes: every pair.
    pub(super) fn edges(&mut self, from: &[String], to: &[String], line: u32) {
        for f in from {
            for t in to {
                self.chart.edges.push(FlowEdge {
                    from: f.clone(),
                    to: t.clone(),
                    line,
                });
            }
        }
    }

    /// `subgraph id` opens.
    pub(super) fn open(&mut self, id: String) {
        self.member(&id);
        self.open.push(self.chart.subgraphs.len());
        self.chart.subgraphs.push(Subgraph {
            id,
            members: Vec::new(),
        });
    }

    /// `end` closes the innermost subgraph.
    pub(super) fn close(&mut self) {
        self.open.pop();
    }

    /// `id` is named inside the innermost open subgraph.
    fn member(&mut self, id: &str) {
        if let Some(s) = self
            .open
            .last()
            .and_then(|&at| self.chart.subgraphs.get_mut(at))
        {
            if s.id != id {
                s.members.push(id.to_string());
            }
        }
    }

    /// The flowchart; nodes that turned out to be subgraph ids are dropped from the nodes.
    pub(super) fn finish(mut self) -> Flowchart {
        let subgraphs: BTreeSet<&str> =
            self.chart.subgraphs.iter().map(|s| s.id.as_str()).collect();
        self.chart
            .nodes
            .retain(|n| !subgraphs.contains(n.id.as_str()));
        for s in &mut self.chart.subgraphs {
            let mut seen = BTreeSet::new();
            s.members.retain(|m| seen.insert(m.clone()));
        }
        self.chart
    }
}

#[cfg(test)]
mod tests {
    use crate::mermaid::flowchart;
    use proptest::prelude::*;

    proptest! {
        /// Whatever a flowchart holds, its edges and nodes are at lines of the block and
        /// every edge end is a node or a subgraph.
        #[test]
        fn edges_and_nodes_lie_in_the_block(
            parts in prop::collection::vec(prop::sample::select(vec![
                "a", "b[B x]", "c", " --> ", " & ", " -- t --> ", "\n", "subgraph s\n", "end\n", " -.-> ", ";",
            ]), 0..30),
        ) {
            let text = format!("graph LR\n{}", parts.concat());
            let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
            if let Ok(Some(c)) = flowchart(&text) {
                prop_assert_eq!(c.header_line, 1);
                for e in &c.edges {
                    prop_assert!(e.line >= 1 && e.line <= lines);
                    for end in [&e.from, &e.to] {
                        let known = c.nodes.iter().any(|n| &n.id == end)
                            || c.subgraphs.iter().any(|s| &s.id == end);
                        prop_assert!(known, "{} in {:?}", end, text);
                    }
                }
                for n in &c.nodes {
                    prop_assert!(n.line >= 1 && n.line <= lines);
                }
            }
        }
    }

    fn chart(text: &str) -> super::Flowchart {
        flowchart(text).unwrap().unwrap()
    }

    fn edges(c: &super::Flowchart) -> Vec<(&str, &str, u32)> {
        c.edges
            .iter()
            .map(|e| (e.from.as_str(), e.to.as_str(), e.line))
            .collect()
    }

    #[test]
    fn chains_groups_and_edge_labels() {
        let c = chart(
            "%% c\nflowchart LR\n  a --> b -->|yes| c\n  d & e -- no --> f & g\n  g -.-> a\n",
        );
        assert_eq!(c.header_line, 2);
        assert_eq!(
            edges(&c),
            vec![
                ("a", "b", 3),
                ("b", "c", 3),
                ("d", "f", 4),
                ("d", "g", 4),
                ("e", "f", 4),
                ("e", "g", 4),
                ("g", "a", 5),
            ]
        );
        let ids: Vec<&str> = c.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b", "c", "d", "e", "f", "g"]);
    }

    #[test]
    fn labels_come_from_the_first_shape() {
        let c = chart("graph TD\n  a[Build image] --> b([\"Deploy (prod)\"])\n  c{{\"`**md**`\"}} --> a[Other]\n  d[/lean/] --> e\n");
        let labels: Vec<(&str, Option<&str>)> = c
            .nodes
            .iter()
            .map(|n| (n.id.as_str(), n.label.as_deref()))
            .collect();
        assert_eq!(
            labels,
            vec![
                ("a", Some("Build image")),
                ("b", Some("Deploy (prod)")),
                ("c", Some("**md**")),
                ("d", Some("lean")),
                ("e", None),
            ]
        );
    }

    #[test]
    fn an_edge_continued_on_the_next_line_is_at_its_arrow() {
        let c = chart("graph TD\n  a\n  --> b\n");
        assert_eq!(edges(&c), vec![("a", "b", 3)]);
    }

    #[test]
    fn subgraph_ids_stand_for_their_nodes() {
        let c = chart(
            "graph LR\n  subgraph checks [Checks]\n    lint\n    subgraph inner\n      test\n    end\n  end\n  subgraph Two words\n    x\n  end\n  checks --> deploy\n",
        );
        let ids: Vec<&str> = c.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids,
            vec!["lint", "test", "x", "deploy"],
            "subgraph ids are not nodes"
        );
        assert_eq!(
            c.ends("checks").into_iter().collect::<Vec<_>>(),
            vec!["lint", "test"]
        );
        assert_eq!(
            c.ends("Two words").into_iter().collect::<Vec<_>>(),
            vec!["x"]
        );
        assert_eq!(
            c.ends("deploy").into_iter().collect::<Vec<_>>(),
            vec!["deploy"]
        );
        assert!(c.reaches("test", "deploy"));
        assert!(!c.reaches("deploy", "test"));
        assert!(!c.reaches("x", "deploy"));
    }

    #[test]
    fn other_diagrams_have_no_flowchart() {
        assert_eq!(flowchart("sequenceDiagram\nA->>B: x\n"), Ok(None));
        assert!(flowchart("graph TD\nA -->\n").is_err());
    }
}
