//! The `flowchart` / `graph` validator, following mermaid's `flow.jison` grammar.
//!
//! After the header's optional direction, the body is statements separated by line breaks
//! or `;`: node and edge chains (`A & B --> C -->|x| D`), `subgraph` ... `end` (balanced,
//! nested), `direction`, `classDef`, `class`, `style`, `linkStyle`, `click`, `accTitle` and
//! `accDescr`. Whole-line `%%` comments are gone by now; a `%%` after a statement is an
//! error, as it is for mermaid.

mod graph;
mod link;
mod node;

pub use graph::{FlowEdge, FlowNode, Flowchart, Subgraph};

use super::error::MermaidError;
use super::source::Source;
use graph::Builder;

/// Directions the header accepts (mermaid's lexer also knows `BR`).
const DIRECTIONS: [&str; 10] = ["TB", "TD", "BT", "RL", "LR", "BR", ">", "<", "^", "v"];

/// Directions a `direction` statement accepts (no `TD` there).
const SUBGRAPH_DIRECTIONS: [&str; 4] = ["TB", "BT", "RL", "LR"];

/// Validate a flowchart whose header word ends just before `start`; its nodes, edges and
/// subgraphs.
pub(crate) fn check(src: &Source, start: usize) -> Result<Flowchart, MermaidError> {
    let mut chart = Builder::new(src.position(start.saturating_sub(1)).0);
    let mut i = header_direction(src, start)?;
    let mut open: Vec<usize> = Vec::new();
    loop {
        while src.get(i).is_some_and(|c| c.is_whitespace() || c == ';') {
            i += 1;
        }
        if i >= src.len() {
            break;
        }
        i = statement(src, i, &mut open, &mut chart)?;
    }
    match open.last() {
        Some(&at) => Err(src.error(at, "subgraph opened here is never closed (missing `end`)")),
        None => Ok(chart.finish()),
    }
}

/// Parse the optional direction after the header; the index of the separator after it.
fn header_direction(src: &Source, start: usize) -> Result<usize, MermaidError> {
    let i = src.skip_spaces(start);
    if src.at_separator(i) {
        return Ok(i);
    }
    let mut end = i;
    while src.get(end).is_some_and(|c| !c.is_whitespace() && c != ';') {
        end += 1;
    }
    let word = src.slice(i, end);
    if !DIRECTIONS.contains(&word.as_str()) {
        return Err(src.error(
            i,
            format!("unknown flowchart direction `{word}`; use TB, TD, BT, RL or LR"),
        ));
    }
    let j = src.skip_spaces(end);
    match src.get(j) {
        None | Some('\n' | ';') => Ok(j),
        Some(c) => Err(src.error(
            j,
            format!("expected a line break or `;` after the direction, found `{c}`"),
        )),
    }
}

/// Parse one statement starting at the non-blank `i`; the index where it ends.
fn statement(
    src: &Source,
    i: usize,
    open: &mut Vec<usize>,
    chart: &mut Builder,
) -> Result<usize, MermaidError> {
    let mut word_end = i;
    while src.get(word_end).is_some_and(|c| c.is_ascii_alphabetic()) {
        word_end += 1;
    }
    let word = src.slice(i, word_end);
    let next = src.get(word_end);
    let space_after = next.is_some_and(|c| c != '\n' && c.is_whitespace());
    let at_boundary = !next.is_some_and(|c| c.is_alphanumeric() || c == '_');
    match word.as_str() {
        "subgraph" if space_after || src.at_separator(word_end) => {
            subgraph(src, i, word_end, open, chart)
        }
        "end" if at_boundary => end(src, i, word_end, open, chart),
        "direction" if space_after && is_direction_word(src, src.skip_spaces(word_end)) => {
            direction(src, word_end)
        }
        "classDef" | "class" | "style" | "linkStyle" | "click" if space_after => {
            styling(src, i, &word, word_end)
        }
        "accTitle" | "accDescr" if src.get(src.skip_spaces(word_end)) == Some(':') => {
            Ok(src.eol(word_end))
        }
        "accDescr" if src.get(src.skip_spaces(word_end)) == Some('{') => src
            .find(word_end, "}")
            .map(|k| k + 1)
            .ok_or_else(|| src.error(i, "`accDescr {` opened here is never closed with `}`")),
        _ => chain(src, i, chart),
    }
}

