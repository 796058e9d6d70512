//! Rendering a series' label set as text, the way PromQL writes it.

use std::collections::BTreeMap;

/// `name{a="1",b="2"}` (labels sorted, `__name__` as the prefix, values escaped); `{}` for
/// an empty label set.
pub(crate) fn render_labels(metric: &BTreeMap<String, String>) -> String {
    let name = metric
        .get("__name__")
        .map(String::as_str)
        .unwrap_or_default();
    let pairs: Vec<String> = metric
        .iter()
        .filter(|(k, _)| k.as_str() != "__name__")
        .map(|(k, v)| format!("{k}=\"{}\"", escape_label_value(v)))
        .collect();
    if pairs.is_empty() && !name.is_empty() {
        name.to_string()
    } else {
        format!("{name}{{{}}}", pairs.join(","))
    }
}

/// A label value escaped for a PromQL double-quoted string: `\` `"` and newline.
pub(crate) fn escape_label_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn renders_like_promql() {
        assert_eq!(render_labels(&map(&[])), "{}");
        assert_eq!(
            render_labels(&map(&[("code", "500"), ("__name__", "up"), ("a", "x\"y")])),
            r#"up{a="x\"y",code="500"}"#
        );
        assert_eq!(render_labels(&map(&[("__name__", "up")])), "up");
        assert_eq!(escape_label_value("a\\b\nc"), "a\\\\b\\nc");
    }
}
