//! The keys `shipgate.yaml` accepts, section by section.

use shipgate_core::quality::GateSpec;

/// Top-level keys implemented by this version.
pub(crate) const TOP_LEVEL: [&str; 2] = ["store", "tests"];

/// Top-level sections described in shipgate's design but not implemented by this version.
pub(crate) const NOT_YET_SUPPORTED: [&str; 6] = [
    "prometheus",
    "smoke",
    "metrics",
    "analysis",
    "docs",
    "rollout",
];

/// Keys under `tests`.
pub(crate) const TESTS: [&str; 6] = [
    "junit",
    "runs",
    "shuffled_runs",
    "coverage",
    "base",
    "gates",
];

/// Keys under `tests.gates`: one per test-quality gate.
pub(crate) fn gate_names() -> Vec<&'static str> {
    GateSpec::ALL.iter().map(|g| g.name).collect()
}

/// The known key closest to `key`, if it is close enough to be a likely typo.
pub(crate) fn suggest(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (distance(&key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d < k.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance over characters; inputs longer than 64 characters are never close.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(suggest("pass_rat", &gate_names()), Some("pass_rate"));
        assert_eq!(suggest("test", &TOP_LEVEL), Some("tests"));
        assert_eq!(suggest("zzz", &TOP_LEVEL), None);
        assert_eq!(suggest("x", &["y"]), None);
    }
}
