//! `*` wildcard patterns for `ignore:` lists: `*` matches any run of characters
//! (slashes included); everything else matches itself.

/// Whether `text` matches `pattern`.
pub(crate) fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    matches_by(&p, &t, |c| *c == '*')
}

/// Whether `text` matches `pattern`, where each item of `pattern` that `is_star` holds for
/// matches any run of items (none included) and every other item matches itself. The one
/// wildcard matcher: `ignore:` patterns match characters with it, documented commands
/// match their words' pieces with it.
pub(crate) fn matches_by<T: PartialEq>(
    pattern: &[T],
    text: &[T],
    is_star: impl Fn(&T) -> bool,
) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    // Where the last star was, and the text position it is currently matched up to.
    let mut star: Option<(usize, usize)> = None;
    while ti < text.len() {
        match pattern.get(pi) {
            Some(p) if is_star(p) => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(p) if text.get(ti) == Some(p) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern.get(pi..).unwrap_or_default().iter().all(is_star)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stars_match_any_run() {
        assert!(wildcard_match("/internal/*", "/internal/a/b"));
        assert!(wildcard_match("/internal/*", "/internal/"));
        assert!(!wildcard_match("/internal/*", "/internal"));
        assert!(wildcard_match("*/debug", "/v1/x/debug"));
        assert!(wildcard_match("AWS_*", "AWS_REGION"));
        assert!(!wildcard_match("AWS_*", "XAWS_REGION"));
        assert!(wildcard_match("HOME", "HOME"));
        assert!(!wildcard_match("HOME", "HOMES"));
        assert!(wildcard_match("a*b*c", "axxbyyc"));
        assert!(!wildcard_match("a*b*c", "axxbyy"));
        assert!(wildcard_match("*", ""));
    }

    proptest! {
        #[test]
        fn never_panics(p in "[a*/]{0,12}", t in "\\PC{0,20}") {
            // `*` matches everything; a pattern without `*` matches only itself; a pattern
            // matches the text it becomes when each `*` is replaced by anything
            prop_assert!(wildcard_match("*", &t));
            if !p.contains('*') {
                prop_assert_eq!(wildcard_match(&p, &t), p == t);
            }
            prop_assert!(wildcard_match(&p, &p.replace('*', "")));
            prop_assert!(wildcard_match(&p, &p.replace('*', &t)));
        }
    }
}
