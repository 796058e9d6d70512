//! Mermaid diagrams: a parser for the diagram types shipgate validates (`mermaid-syntax`).
//!
//! [`check`] reads one mermaid block the way mermaid does: optional YAML front matter,
//! `%%{init: ...}%%` directives and `%%` comment lines, then the header that names the
//! diagram type. Flowcharts (`flowchart` / `graph`) and sequence diagrams are parsed and
//! validated against mermaid's grammars; every other diagram type mermaid knows is accepted
//! as [`Diagram::Unvalidated`]. A block mermaid would refuse gives a [`MermaidError`] at
//! the line and column of the offending token.
//!
//! Where mermaid's lexer has quirks, the checker follows mermaid, not intuition: an edge
//! may continue on the next line, a `;` ends a sequence message even inside its text,
//! brackets inside an unquoted label are an error. Where the grammar is uncertain (keyword
//! prefixes such as a node named `classify`), it errs towards accepting.

mod cleanup;
mod diagram;
mod error;
mod flowchart;
mod header;
mod sequence;
mod source;

pub use diagram::Diagram;
pub use error::MermaidError;
pub use flowchart::{FlowEdge, FlowNode, Flowchart, Subgraph};

use source::Source;

/// Check the text of one mermaid block (without its fences).
///
/// Returns the diagram type when mermaid would accept the block, or the first problem, at
/// a 1-based line and column within `text`.
pub fn check(text: &str) -> Result<Diagram, MermaidError> {
    read(text).map(|(diagram, _)| diagram)
}

/// The nodes, edges and subgraphs of a mermaid block that is a flowchart (see
/// [`Flowchart`] for how chains, groups and subgraphs are read); `None` for a block of
/// another diagram type.
///
/// # Errors
/// The block's first problem, as [`check`] reports it.
pub fn flowchart(text: &str) -> Result<Option<Flowchart>, MermaidError> {
    read(text).map(|(_, chart)| chart)
}

