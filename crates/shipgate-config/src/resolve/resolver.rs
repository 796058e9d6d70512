//! The resolver's state and the helpers every section uses: strings with `${VAR}`
//! expansion, key names, positions and the errors that name them.

use std::path::Path;

use crate::env::{expand_with, EnvLookup, EnvProblem, ExpandOptions, Expanded};
use crate::error::ConfigError;
use crate::location::{pos_in_scalar, Pos};
use crate::schema;
use crate::tree::{Kind, Node};

/// Walks the tree, collecting every value taken from the environment.
pub(super) struct Resolver<'a> {
    pub(super) source: &'a str,
    pub(super) file: &'a Path,
    pub(super) env: EnvLookup<'a>,
    secrets: Vec<shipgate_core::Secret>,
    /// Variables captured by smoke checks: `${name}` is kept as written while the checks
    /// are resolved.
    pub(super) keep: Vec<String>,
}

/// A string value: as written (decoded from YAML) and after `${VAR}` expansion.
pub(super) struct Value {
    pub(super) decoded: String,
    pub(super) expanded: Expanded,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(source: &'a str, file: &'a Path, env: EnvLookup<'a>) -> Self {
        Resolver {
            source,
            file,
            env,
            secrets: Vec::new(),
            keep: Vec::new(),
        }
    }

    /// The values taken from the environment, in the order met.
    pub(super) fn into_secrets(self) -> Vec<shipgate_core::Secret> {
        self.secrets
    }

    /// Record a secret (a `*_env` value, or what [`crate::secret_rule`] says of a `${VAR}`).
    pub(super) fn add_secret(&mut self, value: &str) {
        if !value.is_empty() && !self.secrets.iter().any(|s| s.expose() == value) {
            self.secrets.push(shipgate_core::Secret::new(value));
        }
    }

    /// A scalar as a string with `${VAR}` expanded; `None` for null. Numbers and booleans
    /// keep their spelling (`base: 1234`).
    pub(super) fn string(&mut self, node: &Node, path: &str) -> Result<Option<Value>, ConfigError> {
        self.string_with(node, path, false)
    }

    /// [`Self::string`]; with `template`, the result is a smoke run-time template (see
    /// [`ExpandOptions::template`]). Captured variables in [`Self::keep`] are kept.
    pub(super) fn string_with(
        &mut self,
        node: &Node,
        path: &str,
        template: bool,
    ) -> Result<Option<Value>, ConfigError> {
        if node.kind == Kind::Null {
            return Ok(None);
        }
        let Some(decoded) = node.scalar_text(self.source) else {
            return Err(self.wrong_type(node, path, "a string"));
        };
        let options = ExpandOptions {
            keep: &self.keep,
            template,
        };
        match expand_with(&decoded, self.env, options) {
            Ok(expanded) => {
                for (var, value) in &expanded.vars {
                    for part in crate::secret_rule::secret_parts(path, var, value) {
                        self.add_secret(&part);
                    }
                }
                Ok(Some(Value { decoded, expanded }))
            }
            Err(EnvProblem::Missing { offset, var }) => {
                let at = self.pos_in(node, &decoded, offset);
                Err(ConfigError::MissingEnv {
                    file: self.file.to_path_buf(),
                    line: at.line,
                    column: at.column,
                    var,
                })
            }
            Err(EnvProblem::Malformed { offset, message }) => {
                let at = self.pos_in(node, &decoded, offset);
                Err(ConfigError::BadEnvReference {
                    file: self.file.to_path_buf(),
                    line: at.line,
                    column: at.column,
                    message,
                })
            }
        }
    }