/// `subgraph`, `subgraph id`, `subgraph "title"`, `subgraph id [title]`.
fn subgraph(
    src: &Source,
    keyword: usize,
    after: usize,
    open: &mut Vec<usize>,
    chart: &mut Builder,
) -> Result<usize, MermaidError> {
    let mut j = src.skip_spaces(after);
    let title_start = j;
    let mut id = String::new();
    if !src.at_separator(j) {
        if src.get(j) == Some('"') {
            j = node::quoted(src, j)?;
        } else {
            while let Some(c) = src.get(j) {
                if matches!(c, '\n' | ';' | '[') {
                    break;
                }
                if "](){}|<>\"".contains(c) {
                    return Err(src.error(
                        j,
                        format!("`{c}` in an unquoted subgraph title; quote the title: `subgraph id [\"...\"]`"),
                    ));
                }
                j += 1;
            }
        }
        id = src
            .slice(title_start, j)
            .trim()
            .trim_matches('"')
            .trim()
            .to_string();
        if src.get(j) == Some('[') {
            j = node::label(src, j, "[", &["]"])?;
        }
        j = src.skip_spaces(j);
        if let Some(c) = src.get(j).filter(|_| !src.at_separator(j)) {
            return Err(src.error(j, format!("unexpected `{c}` after the subgraph title")));
        }
    }
    open.push(keyword);
    chart.open(id);
    Ok(j)
}

/// `end`: closes the innermost subgraph.
fn end(
    src: &Source,
    i: usize,
    after: usize,
    open: &mut Vec<usize>,
    chart: &mut Builder,
) -> Result<usize, MermaidError> {
    let j = src.skip_spaces(after);
    let used_as_node = link::starts_edge(src, j)
        || src.starts_with(j, ":::")
        || (j == after && matches!(src.get(j), Some('[' | '(' | '{' | '>' | '@')));
    if used_as_node {
        return Err(src.error(
            i,
            "`end` is a reserved word and cannot be a node id; capitalise it (`End`) or pick another id",
        ));
    }
    if open.pop().is_none() {
        return Err(src.error(i, "`end` without an open `subgraph`"));
    }
    chart.close();
    Ok(after)
}

/// Whether a two-letter direction (`TB`, `TD`, ...) stands at `i`; otherwise a statement
/// starting with `direction` is an ordinary node named `direction`.
fn is_direction_word(src: &Source, i: usize) -> bool {
    DIRECTIONS
        .iter()
        .any(|d| d.len() == 2 && src.starts_with(i, d))
}

/// `direction LR` (inside a subgraph).
fn direction(src: &Source, after: usize) -> Result<usize, MermaidError> {
    let j = src.skip_spaces(after);
    if SUBGRAPH_DIRECTIONS.iter().any(|d| src.starts_with(j, d)) {
        return Ok(src.eol(j));
    }
    let mut end = j;
    while src.get(end).is_some_and(|c| !c.is_whitespace() && c != ';') {
        end += 1;
    }
    Err(src.error(
        j,
        format!(
            "`direction {}` is not a subgraph direction; use TB, BT, RL or LR",
            src.slice(j, end)
        ),
    ))
}

/// `classDef`, `class`, `style`, `linkStyle`, `click`: the arguments are not checked beyond
/// their number (and `linkStyle`'s edge list).
fn styling(src: &Source, i: usize, word: &str, after: usize) -> Result<usize, MermaidError> {
    let mut end = after;
    let mut args: Vec<(usize, String)> = Vec::new();
    let mut current: Option<usize> = None;
    loop {
        let c = src.get(end);
        let splits = c.is_none_or(|c| c.is_whitespace() || c == ';');
        if splits {
            if let Some(start) = current.take() {
                args.push((start, src.slice(start, end)));
            }
            if src.at_separator(end) {
                break;
            }
            end += 1;
        } else if c == Some('"') {
            current.get_or_insert(end);
            end = node::quoted(src, end)?;
        } else {
            current.get_or_insert(end);
            end += 1;
        }
    }
    let usage = match word {
        "classDef" => "`classDef` needs a class name and styles: `classDef warn fill:#f96`",
        "class" => "`class` needs node ids and a class name: `class A,B warn`",
        "style" => "`style` needs a node id and styles: `style A fill:#f9f`",
        "linkStyle" => {
            "`linkStyle` needs edge numbers (or `default`) and styles: `linkStyle 0 stroke:#f00`"
        }
        _ => "`click` needs a node id and a callback or link: `click A \"https://example.com\"`",
    };
    if args.len() < 2 {
        return Err(src.error(i, usage));
    }
    if word == "linkStyle" {
        if let Some((at, edges)) = args.first() {
            let numbers = edges
                .split(',')
                .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if edges != "default" && !numbers {
                return Err(src.error(
                    *at,
                    format!(
                        "`linkStyle` takes `default` or edge numbers such as `0,2`, not `{edges}`"
                    ),
                ));
            }
        }
    }
    Ok(end)
}

