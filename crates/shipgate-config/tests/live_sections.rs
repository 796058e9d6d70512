//! Loading the `prometheus`, `smoke`, `metrics` and `analysis` sections: the example of
//! issue 3 resolves to the expected values, and every mistake names file:line:column.

// The helpers below fail the calling test with the config or error they got.
#![allow(clippy::panic)]

use std::path::Path;

use serde_json::json;
use shipgate_config::{load_str, AnalysisMetricConfig, Config, ConfigError, Direction, SmokeAuth};
use shipgate_core::{Comparison, Condition, Quantity};

fn env(name: &str) -> Option<String> {
    match name {
        "STAGING_URL" => Some("http://staging.internal:8080".to_string()),
        "SMOKE_TOKEN" => Some("smoke-t0ken".to_string()),
        "PROMETHEUS_URL" => Some("http://prom.internal:9090".to_string()),
        "PROM_TOKEN" => Some("prom-t0ken".to_string()),
        "BASIC_USER" => Some("robot".to_string()),
        "BASIC_PASSWORD" => Some("pa55word".to_string()),
        "EMPTY" => Some(String::new()),
        _ => None,
    }
}

fn ok(text: &str) -> Config {
    load_str(text, Path::new("conf/shipgate.yaml"), &env).unwrap_or_else(|e| panic!("{e}"))
}

fn err(text: &str) -> ConfigError {
    match load_str(text, Path::new("conf/shipgate.yaml"), &env) {
        Ok(c) => panic!("expected an error, got {c:?}"),
        Err(e) => e,
    }
}

fn msg(text: &str) -> String {
    err(text).to_string()
}

/// The examples of issue 3, sections 2 to 4.
const EXAMPLE: &str = r#"smoke:
  base_url: "${STAGING_URL}"
  wait: { timeout: 5m, interval: 5s }      # poll until every check passes or the deadline ends
  auth: { bearer_env: SMOKE_TOKEN }        # or { basic_user_env: .., basic_password_env: .. }
  checks:
    - name: ready
      request: { method: GET, path: /health/ready, headers: { X-Probe: smoke } }
      expect: { status: [200], json: { "/status": "healthy" }, max_latency: 2s }
    - name: create order
      request: { method: POST, path: /api/orders, json: { sku: test } }
      expect: { status: [200, 201], body_contains: "id", headers: { content-type: "application/json" } }
prometheus: { url: "${PROMETHEUS_URL}", bearer_env: PROM_TOKEN, timeout: 10s }
metrics:
  checks:
    - name: error_ratio
      query: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))'
      condition: "< 0.001"
      count: 5            # measurements
      interval: 30s
      failure_limit: 0    # failed measurements tolerated
      inconclusive_limit: 0
      consecutive_error_limit: 2
analysis:
  canary:   { version: v2 }
  baseline: { version: v1 }
  window: 10m        # range queried, ending now
  step: 30s
  min_samples: 20    # per side; fewer points is nodata
  pass_score: 95
  marginal_score: 75
  metrics:
    - name: error_ratio
      query: 'sum(rate(http_requests_total{code=~"5..", {{selector}} }[30s])) / sum(rate(http_requests_total{ {{selector}} }[30s]))'
      direction: increase          # increase | decrease | either is bad
      allowed_change: 10%          # relative effect that is tolerated
      critical: true               # a failing critical metric fails the whole analysis
"#;

