//! Anchors that raw HTML in Markdown defines: `id="..."` and `name="..."` attribute values.

use std::sync::OnceLock;

use regex::Regex;

/// `id`/`name` attributes: a double-quoted, single-quoted or unquoted value, the attribute
/// name preceded by whitespace (so `data-id` is not taken for `id`).
fn attribute() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#).ok()
    })
    .as_ref()
}

/// The `id` and `name` attribute values found in the tags of an HTML fragment, in order
/// (empty values left out).
pub fn anchor_attributes(html: &str) -> Vec<String> {
    let Some(re) = attribute() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut rest = html;
    // Only text inside tags counts: `<p>id="x"</p>` names no anchor.
    while let Some(open) = rest.find('<') {
        let after = rest.get(open..).unwrap_or("");
        let close = after.find('>').map_or(after.len(), |c| c + 1);
        let tag = after.get(..close).unwrap_or("");
        if !tag.starts_with("<!--") && !tag.starts_with("</") {
            for caps in re.captures_iter(tag) {
                let value = caps
                    .get(1)
                    .or_else(|| caps.get(2))
                    .or_else(|| caps.get(3))
                    .map_or("", |m| m.as_str());
                if !value.is_empty() {
                    found.push(value.to_string());
                }
            }
        }
        rest = after.get(close..).unwrap_or("");
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_id_and_name_in_any_quoting() {
        assert_eq!(anchor_attributes(r#"<a name="legacy"></a>"#), ["legacy"]);
        assert_eq!(anchor_attributes("<div id='y' class=\"c\">"), ["y"]);
        assert_eq!(anchor_attributes("<span ID=plain>"), ["plain"]);
        assert_eq!(
            anchor_attributes("<a\n  id=\"first\"\n  name='second'>"),
            ["first", "second"]
        );
    }

    #[test]
    fn ignores_lookalikes() {
        assert!(anchor_attributes(r#"<div data-id="x" grid="y">"#).is_empty());
        assert!(anchor_attributes(r#"<!-- <a id="commented"> -->"#).is_empty());
        assert!(anchor_attributes(r#"text id="outside" text"#).is_empty());
        assert!(anchor_attributes(r#"<a id="">"#).is_empty());
    }

    proptest! {
        #[test]
        fn never_panics(html in any::<String>(), tail in "[<>'\"= a-z]{0,30}") {
            // every anchor found is an attribute value written in the HTML, found again
            // the same way
            for text in [html.clone(), format!("<a id={tail}")] {
                let found = anchor_attributes(&text);
                prop_assert_eq!(&found, &anchor_attributes(&text));
                for anchor in &found {
                    prop_assert!(!anchor.is_empty());
                    prop_assert!(text.contains(anchor.as_str()), "{} not in {}", anchor, text);
                }
            }
        }
    }
}
