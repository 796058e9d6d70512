//! Loading the `rollout:` section: the example of the issue resolves to the expected values,
//! the example configs load, and every mistake names file:line:column.

// The helpers below fail the calling test with the config or error they got.
#![allow(clippy::panic)]

use std::path::{Path, PathBuf};

use shipgate_config::{
    load, load_str, Config, ConfigError, ExecTarget, HookConfig, NginxTraffic, NotifyConfig,
    NotifyOn, RolloutAnalysisConfig, RolloutConfig, RolloutStepConfig, RolloutTarget,
    TrafficConfig,
};

fn env(name: &str) -> Option<String> {
    match name {
        "SERVICE" => Some("api".to_string()),
        "CANARY_URL" => Some("http://10.0.0.2:8082".to_string()),
        "BRACES" => Some("{{s3cret}}".to_string()),
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

/// The example of the issue, first in the file: what it refers to comes after it.
const ROLLOUT: &str = r#"rollout:
  service: web                     # required, non-empty, [A-Za-z0-9._-]+
  target:                          # required; exactly one target kind
    exec:
      deploy:   ["./deploy.sh", "start", "{{version}}"]    # required, non-empty list of strings (argv, no shell)
      promote:  ["./deploy.sh", "promote", "{{version}}"]  # required
      rollback: ["./deploy.sh", "stop", "{{version}}"]     # required
      timeout: 2m                                            # optional, default 2m, > 0
  traffic:                         # required; only `nginx` now
    nginx:
      upstream_file: deploy/upstream.conf   # required; relative to the config file's folder
      upstream: web                          # required, the upstream block name
      stable: ["127.0.0.1:8081"]             # required, non-empty list of host:port strings
      canary: ["127.0.0.1:8082"]             # required, non-empty, disjoint from stable
      test:   ["nginx", "-t", "-c", "/etc/nginx/nginx.conf"]   # required argv
      reload: ["nginx", "-s", "reload"]                          # required argv
  analysis:                        # optional
    interval: 10s                  # default 30s, > 0
    initial_delay: 30s             # default 0s
    smoke: { base_url: "http://127.0.0.1:8082" }   # requires a top-level `smoke:` section
    metrics: [canary_error_ratio]                   # checks of the top-level `metrics:` section
    judge: true                                     # requires the top-level `analysis:` section
  steps:
    - hook: { name: backup, run: ["./backup.sh"], timeout: 5m }
    - hook: { name: migrate, run: ["./migrate.sh", "up"], undo: ["./migrate.sh", "down"] }
    - weight: 10                   # integer 0..=100
    - pause: 1m                    # duration > 0
    - approve: { timeout: 30m }    # timeout required > 0
    - weight: 100
  plans:                           # optional: name -> list of steps, chosen with --plan
    hotfix:     [ { weight: 100 }, { pause: 2m } ]
    blue_green: [ { weight: 0 }, { pause: 1m }, { weight: 100 }, { pause: 2m } ]
  notify:                          # optional list
    - { on: [promoted, rolled_back], run: ["./notify.sh", "{{outcome}}", "{{version}}"] }
"#;

const PROMETHEUS: &str = "prometheus: { url: \"http://127.0.0.1:9090\" }\n";

const SMOKE: &str = r#"smoke:
  base_url: "http://127.0.0.1:8081"
  checks:
    - name: ready
      request: { path: /health/ready }
"#;

const METRICS: &str = r#"metrics:
  checks:
    - name: canary_error_ratio
      query: 'sum(rate(http_requests_total{version="v2", code=~"5.."}[30s])) / sum(rate(http_requests_total{version="v2"}[30s]))'
      condition: "< 0.05"
    - name: latency_p99
      query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))'
      condition: "< 0.5"
"#;

const ANALYSIS: &str = r#"analysis:
  canary:   { version: v2 }
  baseline: { version: v1 }
  window: 2m
  metrics:
    - name: error_ratio
      query: 'sum(rate(http_requests_total{code=~"5..", {{selector}} }[30s]))'
      direction: increase
      allowed_change: 10%
"#;

fn full() -> String {
    format!("{ROLLOUT}{PROMETHEUS}{SMOKE}{METRICS}{ANALYSIS}")
}

/// The full example with `from` (which must be there) replaced by `to`.
fn with(from: &str, to: &str) -> String {
    let text = full();
    assert!(text.contains(from), "the example has no {from:?}");
    text.replacen(from, to, 1)
}

