//! The values of `rollout:` that are not plain text: commands (argv lists, run without a
//! shell) and the `{{...}}` placeholders they may hold, names, and `host:port` servers.

use super::resolver::{Resolver, Value};
use crate::error::ConfigError;
use crate::location::Pos;
use crate::rollout::ROLLOUT_PLACEHOLDERS;
use crate::schema;
use crate::tree::{Kind, Node};

/// How a command is written, in messages.
const COMMAND: &str =
    "a command as a list of strings (argv, no shell), such as `[\"./deploy.sh\", \"start\", \"{{version}}\"]`";

impl Resolver<'_> {
    /// A command: a non-empty list of strings whose first one (the program) is not empty,
    /// each string `${VAR}` expanded and holding no placeholder but the rollout's.
    pub(super) fn command(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<Vec<String>, ConfigError> {
        let items = match &value.kind {
            Kind::Seq(items) => items,
            Kind::Null => return Err(self.null_value(key, path, COMMAND)),
            _ => return Err(self.wrong_type(value, path, COMMAND)),
        };
        if items.is_empty() {
            return Err(self.invalid(
                value,
                path,
                "the command is empty; give the program and its arguments",
            ));
        }
        let mut argv = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let v = match item.kind {
                Kind::Seq(_) | Kind::Map(_) | Kind::Null | Kind::Other => {
                    return Err(self.wrong_type(item, &at, "a string"))
                }
                _ => self.text(key, item, &at, "a string", false)?,
            };
            if i == 0 && v.expanded.text.trim().is_empty() {
                return Err(self.invalid(item, &at, "the program to run is empty"));
            }
            self.placeholders(item, &v, &at)?;
            argv.push(v.expanded.text);
        }
        Ok(argv)
    }

    /// An error at the first `{{...}}` in `v` that is not one of [`ROLLOUT_PLACEHOLDERS`].
    pub(super) fn placeholders(
        &self,
        node: &Node,
        v: &Value,
        path: &str,
    ) -> Result<(), ConfigError> {
        let chars: Vec<char> = v.expanded.text.chars().collect();
        let mut i = 0;
        while i + 1 < chars.len() {
            if chars[i] != '{' || chars[i + 1] != '{' {
                i += 1;
                continue;
            }
            let Some(len) = chars[i + 2..].windows(2).position(|w| w == ['}', '}']) else {
                return Ok(());
            };
            let end = i + 2 + len + 2;
            let placeholder: String = chars[i..end].iter().collect();
            if !ROLLOUT_PLACEHOLDERS.contains(&placeholder.as_str()) {
                let source = v.expanded.source_offset(i);
                let at = self.pos_in(node, &v.decoded, source);
                let allowed = ROLLOUT_PLACEHOLDERS.map(|p| format!("`{p}`")).join(", ");
                // Shown only when written in the file: a value from the environment may
                // be a secret.
                let written = v.decoded.chars().skip(source).collect::<String>();
                let message = if written.starts_with(&placeholder) {
                    let hint = schema::suggest(&placeholder, &ROLLOUT_PLACEHOLDERS)
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    format!(
                        "unknown placeholder `{placeholder}`{hint}; the placeholders are {allowed}"
                    )
                } else {
                    format!("the value of this variable holds an unknown `{{{{...}}}}` placeholder; the placeholders are {allowed}")
                };
                return Err(self.invalid_at(at, path, &message));
            }
            i = end;
        }
        Ok(())
    }

    /// A required name made of ASCII letters, digits, `_`, `-` and (with `dot`) `.`;
    /// returns the expanded text.
    pub(super) fn rollout_name(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
        expected: &'static str,
        dot: bool,
    ) -> Result<String, ConfigError> {
        let v = self.text(key, value, path, expected, false)?;
        let text = &v.expanded.text;
        if text.is_empty() {
            return Err(self.invalid(value, path, "the value is empty"));
        }
        if let Some(bad) = name_problem(text, dot) {
            let allowed = if dot {
                "ASCII letters, digits, `.`, `_` and `-`"
            } else {
                "ASCII letters, digits, `_` and `-`"
            };
            let at = self.pos_in(value, &v.decoded, v.expanded.source_offset(bad));
            return Err(self.invalid_at(
                at,
                path,
                &format!("`{}` is not a valid name ({allowed})", v.decoded),
            ));
        }
        Ok(v.expanded.text)
    }

    /// A non-empty list of distinct `host:port` servers.
    pub(super) fn servers(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<Vec<Server>, ConfigError> {
        let expected = "a list of servers such as `[\"127.0.0.1:8081\"]`";
        let items = match &value.kind {
            Kind::Seq(items) => items,
            Kind::Null => return Err(self.null_value(key, path, expected)),
            _ => return Err(self.wrong_type(value, path, expected)),
        };
        if items.is_empty() {
            return Err(self.invalid(value, path, "give at least one server (`host:port`)"));
        }
        let mut out: Vec<Server> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let v = match item.kind {
                Kind::Seq(_) | Kind::Map(_) | Kind::Null | Kind::Other => {
                    return Err(self.wrong_type(item, &at, "a server `host:port`"))
                }
                _ => self.text(key, item, &at, "a server `host:port`", false)?,
            };
            let server = v.expanded.text.trim().to_string();
            if let Some(problem) = host_port_problem(&server) {
                return Err(self.invalid(
                    item,
                    &at,
                    &format!("`{}` is not `host:port`: {problem}", v.decoded),
                ));
            }
            if let Some(first) = out.iter().find(|s| s.server == server) {
                return Err(self.invalid(
                    item,
                    &at,
                    &format!(
                        "`{}` is already listed at line {}",
                        v.decoded, first.at.line
                    ),
                ));
            }
            out.push(Server {
                server,
                written: v.decoded,
                at: item.at,
            });
        }
        Ok(out)
    }
}