#[test]
fn the_issue_example_loads() {
    let c = ok(EXAMPLE);

    let s = c.smoke.as_ref().unwrap();
    assert_eq!(s.base_url, "http://staging.internal:8080");
    assert_eq!(s.wait_timeout_seconds, 300.0);
    assert_eq!(s.wait_interval_seconds, 5.0);
    assert_eq!(
        s.auth,
        SmokeAuth::Bearer {
            token: "smoke-t0ken".into()
        }
    );
    assert!(s.tls_verify);
    assert_eq!(s.checks.len(), 2);
    let ready = &s.checks[0];
    assert_eq!(ready.name, "ready");
    assert_eq!(ready.method, "GET");
    assert_eq!(ready.path, "/health/ready");
    assert_eq!(
        ready.headers,
        [("X-Probe".to_string(), "smoke".to_string())]
    );
    assert_eq!(ready.json, None);
    assert_eq!(ready.body, None);
    assert_eq!(ready.expect_status, [200]);
    assert_eq!(
        ready.expect_json,
        [("/status".to_string(), json!("healthy"))]
    );
    assert_eq!(ready.max_latency_seconds, Some(2.0));
    assert_eq!(ready.body_contains, None);
    assert!(ready.capture.is_empty());
    let order = &s.checks[1];
    assert_eq!(order.name, "create order");
    assert_eq!(order.method, "POST");
    assert_eq!(order.path, "/api/orders");
    assert_eq!(order.json, Some(json!({ "sku": "test" })));
    assert_eq!(order.expect_status, [200, 201]);
    assert_eq!(order.body_contains.as_deref(), Some("id"));
    assert_eq!(
        order.expect_headers,
        [("content-type".to_string(), "application/json".to_string())]
    );
    assert_eq!(order.max_latency_seconds, None);

    let p = c.prometheus.as_ref().unwrap();
    assert_eq!(p.url, "http://prom.internal:9090");
    assert_eq!(
        p.bearer_token.as_ref().map(shipgate_core::Secret::expose),
        Some("prom-t0ken")
    );
    assert_eq!(p.timeout_seconds, 10.0);
    // The sections' Debug output never shows a token.
    assert!(!format!("{p:?}").contains("prom-t0ken"));
    assert!(!format!("{:?}", s.auth).contains("smoke-t0ken"));

    let m = &c.metrics.as_ref().unwrap().checks;
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].name, "error_ratio");
    assert_eq!(
        m[0].query,
        r#"sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))"#
    );
    assert_eq!(m[0].condition, Condition::parse("< 0.001").unwrap());
    assert_eq!(m[0].condition.comparison, Comparison::Lt);
    assert_eq!(m[0].condition.quantity, Quantity::Number(0.001));
    assert_eq!(m[0].count, 5);
    assert_eq!(m[0].interval_seconds, 30.0);
    assert_eq!(m[0].failure_limit, 0);
    assert_eq!(m[0].inconclusive_limit, 0);
    assert_eq!(m[0].consecutive_error_limit, 2);

    let a = c.analysis.as_ref().unwrap();
    assert_eq!(a.canary, [("version".to_string(), "v2".to_string())]);
    assert_eq!(a.baseline, [("version".to_string(), "v1".to_string())]);
    assert_eq!(a.window_seconds, 600.0);
    assert_eq!(a.step_seconds, 30.0);
    assert_eq!(a.min_samples, 20);
    assert_eq!(a.pass_score, 95.0);
    assert_eq!(a.marginal_score, 75.0);
    assert!(!a.allow_marginal);
    assert_eq!(a.alpha, 0.01);
    assert_eq!(
        a.metrics,
        [AnalysisMetricConfig {
            name: "error_ratio".to_string(),
            query: r#"sum(rate(http_requests_total{code=~"5..", {{selector}} }[30s])) / sum(rate(http_requests_total{ {{selector}} }[30s]))"#.to_string(),
            direction: Direction::Increase,
            allowed_change: 0.1,
            critical: true,
        }]
    );

    // The tokens, in the order met; URLs without credentials are not secrets.
    assert_eq!(exposed(&c.secrets), ["smoke-t0ken", "prom-t0ken"]);
}

#[test]
fn defaults() {
    let c = ok(concat!(
        "prometheus: { url: \"http://p:9090\" }\n",
        "smoke:\n  base_url: http://svc\n  checks:\n    - name: live\n      request: { path: /health/live }\n",
        "metrics:\n  checks:\n    - { name: up, query: up, condition: \"== 1\" }\n",
        "analysis:\n  window: 5m\n  metrics:\n    - { name: e, query: \"x{ {{selector}} }\", direction: either, allowed_change: 0.2 }\n",
    ));
    let p = c.prometheus.unwrap();
    assert_eq!((p.bearer_token, p.timeout_seconds), (None, 10.0));
    let s = c.smoke.unwrap();
    assert_eq!(
        (s.wait_timeout_seconds, s.wait_interval_seconds),
        (300.0, 5.0)
    );
    assert_eq!(s.auth, SmokeAuth::None);
    assert!(s.tls_verify);
    let check = &s.checks[0];
    assert_eq!(check.method, "GET");
    assert_eq!(check.expect_status, [200]);
    let m = &c.metrics.unwrap().checks[0];
    assert_eq!(
        (
            m.count,
            m.interval_seconds,
            m.failure_limit,
            m.inconclusive_limit,
            m.consecutive_error_limit
        ),
        (1, 30.0, 0, 0, 4)
    );
    let a = c.analysis.unwrap();
    assert!(a.canary.is_empty() && a.baseline.is_empty());
    assert_eq!(
        (
            a.step_seconds,
            a.min_samples,
            a.pass_score,
            a.marginal_score,
            a.alpha
        ),
        (30.0, 20, 95.0, 75.0, 0.01)
    );
    assert!(!a.allow_marginal);
    assert_eq!(a.metrics[0].direction, Direction::Either);
    assert_eq!(a.metrics[0].allowed_change, 0.2);
    assert!(!a.metrics[0].critical);
    assert!(c.secrets.is_empty());
}

