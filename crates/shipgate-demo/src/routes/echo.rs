//! An endpoint that repeats the request back, the way careless services do in error pages:
//! what secret-redaction tests need a server to echo.

use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::http;

/// `GET /echo?...`: 400 with `{"query":..,"authorization":..,"headers":{..}}` (every header
/// value), as JSON. With `escape=slash` in the query every `/` in the answer is written `\/`;
/// with `escape=unicode` every letter of the values is written as a `\u00XX` escape: both are
/// valid JSON a client must read as the same text.
pub(crate) async fn echo(RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let query = query.unwrap_or_default();
    let all: serde_json::Map<String, serde_json::Value> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                json!(String::from_utf8_lossy(v.as_bytes())),
            )
        })
        .collect();
    let body = json!({
        "query": query,
        "authorization": headers.get("authorization").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        "headers": all,
    })
    .to_string();
    let body = if query.split('&').any(|p| p == "escape=slash") {
        body.replace('/', "\\/")
    } else if query.split('&').any(|p| p == "escape=unicode") {
        unicode_letters(&body)
    } else {
        body
    };
    http::typed(StatusCode::BAD_REQUEST, "application/json", body)
}

/// Every ASCII letter inside a JSON string written as `\u00XX` (keys stay readable).
fn unicode_letters(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut in_string = false;
    let mut escaped = false;
    let mut after_colon = false;
    for c in json.chars() {
        if in_string {
            if escaped {
                escaped = false;
                out.push(c);
                continue;
            }
            match c {
                '\\' => {
                    escaped = true;
                    out.push(c);
                }
                '"' => {
                    in_string = false;
                    out.push(c);
                }
                c if after_colon && c.is_ascii_alphabetic() => {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                }
                c => out.push(c),
            }
        } else {
            if c == '"' {
                in_string = true;
            } else if c == ':' {
                after_colon = true;
            } else if c == ',' || c == '{' {
                after_colon = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_escapes_read_back_as_the_same_values() {
        let text = unicode_letters(r#"{"a":"tok","b":{"c":"x/y"}}"#);
        assert!(text.contains(r"\u0074\u006f\u006b"), "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["a"], "tok");
        assert_eq!(value["b"]["c"], "x/y");
    }
}
