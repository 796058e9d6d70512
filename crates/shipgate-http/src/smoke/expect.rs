//! Checking one answer against a check's expectations, and reading its captures. Pure.

use std::time::Duration;

use serde_json::Value;

use crate::excerpt::redacted_excerpt;
use crate::transport::{seconds_text, RawResponse};
use crate::Redactor;

/// How much of a body a failure message quotes.
const BODY_EXCERPT: usize = 200;

/// A check's expectations with `${var}` already substituted.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Expectations {
    pub status: Vec<u16>,
    pub json: Vec<(String, Value)>,
    pub body_contains: Option<String>,
    pub headers: Vec<(String, String)>,
    pub max_latency: Option<Duration>,
}

/// What one answer showed.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Evaluation {
    /// One sentence per unmet expectation (or missing capture); empty means passed.
    pub failures: Vec<String>,
    /// `(variable, value)` for every capture pointer that resolved, passed or not (the
    /// caller redacts them either way, and keeps them only when the check passed).
    pub captured: Vec<(String, String)>,
}

impl Evaluation {
    /// Whether every expectation held and every capture resolved.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Check `response` against `expect` and resolve `capture` pointers. Excerpts of the body
/// are cut after the secrets of `redactor` and the values captured from this very answer
/// are removed, so that no part of one shows at a cut.
pub(crate) fn evaluate(
    expect: &Expectations,
    capture: &[(String, String)],
    response: &RawResponse,
    redactor: &Redactor,
) -> Evaluation {
    let mut failures = Vec::new();
    // parsed once: for the JSON expectations, the captures, and the captured values that
    // must be gone from any excerpt of this answer
    let needs_json = !expect.json.is_empty() || !capture.is_empty();
    let parsed = needs_json.then(|| serde_json::from_slice::<Value>(&response.body));
    let document = parsed.as_ref().and_then(|p| p.as_ref().ok());
    let with_captures;
    let redactor = match document {
        Some(doc) if !capture.is_empty() => {
            let mut r = redactor.clone();
            r.extend(
                capture
                    .iter()
                    .filter_map(|(_, pointer)| doc.pointer(pointer))
                    .map(capture_text),
            );
            with_captures = r;
            &with_captures
        }
        _ => redactor,
    };
    let body_text = |response: &RawResponse| body_text(response, redactor);
    let compact = |value: &Value| compact(value, redactor);
    let status_ok = if expect.status.is_empty() {
        (200..300).contains(&response.status)
    } else {
        expect.status.contains(&response.status)
    };
    if !status_ok {
        let wanted = if expect.status.is_empty() {
            "2xx".to_string()
        } else {
            list(&expect.status)
        };
        failures.push(format!(
            "status {} is not {wanted}; body: {}",
            response.status,
            body_text(response)
        ));
    }

    if let Some(Err(e)) = &parsed {
        let why = if response.truncated {
            "the body is too large to read as JSON".to_string()
        } else {
            format!("the body is not JSON ({e})")
        };
        failures.push(format!("{why}; body: {}", body_text(response)));
    }

    if let Some(doc) = &document {
        for (pointer, wanted) in &expect.json {
            match doc.pointer(pointer) {
                None => failures.push(format!(
                    "{} is missing from the body, expected {}",
                    pointer_name(pointer),
                    compact(wanted)
                )),
                Some(found) if !json_equal(found, wanted) => failures.push(format!(
                    "{} is {}, expected {}",
                    pointer_name(pointer),
                    compact(found),
                    compact(wanted)
                )),
                Some(_) => {}
            }
        }
    }

    if let Some(text) = &expect.body_contains {
        let body = String::from_utf8_lossy(&response.body);
        if !body.contains(text.as_str()) {
            failures.push(format!(
                "the body does not contain {}; body: {}",
                compact(&Value::String(text.clone())),
                body_text(response)
            ));
        }
    }

    for (name, wanted) in &expect.headers {
        let name_lc = name.to_ascii_lowercase();
        let values: Vec<&str> = response
            .headers
            .iter()
            .filter(|(n, _)| *n == name_lc)
            .map(|(_, v)| v.as_str())
            .collect();
        let wanted_lc = wanted.to_ascii_lowercase();
        if values.is_empty() {
            failures.push(format!(
                "header `{name_lc}` is missing, expected it to contain \"{wanted}\""
            ));
        } else if !values
            .iter()
            .any(|v| v.to_ascii_lowercase().contains(&wanted_lc))
        {
            failures.push(format!(
                "header `{name_lc}` is \"{}\", expected it to contain \"{wanted}\"",
                values.join(", ")
            ));
        }
    }

    if let Some(max) = expect.max_latency {
        if response.latency > max {
            failures.push(format!(
                "the answer took {}, more than the allowed {}",
                seconds_text(response.latency),
                seconds_text(max)
            ));
        }
    }

    let mut captured = Vec::new();
    if let Some(doc) = &document {
        for (variable, pointer) in capture {
            match doc.pointer(pointer) {
                Some(value) => captured.push((variable.clone(), capture_text(value))),
                None => failures.push(format!(
                    "capture `{variable}`: {} is missing from the body",
                    pointer_name(pointer)
                )),
            }
        }
    }
    Evaluation { failures, captured }
}

/// A pointer as shown in messages (`""` is the whole document).
fn pointer_name(pointer: &str) -> String {
    if pointer.is_empty() {
        "the document".to_string()
    } else {
        format!("`{pointer}`")
    }
}

/// JSON equality where numbers compare by value (`1 == 1.0`).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// A captured value as text: a string as it is, anything else as compact JSON.
fn capture_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn compact(value: &Value, redactor: &Redactor) -> String {
    let text = value.to_string();
    redacted_excerpt(text.as_bytes(), BODY_EXCERPT, redactor)
}

fn body_text(response: &RawResponse, redactor: &Redactor) -> String {
    let text = redacted_excerpt(&response.body, BODY_EXCERPT, redactor);
    if text.is_empty() {
        "(empty)".to_string()
    } else {
        text
    }
}

fn list(codes: &[u16]) -> String {
    let items: Vec<String> = codes.iter().map(u16::to_string).collect();
    if items.len() == 1 {
        items.join("")
    } else {
        format!("one of [{}]", items.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without secrets to remove.
    fn evaluate(e: &Expectations, c: &[(String, String)], r: &RawResponse) -> Evaluation {
        super::evaluate(e, c, r, &Redactor::new())
    }

    #[test]
    fn a_secret_or_a_captured_value_is_removed_before_the_body_is_cut() {
        let token = "T0KENabcdefghij";
        let body = format!(
            r#"{{"pad":"{}","token":"{token}","echo":"k=secretvalue1"}}"#,
            "x".repeat(180)
        );
        let expect = Expectations {
            status: vec![200],
            ..Expectations::default()
        };
        let capture = [("token".to_string(), "/token".to_string())];
        let e = super::evaluate(
            &expect,
            &capture,
            &response(500, &body),
            &Redactor::with_secrets(["secretvalue1"]),
        );
        let message = e.failures.join(" ");
        assert!(!message.contains("T0KEN"), "{message}");
        assert!(!message.contains("secretv"), "{message}");
        assert!(message.contains("***"), "{message}");
    }
    use serde_json::json;

    fn response(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            headers: vec![(
                "content-type".to_string(),
                "application/json; charset=utf-8".to_string(),
            )],
            body: body.as_bytes().to_vec(),
            truncated: false,
            latency: Duration::from_millis(20),
        }
    }

    #[test]
    fn a_matching_answer_passes() {
        let expect = Expectations {
            status: vec![200],
            json: vec![
                ("/status".into(), json!("healthy")),
                ("/n".into(), json!(1.0)),
            ],
            body_contains: Some("healthy".into()),
            headers: vec![("Content-Type".into(), "APPLICATION/JSON".into())],
            max_latency: Some(Duration::from_secs(1)),
        };
        let e = evaluate(
            &expect,
            &[],
            &response(200, r#"{"status":"healthy","n":1}"#),
        );
        assert!(e.passed(), "{:?}", e.failures);
    }

    #[test]
    fn every_unmet_expectation_is_reported() {
        let expect = Expectations {
            status: vec![200],
            json: vec![
                ("/status".into(), json!("healthy")),
                ("/missing".into(), json!(true)),
            ],
            body_contains: Some("ok".into()),
            headers: vec![("x-version".into(), "v2".into())],
            max_latency: Some(Duration::from_millis(5)),
        };
        let e = evaluate(&expect, &[], &response(503, r#"{"status":"unhealthy"}"#));
        let all = e.failures.join("\n");
        assert_eq!(e.failures.len(), 6, "{all}");
        assert!(
            all.contains(r#"status 503 is not 200; body: {"status":"unhealthy"}"#),
            "{all}"
        );
        assert!(
            all.contains(r#"`/status` is "unhealthy", expected "healthy""#),
            "{all}"
        );
        assert!(all.contains("`/missing` is missing"), "{all}");
        assert!(all.contains(r#"does not contain "ok""#), "{all}");
        assert!(all.contains("header `x-version` is missing"), "{all}");
        assert!(
            all.contains("took 20ms, more than the allowed 5ms"),
            "{all}"
        );
    }

    #[test]
    fn empty_status_list_means_2xx() {
        let e = evaluate(&Expectations::default(), &[], &response(204, ""));
        assert!(e.passed());
        let e = evaluate(&Expectations::default(), &[], &response(302, ""));
        assert_eq!(e.failures, ["status 302 is not 2xx; body: (empty)"]);
        let expect = Expectations {
            status: vec![200, 201],
            ..Expectations::default()
        };
        let e = evaluate(&expect, &[], &response(500, "oops"));
        assert_eq!(
            e.failures,
            ["status 500 is not one of [200, 201]; body: oops"]
        );
    }

    #[test]
    fn json_expectations_on_a_non_json_body() {
        let expect = Expectations {
            json: vec![("/status".into(), json!("healthy"))],
            ..Expectations::default()
        };
        let e = evaluate(&expect, &[], &response(200, "<html>"));
        assert_eq!(e.failures.len(), 1);
        assert!(
            e.failures[0].starts_with("the body is not JSON"),
            "{:?}",
            e.failures
        );
        let mut big = response(200, "{\"a\":");
        big.truncated = true;
        let e = evaluate(&expect, &[], &big);
        assert!(e.failures[0].contains("too large"), "{:?}", e.failures);
    }

    #[test]
    fn captures_resolve_or_fail_the_check() {
        let capture = vec![
            ("token".to_string(), "/access_token".to_string()),
            ("id".to_string(), "/id".to_string()),
        ];
        let e = evaluate(
            &Expectations::default(),
            &capture,
            &response(200, r#"{"access_token":"abc","id":7}"#),
        );
        assert!(e.passed());
        assert_eq!(
            e.captured,
            [
                ("token".to_string(), "abc".to_string()),
                ("id".to_string(), "7".to_string())
            ]
        );
        let e = evaluate(
            &Expectations::default(),
            &capture,
            &response(200, r#"{"access_token":"abc"}"#),
        );
        assert_eq!(e.failures, ["capture `id`: `/id` is missing from the body"]);
        assert_eq!(e.captured.len(), 1);
    }

    #[test]
    fn pointers_follow_rfc_6901() {
        let expect = Expectations {
            json: vec![
                ("/a~1b/0/c~0d".into(), json!(true)),
                ("".into(), json!({"a/b":[{"c~d":true}]})),
            ],
            ..Expectations::default()
        };
        let e = evaluate(&expect, &[], &response(200, r#"{"a/b":[{"c~d":true}]}"#));
        assert!(e.passed(), "{:?}", e.failures);
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(json_equal(&json!(1), &json!(1.0)));
        assert!(json_equal(&json!({"a":[1]}), &json!({"a":[1.0]})));
        assert!(!json_equal(&json!(1), &json!("1")));
        assert!(!json_equal(&json!({"a":1}), &json!({"a":1,"b":2})));
    }
}