/// A chain of nodes and edges: `A & B --> C -->|x| D`.
fn chain(src: &Source, i: usize, chart: &mut Builder) -> Result<usize, MermaidError> {
    if link::starts_edge(src, i) {
        let message = if link::has_head_prefix(src, i) {
            "edge has no source node (mermaid reads a leading `x` or `o` before an edge as an arrow head; rename the node)"
        } else {
            "edge has no source node"
        };
        return Err(src.error(i, message));
    }
    let (mut i, mut previous) = group(src, i, chart)?;
    loop {
        let j = src.skip_spaces(i);
        let found = match link::edge(src, j, true)? {
            Some(e) => Some(e),
            None if src.get(j) == Some('\n') => link::edge(src, src.skip_whitespace(j), false)?,
            None => None,
        };
        if let Some(e) = found {
            let (next, ids) = target(src, e, chart)?;
            chart.edges(&previous, &ids, src.position(e.start).0);
            (i, previous) = (next, ids);
            continue;
        }
        return match src.get(j) {
            None | Some('\n' | ';') => Ok(j),
            Some('%') if src.starts_with(j, "%%") => Err(src.error(
                j,
                "`%%` comments must be on a line of their own in a flowchart",
            )),
            Some('-') if src.starts_with(j, "->") => {
                Err(src.error(j, "`->` is not a flowchart edge; use `-->`"))
            }
            Some(c) => Err(src.error(j, format!("unexpected `{c}`"))),
        };
    }
}

/// The node group an edge points at; the index after it and the group's node ids.
fn target(
    src: &Source,
    e: link::Edge,
    chart: &mut Builder,
) -> Result<(usize, Vec<String>), MermaidError> {
    let t = e.next;
    if src.starts_with(t, "end")
        && !src
            .get(t + 3)
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && src.line_of(t) != src.line_of(e.start)
    {
        return Err(src.error(e.start, "edge has no target node"));
    }
    if node::starts_node(src, t) {
        return group(src, t, chart);
    }
    match src.get(t) {
        None | Some('\n' | ';') => Err(src.error(e.start, "edge has no target node")),
        Some('>') => Err(src.error(
            t,
            "expected a node after the edge, found `>` (`-->>` is a sequence-diagram arrow)",
        )),
        Some('%') if src.starts_with(t, "%%") => Err(src.error(
            t,
            "`%%` comments must be on a line of their own in a flowchart",
        )),
        Some(c) => Err(src.error(t, format!("expected a node after the edge, found `{c}`"))),
    }
}

/// Nodes joined by `&`; the index after the last and the node ids.
fn group(
    src: &Source,
    i: usize,
    chart: &mut Builder,
) -> Result<(usize, Vec<String>), MermaidError> {
    let mut ids = Vec::new();
    let mut i = vertex(src, i, chart, &mut ids)?;
    loop {
        let j = src.skip_spaces(i);
        if src.get(j) != Some('&') {
            return Ok((i, ids));
        }
        let k = src.skip_spaces(j + 1);
        if !node::starts_node(src, k) {
            return Err(src.error(j, "`&` must be followed by a node"));
        }
        i = vertex(src, k, chart, &mut ids)?;
    }
}

