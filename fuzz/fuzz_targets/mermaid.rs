#![no_main]
use libfuzzer_sys::fuzz_target;

// Any text is a mermaid block: the checker and the flowchart reader must not panic, and an
// error must point inside the block (1-based line within its lines, 1-based column within
// its line).
fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = shipgate_docs::mermaid::check(text) {
            let lines: Vec<&str> = text.split('\n').collect();
            let line = usize::try_from(e.line).unwrap_or(usize::MAX);
            assert!(line >= 1 && line <= lines.len(), "line {} of {}", e.line, lines.len());
            let width = lines.get(line - 1).map_or(0, |l| l.chars().count());
            let column = usize::try_from(e.column).unwrap_or(usize::MAX);
            assert!(column >= 1 && column <= width + 1, "column {} of {}", e.column, width);
            assert!(!e.message.is_empty());
            let _ = e.to_string();
        }
        // The graph reader agrees with the checker and keeps its edges inside the block.
        if let Ok(Some(chart)) = shipgate_docs::mermaid::flowchart(text) {
            let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
            for e in &chart.edges {
                assert!(e.line >= 1 && e.line <= lines, "edge line {} of {}", e.line, lines);
            }
        }
    }
});