fn argv(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

#[test]
fn the_example_of_the_issue_loads() {
    let c = ok(&full());
    let expected = RolloutConfig {
        service: "web".to_string(),
        target: RolloutTarget::Exec(ExecTarget {
            deploy: argv(&["./deploy.sh", "start", "{{version}}"]),
            promote: argv(&["./deploy.sh", "promote", "{{version}}"]),
            rollback: argv(&["./deploy.sh", "stop", "{{version}}"]),
            timeout_seconds: 120.0,
        }),
        traffic: TrafficConfig::Nginx(NginxTraffic {
            upstream_file: PathBuf::from("conf/deploy/upstream.conf"),
            upstream: "web".to_string(),
            stable: argv(&["127.0.0.1:8081"]),
            canary: argv(&["127.0.0.1:8082"]),
            test: argv(&["nginx", "-t", "-c", "/etc/nginx/nginx.conf"]),
            reload: argv(&["nginx", "-s", "reload"]),
        }),
        analysis: RolloutAnalysisConfig {
            interval_seconds: 10.0,
            initial_delay_seconds: 30.0,
            smoke_base_url: Some("http://127.0.0.1:8082".to_string()),
            metrics: argv(&["canary_error_ratio"]),
            judge: true,
        },
        steps: vec![
            RolloutStepConfig::Hook(HookConfig {
                name: "backup".to_string(),
                run: argv(&["./backup.sh"]),
                undo: None,
                timeout_seconds: 300.0,
            }),
            RolloutStepConfig::Hook(HookConfig {
                name: "migrate".to_string(),
                run: argv(&["./migrate.sh", "up"]),
                undo: Some(argv(&["./migrate.sh", "down"])),
                timeout_seconds: 300.0,
            }),
            RolloutStepConfig::Weight(10),
            RolloutStepConfig::Pause { seconds: 60.0 },
            RolloutStepConfig::Approve {
                timeout_seconds: 1800.0,
            },
            RolloutStepConfig::Weight(100),
        ],
        plans: vec![
            (
                "hotfix".to_string(),
                vec![
                    RolloutStepConfig::Weight(100),
                    RolloutStepConfig::Pause { seconds: 120.0 },
                ],
            ),
            (
                "blue_green".to_string(),
                vec![
                    RolloutStepConfig::Weight(0),
                    RolloutStepConfig::Pause { seconds: 60.0 },
                    RolloutStepConfig::Weight(100),
                    RolloutStepConfig::Pause { seconds: 120.0 },
                ],
            ),
        ],
        notify: vec![NotifyConfig {
            on: vec![NotifyOn::Promoted, NotifyOn::RolledBack],
            run: argv(&["./notify.sh", "{{outcome}}", "{{version}}"]),
        }],
    };
    let Some(rollout) = &c.rollout else {
        panic!("no rollout in {c:?}");
    };
    assert_eq!(rollout, &expected);
    assert_eq!(rollout.plan("hotfix").map(<[_]>::len), Some(2));
    assert_eq!(rollout.plan("default"), None);
    assert!(c.secrets.is_empty());
}

#[test]
fn defaults_and_environment_variables() {
    let c = ok(&with("  service: web ", "  service: \"${SERVICE}\" ")
        .replace("      timeout: 2m ", "      timeout: 90s ")
        .replace(
            "smoke: { base_url: \"http://127.0.0.1:8082\" }",
            "smoke: { base_url: \"${CANARY_URL}\" }",
        )
        .replace(
            "name: backup, run: [\"./backup.sh\"], timeout: 5m",
            "name: backup, run: [\"./backup.sh\"], timeout: 1m",
        ));
    let Some(r) = c.rollout else {
        panic!("no rollout");
    };
    assert_eq!(r.service, "api");
    let RolloutTarget::Exec(exec) = &r.target;
    assert_eq!(exec.timeout_seconds, 90.0);
    assert_eq!(
        r.analysis.smoke_base_url.as_deref(),
        Some("http://10.0.0.2:8082")
    );
    assert!(matches!(&r.steps[0], RolloutStepConfig::Hook(h) if h.timeout_seconds == 60.0));

    // Only what is required.
    let minimal = r#"rollout:
  service: web
  target: { exec: { deploy: [d], promote: [p], rollback: [r] } }
  traffic:
    nginx: { upstream_file: /etc/nginx/up.conf, upstream: web, stable: ["a:1"], canary: ["b:2"], test: [t], reload: [r] }
  steps: [ { weight: 100 } ]
"#;
    let Some(r) = ok(minimal).rollout else {
        panic!("no rollout");
    };
    let RolloutTarget::Exec(exec) = &r.target;
    assert_eq!(exec.timeout_seconds, 120.0);
    let TrafficConfig::Nginx(nginx) = &r.traffic;
    assert_eq!(nginx.upstream_file, Path::new("/etc/nginx/up.conf"));
    assert_eq!(r.analysis, RolloutAnalysisConfig::default());
    assert_eq!(r.analysis.interval_seconds, 30.0);
    assert_eq!(r.analysis.initial_delay_seconds, 0.0);
    assert!(r.plans.is_empty() && r.notify.is_empty());
    // `on:` may name a single outcome.
    let one = format!("{minimal}  notify: [ {{ on: stopped, run: [n] }} ]\n");
    let Some(r) = ok(&one).rollout else {
        panic!("no rollout");
    };
    assert_eq!(r.notify[0].on, vec![NotifyOn::Stopped]);
}

#[test]
fn the_example_configs_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/rollout");
    for (file, plan) in [
        ("canary.yaml", None),
        ("blue-green.yaml", Some("blue_green")),
        ("hotfix.yaml", Some("hotfix")),
    ] {
        let path = dir.join(file);
        let c = load(&path, &|_| None).unwrap_or_else(|e| panic!("{e}"));
        let Some(r) = c.rollout else {
            panic!("{file}: no rollout");
        };
        assert_eq!(r.service, "web", "{file}");
        if let Some(plan) = plan {
            assert!(r.plan(plan).is_some(), "{file}: no plan {plan}");
        }
    }
}

