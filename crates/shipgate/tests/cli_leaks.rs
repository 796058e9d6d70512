//! No secret leaves the process: every command that can meet one, in every format, plus
//! the step summary, the annotations, `-vv` logs and the store, with secrets of every shape,
//! against a real service that echoes what it is sent (JSON-escaped, `\/`-escaped,
//! `\u`-escaped). Each output is searched for every form a secret can take.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod live;

use std::path::Path;

use common::{junit, write};
use live::{demo, free_port, DemoOptions};

/// Secrets of every shape: quotes, a slash, a space, `+` and `%`, non-ASCII, XML and
/// Markdown specials, long enough to be searched for without false alarms.
const SECRETS: [(&str, &str); 4] = [
    ("SMOKE_TOKEN", "tok \"Q\"/é&<x>+%Z9"),
    ("API_KEY", "apikey \"Q\" 7f3"),
    ("DB_PASSWORD", "pw_Under*Star[1]"),
    ("PROM_TOKEN", "promT0ken_x9!"),
];

/// Every form a secret can take in output.
fn forms(secret: &str) -> Vec<String> {
    let mut out = vec![secret.to_string()];
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    out.push(form.clone());
    out.push(form.replace('+', "%20"));
    out.push(form.to_lowercase());
    let json = serde_json::to_string(secret).unwrap();
    let json = json.trim_matches('"').to_string();
    out.push(json.replace('/', "\\/"));
    out.push(json);
    let markdown: String = secret
        .chars()
        .flat_map(|c| {
            if c.is_ascii_punctuation() {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect();
    out.push(markdown);
    out.push(
        secret
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;"),
    );
    // a long-enough piece: an excerpt cut in the middle of a secret must not show most of it
    let chars: Vec<char> = secret.chars().collect();
    out.push(chars[..chars.len() * 2 / 3].iter().collect());
    out
}

fn assert_no_leak(what: &str, text: &str) {
    // the token the service issued at login, captured, sent back in a query and echoed:
    // `t=***`, never a piece of it
    for (i, _) in text
        .match_indices("t=")
        .filter(|(i, _)| text[..*i].ends_with(['?', '"']))
    {
        let after: String = text[i + 2..].chars().take(4).collect();
        assert!(
            !(after.len() == 4 && after.chars().all(|c| c.is_ascii_alphanumeric())),
            "{what} shows the captured token (`t={after}…`):\n{text}"
        );
    }
    for (name, secret) in SECRETS {
        for form in forms(secret) {
            assert!(
                !text.contains(&form),
                "{what} shows {name} as `{form}`:\n{text}"
            );
        }
    }
}

fn run(dir: &Path, args: &[&str], extra: &[(&str, String)]) -> common::Run {
    let mut env: Vec<(&str, &str)> = SECRETS.to_vec();
    for (k, v) in extra {
        env.push((k, v.as_str()));
    }
    common::shipgate(dir, args, &env)
}

#[test]
fn no_secret_in_any_output_of_any_command() {
    let (addr, _demo) = demo(DemoOptions::default());
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.xml", &junit(&[("t", "a", "passed", 0.1)]));
    let closed = free_port();
    let config = format!(
        r#"store: h.db
tests:
  junit: ["r.xml"]
  gates: {{ pass_rate: "${{PASS_RATE}}" }}
prometheus:
  url: "http://user:${{PROM_TOKEN}}@127.0.0.1:{closed}/?key=${{API_KEY}}"
metrics:
  checks:
    - {{ name: errors, query: 'up{{job="${{API_KEY}}"}}', condition: "< 1", count: 1, interval: 1s, consecutive_error_limit: 0 }}
smoke:
  base_url: "http://{addr}"
  wait: {{ timeout: 1s, interval: 1s }}
  auth: {{ bearer_env: SMOKE_TOKEN }}
  checks:
    - name: echo query
      request: {{ path: "/echo?api=${{API_KEY}}", headers: {{ X-Db: "${{DB_PASSWORD}}" }} }}
      expect: {{ status: [200], json: {{ "/query": "${{API_KEY}}" }} }}
    - name: echo slashes
      request: {{ path: "/echo?escape=slash&k=${{API_KEY}}" }}
      expect: {{ body_contains: "${{DB_PASSWORD}}" }}
    - name: echo unicode
      request: {{ path: "/echo?escape=unicode", headers: {{ X-Key: "${{API_KEY}}" }} }}
      expect: {{ status: [200] }}
    - name: login
      request: {{ method: POST, path: /auth/login, json: {{ user: smoke, password: "${{DB_PASSWORD}}" }} }}
      capture: {{ token: /access_token }}
    - name: echo token
      request: {{ path: "/echo?t=${{token}}&escape=slash" }}
      expect: {{ json: {{ "/query": "${{token}}" }} }}
"#
    );
    write(dir.path(), "shipgate.yaml", &config);
    let summary = dir.path().join("summary.md");
    let extra = [
        ("PASS_RATE", ">= 50%".to_string()),
        ("GITHUB_ACTIONS", "true".to_string()),
        ("GITHUB_STEP_SUMMARY", summary.display().to_string()),
    ];
    let mut commands: Vec<Vec<&str>> = Vec::new();
    for format in ["human", "json", "junit", "markdown", "sarif"] {
        for command in [&["smoke"][..], &["metrics"], &["check"], &["tests"]] {
            let mut args = command.to_vec();
            args.extend(["--format", format]);
            commands.push(args);
        }
    }
    commands.push(vec!["check", "-vv", "--format", "json"]);
    commands.push(vec!["smoke", "-vv"]);
    for args in &commands {
        let r = run(dir.path(), args, &extra);
        assert!(
            matches!(r.code, 0 | 1 | 3),
            "{args:?}: exit {}\n{}",
            r.code,
            r.stderr
        );
        assert_no_leak(&format!("stdout of {args:?}"), &r.stdout);
        assert_no_leak(&format!("stderr of {args:?}"), &r.stderr);
        if args.contains(&"json") {
            let parsed: Result<serde_json::Value, _> = serde_json::from_str(&r.stdout);
            assert!(parsed.is_ok(), "{args:?}: not JSON:\n{}", r.stdout);
        }
    }
    // the smoke run really met the secrets: the server echoed them and checks failed on them
    let r = run(dir.path(), &["smoke", "--format", "json"], &extra);
    assert!(r.stdout.contains("***"), "{}", r.stdout);
    assert_no_leak(
        "the step summary",
        &std::fs::read_to_string(&summary).unwrap(),
    );
    let store = std::fs::read(dir.path().join("h.db")).unwrap();
    assert_no_leak("the store", &String::from_utf8_lossy(&store));
}

#[test]
fn a_short_secret_or_a_threshold_from_the_environment_never_breaks_names_or_json() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.xml", &junit(&[("t", "a", "passed", 0.1)]));
    write(
        dir.path(),
        "shipgate.yaml",
        "tests:\n  junit: [\"r.xml\"]\n  gates: { pass_rate: \"${PR}\" }\nsmoke:\n  base_url: http://127.0.0.1:9\n  wait: { timeout: 1s, interval: 1s }\n  auth: { bearer_env: SHORT_TOKEN }\n  checks:\n    - { name: a, request: { path: /x } }\n",
    );
    let env = [("SHORT_TOKEN", "pass"), ("PR", ">= 0.5")];
    let r = common::shipgate(dir.path(), &["check", "--format", "json"], &env);
    let json: serde_json::Value =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", r.stdout));
    let names: Vec<&str> = json["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"pass_rate"), "{names:?}");
    let pass_rate = json["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "pass_rate")
        .unwrap();
    assert_eq!(
        pass_rate["threshold"], ">= 0.5",
        "a threshold is not a secret"
    );
    assert!(pass_rate["value"].is_number(), "{pass_rate:#}");
}
