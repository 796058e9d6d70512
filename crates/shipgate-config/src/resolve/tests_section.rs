//! The `tests:` section: report globs and the test-quality gates.

use shipgate_core::quality::{SetGateError, TestGates};

use super::resolver::Resolver;
use crate::config::TestsConfig;
use crate::error::ConfigError;
use crate::schema;
use crate::tree::{Kind, Node};

impl Resolver<'_> {
    pub(super) fn tests(&mut self, node: &Node) -> Result<TestsConfig, ConfigError> {
        let mut tests = TestsConfig {
            junit: Vec::new(),
            runs: Vec::new(),
            shuffled_runs: Vec::new(),
            coverage: Vec::new(),
            base: None,
            gates: TestGates::default(),
            configured_gates: Vec::new(),
        };
        let entries = self.mapping(
            node,
            "tests",
            "a mapping (`junit:`, `coverage:`, `gates:`, ...)",
        )?;
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
        let entries = self.mapping(
            node,
            "tests.gates",
            "a mapping of gate names to conditions (`pass_rate: \">= 98%\"`)",
        )?;
        let known = schema::gate_names();
        for (key, value) in entries {
            let name = self.key_text(key, "`tests.gates`")?;
            if !known.contains(&name.as_str()) {
                return Err(self.unknown_key(key, &name, "`tests.gates`", &known));
            }
            let path = format!("tests.gates.{name}");
            let Some(cond) = self.string(value, &path)? else {
                return Err(self.null_value(key, &path, "a condition such as `>= 98%` or `< 30s`"));
            };
            match tests.gates.set(&name, &cond.expanded.text) {
                Ok(()) => {}
                Err(SetGateError::Condition(e)) => {
                    // The core reports a byte offset into the (expanded) condition text.
                    return Err(self.condition_error(value, &cond, e.offset, &name, e.message));
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
        let items = self.list(node, path, "a list of globs, such as `[\"reports/*.xml\"]`")?;
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
}