/// A `host:port` of `stable` or `canary`.
pub(super) struct Server {
    /// After `${VAR}` expansion.
    pub(super) server: String,
    /// As written, for messages.
    pub(super) written: String,
    pub(super) at: Pos,
}

/// The character offset of the first character of `name` outside `[A-Za-z0-9_-]` (and
/// `.` with `dot`).
fn name_problem(name: &str, dot: bool) -> Option<usize> {
    name.chars()
        .position(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || (dot && c == '.')))
}

/// Why `server` is not `host:port` (a port from 1 to 65535; an IPv6 host in brackets).
fn host_port_problem(server: &str) -> Option<&'static str> {
    let Some((host, port)) = server.rsplit_once(':') else {
        return Some("no `:port`");
    };
    if host.is_empty() {
        return Some("no host");
    }
    let bracketed = host.starts_with('[') && host.ends_with(']') && host.len() > 2;
    if host.contains(':') && !bracketed {
        return Some("an IPv6 address is written in brackets, such as `[::1]:8080`");
    }
    if host
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '/' | '@' | '?' | '#'))
    {
        return Some("the host has a character a host name cannot have");
    }
    match port.parse::<u16>() {
        Ok(p) if p > 0 && port.chars().all(|c| c.is_ascii_digit()) => None,
        _ => Some("the port must be a number from 1 to 65535"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(name_problem("web-1.prod_x", true), None);
        assert_eq!(name_problem("web.prod", false), Some(3));
        assert_eq!(name_problem("a b", true), Some(1));
    }

    #[test]
    fn servers() {
        assert_eq!(host_port_problem("127.0.0.1:8081"), None);
        assert_eq!(host_port_problem("web.internal:80"), None);
        assert_eq!(host_port_problem("[::1]:8080"), None);
        assert!(host_port_problem("::1:8080").is_some());
        assert!(host_port_problem("127.0.0.1").is_some());
        assert!(host_port_problem(":80").is_some());
        assert!(host_port_problem("h:0").is_some());
        assert!(host_port_problem("h:65536").is_some());
        assert!(host_port_problem("h:+80").is_some());
        assert!(host_port_problem("h/x:80").is_some());
    }
}
