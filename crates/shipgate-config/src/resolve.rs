//! Validation of the [`Node`] tree against the schema, into a resolved [`Config`].
//! Errors name the line and column of the offending key or value, or of the offending
//! character inside a value (a bad condition, a `${VAR}`).

use std::path::{Path, PathBuf};

use shipgate_core::quality::{SetGateError, TestGates};

use crate::config::{Config, TestsConfig};
use crate::env::{expand, EnvLookup, EnvProblem, Expanded};
use crate::error::ConfigError;
use crate::location::{pos_in_scalar, Pos};
use crate::schema;
use crate::tree::{Kind, Node};

/// Turn the parsed document into a [`Config`]. `root` is `None` for an empty document.
pub(crate) fn resolve(
    root: Option<Node>,
    source: &str,
    file: &Path,
    env: EnvLookup<'_>,
) -> Result<Config, ConfigError> {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut r = Resolver {
        source,
        file,
        env,
        secrets: Vec::new(),
    };
    let mut config = Config {
        path: file.to_path_buf(),
        dir,
        store: None,
        tests: None,
        secrets: Vec::new(),
    };
    let entries = match root {
        None => Vec::new(),
        Some(Node {
            kind: Kind::Map(entries),
            ..
        }) => entries,
        Some(Node {
            kind: Kind::Null, ..
        }) => Vec::new(),
        Some(other) => {
            return Err(r.wrong_type(
                &other,
                "the document",
                "a mapping of sections (`tests:`, `store:`)",
            ))
        }
    };
    for (key, value) in &entries {
        let name = r.key_text(key, "the top level")?;
        match name.as_str() {
            "store" => {
                if let Some(s) = r.string(value, "store")? {
                    if s.expanded.text.is_empty() {
                        return Err(r.invalid(value, "store", "the path is empty"));
                    }
                    config.store = Some(if s.expanded.text.contains("://") {
                        PathBuf::from(&s.expanded.text)
                    } else {
                        config.dir.join(&s.expanded.text)
                    });
                }
            }
            "tests" => config.tests = Some(r.tests(value)?),
            other if schema::NOT_YET_SUPPORTED.contains(&other) => {
                return Err(ConfigError::NotYetSupported {
                    file: file.to_path_buf(),
                    line: key.at.line,
                    column: key.at.column,
                    section: other.to_string(),
                });
            }
            other => return Err(r.unknown_key(key, other, "the top level", &schema::TOP_LEVEL)),
        }
    }
    config.secrets = r.secrets;
    Ok(config)
}

struct Resolver<'a> {
    source: &'a str,
    file: &'a Path,
    env: EnvLookup<'a>,
    secrets: Vec<String>,
}

