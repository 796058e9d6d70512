//! Repeated mapping keys. The parser hands every explicit entry through, and this check
//! refuses the first key written twice in one mapping, naming both places.

use crate::location::Pos;
use crate::tree::{Kind, Node};

/// A key written twice in one mapping.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DuplicateKey {
    /// The key as written (its scalar text), or a description for a non-scalar key.
    pub key: String,
    /// Where the key is first written.
    pub first: Pos,
    /// Where it is written again.
    pub again: Pos,
}

impl DuplicateKey {
    /// `duplicate key `store` (first at line 1, column 1)`.
    pub fn message(&self) -> String {
        format!(
            "duplicate key `{}` (first at line {}, column {}); a key may appear once in a mapping",
            self.key, self.first.line, self.first.column
        )
    }
}

/// The earliest-written repeated key anywhere in the tree, in document order.
pub(crate) fn first_duplicate(root: &Node, source: &str) -> Option<DuplicateKey> {
    let mut found: Option<DuplicateKey> = None;
    visit(root, source, &mut found);
    found
}

fn visit(node: &Node, source: &str, found: &mut Option<DuplicateKey>) {
    match &node.kind {
        Kind::Map(entries) => {
            for (i, (key, _)) in entries.iter().enumerate() {
                let Some(earlier) = entries
                    .get(..i)
                    .and_then(|before| before.iter().map(|(k, _)| k).find(|k| k.kind == key.kind))
                else {
                    continue;
                };
                let candidate = DuplicateKey {
                    key: key
                        .scalar_text(source)
                        .unwrap_or_else(|| key.kind.describe().to_string()),
                    first: earlier.at,
                    again: key.at,
                };
                keep_earliest(found, candidate);
                break;
            }
            for (key, value) in entries {
                visit(key, source, found);
                visit(value, source, found);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                visit(item, source, found);
            }
        }
        _ => {}
    }
}

fn keep_earliest(found: &mut Option<DuplicateKey>, candidate: DuplicateKey) {
    match found {
        Some(current) if current.again <= candidate.again => {}
        _ => *found = Some(candidate),
    }
}
