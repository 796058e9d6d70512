//! Conditions (`>= 98%`, `< 0.001`): errors pointing at the offending character inside
//! the value, with substituted values shown as their `${VAR}` reference.

use shipgate_core::{Condition, Quantity};

use super::resolver::{Resolver, Value};
use crate::error::ConfigError;
use crate::tree::Node;

impl Resolver<'_> {
    /// A [`ConfigError::Condition`] about the character at byte `offset` of the
    /// condition's expanded text.
    pub(super) fn condition_error(
        &self,
        node: &Node,
        cond: &Value,
        offset: usize,
        gate: &str,
        message: String,
    ) -> ConfigError {
        let char_offset = char_index(&cond.expanded.text, offset);
        let at = self.pos_in(
            node,
            &cond.decoded,
            cond.expanded.source_offset(char_offset),
        );
        let mut message = message;
        for (var, val) in &cond.expanded.vars {
            if !val.is_empty() {
                message = message.replace(val.as_str(), &format!("${{{var}}}"));
            }
        }
        ConfigError::Condition {
            file: self.file.to_path_buf(),
            line: at.line,
            column: at.column,
            gate: gate.to_string(),
            message,
        }
    }

    /// An absolute condition (a metric gate has no baseline to be relative to).
    pub(super) fn absolute_condition(
        &self,
        node: &Node,
        cond: &Value,
        gate: &str,
    ) -> Result<Condition, ConfigError> {
        let text = &cond.expanded.text;
        let c = Condition::parse(text)
            .map_err(|e| self.condition_error(node, cond, e.offset, gate, e.message))?;
        if let Quantity::Relative(_) = c.quantity {
            return Err(self.condition_error(
                node,
                cond,
                value_offset(text),
                gate,
                "a relative condition (`+10%`) needs a baseline, and a metric gate has none; compare a canary with its baseline under `analysis:`".to_string(),
            ));
        }
        Ok(c)
    }
}

/// Byte offset of the value after the comparison in a condition's text.
fn value_offset(text: &str) -> usize {
    let lead = text.len() - text.trim_start().len();
    let rest = text[lead..].trim_start_matches(['<', '>', '=', '!']);
    let op_end = text.len() - rest.len();
    op_end + (rest.len() - rest.trim_start().len())
}

/// The character index of byte offset `byte` in `text` (clamped; a byte inside a
/// character counts as that character).
fn char_index(text: &str, byte: usize) -> usize {
    text.char_indices()
        .filter(|(i, c)| i + c.len_utf8() <= byte)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_offsets() {
        assert_eq!(value_offset("<= +10%"), 3);
        assert_eq!(value_offset("  <  -5%"), 5);
        assert_eq!(value_offset("<"), 1);
        assert_eq!(char_index("é<", 2), 1);
    }
}
