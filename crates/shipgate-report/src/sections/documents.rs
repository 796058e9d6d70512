use shipgate_core::DocumentSummary;

/// All code blocks, then each language by count (most first, ties by name):
/// `63 (bash 40, yaml 12, text 11)`; `0` when the document has none.
pub(crate) fn code_blocks(d: &DocumentSummary) -> String {
    let total = d.code_block_total();
    let mut languages: Vec<(&String, &u32)> =
        d.code_blocks.iter().filter(|(_, n)| **n > 0).collect();
    if languages.is_empty() {
        return total.to_string();
    }
    languages.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let parts: Vec<String> = languages
        .iter()
        .map(|(language, n)| format!("{language} {n}"))
        .collect();
    format!("{total} ({})", parts.join(", "))
}

/// Mermaid diagrams as `valid/total` (`2/3`); `-` when the document has none.
pub(crate) fn mermaid(d: &DocumentSummary) -> String {
    if d.mermaid == 0 {
        "-".to_string()
    } else {
        format!("{}/{}", d.mermaid_valid, d.mermaid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_by_language_most_first() {
        let mut d = DocumentSummary::default();
        assert_eq!(code_blocks(&d), "0");
        for (language, n) in [("text", 11), ("bash", 40), ("yaml", 12), ("toml", 0)] {
            d.code_blocks.insert(language.to_string(), n);
        }
        assert_eq!(code_blocks(&d), "63 (bash 40, yaml 12, text 11)");
        assert_eq!(mermaid(&d), "-");
        d.mermaid = 3;
        d.mermaid_valid = 2;
        assert_eq!(mermaid(&d), "2/3");
    }
}