#[test]
fn every_setting_can_be_written() {
    let c = ok(r#"
smoke:
  base_url: https://svc
  tls_verify: false
  wait: { timeout: 0s, interval: 500ms }
  auth: { basic_user_env: BASIC_USER, basic_password_env: BASIC_PASSWORD }
  checks:
    - name: put
      request:
        method: put
        path: /x
        body: "raw text"
      expect:
        status: 204
prometheus: { url: "http://p" }
analysis:
  canary: { version: v2, app: shop }
  baseline: { app: shop, version: "1" }
  window: 1h
  step: 1m
  min_samples: 30
  pass_score: 90.5
  marginal_score: 90.5
  allow_marginal: true
  alpha: 0.05
  metrics:
    - { name: a, query: "{{selector}}", direction: Decrease, allowed_change: "0%" }
"#);
    let s = c.smoke.unwrap();
    assert!(!s.tls_verify);
    assert_eq!(
        (s.wait_timeout_seconds, s.wait_interval_seconds),
        (0.0, 0.5)
    );
    assert_eq!(
        s.auth,
        SmokeAuth::Basic {
            user: "robot".into(),
            password: "pa55word".into()
        }
    );
    assert_eq!(s.checks[0].method, "PUT");
    assert_eq!(s.checks[0].body.as_deref(), Some("raw text"));
    assert_eq!(s.checks[0].expect_status, [204]);
    let a = c.analysis.unwrap();
    // Order as written.
    assert_eq!(a.canary[1], ("app".to_string(), "shop".to_string()));
    assert_eq!(a.baseline[1], ("version".to_string(), "1".to_string()));
    assert_eq!(
        (a.window_seconds, a.step_seconds, a.min_samples),
        (3600.0, 60.0, 30)
    );
    assert_eq!(
        (a.pass_score, a.marginal_score, a.alpha),
        (90.5, 90.5, 0.05)
    );
    assert!(a.allow_marginal);
    assert_eq!(a.metrics[0].direction, Direction::Decrease);
    assert_eq!(a.metrics[0].allowed_change, 0.0);
    assert_eq!(exposed(&c.secrets), ["robot", "pa55word"]);
}

#[test]
fn captured_variables_are_kept_for_the_runner() {
    let c = ok(r#"smoke:
  base_url: "${STAGING_URL}"
  checks:
    - name: me
      request:
        path: "/api/me?u=${token}"
        headers: { Authorization: "Bearer ${token}", X-Env: "${STAGING_URL}" }
        json: { who: "${token}", where: "${STAGING_URL}", n: 1, list: [true, null, 1.5] }
      expect: { body_contains: "${token}", json: { "/token": "${token}" } }
    - name: login
      request: { method: POST, path: /login, body: "$${literal} and ${token}" }
      capture: { token: /access_token }
"#);
    let s = c.smoke.unwrap();
    let me = &s.checks[0];
    assert_eq!(me.path, "/api/me?u=${token}");
    assert_eq!(
        me.headers,
        [
            ("Authorization".to_string(), "Bearer ${token}".to_string()),
            (
                "X-Env".to_string(),
                "http://staging.internal:8080".to_string()
            )
        ]
    );
    assert_eq!(
        me.json,
        Some(
            json!({ "who": "${token}", "where": "http://staging.internal:8080", "n": 1, "list": [true, null, 1.5] })
        )
    );
    assert_eq!(me.body_contains.as_deref(), Some("${token}"));
    assert_eq!(me.expect_json, [("/token".to_string(), json!("${token}"))]);
    // `$${` stays for the runner, which reads it as a literal `${`.
    assert_eq!(
        s.checks[1].body.as_deref(),
        Some("$${literal} and ${token}")
    );
    assert_eq!(
        s.checks[1].capture,
        [("token".to_string(), "/access_token".to_string())]
    );
    // a value in request headers or a request body may be a credential: a secret
    assert_eq!(exposed(&c.secrets), ["http://staging.internal:8080"]);
    // Outside the checks, `${token}` is an environment variable like any other.
    assert_eq!(
        msg("smoke:\n  base_url: \"http://${token}\"\n  checks:\n    - { name: a, request: { path: /x }, capture: { token: /t } }\n"),
        "conf/shipgate.yaml:2:21: environment variable `token` is not set"
    );
    // And a variable nobody captures must be set.
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  checks:\n    - name: a\n      request: { path: \"/${tokn}\" }\n      capture: { token: /t }\n"),
        "conf/shipgate.yaml:5:26: environment variable `tokn` is not set"
    );
}

#[test]
fn unknown_keys_in_each_section() {
    assert_eq!(
        msg("prometheus: { url: \"http://p\", timout: 5s }\n"),
        "conf/shipgate.yaml:1:32: unknown key `timout` in `prometheus`; expected one of: url, bearer_env, timeout, tls (did you mean `timeout`?)"
    );
    assert_eq!(
        msg("smoke:\n  base_ur: http://x\n"),
        "conf/shipgate.yaml:2:3: unknown key `base_ur` in `smoke`; expected one of: base_url, wait, auth, tls_verify, tls, checks (did you mean `base_url`?)"
    );
    assert!(
        msg("smoke:\n  base_url: http://x\n  wait: { timeot: 1s }\n")
            .starts_with("conf/shipgate.yaml:3:11: unknown key `timeot` in `smoke.wait`;")
    );
    assert!(
        msg("smoke:\n  base_url: http://x\n  auth: { bearer_evn: X }\n")
            .ends_with("(did you mean `bearer_env`?)")
    );
    let checks = "smoke:\n  base_url: http://x\n  checks:\n    - name: a\n";
    assert!(msg(&format!("{checks}      reqest: {{ path: /x }}\n"))
        .starts_with("conf/shipgate.yaml:5:7: unknown key `reqest` in `smoke.checks[]`; expected one of: name, request, expect, capture (did you mean `request`?)"));
    assert!(msg(&format!(
        "{checks}      request: {{ path: /x, heders: {{}} }}\n"
    ))
    .starts_with("conf/shipgate.yaml:5:28: unknown key `heders` in `smoke.checks[].request`;"));
    assert!(msg(&format!(
        "{checks}      request: {{ path: /x }}\n      expect: {{ stauts: 200 }}\n"
    ))
    .starts_with("conf/shipgate.yaml:6:17: unknown key `stauts` in `smoke.checks[].expect`;"));
    let prom = "prometheus: { url: \"http://p\" }\n";
    assert_eq!(
        msg(&format!("{prom}metrics:\n  check: []\n")),
        "conf/shipgate.yaml:3:3: unknown key `check` in `metrics`; expected one of: checks (did you mean `checks`?)"
    );
    let e = msg(&format!(
        "{prom}metrics:\n  checks:\n    - name: a\n      querry: up\n"
    ));
    assert!(
        e.starts_with("conf/shipgate.yaml:5:7: unknown key `querry` in `metrics.checks[]`;"),
        "{e}"
    );
    assert!(e.ends_with("(did you mean `query`?)"), "{e}");
    let e = msg(&format!("{prom}analysis:\n  window: 5m\n  pass_scor: 90\n"));
    assert!(
        e.starts_with("conf/shipgate.yaml:4:3: unknown key `pass_scor` in `analysis`;"),
        "{e}"
    );
    assert!(e.ends_with("(did you mean `pass_score`?)"), "{e}");
    let e = msg(&format!(
        "{prom}analysis:\n  window: 5m\n  metrics:\n    - {{ name: a, critcal: true }}\n"
    ));
    assert!(
        e.starts_with("conf/shipgate.yaml:5:18: unknown key `critcal` in `analysis.metrics[]`;"),
        "{e}"
    );
    assert!(e.ends_with("(did you mean `critical`?)"), "{e}");
}

#[test]
fn wrong_types() {
    assert_eq!(
        msg("prometheus: [x]\n"),
        "conf/shipgate.yaml:1:13: `prometheus` must be a mapping (`url:`, `bearer_env:`, `timeout:`, `tls:`), found a list"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  checks: { name: a }\n"),
        "conf/shipgate.yaml:3:11: `smoke.checks` must be a list of checks (`- name: ready`, `request: {...}`, `expect: {...}`), found a mapping"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  tls_verify: maybe\n  checks: []\n"),
        "conf/shipgate.yaml:3:15: `smoke.tls_verify` must be `true` or `false`, found a string"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  checks:\n    - name: a\n      request: { path: /x }\n      expect: { status: [ok] }\n"),
        "conf/shipgate.yaml:6:26: `smoke.checks[0].expect.status`: `ok` is not a number"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  checks:\n    - name: a\n      request: { path: /x }\n      expect: { status: [700] }\n"),
        "conf/shipgate.yaml:6:26: `smoke.checks[0].expect.status`: 700 is not an HTTP status code (100 to 599)"
    );
    let prom = "prometheus: { url: \"http://p\" }\n";
    assert_eq!(
        msg(&format!("{prom}metrics:\n  checks:\n    - {{ name: a, query: up, condition: \"< 1\", count: 1.5 }}\n")),
        "conf/shipgate.yaml:4:54: `metrics.checks[0].count`: must be a whole number, 0 or more (such as `5`)"
    );
    assert_eq!(
        msg(&format!(
            "{prom}metrics:\n  checks:\n    - {{ name: a, query: [up], condition: \"< 1\" }}\n"
        )),
        "conf/shipgate.yaml:4:25: `metrics.checks[0].query` must be a PromQL query, found a list"
    );
    assert_eq!(
        msg(&format!("{prom}analysis:\n  window: 5m\n  canary: v2\n")),
        "conf/shipgate.yaml:4:11: `analysis.canary` must be a mapping of label names to values (`{ version: v2 }`), found a string"
    );
    assert_eq!(
        msg(&format!("{prom}analysis:\n  window: 5m\n  allow_marginal: 1\n")),
        "conf/shipgate.yaml:4:19: `analysis.allow_marginal` must be `true` or `false`, found an integer"
    );
    // An empty value is named at its key.
    assert_eq!(
        msg("prometheus:\n  url:\n"),
        "conf/shipgate.yaml:2:3: `prometheus.url` must be a URL such as `http://host:port`, found nothing (null)"
    );
}

#[test]
fn bad_durations_point_at_the_value() {
    assert_eq!(
        msg("prometheus: { url: \"http://p\", timeout: 10 }\n"),
        "conf/shipgate.yaml:1:41: `prometheus.timeout`: `10` is not a duration: missing unit (use forms like 500ms, 30s, 5m, 1h)"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  wait:\n    interval: 5x\n"),
        "conf/shipgate.yaml:4:15: `smoke.wait.interval`: `5x` is not a duration: unknown unit (use forms like 500ms, 30s, 5m, 1h)"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  wait:\n    interval: 0s\n"),
        "conf/shipgate.yaml:4:15: `smoke.wait.interval`: the duration must be more than zero"
    );
    assert!(
        msg("prometheus: { url: \"http://p\" }\nanalysis:\n  window: \"ten minutes\"\n")
            .starts_with(
                "conf/shipgate.yaml:3:11: `analysis.window`: `ten minutes` is not a duration"
            )
    );
}

#[test]
fn metric_conditions_point_inside_quotes() {
    let prom = "prometheus: { url: \"http://p\" }\n";
    // `condition: "< 0.0x1"`: the quote is at column 18, the value at 19, `0.0x1` at 21.
    let e = err(&format!("{prom}metrics:\n  checks:\n    - name: error_ratio\n      query: up\n      condition: \"< 0.0x1\"\n"));
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:6:21: gate `error_ratio`: `0.0x1` is not a number, percentage or duration"
    );
    assert!(matches!(e, ConfigError::Condition { ref gate, .. } if gate == "error_ratio"));
    // A relative condition needs a baseline: named at its sign.
    let e = msg(&format!("{prom}metrics:\n  checks:\n    - name: latency\n      query: up\n      condition: \"<=  +10%\"\n"));
    assert!(
        e.starts_with("conf/shipgate.yaml:6:23: gate `latency`: a relative condition (`+10%`) needs a baseline"),
        "{e}"
    );
    // Percentages and durations are absolute.
    let c = ok(&format!("{prom}metrics:\n  checks:\n    - {{ name: a, query: up, condition: \"< 5%\" }}\n    - {{ name: b, query: up, condition: \"< 300ms\" }}\n"));
    let m = c.metrics.unwrap();
    assert_eq!(m.checks[0].condition.threshold(), 0.05);
    assert_eq!(m.checks[1].condition.threshold(), 0.3);
    assert_eq!(
        msg(&format!(
            "{prom}metrics:\n  checks:\n    - {{ name: a, query: up }}\n"
        )),
        "conf/shipgate.yaml:4:7: `metrics.checks[0]`: missing `condition:` (such as `\"< 0.001\"`)"
    );
}