impl Resolver<'_> {
    fn tests(&mut self, node: &Node) -> Result<TestsConfig, ConfigError> {
        let mut tests = TestsConfig {
            junit: Vec::new(),
            runs: Vec::new(),
            shuffled_runs: Vec::new(),
            coverage: Vec::new(),
            base: None,
            gates: TestGates::default(),
            configured_gates: Vec::new(),
        };
        let entries = match &node.kind {
            Kind::Map(entries) => entries.as_slice(),
            Kind::Null => &[],
            _ => {
                return Err(self.wrong_type(
                    node,
                    "tests",
                    "a mapping (`junit:`, `coverage:`, `gates:`, ...)",
                ))
            }
        };
        for (key, value) in entries {
            let name = self.key_text(key, "`tests`")?;
            match name.as_str() {
                "junit" => tests.junit = self.globs(value, "tests.junit")?,
                "runs" => tests.runs = self.globs(value, "tests.runs")?,
                "shuffled_runs" => {
                    tests.shuffled_runs = self.globs(value, "tests.shuffled_runs")?
                }
                "coverage" => tests.coverage = self.globs(value, "tests.coverage")?,
                "base" => {
                    tests.base = match self.string(value, "tests.base")? {
                        Some(s) if s.expanded.text.is_empty() => {
                            return Err(self.invalid(value, "tests.base", "the git base is empty"))
                        }
                        Some(s) => Some(s.expanded.text),
                        None => None,
                    }
                }
                "gates" => self.gates(value, &mut tests)?,
                other => return Err(self.unknown_key(key, other, "`tests`", &schema::TESTS)),
            }
        }
        Ok(tests)
    }

    fn gates(&mut self, node: &Node, tests: &mut TestsConfig) -> Result<(), ConfigError> {
        let entries = match &node.kind {
            Kind::Map(entries) => entries.as_slice(),
            Kind::Null => &[],
            _ => {
                return Err(self.wrong_type(
                    node,
                    "tests.gates",
                    "a mapping of gate names to conditions (`pass_rate: \">= 98%\"`)",
                ))
            }
        };
        let known = schema::gate_names();
        for (key, value) in entries {
            let name = self.key_text(key, "`tests.gates`")?;
            if !known.contains(&name.as_str()) {
                return Err(self.unknown_key(key, &name, "`tests.gates`", &known));
            }
            let path = format!("tests.gates.{name}");
            let Some(cond) = self.string(value, &path)? else {
                // An empty value has no position of its own: point at its key.
                let mut e =
                    self.wrong_type(value, &path, "a condition such as `>= 98%` or `< 30s`");
                if let ConfigError::WrongType { line, column, .. } = &mut e {
                    (*line, *column) = (key.at.line, key.at.column);
                }
                return Err(e);
            };
            match tests.gates.set(&name, &cond.expanded.text) {
                Ok(()) => {}
                Err(SetGateError::Condition(e)) => {
                    // The core reports a byte offset into the (expanded) condition text.
                    let char_offset = char_index(&cond.expanded.text, e.offset);
                    let at = self.pos_in(
                        value,
                        &cond.decoded,
                        cond.expanded.source_offset(char_offset),
                    );
                    let mut message = e.message;
                    for (var, val) in &cond.expanded.vars {
                        if !val.is_empty() {
                            message = message.replace(val.as_str(), &format!("${{{var}}}"));
                        }
                    }
                    return Err(ConfigError::Condition {
                        file: self.file.to_path_buf(),
                        line: at.line,
                        column: at.column,
                        gate: name,
                        message,
                    });
                }
                Err(SetGateError::UnknownGate(_)) => {
                    return Err(self.unknown_key(key, &name, "`tests.gates`", &known))
                }
            }
            tests.configured_gates.push(name);
        }
        Ok(())
    }

    /// A list of globs: a sequence of strings; null is an empty list.
    fn globs(&mut self, node: &Node, path: &str) -> Result<Vec<String>, ConfigError> {
        let items = match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => return Ok(Vec::new()),
            _ => {
                return Err(self.wrong_type(
                    node,
                    path,
                    "a list of globs, such as `[\"reports/*.xml\"]`",
                ))
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let s = match &item.kind {
                Kind::Map(_) | Kind::Seq(_) | Kind::Null | Kind::Other => None,
                _ => self.string(item, path)?,
            };
            let Some(s) = s else {
                return Err(self.wrong_type(item, path, "a list of globs (strings)"));
            };
            if s.expanded.text.is_empty() {
                return Err(self.invalid(item, path, "a glob is empty"));
            }
            out.push(s.expanded.text);
        }
        Ok(out)
    }

    /// A scalar as a string with `${VAR}` expanded; `None` for null. Numbers and booleans
    /// keep their spelling (`base: 1234`).
    fn string(&mut self, node: &Node, path: &str) -> Result<Option<Value>, ConfigError> {
        if node.kind == Kind::Null {
            return Ok(None);
        }
        let Some(decoded) = node.scalar_text(self.source) else {
            return Err(self.wrong_type(node, path, "a string"));
        };
        match expand(&decoded, self.env) {
            Ok(expanded) => {
                for (_, value) in &expanded.vars {
                    if !value.is_empty() && !self.secrets.contains(value) {
                        self.secrets.push(value.clone());
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

    /// The text of a mapping key.
    fn key_text(&self, key: &Node, section: &'static str) -> Result<String, ConfigError> {
        match (&key.kind, key.scalar_text(self.source)) {
            (Kind::Str(_) | Kind::Int(_) | Kind::Bool(_) | Kind::Float(_), Some(text)) => Ok(text),
            _ => Err(self.wrong_type(key, &format!("a key in {section}"), "a plain name")),
        }
    }

    /// Where the character at `offset` of the scalar `node` (whose decoded text is
    /// `decoded`) was written.
    fn pos_in(&self, node: &Node, decoded: &str, offset: usize) -> Pos {
        // Through an alias this points into the anchored text, where the characters are.
        pos_in_scalar(self.source, node.site, decoded, offset)
    }

    fn wrong_type(&self, node: &Node, key: &str, expected: &'static str) -> ConfigError {
        ConfigError::WrongType {
            file: self.file.to_path_buf(),
            line: node.at.line,
            column: node.at.column,
            key: key.to_string(),
            expected,
            found: node.kind.describe(),
        }
    }

    fn invalid(&self, node: &Node, key: &str, message: &str) -> ConfigError {
        ConfigError::Invalid {
            file: self.file.to_path_buf(),
            line: node.at.line,
            column: node.at.column,
            key: key.to_string(),
            message: message.to_string(),
        }
    }

    fn unknown_key(
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
}

/// A string value: as written (decoded from YAML) and after `${VAR}` expansion.
struct Value {
    decoded: String,
    expanded: Expanded,
}

/// The character index of byte offset `byte` in `text` (clamped; a byte inside a
/// character counts as that character).
fn char_index(text: &str, byte: usize) -> usize {
    text.char_indices()
        .filter(|(i, c)| i + c.len_utf8() <= byte)
        .count()
}