/// One node of a group, recorded with its label; the index after it.
fn vertex(
    src: &Source,
    i: usize,
    chart: &mut Builder,
    ids: &mut Vec<String>,
) -> Result<usize, MermaidError> {
    let end = node::styled_vertex(src, i)?;
    let id = src.slice(i, node::id_end(src, i));
    chart.node(&id, node::shape_label(src, i), src.position(i).0);
    ids.push(id);
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Validate a flowchart body (the header is `graph TD`).
    fn check_body(body: &str) -> Result<Flowchart, MermaidError> {
        let text = format!("graph TD\n{body}");
        let src = Source::new(&text);
        check(&src, 5)
    }

    /// The (line, column) of the error, counting the header as line 1.
    fn error_at(body: &str) -> (u32, u32, String) {
        let e = check_body(body).expect_err(body);
        (e.line, e.column, e.message)
    }

    #[test]
    fn accepts_every_edge_form() {
        let body = "A --> B\nA --- B\nA -.-> B\nA -.- B\nA ==> B\nA === B\nA ~~~ B\n\
                    A --o B\nA --x B\nA <--> B\nA o--o B\nA x--x B\nA ----> B\nA -..-> B\n\
                    A ====> B\nA -->|yes| B\nA -- yes --> B\nA == yes ==> B\nA -. yes .-> B\n\
                    A e1@--> B\n";
        check_body(body).unwrap();
    }

    #[test]
    fn accepts_compact_chains_and_groups() {
        check_body("A-->B").unwrap();
        check_body("A --> B --> C").unwrap();
        check_body("A & B --> C & D").unwrap();
        check_body("A-->|x|B-->C;C-->D").unwrap();
        check_body("A[\"label [with] (brackets)\"] --> B{\"{x}\"}").unwrap();
        check_body("A:::warn --> B[ok]:::good").unwrap();
        check_body("A@{ shape: rect } --> B").unwrap();
    }

    #[test]
    fn an_edge_may_continue_on_the_next_line() {
        check_body("A -->\n  B").unwrap();
        check_body("A\n  --> B\n  --> C").unwrap();
    }

    #[test]
    fn accepts_statements() {
        let body = "classDef warn fill:#f96,stroke:#333;\nclass A,B warn\nstyle A fill:#f9f\n\
                    linkStyle 0,1 stroke:#f00\nlinkStyle default stroke:#0f0\n\
                    click A \"https://example.com\" \"tip\"\nclick B callback\n\
                    accTitle: Title\naccDescr: text\naccDescr {\n multi\n line\n}\nA --> B\n";
        check_body(body).unwrap();
    }

    #[test]
    fn subgraphs_balance_and_nest() {
        let body = "subgraph one [The first]\n  direction LR\n  A --> B\n  subgraph two\n    C\n  end\nend\n\
                    subgraph \"quoted title\"\n D\nend\nsubgraph three[Title]\nend\nsubgraph\nend\n\
                    subgraph My group name\nend\none --> two";
        check_body(body).unwrap();
    }

    #[test]
    fn a_subgraph_without_end_is_reported_where_it_opens() {
        let (line, column, message) = error_at("A --> B\n  subgraph one\n  C\n");
        assert_eq!((line, column), (3, 3));
        assert_eq!(
            message,
            "subgraph opened here is never closed (missing `end`)"
        );
    }

    #[test]
    fn nested_subgraph_missing_end_reports_the_open_one() {
        let (line, _, _) = error_at("subgraph a\nsubgraph b\nend\nX\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn end_without_subgraph() {
        let (line, column, message) = error_at("A --> B\n  end\n");
        assert_eq!((line, column), (3, 3));
        assert_eq!(message, "`end` without an open `subgraph`");
    }

    #[test]
    fn end_is_reserved_as_a_node_id() {
        let (line, column, message) = error_at("A --> end\n");
        assert_eq!((line, column), (2, 7));
        assert!(message.contains("reserved"), "{message}");
        let (line, column, _) = error_at("subgraph s\nend --> A\nend\n");
        assert_eq!((line, column), (3, 1));
        check_body("A --> End\nEnd --> endpoint\n").unwrap();
    }

    #[test]
    fn an_edge_needs_a_target() {
        let (line, column, message) = error_at("A --> B\nB -->");
        assert_eq!((line, column), (3, 3));
        assert_eq!(message, "edge has no target node");
        let (line, column, _) = error_at("A -->;B");
        assert_eq!((line, column), (2, 3));
        // A dangling edge before `end` has no target either.
        let (line, column, message) = error_at("subgraph s\n  A -->\nend\n");
        assert_eq!((line, column), (3, 5));
        assert_eq!(message, "edge has no target node");
    }

    #[test]
    fn an_edge_needs_a_source() {
        // After line breaks (even a blank line) an edge still continues the node before it.
        check_body("A\n\n--> B").unwrap();
        let (line, column, message) = error_at("A;--> B");
        assert_eq!((line, column), (2, 3));
        assert_eq!(message, "edge has no source node");
        let (line, column, _) = error_at("B --> C\n  ==> D\n;\n-.-> E");
        assert_eq!((line, column), (5, 1));
    }

    #[test]
    fn garbage_is_reported_where_it_starts() {
        let (line, column, message) = error_at("A --> B\nA -> B\n");
        assert_eq!((line, column), (3, 3));
        assert!(message.contains("`->`"), "{message}");
        let (line, column, _) = error_at("A --> B ]\n");
        assert_eq!((line, column), (2, 9));
        let (line, column, message) = error_at("A --> B %% trailing comment\n");
        assert_eq!((line, column), (2, 9));
        assert!(message.contains("own"), "{message}");
        let (line, column, _) = error_at("A -->> B\n");
        assert_eq!((line, column), (2, 6));
    }

    #[test]
    fn shape_errors_are_reported_at_the_bracket() {
        let (line, column, _) = error_at("A --> B\nC[label (x)] --> D\n");
        assert_eq!((line, column), (3, 9));
        let (line, column, _) = error_at("A([stadium)] --> B\n");
        assert_eq!((line, column), (2, 11));
        let (line, column, message) = error_at("A --> B[unclosed\nC --> D\n");
        assert_eq!((line, column), (2, 8));
        assert!(message.contains("never closed"), "{message}");
    }

    #[test]
    fn header_directions() {
        for header in [
            "graph",
            "graph TD",
            "flowchart LR",
            "graph TB;",
            "graph >",
            "flowchart v",
            "graph RL  ",
        ] {
            let text = format!("{header}\nA --> B");
            let src = Source::new(&text);
            let word_end = header.split(' ').next().map_or(0, str::len);
            check(&src, word_end).unwrap_or_else(|e| panic!("{header}: {e}"));
        }
        let src = Source::new("graph XY\nA");
        let e = check(&src, 5).unwrap_err();
        assert_eq!((e.line, e.column), (1, 7));
        assert!(
            e.message.contains("unknown flowchart direction `XY`"),
            "{}",
            e.message
        );
        let src = Source::new("graph TD A --> B");
        let e = check(&src, 5).unwrap_err();
        assert_eq!((e.line, e.column), (1, 10));
        let src = Source::new("graph TD;A-->B;B-->C");
        check(&src, 5).unwrap();
    }

    #[test]
    fn subgraph_problems() {
        let (line, column, message) = error_at("subgraph Backend (API)\nend\n");
        assert_eq!((line, column), (2, 18));
        assert!(message.contains("quote the title"), "{message}");
        let (line, column, _) = error_at("subgraph a [title\nend\n");
        assert_eq!((line, column), (2, 12));
        let (line, column, message) = error_at("subgraph a\ndirection TD\nend\n");
        assert_eq!((line, column), (3, 11));
        assert!(message.contains("TB, BT, RL or LR"), "{message}");
        // `direction` not followed by a direction is a node.
        check_body("direction --> B\ndirection\n").unwrap();
    }

    #[test]
    fn styling_statements_need_their_arguments() {
        let (line, column, message) = error_at("A\nstyle A\n");
        assert_eq!((line, column), (3, 1));
        assert!(message.starts_with("`style` needs"), "{message}");
        let (line, column, _) = error_at("linkStyle first stroke:#f00\n");
        assert_eq!((line, column), (2, 11));
        assert!(check_body("classDef x\n").is_err());
    }

    #[test]
    fn x_and_o_before_an_edge_are_arrow_heads() {
        let (_, _, message) = error_at("x--> B\n");
        assert!(message.contains("arrow head"), "{message}");
        check_body("A o--o B\nAx-->B\n").unwrap();
    }
}