#[test]
fn env_names_must_be_set() {
    let e = err("prometheus: { url: \"http://p\", bearer_env: NOPE_TOKEN }\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:1:44: environment variable `NOPE_TOKEN` is not set"
    );
    assert!(matches!(e, ConfigError::MissingEnv { ref var, .. } if var == "NOPE_TOKEN"));
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  auth:\n    bearer_env: \"NOPE\"\n"),
        "conf/shipgate.yaml:4:18: environment variable `NOPE` is not set"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  auth: { bearer_env: \"${SMOKE_TOKEN}\" }\n"),
        "conf/shipgate.yaml:3:23: `smoke.auth.bearer_env`: `${SMOKE_TOKEN}` is not an environment variable name (letters, digits and `_`; write the name, not `${NAME}`)"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  auth: { bearer_env: EMPTY }\n"),
        "conf/shipgate.yaml:3:23: `smoke.auth.bearer_env`: environment variable `EMPTY` is set but empty"
    );
}

#[test]
fn one_form_of_smoke_auth() {
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  auth:\n    bearer_env: SMOKE_TOKEN\n    basic_user_env: BASIC_USER\n    basic_password_env: BASIC_PASSWORD\n"),
        "conf/shipgate.yaml:5:5: `smoke.auth`: give either `bearer_env` or `basic_user_env` with `basic_password_env`, not both"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  auth:\n    basic_password_env: BASIC_PASSWORD\n    bearer_env: SMOKE_TOKEN\n"),
        "conf/shipgate.yaml:5:5: `smoke.auth`: give either `bearer_env` or `basic_user_env` with `basic_password_env`, not both"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  auth:\n    basic_user_env: BASIC_USER\n"),
        "conf/shipgate.yaml:3:3: `smoke.auth`: basic authentication needs both `basic_user_env` and `basic_password_env`"
    );
}