#[test]
fn unknown_keys_are_named_with_a_suggestion() {
    assert_eq!(
        msg(&with("    interval: 10s", "    intervall: 10s")),
        "conf/shipgate.yaml:18:5: unknown key `intervall` in `rollout.analysis`; expected one of: interval, initial_delay, smoke, metrics, judge (did you mean `interval`?)"
    );
    assert_eq!(
        msg(&with("  service: web", "  servce: web")),
        "conf/shipgate.yaml:2:3: unknown key `servce` in `rollout`; expected one of: service, target, traffic, analysis, steps, plans, notify (did you mean `service`?)"
    );
    assert_eq!(
        msg(&with("    - weight: 10 ", "    - weigth: 10 ")),
        "conf/shipgate.yaml:26:7: unknown key `weigth` in a rollout step; expected one of: hook, weight, pause, approve (did you mean `weight`?)"
    );
    assert_eq!(
        msg(&with("smoke: { base_url:", "smoke: { base_url: \"http://x\", bse_url:")),
        "conf/shipgate.yaml:20:36: unknown key `bse_url` in `rollout.analysis.smoke`; expected one of: base_url (did you mean `base_url`?)"
    );
    assert_eq!(
        msg(&with("    nginx:", "    ngnix:")),
        "conf/shipgate.yaml:10:5: unknown key `ngnix` in `rollout.traffic`; expected one of: nginx (did you mean `nginx`?)"
    );
}

#[test]
fn wrong_types_name_the_key() {
    assert_eq!(
        msg(&with("      upstream: web", "      upstream: [web]")),
        "conf/shipgate.yaml:12:17: `rollout.traffic.nginx.upstream` must be the name of the upstream block, found a list"
    );
    assert_eq!(
        msg(&with(
            "deploy:   [\"./deploy.sh\", \"start\", \"{{version}}\"]",
            "deploy:   ./deploy.sh start"
        )),
        "conf/shipgate.yaml:5:17: `rollout.target.exec.deploy` must be a command as a list of strings (argv, no shell), such as `[\"./deploy.sh\", \"start\", \"{{version}}\"]`, found a string"
    );
    assert_eq!(
        msg(&with("    judge: true", "    judge: maybe")),
        "conf/shipgate.yaml:22:12: `rollout.analysis.judge` must be `true` or `false`, found a string"
    );
    assert_eq!(
        msg(&with("run: [\"./backup.sh\"]", "run: [[\"./backup.sh\"]]")),
        "conf/shipgate.yaml:24:35: `rollout.steps[0].hook.run[0]` must be a string, found a list"
    );
    assert_eq!(
        msg(&with("    - pause: 1m ", "    - pause: soon ")),
        "conf/shipgate.yaml:27:14: `rollout.steps[3].pause`: `soon` is not a duration: expected a number (use forms like 500ms, 30s, 5m, 1h)"
    );
}

