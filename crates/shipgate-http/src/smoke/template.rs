//! `${var}` references to captured values in request and expectation text.
//!
//! A name is ASCII letters, digits and `_`, not starting with a digit. `$${` is a literal
//! `${`; any other `$` is kept as is.

use std::collections::{BTreeSet, HashMap};

/// The variables `text` refers to, or a description of the malformed reference.
pub(crate) fn variables(text: &str) -> Result<BTreeSet<String>, String> {
    let mut names = BTreeSet::new();
    walk(text, |piece| {
        if let Piece::Var(name) = piece {
            names.insert(name.to_string());
        }
    })?;
    Ok(names)
}

/// `text` with each `${var}` replaced by its value. A variable missing from `values`
/// (which planning rules out) is left as written.
pub(crate) fn substitute(text: &str, values: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let walked = walk(text, |piece| match piece {
        Piece::Literal(s) => out.push_str(s),
        Piece::Var(name) => match values.get(name) {
            Some(v) => out.push_str(v),
            None => {
                out.push_str("${");
                out.push_str(name);
                out.push('}');
            }
        },
    });
    match walked {
        Ok(()) => out,
        Err(_) => text.to_string(),
    }
}

/// The variables used in the string values of a JSON document.
pub(crate) fn json_variables(value: &serde_json::Value) -> Result<BTreeSet<String>, String> {
    let mut names = BTreeSet::new();
    let mut error = None;
    visit_strings(value, &mut |s| match variables(s) {
        Ok(found) => names.extend(found),
        Err(e) => {
            error.get_or_insert(e);
        }
    });
    match error {
        Some(e) => Err(e),
        None => Ok(names),
    }
}

/// `value` with [`substitute`] applied to every string value (keys are kept).
pub(crate) fn substitute_json(
    value: &serde_json::Value,
    values: &HashMap<String, String>,
) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(substitute(s, values)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| substitute_json(v, values)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute_json(v, values)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn visit_strings(value: &serde_json::Value, f: &mut impl FnMut(&str)) {
    use serde_json::Value;
    match value {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter().for_each(|v| visit_strings(v, f)),
        Value::Object(map) => map.values().for_each(|v| visit_strings(v, f)),
        _ => {}
    }
}

enum Piece<'a> {
    Literal(&'a str),
    Var(&'a str),
}

fn walk<'a>(text: &'a str, mut emit: impl FnMut(Piece<'a>)) -> Result<(), String> {
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        let (before, from_dollar) = rest.split_at(i);
        emit(Piece::Literal(before));
        if let Some(after) = from_dollar.strip_prefix("$${") {
            emit(Piece::Literal("${"));
            rest = after;
        } else if let Some(after) = from_dollar.strip_prefix("${") {
            let end = after.find('}').ok_or_else(|| {
                format!(
                    "`${{` without a closing `}}` in `{text}` (write `$${{` for a literal `${{`)"
                )
            })?;
            let name = after.get(..end).unwrap_or_default();
            if !is_name(name) {
                return Err(format!(
                    "`${{{name}}}` in `{text}` is not a variable reference: a name is letters, digits and `_` (write `$${{` for a literal `${{`)"
                ));
            }
            emit(Piece::Var(name));
            rest = after.get(end + 1..).unwrap_or_default();
        } else {
            emit(Piece::Literal("$"));
            rest = from_dollar.get(1..).unwrap_or_default();
        }
    }
    emit(Piece::Literal(rest));
    Ok(())
}

/// Whether `name` is a valid variable name.
pub(crate) fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn finds_and_substitutes_variables() {
        let v = variables("Bearer ${token} for ${user_1}").unwrap_or_default();
        assert_eq!(v.into_iter().collect::<Vec<_>>(), ["token", "user_1"]);
        assert_eq!(
            substitute("Bearer ${token}!", &vars(&[("token", "abc")])),
            "Bearer abc!"
        );
    }

    #[test]
    fn dollars_and_escapes() {
        assert!(variables("costs $5 and $${x}")
            .unwrap_or_default()
            .is_empty());
        assert_eq!(
            substitute("costs $5 and $${x}", &vars(&[])),
            "costs $5 and ${x}"
        );
        assert_eq!(substitute("a$", &vars(&[])), "a$");
    }

    #[test]
    fn malformed_references_are_errors() {
        assert!(variables("${x").is_err());
        assert!(variables("${}").is_err());
        assert!(variables("${1a}").is_err());
        assert!(variables("${a-b}").is_err());
    }

    #[test]
    fn json_strings_only() {
        let doc = serde_json::json!({"k": "${a}", "n": [1, "x${b}"], "${c}": true});
        let found = json_variables(&doc).unwrap_or_default();
        assert_eq!(found.into_iter().collect::<Vec<_>>(), ["a", "b"]);
        let out = substitute_json(&doc, &vars(&[("a", "1"), ("b", "2")]));
        assert_eq!(
            out,
            serde_json::json!({"k": "1", "n": [1, "x2"], "${c}": true})
        );
    }
}
