//! One smoke check: `name`, `request`, `expect` and `capture`.

use super::json::pointer_problem;
use super::resolver::Resolver;
use crate::env::is_name;
use crate::error::ConfigError;
use crate::location::Pos;
use crate::schema;
use crate::smoke::SmokeCheckConfig;
use crate::tree::{Kind, Node};

impl Resolver<'_> {
    /// The check at `index` of `smoke.checks`, and where its name is written. `captured`
    /// holds the variables captured by earlier checks (a variable is captured once).
    pub(super) fn smoke_check(
        &mut self,
        item: &Node,
        index: usize,
        captured: &mut Vec<(String, Pos)>,
    ) -> Result<(SmokeCheckConfig, Pos), ConfigError> {
        let base = format!("smoke.checks[{index}]");
        let entries = self.mapping(
            item,
            &base,
            "a check: a mapping (`name:`, `request:`, `expect:`, `capture:`)",
        )?;
        let mut check = SmokeCheckConfig {
            name: String::new(),
            method: "GET".to_string(),
            path: String::new(),
            headers: Vec::new(),
            json: None,
            body: None,
            expect_status: vec![200],
            expect_json: Vec::new(),
            body_contains: None,
            expect_headers: Vec::new(),
            max_latency_seconds: None,
            capture: Vec::new(),
        };
        let mut name_at = None;
        let mut has_path = false;
        for (key, value) in entries {
            let name = self.key_text(key, "`smoke.checks[]`")?;
            match name.as_str() {
                "name" => {
                    let path = format!("{base}.name");
                    check.name = self.non_empty(key, value, &path, "a check name", false)?;
                    name_at = Some(value.at);
                }
                "request" => has_path = self.smoke_request(value, &base, &mut check)?,
                "expect" => self.smoke_expect(value, &base, &mut check)?,
                "capture" => self.smoke_capture(value, &base, &mut check, captured)?,
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`smoke.checks[]`",
                        &schema::SMOKE_CHECK,
                    ))
                }
            }
        }
        let Some(name_at) = name_at else {
            return Err(self.missing(item.at, &base, "name", "a unique name for the check"));
        };
        if !has_path {
            return Err(self.missing(
                item.at,
                &base,
                "request",
                "at least `request: { path: /health/ready }`",
            ));
        }
        Ok((check, name_at))
    }

    /// `request:`; returns whether it has a `path`.
    fn smoke_request(
        &mut self,
        node: &Node,
        base: &str,
        check: &mut SmokeCheckConfig,
    ) -> Result<bool, ConfigError> {
        let path = format!("{base}.request");
        let entries = self.mapping(
            node,
            &path,
            "a mapping (`method:`, `path:`, `headers:`, `json:`, `body:`)",
        )?;
        let mut has_path = false;
        let mut body_key: Option<&str> = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`smoke.checks[].request`")?;
            let at = format!("{path}.{name}");
            match name.as_str() {
                "method" => {
                    let m = self.text(key, value, &at, "an HTTP method such as `GET`", false)?;
                    let upper = m.expanded.text.trim().to_ascii_uppercase();
                    if !schema::HTTP_METHODS.contains(&upper.as_str()) {
                        return Err(self.invalid(
                            value,
                            &at,
                            &format!(
                                "`{}` is not one of {}",
                                m.decoded,
                                schema::HTTP_METHODS.join(", ")
                            ),
                        ));
                    }
                    check.method = upper;
                }
                "path" => {
                    check.path =
                        self.non_empty(key, value, &at, "a path such as `/health/ready`", true)?;
                    has_path = true;
                }
                "headers" => {
                    check.headers =
                        self.http_headers(value, &at, "`smoke.checks[].request.headers`")?
                }
                "json" | "body" => {
                    if let Some(first) = body_key {
                        return Err(self.invalid(
                            key,
                            &at,
                            &format!("a request has either `json` or `body`, and `{first}` is already given"),
                        ));
                    }
                    if name == "json" {
                        check.json = Some(self.json(value, &at)?);
                        body_key = Some("json");
                    } else {
                        let b = self.text(key, value, &at, "a text body", true)?;
                        check.body = Some(b.expanded.text);
                        body_key = Some("body");
                    }
                }
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`smoke.checks[].request`",
                        &schema::SMOKE_REQUEST,
                    ))
                }
            }
        }
        Ok(has_path)
    }

    fn smoke_expect(
        &mut self,
        node: &Node,
        base: &str,
        check: &mut SmokeCheckConfig,
    ) -> Result<(), ConfigError> {
        let path = format!("{base}.expect");
        let entries = self.mapping(
            node,
            &path,
            "a mapping (`status:`, `json:`, `body_contains:`, `headers:`, `max_latency:`)",
        )?;
        for (key, value) in entries {
            let name = self.key_text(key, "`smoke.checks[].expect`")?;
            let at = format!("{path}.{name}");
            match name.as_str() {
                "status" => check.expect_status = self.statuses(key, value, &at)?,
                "json" => {
                    let pairs = self.mapping(
                        value,
                        &at,
                        "a mapping of JSON Pointers to values (`\"/status\": healthy`)",
                    )?;
                    check.expect_json.clear();
                    for (pointer, expected) in pairs {
                        let text = self.key_text(pointer, "`smoke.checks[].expect.json`")?;
                        self.check_pointer(pointer, &text, &at)?;
                        let v = self.json(expected, &format!("{at}.{text}"))?;
                        check.expect_json.push((text, v));
                    }
                }
                "body_contains" => {
                    let t = self.text(key, value, &at, "a text", true)?;
                    check.body_contains = Some(t.expanded.text);
                }
                "headers" => {
                    check.expect_headers =
                        self.http_headers(value, &at, "`smoke.checks[].expect.headers`")?
                }
                "max_latency" => {
                    check.max_latency_seconds = Some(self.positive_duration(key, value, &at)?)
                }
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`smoke.checks[].expect`",
                        &schema::SMOKE_EXPECT,
                    ))
                }
            }
        }
        Ok(())
    }

    /// `status: 200` or `status: [200, 201]`, each in 100..=599.
    fn statuses(&mut self, key: &Node, value: &Node, path: &str) -> Result<Vec<u16>, ConfigError> {
        let expected = "a list of HTTP status codes such as `[200, 201]`";
        let items: Vec<&Node> = match &value.kind {
            Kind::Seq(items) => items.iter().collect(),
            Kind::Int(_) | Kind::Str(_) => vec![value],
            Kind::Null => return Err(self.null_value(key, path, expected)),
            _ => return Err(self.wrong_type(value, path, expected)),
        };
        if items.is_empty() {
            return Err(self.invalid(value, path, "give at least one status code"));
        }
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let code = match item.kind {
                Kind::Seq(_) | Kind::Map(_) | Kind::Null | Kind::Other | Kind::Bool(_) => {
                    return Err(self.wrong_type(item, path, expected))
                }
                _ => self.count(key, item, path, expected)?,
            };
            match u16::try_from(code) {
                Ok(c) if (100..=599).contains(&c) => out.push(c),
                _ => {
                    return Err(self.invalid(
                        item,
                        path,
                        &format!("{code} is not an HTTP status code (100 to 599)"),
                    ))
                }
            }
        }
        Ok(out)
    }

    /// A mapping of header names to (template) values, in file order.
    fn http_headers(
        &mut self,
        node: &Node,
        path: &str,
        section: &'static str,
    ) -> Result<Vec<(String, String)>, ConfigError> {
        let entries = self.mapping(node, path, "a mapping of header names to values")?;
        let mut out = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let name = self.key_text(key, section)?;
            if let Some(bad) = name
                .chars()
                .position(|c| !is_token_char(c))
                .or(name.is_empty().then_some(0))
            {
                return Err(self.invalid_at(
                    self.pos_in(key, &name, bad),
                    path,
                    &format!("`{name}` is not a valid header name"),
                ));
            }
            let at = format!("{path}.{name}");
            let v = self.text(key, value, &at, "a header value", true)?;
            if v.expanded.text.chars().any(|c| c.is_control() && c != '\t') {
                return Err(self.invalid(
                    value,
                    &at,
                    "a header value cannot hold line breaks or control characters",
                ));
            }
            out.push((name, v.expanded.text));
        }
        Ok(out)
    }

    /// `capture: { variable: "/json/pointer" }`.
    fn smoke_capture(
        &mut self,
        node: &Node,
        base: &str,
        check: &mut SmokeCheckConfig,
        captured: &mut Vec<(String, Pos)>,
    ) -> Result<(), ConfigError> {
        let path = format!("{base}.capture");
        let entries = self.mapping(
            node,
            &path,
            "a mapping of variable names to JSON Pointers (`token: /access_token`)",
        )?;
        for (key, value) in entries {
            let var = self.key_text(key, "`smoke.checks[].capture`")?;
            if !is_name(&var) {
                return Err(self.invalid(
                    key,
                    &path,
                    &format!("`{var}` is not a variable name (letters, digits and `_`, not starting with a digit)"),
                ));
            }
            if let Some((_, first)) = captured.iter().find(|(v, _)| *v == var) {
                return Err(self.invalid(
                    key,
                    &path,
                    &format!("`{var}` is already captured at line {}; a variable is captured by one check", first.line),
                ));
            }
            let at = format!("{path}.{var}");
            let p = self.text(
                key,
                value,
                &at,
                "a JSON Pointer such as `/access_token`",
                false,
            )?;
            if let Some((offset, message)) = pointer_problem(&p.expanded.text) {
                let pos = self.pos_in(value, &p.decoded, p.expanded.source_offset(offset));
                return Err(self.invalid_at(pos, &at, &message));
            }
            captured.push((var.clone(), key.at));
            check.capture.push((var, p.expanded.text));
        }
        Ok(())
    }
}

/// Whether `c` may appear in an HTTP header name (RFC 9110 `tchar`).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}
