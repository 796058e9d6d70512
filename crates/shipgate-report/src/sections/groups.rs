//! Identical findings shown once: the human and Markdown output list a finding that recurs
//! (the same kind, message and suggestion) once with all its locations, so that one wrong
//! name repeated in 26 places reads as one problem. Machine formats (JSON, SARIF, JUnit,
//! annotations) keep one item per location.

use std::collections::HashMap;

use shipgate_core::{Finding, FindingKind};

use super::findings::file_position;

/// How many locations of a repeated finding are listed before `and N more`.
pub(crate) const LOCATION_CAP: usize = 5;

/// The findings as shown to people: one entry per distinct finding, in the order of each
/// one's first occurrence, with every finding it stands for (the first one first).
pub(crate) fn grouped(findings: &[Finding]) -> Vec<Vec<&Finding>> {
    let mut at: HashMap<(FindingKind, &str, Option<&str>), usize> = HashMap::new();
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    for f in findings {
        let key = (f.kind, f.message.as_str(), f.suggestion.as_deref());
        match at.get(&key) {
            Some(&i) => {
                if let Some(group) = groups.get_mut(i) {
                    group.push(f);
                }
            }
            None => {
                at.insert(key, groups.len());
                groups.push(vec![f]);
            }
        }
    }
    groups
}

/// The locations of a repeated finding, each quoted by `quote`:
/// `docs/a.md:3:5, docs/b.md:7:1 and 24 more`.
pub(crate) fn locations(group: &[&Finding], quote: impl Fn(&str) -> String) -> String {
    let shown: Vec<String> = group
        .iter()
        .take(LOCATION_CAP)
        .map(|f| quote(&file_position(f)))
        .collect();
    let more = group.len().saturating_sub(LOCATION_CAP);
    match (shown.split_last(), more) {
        (None, _) => String::new(),
        (Some(_), m) if m > 0 => format!("{} and {m} more", shown.join(", ")),
        (Some((last, [])), _) => last.clone(),
        (Some((last, rest)), _) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, line: u32, message: &str) -> Finding {
        Finding::at(FindingKind::BrokenLink, file, line, 1, message)
    }

    #[test]
    fn only_identical_findings_share_an_entry() {
        let findings = vec![
            at("a.md", 1, "`x.md` does not exist"),
            at("a.md", 2, "`y.md` does not exist"),
            at("b.md", 3, "`x.md` does not exist"),
            at("c.md", 4, "`x.md` does not exist").suggest("z.md"),
            Finding::at(
                FindingKind::MissingPath,
                "d.md",
                5,
                1,
                "`x.md` does not exist",
            ),
        ];
        let groups = grouped(&findings);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        // the same message with another suggestion or of another kind is another finding
        assert_eq!(sizes, vec![2, 1, 1, 1]);
        assert_eq!(groups[0][1].file, "b.md");
        assert_eq!(groups[1][0].message, "`y.md` does not exist");
    }

    #[test]
    fn locations_are_capped() {
        let findings: Vec<Finding> = (1..=8).map(|l| at("a.md", l, "m")).collect();
        let group: Vec<&Finding> = findings.iter().collect();
        let plain = |s: &str| s.to_string();
        assert_eq!(
            locations(&group, plain),
            "a.md:1:1, a.md:2:1, a.md:3:1, a.md:4:1, a.md:5:1 and 3 more"
        );
        assert_eq!(locations(&group[..2], plain), "a.md:1:1 and a.md:2:1");
        assert_eq!(
            locations(&group[..3], plain),
            "a.md:1:1, a.md:2:1 and a.md:3:1"
        );
        assert_eq!(locations(&group[..1], |s| format!("`{s}`")), "`a.md:1:1`");
    }
}
