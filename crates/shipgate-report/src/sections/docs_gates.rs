use shipgate_core::{Finding, FindingKind, GateResult, Report};

/// Whether `gate` is one of the documentation gates (`DG-01`, ...).
pub(crate) fn is_docs_gate(gate: &GateResult) -> bool {
    gate.id.starts_with("DG-")
}

/// The finding kinds a documentation gate counts ([`FindingKind::gate`]); empty for any
/// other gate.
pub(crate) fn gate_kinds(gate: &GateResult) -> Vec<FindingKind> {
    FindingKind::ALL
        .into_iter()
        .filter(|kind| kind.gate() == (gate.id.as_str(), gate.name.as_str()))
        .collect()
}

/// The findings of `report` that `gate` counts, in report order.
pub(crate) fn gate_findings<'a>(report: &'a Report, gate: &GateResult) -> Vec<&'a Finding> {
    let kinds = gate_kinds(gate);
    match &report.docs {
        Some(docs) if !kinds.is_empty() => docs
            .findings
            .iter()
            .filter(|f| kinds.contains(&f.kind))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether the findings of `kind` only warn: the documentation gate counting them has the
/// verdict `warn`. Findings are errors otherwise, also when no gate counts them.
pub(crate) fn kind_warns(report: &Report, kind: FindingKind) -> bool {
    report
        .gates
        .iter()
        .find(|g| gate_kinds(g).contains(&kind))
        .is_some_and(|g| g.verdict == shipgate_core::Verdict::Warn)
}

#[cfg(test)]
mod tests {
    use shipgate_core::Verdict;

    use super::*;

    fn gate(id: &str, name: &str) -> GateResult {
        GateResult {
            verdict: Verdict::Fail,
            ..GateResult::not_evaluated(id, name, "")
        }
    }

    #[test]
    fn gates_count_the_kinds_core_assigns_them() {
        assert_eq!(
            gate_kinds(&gate("DG-01", "links")),
            vec![FindingKind::BrokenLink, FindingKind::MissingAnchor]
        );
        assert_eq!(
            gate_kinds(&gate("DG-05", "commands")),
            vec![FindingKind::UnknownCommand, FindingKind::InvalidCommand]
        );
        assert_eq!(
            gate_kinds(&gate("DG-06", "env")),
            vec![FindingKind::UnknownEnv]
        );
        assert_eq!(
            gate_kinds(&gate("DG-02", "paths")),
            vec![FindingKind::MissingPath]
        );
        assert!(gate_kinds(&gate("TQ-01", "links")).is_empty());
        assert!(gate_kinds(&gate("DG-05", "links")).is_empty());
        assert!(gate_kinds(&gate("DG-09", "spelling")).is_empty());
    }
}
