use serde::Serialize;
use shipgate_core::{FindingKind, GateResult};

use super::results::Text;
use crate::text::gate_label;

/// `tool.driver.rules[]`: a `reportingDescriptor`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Rule {
    pub(crate) id: String,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
}

/// The rule id of the result that stands for an unevaluated report.
pub(crate) const VERDICT_RULE: &str = "verdict";

impl Rule {
    /// The rule of a finding kind: `broken-link`, "Broken link", and the kind's description.
    pub(crate) fn kind(kind: FindingKind) -> Rule {
        Rule {
            id: kind.key().to_string(),
            short_description: Text::new(title(kind.key())),
            full_description: Some(Text::new(kind.description())),
        }
    }

    /// The rule of a gate id, described by the labels of every gate with that id (TQ-03 has
    /// two): `TQ-03 suite_duration, test_duration`.
    pub(crate) fn gate(id: &str, gates: &[&GateResult]) -> Rule {
        let names: Vec<&str> = gates
            .iter()
            .map(|g| g.name.as_str())
            .filter(|n| !n.is_empty())
            .collect();
        let text = match gates.first() {
            Some(g) if names.len() <= 1 => gate_label(g),
            _ => format!("{id} {}", names.join(", ")),
        };
        Rule {
            id: id.to_string(),
            short_description: Text::new(text),
            full_description: None,
        }
    }

    /// The rule of the result that stands for a report where nothing was evaluated.
    pub(crate) fn verdict() -> Rule {
        Rule {
            id: VERDICT_RULE.to_string(),
            short_description: Text::new("Overall verdict"),
            full_description: Some(Text::new(
                "The report did not pass, and no gate was evaluated: nothing measured is never a pass.",
            )),
        }
    }
}

/// `broken-link` → `Broken link`.
fn title(key: &str) -> String {
    let words = key.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_rules_are_titled_from_their_key() {
        assert_eq!(title("broken-link"), "Broken link");
        assert_eq!(title("requirement"), "Requirement");
        assert_eq!(title(""), "");
    }
}
