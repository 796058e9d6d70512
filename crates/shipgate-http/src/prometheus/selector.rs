//! Label matchers for the canary's and the baseline's `{{selector}}`.

use super::labels::escape_label_value;
use super::CanaryError;

/// Whether `name` is a valid Prometheus label name (`[a-zA-Z_][a-zA-Z0-9_]*`).
pub fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Equality matchers from `k=v` pairs, in the given order: `version="v2",track="canary"`.
/// Values are escaped (`\` `"` newline); a name that is not a valid label name, a repeated
/// name, and an empty list are errors (an empty selector would make the canary and the
/// baseline the same query).
pub fn build_selector(pairs: &[(String, String)]) -> Result<String, CanaryError> {
    if pairs.is_empty() {
        return Err(CanaryError::EmptySelector);
    }
    let mut parts = Vec::with_capacity(pairs.len());
    let mut seen = std::collections::HashSet::new();
    for (name, value) in pairs {
        if !is_label_name(name) {
            return Err(CanaryError::InvalidLabelName { name: name.clone() });
        }
        if !seen.insert(name.as_str()) {
            return Err(CanaryError::RepeatedLabel { name: name.clone() });
        }
        parts.push(format!("{name}=\"{}\"", escape_label_value(value)));
    }
    Ok(parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn builds_and_escapes() {
        assert_eq!(
            build_selector(&pairs(&[("version", "v2"), ("track", "canary")])).ok(),
            Some(r#"version="v2",track="canary""#.to_string())
        );
        assert_eq!(
            build_selector(&pairs(&[("v", r#"a"b\c"#)])).ok(),
            Some(r#"v="a\"b\\c""#.to_string())
        );
        assert_eq!(
            build_selector(&pairs(&[("v", "a\nb")])).ok(),
            Some(r#"v="a\nb""#.to_string())
        );
    }

    #[test]
    fn rejects_bad_names() {
        for bad in ["", "1a", "a-b", "a.b", "ver sion", "é", "a\"b"] {
            assert!(
                matches!(
                    build_selector(&pairs(&[(bad, "x")])),
                    Err(CanaryError::InvalidLabelName { .. })
                ),
                "{bad}"
            );
        }
        assert!(is_label_name("_a1") && is_label_name("__name__"));
        assert!(matches!(
            build_selector(&[]),
            Err(CanaryError::EmptySelector)
        ));
        assert!(matches!(
            build_selector(&pairs(&[("a", "1"), ("a", "2")])),
            Err(CanaryError::RepeatedLabel { .. })
        ));
    }
}