#[test]
fn names_are_unique() {
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  checks:\n    - name: ready\n      request: { path: /a }\n    - name: ready\n      request: { path: /b }\n"),
        "conf/shipgate.yaml:6:13: `smoke.checks[1].name`: the name `ready` is already used at line 4; names must be unique"
    );
    let prom = "prometheus: { url: \"http://p\" }\n";
    assert!(msg(&format!("{prom}metrics:\n  checks:\n    - {{ name: a, query: up, condition: \"< 1\" }}\n    - {{ name: a, query: up, condition: \"< 1\" }}\n"))
        .starts_with("conf/shipgate.yaml:5:15: `metrics.checks[1].name`: the name `a` is already used at line 4"));
    assert!(msg(&format!("{prom}analysis:\n  window: 5m\n  metrics:\n    - {{ name: a, query: \"{{{{selector}}}}\", direction: increase, allowed_change: 0 }}\n    - {{ name: a, query: \"{{{{selector}}}}\", direction: increase, allowed_change: 0 }}\n"))
        .starts_with("conf/shipgate.yaml:6:15: `analysis.metrics[1].name`: the name `a` is already used at line 5"));
    // A variable is captured by one check.
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  checks:\n    - { name: a, request: { path: /a }, capture: { t: /x } }\n    - { name: b, request: { path: /b }, capture: { t: /y } }\n"),
        "conf/shipgate.yaml:5:52: `smoke.checks[1].capture`: `t` is already captured at line 4; a variable is captured by one check"
    );
}

