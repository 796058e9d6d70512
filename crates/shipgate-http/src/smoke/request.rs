//! Turning a check into a concrete request for one attempt (captured values substituted).

use std::collections::HashMap;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Method;
use url::Url;

use super::expect::Expectations;
use super::template::{substitute, substitute_json};
use super::{CheckSpec, SmokeAuth};
use crate::url_join::join_url;

/// One attempt's request and expectations, ready to send.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub json: Option<serde_json::Value>,
    pub body: Option<String>,
    pub expect: Expectations,
}

impl Prepared {
    /// `METHOD URL`, for evidence (the caller redacts it).
    pub fn describe(&self) -> String {
        format!("{} {}", self.method, self.url)
    }

    /// The reqwest request, with `auth` unless the check sets its own `Authorization`.
    pub fn build(&self, client: &reqwest::Client, auth: &SmokeAuth) -> reqwest::RequestBuilder {
        let mut request = client.request(self.method.clone(), self.url.clone());
        let own_auth = self.headers.iter().any(|(n, _)| *n == AUTHORIZATION);
        if !own_auth {
            request = match auth {
                SmokeAuth::None => request,
                SmokeAuth::Bearer { token } => request.bearer_auth(token.expose()),
                SmokeAuth::Basic { user, password } => {
                    request.basic_auth(user.expose(), Some(password.expose()))
                }
            };
        }
        for (name, value) in &self.headers {
            request = request.header(name.clone(), value.clone());
        }
        if let Some(json) = &self.json {
            request = request.json(json);
        } else if let Some(body) = &self.body {
            request = request.body(body.clone());
        }
        request
    }
}

/// The request and expectations of `check` for one attempt, with `vars` substituted.
/// Fails (as a failed attempt, not a spec error) when a substituted value makes the URL
/// or a header invalid.
pub(crate) fn prepare(
    base: &Url,
    method: Method,
    check: &CheckSpec,
    vars: &HashMap<String, String>,
) -> Result<Prepared, String> {
    let request = &check.request;
    let url = join_url(base, &substitute(&request.path, vars))?;
    let mut headers = Vec::with_capacity(request.headers.len());
    for (name, value) in &request.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("`{name}` is not a valid header name"))?;
        let value = HeaderValue::from_str(&substitute(value, vars)).map_err(|_| {
            format!("the value of header `{name}` is not a valid header value once variables are substituted")
        })?;
        headers.push((name, value));
    }
    let expect = &check.expect;
    Ok(Prepared {
        method,
        url,
        headers,
        json: request.json.as_ref().map(|j| substitute_json(j, vars)),
        body: request.body.as_ref().map(|b| substitute(b, vars)),
        expect: Expectations {
            status: expect.status.clone(),
            json: expect
                .json
                .iter()
                .map(|(p, v)| (p.clone(), substitute_json(v, vars)))
                .collect(),
            body_contains: expect.body_contains.as_ref().map(|t| substitute(t, vars)),
            headers: expect
                .headers
                .iter()
                .map(|(n, t)| (n.clone(), substitute(t, vars)))
                .collect(),
            max_latency: expect.max_latency,
        },
    })
}

/// The expectations of `check` in words, for the report's threshold column.
pub(crate) fn expectation_summary(check: &CheckSpec) -> String {
    let e = &check.expect;
    let mut parts = Vec::new();
    parts.push(match e.status.as_slice() {
        [] => "status 2xx".to_string(),
        [one] => format!("status {one}"),
        many => format!(
            "status in [{}]",
            many.iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    });
    for (pointer, value) in &e.json {
        parts.push(format!("{pointer} == {value}"));
    }
    if let Some(text) = &e.body_contains {
        parts.push(format!(
            "body contains {}",
            serde_json::Value::String(text.clone())
        ));
    }
    for (name, text) in &e.headers {
        parts.push(format!("{} contains \"{text}\"", name.to_ascii_lowercase()));
    }
    if let Some(max) = e.max_latency {
        parts.push(format!(
            "latency <= {}",
            crate::transport::seconds_text(max)
        ));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn variables_are_substituted_everywhere() {
        let mut check = CheckSpec::get("me", "/api/${id}");
        check
            .request
            .headers
            .push(("Authorization".into(), "Bearer ${token}".into()));
        check.request.json = Some(serde_json::json!({"t": "${token}"}));
        check.expect.body_contains = Some("${id}".into());
        let vars: HashMap<String, String> = [("id", "7"), ("token", "abc")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let p = prepare(&url("http://h/"), Method::GET, &check, &vars)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(p.describe(), "GET http://h/api/7");
        assert_eq!(p.headers[0].1, "Bearer abc");
        assert_eq!(p.json, Some(serde_json::json!({"t": "abc"})));
        assert_eq!(p.expect.body_contains.as_deref(), Some("7"));
        let bad: HashMap<String, String> = [("id", "7"), ("token", "a\nb")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert!(prepare(&url("http://h/"), Method::GET, &check, &bad).is_err());
    }

    #[test]
    fn summaries() {
        let mut check = CheckSpec::get("ready", "/health/ready");
        check.expect.status = vec![200];
        check
            .expect
            .json
            .push(("/status".into(), serde_json::json!("healthy")));
        check.expect.max_latency = Some(std::time::Duration::from_secs(2));
        assert_eq!(
            expectation_summary(&check),
            r#"status 200, /status == "healthy", latency <= 2s"#
        );
        assert_eq!(expectation_summary(&CheckSpec::get("a", "/")), "status 2xx");
    }
}
