//! The one "did you mean" rule of shipgate: the known name closest to a misspelt one, by
//! edit distance, when it is close enough to be a typo and no other name is as close.
//! Config keys, command flags, environment variables, ids, anchors, routes and file paths
//! are all suggested through it.

/// The edit (Levenshtein) distance between `a` and `b`, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// The largest edit distance a suggestion for a name of `len` characters may have: a
/// third of its length, at least 1.
pub fn typo_distance(len: usize) -> usize {
    (len / 3).max(1)
}

/// The candidate with the smallest edit distance to `wanted`, when that distance is at
/// most `max` and no other candidate is as close (two equally near names: no suggestion,
/// since either may be wrong). `wanted` itself is never suggested; a candidate given
/// twice counts once.
pub fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Option<&'a str> {
    nearest_by(wanted, candidates, max, |c| c)
}

/// [`nearest`] over any candidates, compared by the text `key` gives each (a lower-cased
/// form, a path without its prefix); the candidate itself is returned.
pub fn nearest_by<'a, T: ?Sized>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a T>,
    max: usize,
    key: impl Fn(&'a T) -> &'a str,
) -> Option<&'a T> {
    let wanted_len = wanted.chars().count();
    // (distance, key, candidate, tied with another candidate of another key)
    let mut best: Option<(usize, &'a str, &'a T, bool)> = None;
    for candidate in candidates {
        let text = key(candidate);
        if text == wanted {
            continue;
        }
        // the distance is at least the difference of the lengths
        if text.chars().count().abs_diff(wanted_len) > max {
            continue;
        }
        let distance = edit_distance(wanted, text);
        if distance > max {
            continue;
        }
        best = match best {
            None => Some((distance, text, candidate, false)),
            Some((d, _, _, _)) if distance < d => Some((distance, text, candidate, false)),
            Some((d, t, c, _)) if distance == d && text != t => Some((d, t, c, true)),
            kept => kept,
        };
    }
    best.filter(|&(_, _, _, tied)| !tied).map(|(_, _, c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_within_the_limit() {
        let names = ["API_TOKEN", "API_TOKENS", "DATABASE_URL"];
        assert_eq!(nearest("API_TOKN", names, 2), Some("API_TOKEN"));
        assert_eq!(nearest("DATABASE_URI", names, 2), Some("DATABASE_URL"));
        assert_eq!(nearest("SENTRY_DSN", names, 3), None);
        assert_eq!(nearest("X", ["X"], 3), None);
        assert_eq!(typo_distance(2), 1);
        assert_eq!(typo_distance(9), 3);
        assert_eq!(edit_distance("flowchat", "flowchart"), 1);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    #[test]
    fn two_equally_near_names_get_no_suggestion() {
        // `TQ-06` is one edit from both: either may be meant
        assert_eq!(nearest("TQ-06", ["TQ-01", "TQ-05"], 1), None);
        // a closer one still wins over a tie further away
        assert_eq!(
            nearest("TQ-066", ["TQ-01", "TQ-05", "TQ-06"], 2),
            Some("TQ-06")
        );
        assert_eq!(nearest("TQ-01x", ["TQ-01", "TQ-02"], 1), Some("TQ-01"));
        // the same name twice is one candidate, not a tie
        assert_eq!(nearest("TQ-1", ["TQ-01", "TQ-01"], 1), Some("TQ-01"));
    }

    #[test]
    fn candidates_compare_by_their_key() {
        let anchors = [("install", "Install"), ("usage", "Usage")];
        let found = nearest_by("instal", anchors.iter(), 2, |(lower, _)| lower);
        assert_eq!(found.map(|(_, written)| *written), Some("Install"));
    }
}