#[test]
fn json_pointers_are_checked() {
    let checks =
        "smoke:\n  base_url: http://x\n  checks:\n    - name: a\n      request: { path: /x }\n";
    assert_eq!(
        msg(&format!("{checks}      expect: {{ json: {{ status: healthy }} }}\n")),
        "conf/shipgate.yaml:6:25: `smoke.checks[0].expect.json`: not a JSON Pointer: it starts with `/` (`/status`), or is `\"\"` for the whole document"
    );
    // The column of the bad `~` inside the quoted key.
    assert_eq!(
        msg(&format!("{checks}      expect: {{ json: {{ \"/a~2b\": 1 }} }}\n")),
        "conf/shipgate.yaml:6:28: `smoke.checks[0].expect.json`: not a JSON Pointer: `~` is written `~0`, and `/` inside a name `~1`"
    );
    assert_eq!(
        msg(&format!("{checks}      capture: {{ token: access_token }}\n")),
        "conf/shipgate.yaml:6:25: `smoke.checks[0].capture.token`: not a JSON Pointer: it starts with `/` (`/status`), or is `\"\"` for the whole document"
    );
    assert_eq!(
        msg(&format!("{checks}      capture: {{ 1token: /t }}\n")),
        "conf/shipgate.yaml:6:18: `smoke.checks[0].capture`: `1token` is not a variable name (letters, digits and `_`, not starting with a digit)"
    );
    // The whole document and escapes are fine.
    let c = ok(&format!(
        "{checks}      expect: {{ json: {{ \"\": {{ ok: true }}, \"/a~1b/~0\": [1] }} }}\n"
    ));
    assert_eq!(
        c.smoke.unwrap().checks[0].expect_json,
        [
            ("".to_string(), json!({ "ok": true })),
            ("/a~1b/~0".to_string(), json!([1]))
        ]
    );
}

