//! Mermaid diagrams: a parser for the diagram types shipgate validates (`mermaid-syntax`).
