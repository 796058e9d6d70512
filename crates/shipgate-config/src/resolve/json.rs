//! YAML values as JSON (smoke request bodies and expected values) and JSON Pointers
//! (RFC 6901).

use serde_json::{Map, Number, Value as Json};

use super::resolver::Resolver;
use crate::error::ConfigError;
use crate::tree::{Kind, Node};

impl Resolver<'_> {
    /// Any YAML value as JSON. String values are smoke templates (`${VAR}` expanded,
    /// captured variables kept); keys are taken as written.
    pub(super) fn json(&mut self, node: &Node, path: &str) -> Result<Json, ConfigError> {
        Ok(match &node.kind {
            Kind::Null => Json::Null,
            Kind::Bool(b) => Json::Bool(*b),
            Kind::Int(i) => {
                if let Ok(n) = i64::try_from(*i) {
                    Json::from(n)
                } else if let Ok(n) = u64::try_from(*i) {
                    Json::from(n)
                } else {
                    return Err(self.invalid(node, path, "the number is too large for JSON"));
                }
            }
            Kind::Float(f) => match Number::from_f64(*f) {
                Some(n) => Json::Number(n),
                None => {
                    return Err(self.invalid(
                        node,
                        path,
                        "JSON has no NaN or infinity; quote the value to send a string",
                    ))
                }
            },
            Kind::Str(_) => match self.string_with(node, path, true)? {
                Some(v) => Json::String(v.expanded.text),
                None => Json::Null,
            },
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(self.json(item, &format!("{path}[{i}]"))?);
                }
                Json::Array(out)
            }
            Kind::Map(entries) => {
                let mut out = Map::new();
                for (key, value) in entries {
                    let name = match (&key.kind, key.scalar_text(self.source)) {
                        (Kind::Str(_) | Kind::Int(_) | Kind::Bool(_) | Kind::Float(_), Some(t)) => {
                            t
                        }
                        _ => return Err(self.wrong_type(key, path, "a mapping with plain keys")),
                    };
                    let v = self.json(value, &format!("{path}.{name}"))?;
                    out.insert(name, v);
                }
                Json::Object(out)
            }
            Kind::Other => return Err(self.wrong_type(node, path, "a JSON-like value")),
        })
    }

    /// An error unless `text` (the decoded text of `node`, without `${VAR}`) is a JSON
    /// Pointer; it names the offending character.
    pub(super) fn check_pointer(
        &self,
        node: &Node,
        text: &str,
        path: &str,
    ) -> Result<(), ConfigError> {
        match pointer_problem(text) {
            None => Ok(()),
            Some((offset, message)) => {
                Err(self.invalid_at(self.pos_in(node, text, offset), path, &message))
            }
        }
    }
}

/// Why `text` is not a JSON Pointer (RFC 6901), with the character offset of the problem.
pub(super) fn pointer_problem(text: &str) -> Option<(usize, String)> {
    if text.is_empty() {
        return None;
    }
    if !text.starts_with('/') {
        return Some((
            0,
            "not a JSON Pointer: it starts with `/` (`/status`), or is `\"\"` for the whole document".to_string(),
        ));
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '~' && !matches!(chars.get(i + 1), Some('0' | '1')) {
            return Some((
                i,
                "not a JSON Pointer: `~` is written `~0`, and `/` inside a name `~1`".to_string(),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers() {
        assert_eq!(pointer_problem(""), None);
        assert_eq!(pointer_problem("/a/0/b~1c~0"), None);
        assert_eq!(pointer_problem("status").map(|p| p.0), Some(0));
        assert_eq!(pointer_problem("/a~2").map(|p| p.0), Some(2));
        assert_eq!(pointer_problem("/a~").map(|p| p.0), Some(2));
    }
}