#[test]
fn weights_are_whole_percentages() {
    assert_eq!(
        msg(&with("    - weight: 100\n", "    - weight: 101\n")),
        "conf/shipgate.yaml:29:15: `rollout.steps[5].weight`: 101 is over 100; the weight is the canary's share of traffic, 0 to 100"
    );
    assert_eq!(
        msg(&with("    - weight: 10 ", "    - weight: 2.5 ")),
        "conf/shipgate.yaml:26:15: `rollout.steps[2].weight`: must be a whole number, 0 or more (such as `5`)"
    );
    assert_eq!(
        msg(&with("    - pause: 1m ", "    - pause: 0s ")),
        "conf/shipgate.yaml:27:14: `rollout.steps[3].pause`: the duration must be more than zero"
    );
}

#[test]
fn a_step_list_needs_a_weight_step() {
    assert_eq!(
        msg(&with("[ { weight: 100 }, { pause: 2m } ]", "[ { pause: 2m } ]")),
        "conf/shipgate.yaml:31:5: `rollout.plans.hotfix`: the steps need at least one `weight` step (the canary is deployed at the first)"
    );
    let no_weight =
        with("    - weight: 10 ", "    - pause: 10s ").replace("    - weight: 100\n", "");
    assert_eq!(
        msg(&no_weight),
        "conf/shipgate.yaml:23:3: `rollout.steps`: the steps need at least one `weight` step (the canary is deployed at the first)"
    );
}

#[test]
fn hook_names_are_unique() {
    assert_eq!(
        msg(&with("name: migrate", "name: backup")),
        "conf/shipgate.yaml:25:21: `rollout.steps[1].hook.name`: the name `backup` is already used at line 24; names must be unique"
    );
    // A plan may use the name of a hook of another plan.
    let text = with(
        "hotfix:     [ { weight: 100 }",
        "hotfix:     [ { hook: { name: backup, run: [b] } }, { weight: 100 }",
    );
    assert!(ok(&text).rollout.is_some());
}

#[test]
fn commands_are_not_empty() {
    assert_eq!(
        msg(&with("run: [\"./backup.sh\"]", "run: []")),
        "conf/shipgate.yaml:24:34: `rollout.steps[0].hook.run`: the command is empty; give the program and its arguments"
    );
    assert_eq!(
        msg(&with("reload: [\"nginx\",", "reload: [\"\",")),
        "conf/shipgate.yaml:16:16: `rollout.traffic.nginx.reload[0]`: the program to run is empty"
    );
}

#[test]
fn analysis_metrics_name_checks_of_the_metrics_section() {
    assert_eq!(
        msg(&with("metrics: [canary_error_ratio]", "metrics: [canary_eror_ratio]")),
        "conf/shipgate.yaml:21:15: `rollout.analysis.metrics[0]`: `canary_eror_ratio` is not a check of the top-level `metrics:` section (did you mean `canary_error_ratio`?)"
    );
    assert_eq!(
        msg(&with("metrics: [canary_error_ratio]", "metrics: [canary_error_ratio, throughput]")),
        "conf/shipgate.yaml:21:35: `rollout.analysis.metrics[1]`: `throughput` is not a check of the top-level `metrics:` section; its checks are: canary_error_ratio, latency_p99"
    );
    let no_metrics = format!("{ROLLOUT}{PROMETHEUS}{SMOKE}{ANALYSIS}");
    assert_eq!(
        msg(&no_metrics),
        "conf/shipgate.yaml:21:15: `rollout.analysis.metrics[0]`: `canary_error_ratio` names a metric check, but there is no top-level `metrics:` section"
    );
}

#[test]
fn analysis_smoke_needs_a_smoke_section() {
    assert_eq!(
        msg(&format!("{ROLLOUT}{PROMETHEUS}{METRICS}{ANALYSIS}")),
        "conf/shipgate.yaml:20:5: `rollout.analysis.smoke`: needs a top-level `smoke:` section, whose checks are run against this base URL"
    );
}

#[test]
fn the_judge_needs_an_analysis_section() {
    assert_eq!(
        msg(&format!("{ROLLOUT}{PROMETHEUS}{SMOKE}{METRICS}")),
        "conf/shipgate.yaml:22:5: `rollout.analysis.judge`: `judge: true` needs a top-level `analysis:` section (the canary judge's selectors and metrics)"
    );
    // `judge: false` needs nothing.
    let text =
        format!("{ROLLOUT}{PROMETHEUS}{SMOKE}{METRICS}").replace("judge: true", "judge: false");
    assert!(ok(&text).rollout.is_some_and(|r| !r.analysis.judge));
}