#[test]
fn smoke_requests_are_checked() {
    let head = "smoke:\n  base_url: http://x\n  checks:\n    - name: a\n";
    assert_eq!(
        msg(&format!("{head}      request: {{ method: FETCH, path: /x }}\n")),
        "conf/shipgate.yaml:5:26: `smoke.checks[0].request.method`: `FETCH` is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
    );
    assert_eq!(
        msg(&format!("{head}      request: {{ path: /x, json: {{}}, body: x }}\n")),
        "conf/shipgate.yaml:5:38: `smoke.checks[0].request.body`: a request has either `json` or `body`, and `json` is already given"
    );
    assert_eq!(
        msg(&format!("{head}      request: {{ path: /x, headers: {{ \"Bad Name\": x }} }}\n")),
        "conf/shipgate.yaml:5:43: `smoke.checks[0].request.headers`: `Bad Name` is not a valid header name"
    );
    assert_eq!(
        msg(&format!("{head}      expect: {{ status: 200 }}\n")),
        "conf/shipgate.yaml:4:7: `smoke.checks[0]`: missing `request:` (at least `request: { path: /health/ready }`)"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  checks:\n    - request: { path: /x }\n"),
        "conf/shipgate.yaml:4:7: `smoke.checks[0]`: missing `name:` (a unique name for the check)"
    );
    assert_eq!(
        msg("smoke:\n  checks: []\n"),
        "conf/shipgate.yaml:1:1: `smoke`: missing `base_url:` (the URL every check's path is resolved against, such as `\"${STAGING_URL}\"`)"
    );
    assert_eq!(
        msg("smoke:\n  base_url: http://x\n  checks: []\n"),
        "conf/shipgate.yaml:3:3: `smoke.checks`: give at least one check"
    );
    assert_eq!(
        msg("smoke:\n  base_url: ftp://x\n"),
        "conf/shipgate.yaml:2:13: `smoke.base_url`: `ftp://x` is not an http:// or https:// URL with a host"
    );
    // YAML's `.nan` is refused by the parser already, with its position.
    assert!(msg(&format!(
        "{head}      request: {{ path: /x, json: .nan }}\n"
    ))
    .starts_with("conf/shipgate.yaml:5:34: "));
}

#[test]
fn analysis_rules() {
    let prom = "prometheus: { url: \"http://p\" }\n";
    assert_eq!(
        msg(&format!("{prom}analysis:\n  window: 10m\n  metrics:\n    - name: errors\n      query: 'sum(rate(http_requests_total[30s]))'\n      direction: increase\n      allowed_change: 10%\n")),
        "conf/shipgate.yaml:6:14: `analysis.metrics[0].query`: the query has no `{{selector}}`, where the canary's or the baseline's label matchers go (`http_requests_total{ {{selector}} }`)"
    );
    assert_eq!(
        msg(&format!(
            "{prom}analysis:\n  window: 10m\n  pass_score: 80\n  marginal_score: 90\n"
        )),
        "conf/shipgate.yaml:5:19: `analysis.marginal_score`: must be at most `pass_score` (80)"
    );
    // The default pass score counts too.
    assert!(msg(&format!(
        "{prom}analysis:\n  window: 10m\n  marginal_score: 96\n"
    ))
    .starts_with(
        "conf/shipgate.yaml:4:19: `analysis.marginal_score`: must be at most `pass_score` (95)"
    ));
    assert_eq!(
        msg(&format!("{prom}analysis:\n  metrics: []\n")),
        "conf/shipgate.yaml:2:1: `analysis`: missing `window:` (the range queried, ending now, such as `10m`)"
    );
    assert_eq!(
        msg(&format!("{prom}analysis:\n  window: 10m\n  canary: {{ app.name: x }}\n")),
        "conf/shipgate.yaml:4:16: `analysis.canary`: `app.name` is not a Prometheus label name (letters, digits and `_`, not starting with a digit)"
    );
    assert_eq!(
        msg(&format!("{prom}analysis:\n  window: 10m\n  alpha: 0.6\n")),
        "conf/shipgate.yaml:4:10: `analysis.alpha`: the significance level must be more than 0 and at most 0.5"
    );
    assert!(msg(&format!("{prom}analysis:\n  window: 10m\n  alpha: 0\n")).contains("more than 0"));
    assert_eq!(
        msg(&format!("{prom}analysis:\n  window: 1m\n  step: 2m\n")),
        "conf/shipgate.yaml:4:9: `analysis.step`: the step is longer than the window"
    );
    assert_eq!(
        msg(&format!("{prom}analysis:\n  window: 1m\n  metrics:\n    - {{ name: a, query: \"{{{{selector}}}}\", direction: up, allowed_change: 1 }}\n")),
        "conf/shipgate.yaml:5:52: `analysis.metrics[0].direction`: `up` is not one of increase, decrease, either (which change is bad)"
    );
    assert_eq!(
        msg(&format!("{prom}analysis:\n  window: 1m\n  metrics:\n    - {{ name: a, query: \"{{{{selector}}}}\", direction: either, allowed_change: \"-5%\" }}\n")),
        "conf/shipgate.yaml:5:76: `analysis.metrics[0].allowed_change`: must be 0 or more"
    );
    assert!(msg(&format!("{prom}analysis:\n  window: 1m\n  metrics:\n    - {{ name: a, query: \"{{{{selector}}}}\", direction: either, allowed_change: ten }}\n"))
        .contains("`ten` is not a percentage (`10%`) or a fraction (`0.1`)"));
    assert!(msg(&format!("{prom}analysis:\n  window: 1m\n  metrics:\n    - {{ name: a, query: \"{{{{selector}}}}\", direction: either }}\n"))
        .contains("missing `allowed_change:`"));
}

