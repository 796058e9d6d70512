//! The diagram types mermaid knows, which of them shipgate validates, and the nearest known
//! name for a misspelt header.

/// The kind of diagram a block holds, as far as the checker went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagram {
    /// A `flowchart` / `graph` (or `flowchart-elk`), parsed and validated.
    Flowchart,
    /// A `sequenceDiagram`, parsed and validated.
    Sequence,
    /// A diagram type mermaid knows but shipgate does not validate; the header word as
    /// written (`classDiagram-v2`, `gantt`, ...).
    Unvalidated(String),
}

/// Headers validated as flowcharts.
const FLOWCHART: [&str; 3] = ["flowchart", "graph", "flowchart-elk"];

/// The sequence diagram header.
const SEQUENCE: &str = "sequenceDiagram";

/// Headers of the other diagram types mermaid detects (case-sensitive, as mermaid's
/// detectors are).
const UNVALIDATED: [&str; 31] = [
    "classDiagram",
    "classDiagram-v2",
    "stateDiagram",
    "stateDiagram-v2",
    "erDiagram",
    "gantt",
    "pie",
    "journey",
    "gitGraph",
    "mindmap",
    "timeline",
    "quadrantChart",
    "requirementDiagram",
    "C4Context",
    "C4Container",
    "C4Component",
    "C4Dynamic",
    "C4Deployment",
    "sankey-beta",
    "sankey",
    "xychart-beta",
    "xychart",
    "block-beta",
    "packet-beta",
    "packet",
    "architecture-beta",
    "kanban",
    "radar-beta",
    "treemap-beta",
    "info",
    "requirement",
];

/// The diagram a header word names, if mermaid knows it.
pub(crate) fn lookup(word: &str) -> Option<Diagram> {
    if FLOWCHART.contains(&word) {
        Some(Diagram::Flowchart)
    } else if word == SEQUENCE {
        Some(Diagram::Sequence)
    } else if UNVALIDATED.contains(&word) {
        Some(Diagram::Unvalidated(word.to_string()))
    } else {
        None
    }
}

/// The known header closest to `word` (case-insensitively), when one is close enough to be
/// a likely typo: a small edit distance, or `word` being the start of the name.
pub(crate) fn suggest(word: &str) -> Option<&'static str> {
    if word.chars().count() > 40 {
        return None;
    }
    let lower = word.to_lowercase();
    let names = FLOWCHART
        .iter()
        .chain(std::iter::once(&SEQUENCE))
        .chain(UNVALIDATED.iter());
    let mut best: Option<(usize, &'static str)> = None;
    for &name in names {
        let candidate = name.to_lowercase();
        let distance = if lower.chars().count() >= 3 && candidate.starts_with(&lower) {
            0
        } else {
            shipgate_core::nearest::edit_distance(&lower, &candidate)
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, name));
        }
    }
    let limit = (lower.chars().count() / 3).max(2);
    best.filter(|&(d, _)| d <= limit).map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flowchart_headers_are_validated() {
        assert_eq!(lookup("flowchart"), Some(Diagram::Flowchart));
        assert_eq!(lookup("graph"), Some(Diagram::Flowchart));
        assert_eq!(lookup("flowchart-elk"), Some(Diagram::Flowchart));
        assert_eq!(lookup("sequenceDiagram"), Some(Diagram::Sequence));
    }

    #[test]
    fn other_known_types_are_unvalidated_with_their_name() {
        assert_eq!(
            lookup("classDiagram-v2"),
            Some(Diagram::Unvalidated("classDiagram-v2".to_string()))
        );
        assert_eq!(
            lookup("C4Context"),
            Some(Diagram::Unvalidated("C4Context".to_string()))
        );
        assert_eq!(
            lookup("gantt"),
            Some(Diagram::Unvalidated("gantt".to_string()))
        );
    }

    #[test]
    fn headers_are_case_sensitive_like_mermaid() {
        assert_eq!(lookup("Flowchart"), None);
        assert_eq!(lookup("sequencediagram"), None);
        assert_eq!(lookup("Gantt"), None);
    }

    #[test]
    fn typos_get_the_nearest_name() {
        assert_eq!(suggest("flowchat"), Some("flowchart"));
        assert_eq!(suggest("sequencediagram"), Some("sequenceDiagram"));
        assert_eq!(suggest("sequence"), Some("sequenceDiagram"));
        assert_eq!(suggest("grpah"), Some("graph"));
        assert_eq!(suggest("classDiagramm"), Some("classDiagram"));
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(suggest("banana"), None);
        assert_eq!(suggest("x"), None);
        assert_eq!(suggest("hello world"), None);
    }
}
