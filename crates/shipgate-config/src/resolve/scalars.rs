//! Typed scalars: required text, numbers, whole numbers, durations, booleans, fractions
//! and values read from the environment variable a `*_env` key names. Every one names
//! the value (or, for an empty value, its key) when it is not acceptable. Messages show
//! values as written, so that an expanded secret never appears in them.

use shipgate_core::parse_duration;

use super::resolver::{Resolver, Value};
use crate::env::is_name;
use crate::error::ConfigError;
use crate::tree::{Kind, Node};

impl Resolver<'_> {
    /// A required scalar as text, `${VAR}` expanded (a smoke template with `template`).
    pub(super) fn text(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
        expected: &'static str,
        template: bool,
    ) -> Result<Value, ConfigError> {
        match value.kind {
            Kind::Seq(_) | Kind::Map(_) | Kind::Other => {
                Err(self.wrong_type(value, path, expected))
            }
            _ => match self.string_with(value, path, template)? {
                Some(v) => Ok(v),
                None => Err(self.null_value(key, path, expected)),
            },
        }
    }

    /// [`Self::text`], which must not be empty; returns the expanded text.
    pub(super) fn non_empty(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
        expected: &'static str,
        template: bool,
    ) -> Result<String, ConfigError> {
        let v = self.text(key, value, path, expected, template)?;
        if v.expanded.text.trim().is_empty() {
            return Err(self.invalid(value, path, "the value is empty"));
        }
        Ok(v.expanded.text)
    }

    /// A finite number: a YAML number, or a string (such as `${VAR}`) that reads as one.
    pub(super) fn number(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
        expected: &'static str,
    ) -> Result<f64, ConfigError> {
        let n = match value.kind {
            Kind::Int(i) => i as f64,
            Kind::Float(f) => f,
            Kind::Bool(_) => return Err(self.wrong_type(value, path, expected)),
            _ => {
                let v = self.text(key, value, path, expected, false)?;
                match v.expanded.text.trim().parse::<f64>() {
                    Ok(n) => n,
                    Err(_) => {
                        return Err(self.invalid(
                            value,
                            path,
                            &format!("`{}` is not a number", v.decoded),
                        ))
                    }
                }
            }
        };
        if !n.is_finite() {
            return Err(self.invalid(value, path, "the number must be finite"));
        }
        Ok(n)
    }

    /// A whole number, 0 or more.
    pub(super) fn count(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
        expected: &'static str,
    ) -> Result<u64, ConfigError> {
        let n = self.number(key, value, path, expected)?;
        if n < 0.0 || n.fract() != 0.0 || n > u32::MAX as f64 {
            return Err(self.invalid(
                value,
                path,
                "must be a whole number, 0 or more (such as `5`)",
            ));
        }
        Ok(n as u64)
    }

    /// A duration (`500ms`, `30s`, `5m`, `1h`) in seconds.
    pub(super) fn duration(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<f64, ConfigError> {
        let expected = "a duration such as `30s` or `5m`";
        let v = self.text(key, value, path, expected, false)?;
        parse_duration(&v.expanded.text).map_err(|e| {
            self.invalid(
                value,
                path,
                &format!(
                    "`{}` is not a duration: {} (use forms like 500ms, 30s, 5m, 1h)",
                    v.decoded, e.reason
                ),
            )
        })
    }

    /// A duration that must be more than zero.
    pub(super) fn positive_duration(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<f64, ConfigError> {
        let d = self.duration(key, value, path)?;
        if d <= 0.0 {
            return Err(self.invalid(value, path, "the duration must be more than zero"));
        }
        Ok(d)
    }

    /// `true` or `false`.
    pub(super) fn boolean(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<bool, ConfigError> {
        let expected = "`true` or `false`";
        match value.kind {
            Kind::Bool(b) => Ok(b),
            Kind::Str(_) => {
                let v = self.text(key, value, path, expected, false)?;
                match v.expanded.text.trim() {
                    "true" => Ok(true),
                    "false" => Ok(false),
                    _ => Err(self.wrong_type(value, path, expected)),
                }
            }
            Kind::Null => Err(self.null_value(key, path, expected)),
            _ => Err(self.wrong_type(value, path, expected)),
        }
    }

    /// A fraction written `10%` or `0.1`, 0 or more.
    pub(super) fn fraction(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<f64, ConfigError> {
        let expected = "a percentage such as `10%` or a fraction such as `0.1`";
        let (text, decoded) = match value.kind {
            Kind::Int(_) | Kind::Float(_) => {
                return self
                    .number(key, value, path, expected)
                    .and_then(|n| self.not_negative(value, path, n))
            }
            _ => {
                let v = self.text(key, value, path, expected, false)?;
                (v.expanded.text, v.decoded)
            }
        };
        let text = text.trim();
        let parsed = match text.strip_suffix('%') {
            Some(pct) => pct.trim().parse::<f64>().map(|p| p / 100.0),
            None => text.parse::<f64>(),
        };
        match parsed {
            Ok(n) if n.is_finite() => self.not_negative(value, path, n),
            _ => Err(self.invalid(
                value,
                path,
                &format!("`{decoded}` is not a percentage (`10%`) or a fraction (`0.1`)"),
            )),
        }
    }

    fn not_negative(&self, value: &Node, path: &str, n: f64) -> Result<f64, ConfigError> {
        if n < 0.0 {
            return Err(self.invalid(value, path, "must be 0 or more"));
        }
        Ok(n)
    }

    /// The value of the environment variable that a `*_env` key names (the name is not
    /// expanded). An unset or empty variable is an error at the name; the value becomes a
    /// secret.
    pub(super) fn env_value(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<String, ConfigError> {
        let expected = "the name of an environment variable";
        let name = match (&value.kind, value.scalar_text(self.source)) {
            (Kind::Str(_), Some(name)) => name,
            (Kind::Null, _) => return Err(self.null_value(key, path, expected)),
            _ => return Err(self.wrong_type(value, path, expected)),
        };
        if !is_name(&name) {
            return Err(self.invalid(
                value,
                path,
                &format!("`{name}` is not an environment variable name (letters, digits and `_`; write the name, not `${{NAME}}`)"),
            ));
        }
        let at = self.pos_in(value, &name, 0);
        match (self.env)(&name) {
            None => Err(ConfigError::MissingEnv {
                file: self.file.to_path_buf(),
                line: at.line,
                column: at.column,
                var: name,
            }),
            Some(v) if v.is_empty() => Err(self.invalid_at(
                at,
                path,
                &format!("environment variable `{name}` is set but empty"),
            )),
            Some(v) => {
                self.add_secret(&v);
                Ok(v)
            }
        }
    }
}