#[test]
fn metrics_and_analysis_need_prometheus() {
    let e = err("metrics:\n  checks:\n    - { name: a, query: up, condition: \"< 1\" }\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:1:1: `metrics`: needs a `prometheus:` section with the server's url (`prometheus: { url: \"http://prometheus:9090\" }`)"
    );
    assert!(matches!(
        e,
        ConfigError::Invalid {
            line: 1,
            column: 1,
            ..
        }
    ));
    assert!(msg("tests: {}\nanalysis:\n  window: 5m\n  metrics:\n    - { name: a, query: \"{{selector}}\", direction: increase, allowed_change: 0 }\n")
        .starts_with("conf/shipgate.yaml:2:1: `analysis`: needs a `prometheus:` section"));
    // Prometheus may come after the sections that use it.
    let c = ok("metrics:\n  checks:\n    - { name: a, query: up, condition: \"< 1\" }\nprometheus: { url: \"${PROMETHEUS_URL}/\" }\n");
    assert_eq!(c.prometheus.unwrap().url, "http://prom.internal:9090/");
    assert_eq!(
        msg("prometheus: { timeout: 5s }\n"),
        "conf/shipgate.yaml:1:1: `prometheus`: missing `url:` (the server's base URL, such as `http://prometheus:9090`)"
    );
}

#[test]
fn rollout_is_read_beside_the_live_sections() {
    let e = err("prometheus: { url: \"http://p\" }\nrollout: {}\n");
    assert!(
        matches!(e, ConfigError::Invalid { line: 2, column: 1, ref key, .. } if key == "rollout"),
        "{e}"
    );
}

#[test]
fn a_ca_file_is_read_relative_to_the_config_folder() {
    let c = ok(r#"
smoke:
  base_url: https://svc
  tls: { ca_file: certs/ca.pem }
  checks: [ { name: a, request: { path: / } } ]
prometheus:
  url: https://p
  tls:
    ca_file: /etc/ssl/private-ca.pem
"#);
    let s = c.smoke.unwrap();
    assert!(s.tls_verify);
    assert_eq!(
        s.tls.ca_file.as_deref(),
        Some(Path::new("conf/certs/ca.pem"))
    );
    assert_eq!(
        c.prometheus.unwrap().tls.ca_file.as_deref(),
        Some(Path::new("/etc/ssl/private-ca.pem"))
    );
    // Without `tls:`, no extra CA.
    let c = ok("prometheus: { url: \"http://p\" }\n");
    assert_eq!(c.prometheus.unwrap().tls.ca_file, None);
}

#[test]
fn tls_mistakes_name_their_place() {
    assert_eq!(
        msg("prometheus:\n  url: https://p\n  tls: { ca_fil: x.pem }\n"),
        "conf/shipgate.yaml:3:10: unknown key `ca_fil` in `prometheus.tls`; expected one of: ca_file (did you mean `ca_file`?)"
    );
    assert_eq!(
        msg("smoke:\n  base_url: https://s\n  tls: { ca_file: \"\" }\n  checks: [ { name: a, request: { path: / } } ]\n"),
        "conf/shipgate.yaml:3:19: `smoke.tls.ca_file`: the value is empty"
    );
    assert_eq!(
        msg("prometheus:\n  url: https://p\n  tls: [x]\n"),
        "conf/shipgate.yaml:3:8: `prometheus.tls` must be a mapping (`ca_file: certs/ca.pem`), found a list"
    );
}

/// The secrets' values, for comparing.
fn exposed(secrets: &[shipgate_core::Secret]) -> Vec<&str> {
    secrets.iter().map(shipgate_core::Secret::expose).collect()
}