    /// The entries of a mapping; null is an empty mapping.
    pub(super) fn mapping<'n>(
        &self,
        node: &'n Node,
        path: &str,
        expected: &'static str,
    ) -> Result<&'n [(Node, Node)], ConfigError> {
        match &node.kind {
            Kind::Map(entries) => Ok(entries.as_slice()),
            Kind::Null => Ok(&[]),
            _ => Err(self.wrong_type(node, path, expected)),
        }
    }

    /// The items of a list; null is an empty list.
    pub(super) fn list<'n>(
        &self,
        node: &'n Node,
        path: &str,
        expected: &'static str,
    ) -> Result<&'n [Node], ConfigError> {
        match &node.kind {
            Kind::Seq(items) => Ok(items.as_slice()),
            Kind::Null => Ok(&[]),
            _ => Err(self.wrong_type(node, path, expected)),
        }
    }

    /// The text of a mapping key.
    pub(super) fn key_text(
        &self,
        key: &Node,
        section: &'static str,
    ) -> Result<String, ConfigError> {
        match (&key.kind, key.scalar_text(self.source)) {
            (Kind::Str(_) | Kind::Int(_) | Kind::Bool(_) | Kind::Float(_), Some(text)) => Ok(text),
            _ => Err(self.wrong_type(key, &format!("a key in {section}"), "a plain name")),
        }
    }

    /// Where the character at `offset` of the scalar `node` (whose decoded text is
    /// `decoded`) was written.
    pub(super) fn pos_in(&self, node: &Node, decoded: &str, offset: usize) -> Pos {
        // Through an alias this points into the anchored text, where the characters are.
        pos_in_scalar(self.source, node.site, decoded, offset)
    }

    pub(super) fn wrong_type(&self, node: &Node, key: &str, expected: &'static str) -> ConfigError {
        ConfigError::WrongType {
            file: self.file.to_path_buf(),
            line: node.at.line,
            column: node.at.column,
            key: key.to_string(),
            expected,
            found: node.kind.describe(),
        }
    }

    /// A value that is null where something is needed: named at its key, since an empty
    /// value has no position of its own.
    pub(super) fn null_value(&self, key: &Node, path: &str, expected: &'static str) -> ConfigError {
        ConfigError::WrongType {
            file: self.file.to_path_buf(),
            line: key.at.line,
            column: key.at.column,
            key: path.to_string(),
            expected,
            found: Kind::Null.describe(),
        }
    }

    pub(super) fn invalid(&self, node: &Node, key: &str, message: &str) -> ConfigError {
        self.invalid_at(node.at, key, message)
    }

    pub(super) fn invalid_at(&self, at: Pos, key: &str, message: &str) -> ConfigError {
        ConfigError::Invalid {
            file: self.file.to_path_buf(),
            line: at.line,
            column: at.column,
            key: key.to_string(),
            message: message.to_string(),
        }
    }

    /// A required key that is not there; `at` is the mapping's key or list item.
    pub(super) fn missing(&self, at: Pos, path: &str, key: &str, hint: &str) -> ConfigError {
        self.invalid_at(at, path, &format!("missing `{key}:` ({hint})"))
    }

    pub(super) fn unknown_key(
        &self,
        key: &Node,
        name: &str,
        section: &'static str,
        known: &[&'static str],
    ) -> ConfigError {
        ConfigError::UnknownKey {
            file: self.file.to_path_buf(),
            line: key.at.line,
            column: key.at.column,
            key: name.to_string(),
            section,
            expected: known.to_vec(),
            suggestion: schema::suggest(name, known),
        }
    }

    /// An error if `name` was already used by an earlier entry of the same list; `seen`
    /// collects names and where they were written.
    pub(super) fn unique(
        &self,
        seen: &mut Vec<(String, Pos)>,
        name: &str,
        at: Pos,
        path: &str,
    ) -> Result<(), ConfigError> {
        if let Some((_, first)) = seen.iter().find(|(n, _)| n == name) {
            return Err(self.invalid_at(
                at,
                path,
                &format!(
                    "the name `{name}` is already used at line {}; names must be unique",
                    first.line
                ),
            ));
        }
        seen.push((name.to_string(), at));
        Ok(())
    }
}
