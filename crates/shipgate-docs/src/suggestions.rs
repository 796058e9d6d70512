//! The rule every check's suggestions end under, applied once every finding is known: a
//! suggestion offered for several different findings in one run (the same `foo` for 47
//! different names) is a guess, not a correction, and is dropped from all of them. The
//! same finding in several places (the same kind and message) is one finding here, and
//! two findings may share a suggestion (`instal.md` and `instll.md` both meant
//! `install.md`; two stale copies of one workflow line): three or more is several.

use std::collections::{HashMap, HashSet};

use shipgate_core::{Finding, FindingKind};

/// How many distinct findings one suggestion may serve before it is a guess.
const MOST_FINDINGS_PER_SUGGESTION: usize = 2;

/// Removes every suggestion that is offered for more than
/// [`MOST_FINDINGS_PER_SUGGESTION`] distinct findings (kind and message) of `findings`.
pub(crate) fn drop_shared(findings: &mut [Finding]) {
    let mut keys: HashMap<&str, HashSet<(FindingKind, &str)>> = HashMap::new();
    for f in findings.iter() {
        if let Some(s) = &f.suggestion {
            keys.entry(s.as_str())
                .or_default()
                .insert((f.kind, f.message.as_str()));
        }
    }
    let shared: HashSet<String> = keys
        .into_iter()
        .filter(|(_, k)| k.len() > MOST_FINDINGS_PER_SUGGESTION)
        .map(|(s, _)| s.to_owned())
        .collect();
    if shared.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        if f.suggestion.as_ref().is_some_and(|s| shared.contains(s)) {
            f.suggestion = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(file: &str, line: u32, name: &str, suggestion: &str) -> Finding {
        Finding::at(
            FindingKind::UnknownEnv,
            file,
            line,
            1,
            format!("`{name}` is set or read nowhere"),
        )
        .suggest(suggestion)
    }

    #[test]
    fn a_suggestion_for_several_names_is_dropped_from_all() {
        let mut findings = vec![
            env("a.md", 1, "FOO_A", "FOO"),
            env("a.md", 2, "FOO_B", "FOO"),
            env("b.md", 3, "FOO_C", "FOO"),
            env("b.md", 4, "TOKN", "TOKEN"),
            // the same finding in another place keeps its suggestion
            env("c.md", 5, "TOKN", "TOKEN"),
        ];
        drop_shared(&mut findings);
        let kept: Vec<Option<&str>> = findings.iter().map(|f| f.suggestion.as_deref()).collect();
        assert_eq!(kept, vec![None, None, None, Some("TOKEN"), Some("TOKEN")]);
    }

    #[test]
    fn two_findings_may_share_a_suggestion_three_may_not() {
        let link = |line, name: &str| {
            Finding::at(
                FindingKind::BrokenLink,
                "a.md",
                line,
                1,
                format!("`{name}` does not exist"),
            )
            .suggest("install.md")
        };
        let mut two = vec![link(1, "instal.md"), link(2, "instll.md")];
        drop_shared(&mut two);
        assert!(two.iter().all(|f| f.suggestion.is_some()));
        // the third may be of another kind: it is the same suggestion
        let mut three = vec![
            link(1, "instal.md"),
            link(2, "instll.md"),
            Finding::at(
                FindingKind::MissingPath,
                "a.md",
                3,
                1,
                "`insta.md` does not exist",
            )
            .suggest("install.md"),
        ];
        drop_shared(&mut three);
        assert!(three.iter().all(|f| f.suggestion.is_none()));
    }
}