#[test]
fn stable_and_canary_servers_differ() {
    assert_eq!(
        msg(&with("canary: [\"127.0.0.1:8082\"]", "canary: [\"127.0.0.1:8081\"]")),
        "conf/shipgate.yaml:14:16: `rollout.traffic.nginx.canary[0]`: `127.0.0.1:8081` is also a stable server (line 13); the canary's servers must not be stable ones"
    );
    assert_eq!(
        msg(&with("stable: [\"127.0.0.1:8081\"]", "stable: [\"127.0.0.1\"]")),
        "conf/shipgate.yaml:13:16: `rollout.traffic.nginx.stable[0]`: `127.0.0.1` is not `host:port`: no `:port`"
    );
}

#[test]
fn only_the_rollout_placeholders_are_kept() {
    assert_eq!(
        msg(&with("\"start\", \"{{version}}\"", "\"start\", \"{{verison}}\"")),
        "conf/shipgate.yaml:5:43: `rollout.target.exec.deploy[2]`: unknown placeholder `{{verison}}` (did you mean `{{version}}`?); the placeholders are `{{version}}`, `{{stable}}`, `{{outcome}}`"
    );
    assert_eq!(
        msg(&with("\"http://127.0.0.1:8082\" }", "\"http://{{canary}}:8082\" }")),
        "conf/shipgate.yaml:20:32: `rollout.analysis.smoke.base_url`: unknown placeholder `{{canary}}`; the placeholders are `{{version}}`, `{{stable}}`, `{{outcome}}`"
    );
    // A placeholder from the environment is not shown: the value may be a secret.
    assert_eq!(
        msg(&with("\"start\", \"{{version}}\"", "\"start\", \"${BRACES}\"")),
        "conf/shipgate.yaml:5:43: `rollout.target.exec.deploy[2]`: the value of this variable holds an unknown `{{...}}` placeholder; the placeholders are `{{version}}`, `{{stable}}`, `{{outcome}}`"
    );
    // All three are kept as written, also beside other text.
    let text = with(
        "\"./notify.sh\",",
        "\"./notify.sh\", \"v={{version}},s={{stable}}\",",
    );
    let Some(r) = ok(&text).rollout else {
        panic!("no rollout");
    };
    assert_eq!(r.notify[0].run[1], "v={{version}},s={{stable}}");
}

#[test]
fn a_step_has_exactly_one_key() {
    assert_eq!(
        msg(&with("    - pause: 1m ", "    - { pause: 1m, weight: 20 } ")),
        "conf/shipgate.yaml:27:20: `rollout.steps[3].weight`: a step has exactly one key and this one already has `pause`; write `weight:` as a step of its own (`- weight: ...`)"
    );
    assert_eq!(
        msg(&with("    - pause: 1m ", "    - {} ")),
        "conf/shipgate.yaml:27:7: `rollout.steps[3]`: a step needs one key: `hook`, `weight`, `pause` or `approve`"
    );
}

#[test]
fn a_kubernetes_target_is_not_yet_supported() {
    let e = err(&with(
        "    exec:\n",
        "    kubernetes: { namespace: prod }\n    exec:\n",
    ));
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:4:5: section `rollout.target.kubernetes` is not supported by this version of shipgate"
    );
    assert!(matches!(
        e,
        ConfigError::NotYetSupported {
            line: 4,
            column: 5,
            ..
        }
    ));
}

#[test]
fn required_keys_and_names() {
    assert_eq!(
        msg(&with("      reload: [\"nginx\", \"-s\", \"reload\"]", "")),
        "conf/shipgate.yaml:10:5: `rollout.traffic.nginx`: missing `reload:` (the command that reloads nginx, such as `[\"nginx\", \"-s\", \"reload\"]`)"
    );
    assert_eq!(
        msg(&with("approve: { timeout: 30m }", "approve: {}")),
        "conf/shipgate.yaml:28:7: `rollout.steps[4].approve`: missing `timeout:` (how long to wait for an approval, such as `30m`)"
    );
    assert_eq!(
        msg(&with("  service: web ", "  service: web/api ")),
        "conf/shipgate.yaml:2:15: `rollout.service`: `web/api` is not a valid name (ASCII letters, digits, `.`, `_` and `-`)"
    );
    assert_eq!(
        msg(&with("rolled_back]", "rolledback]")),
        "conf/shipgate.yaml:34:24: `rollout.notify[0].on`: `rolledback` is not one of promoted, rolled_back, stopped (did you mean `rolled_back`?)"
    );
    assert_eq!(
        msg(&with("\"{{outcome}}\"", "\"${OUTCOME}\"")),
        "conf/shipgate.yaml:34:60: environment variable `OUTCOME` is not set"
    );
}
