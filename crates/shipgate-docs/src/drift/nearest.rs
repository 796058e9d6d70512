//! The closest known name to a misspelt one, for `did you mean` suggestions.

/// The candidate with the smallest edit distance to `wanted`, when that distance is at
/// most `max`; on a tie, the first candidate given wins.
pub(crate) fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Option<&'a str> {
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == wanted {
            continue;
        }
        let distance = strsim::levenshtein(wanted, candidate);
        if distance <= max && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The largest edit distance a suggestion for a name of `len` characters may have: a
/// third of its length, at least 1.
pub(crate) fn typo_distance(len: usize) -> usize {
    (len / 3).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_within_the_limit_and_first_on_ties() {
        let names = ["API_TOKEN", "API_TOKENS", "DATABASE_URL"];
        assert_eq!(nearest("API_TOKN", names, 2), Some("API_TOKEN"));
        assert_eq!(nearest("DATABASE_URI", names, 2), Some("DATABASE_URL"));
        assert_eq!(nearest("SENTRY_DSN", names, 3), None);
        assert_eq!(nearest("TQ-06", ["TQ-01", "TQ-05"], 1), Some("TQ-01"));
        assert_eq!(nearest("X", ["X"], 3), None);
        assert_eq!(typo_distance(2), 1);
        assert_eq!(typo_distance(9), 3);
    }
}