/// Check one block; its diagram type, and its graph when it is a flowchart.
fn read(text: &str) -> Result<(Diagram, Option<Flowchart>), MermaidError> {
    let mut src = Source::new(text);
    header::front_matter(&mut src)?;
    cleanup::directives(&mut src)?;
    cleanup::comment_lines(&mut src);
    cleanup::entities(&mut src);
    let (diagram, end) = header::find(&src)?;
    let chart = match diagram {
        Diagram::Flowchart => Some(flowchart::check(&src, end)?),
        Diagram::Sequence => {
            sequence::check(&src, end)?;
            None
        }
        Diagram::Unvalidated(_) => None,
    };
    Ok((diagram, chart))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn error(text: &str) -> (u32, u32, String) {
        let e = check(text).expect_err(text);
        (e.line, e.column, e.message)
    }

    #[test]
    fn accepts_a_full_flowchart() {
        let text = r#"---
title: Release flow
---
%%{init: {"theme": "forest"}}%%
%% The release pipeline
flowchart LR
    start([Start]) --> build[[Build]]
    build --> test{"Tests pass? (all [unit] suites)"}
    test -->|yes| deploy[(Deploy)]
    test -- no --> fix>Fix it] --> build
    deploy -.-> notify((Notify)) ==> done(((Done)))
    a[/lean right/] --- b[\lean left\] ~~~ c[/trap\] --o d[\inv trap/]
    e{{hex}} --x f["`**markdown** label`"]
    g & h --> i & j
    subgraph cluster [Cluster title]
        direction TB
        k:::warn --> l
        subgraph inner
            m
        end
    end
    classDef warn fill:#f96,stroke:#333;
    class k,l warn
    style m fill:#bbf
    linkStyle 0 stroke:#f00
    click deploy "https://example.com" "Open"
"#;
        assert_eq!(check(text), Ok(Diagram::Flowchart));
    }

    #[test]
    fn accepts_a_full_sequence_diagram() {
        let text = "%%{init: {'theme': 'dark'}}%%\nsequenceDiagram\n    autonumber\n    participant C as Client\n    actor U as User\n    U->>C: click\n    C->>+S: request\n    alt cache hit\n        S-->>C: cached\n    else miss\n        S->>DB: query\n        DB-->>S: rows\n    end\n    S-->>-C: response\n    Note over C,S: done\n";
        assert_eq!(check(text), Ok(Diagram::Sequence));
    }

    #[test]
    fn other_diagram_types_are_unvalidated() {
        assert_eq!(
            check("classDiagram\n  Animal <|-- Duck\n  this would { not parse"),
            Ok(Diagram::Unvalidated("classDiagram".to_string()))
        );
        assert_eq!(
            check("%% comment\n\ngantt\n title x"),
            Ok(Diagram::Unvalidated("gantt".to_string()))
        );
        assert_eq!(
            check("stateDiagram-v2\n[*] --> S"),
            Ok(Diagram::Unvalidated("stateDiagram-v2".to_string()))
        );
    }

    #[test]
    fn unknown_header_with_suggestion() {
        let (line, column, message) = error("%% c\nflowchat TD\n  A --> B\n");
        assert_eq!((line, column), (2, 1));
        assert_eq!(
            message,
            "unknown diagram type `flowchat`; did you mean `flowchart`?"
        );
    }

    #[test]
    fn empty_block() {
        let (line, _, message) = error("");
        assert_eq!(line, 1);
        assert!(message.starts_with("empty mermaid block"), "{message}");
        let (line, _, _) = error("%% only a comment\n");
        assert_eq!(line, 1);
    }

    #[test]
    fn near_misses_that_mermaid_accepts() {
        for text in [
            "graph TD\nA[\"a [bracketed] (label)\"] --> B",
            "graph TD\nA-->B",
            "flowchart LR\nA --> B --> C --> D",
            "flowchart TB\nsubgraph s1 [A title]\nA\nend",
            "%%{init: {'flowchart': {'curve': 'basis'}}}%%\ngraph LR\nA-->B",
            "---\nconfig:\n  look: handDrawn\n---\nflowchart LR\nA-->B",
            "sequenceDiagram\nalt ok\nA->>B: yes\nelse no\nA->>B: no\nend",
            "graph TD\nA[Semi#59;colon] --> B",
            "sequenceDiagram\nA->>B: I #9829; you",
            "graph TD\r\nA --> B\r\n",
        ] {
            assert!(check(text).is_ok(), "{text}: {:?}", check(text));
        }
    }

    #[test]
    fn errors_carry_block_relative_positions() {
        // Front matter, a directive and a comment come first; the error is on line 7.
        let text = "---\ntitle: t\n---\n%%{init: {}}%%\n%% note\ngraph TD\nA --> B[x (y)]\n";
        let (line, column, _) = error(text);
        assert_eq!((line, column), (7, 11));
    }

    #[test]
    fn front_matter_must_come_first() {
        let (line, column, message) = error("%% c\n---\ntitle: t\n---\ngraph TD\n");
        assert_eq!((line, column), (2, 1));
        assert!(message.contains("must come first"), "{message}");
    }

    #[test]
    fn an_unclosed_directive_is_an_error() {
        let (line, _, message) = error("%%{init: {}}\ngraph TD\nA-->B\n");
        assert_eq!(line, 1);
        assert!(message.contains("never closed"), "{message}");
    }

    #[test]
    fn large_blocks_are_checked_in_linear_time() {
        // Long lines without spaces, many statements: each would take minutes if any pass
        // rescanned the rest of the block.
        let chain = format!("graph LR\n{}A", "A-->".repeat(50_000));
        assert_eq!(check(&chain), Ok(Diagram::Flowchart));
        let participants = format!("sequenceDiagram\n{}", "participant A as B\n".repeat(20_000));
        assert_eq!(check(&participants), Ok(Diagram::Sequence));
        let messages = format!("sequenceDiagram\n{}", "A->>B: x;".repeat(20_000));
        assert_eq!(check(&messages), Ok(Diagram::Sequence));
        let nodes = format!("graph TD\n{}", "A[\"x\"] & B(y) --> C{z}\n".repeat(10_000));
        assert_eq!(check(&nodes), Ok(Diagram::Flowchart));
        let word = "x".repeat(100_000);
        assert!(check(&word).is_err());
    }

    /// Pieces of diagrams, valid and broken, for the generated blocks.
    const FRAGMENTS: [&str; 40] = [
        "flowchart LR\n",
        "graph TD;",
        "sequenceDiagram\n",
        "---\n",
        "%%{init: {}}%%\n",
        "%% c\n",
        "A",
        "B[",
        "]",
        "(",
        ")",
        "{{",
        "}}",
        "\"",
        "\"`",
        "`\"",
        " --> ",
        "-- x",
        "-->|",
        "|",
        "==>",
        "-.->",
        "~~~",
        " & ",
        ":::c",
        "@{",
        "}",
        "subgraph s [t]\n",
        "end\n",
        "\n",
        ";",
        "->>",
        "-->>+",
        ": text",
        "Note over A,B",
        "loop x\n",
        "alt\n",
        "else\n",
        "participant P as Q\n",
        "#x;",
    ];

    fn assert_in_block(text: &str) {
        if let Err(e) = check(text) {
            let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
            assert!(
                e.line >= 1 && e.line <= lines,
                "line {} of {lines}: {text:?}",
                e.line
            );
            assert!(e.column >= 1, "{text:?}");
            assert!(!e.message.is_empty());
        }
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC*") {
            assert_in_block(&text);
        }

        #[test]
        fn arbitrary_text_after_a_header_never_panics(
            header in prop::sample::select(vec!["graph TD\n", "flowchart LR\n", "sequenceDiagram\n"]),
            body in "[ -~\n\t\u{e9}\u{1F600}]{0,200}",
        ) {
            assert_in_block(&format!("{header}{body}"));
        }

        #[test]
        fn fragment_soup_never_panics(parts in prop::collection::vec(prop::sample::select(FRAGMENTS.to_vec()), 0..40)) {
            assert_in_block(&parts.concat());
        }
    }
}
