//! `shipgate metrics`, `shipgate analyze` and `shipgate check` end to end: the real binary
//! against a real Prometheus (1 s scrapes) of three demo instances under traffic:
//! v1 (1% errors, the baseline), v2 (10% errors) and v3 (no errors).
//!
//! Starting Prometheus and letting it collect ~20 s of data is the slow part, so one test
//! runs every scenario on one server; scenarios that need no data run while it collects,
//! and the scenarios of each phase run side by side.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;
mod live;

use std::path::Path;
use std::time::Duration;

use common::{json, shipgate, write, Run};
use live::{demo, free_port, DemoOptions, Prometheus, PrometheusFault, Traffic};

/// The error ratio of one version's `/api/work` over the last 10 s (0 without errors).
fn error_ratio(version: &str) -> String {
    format!(
        r#"(sum(rate(http_requests_total{{code=~"5..", path="/api/work", version="{version}"}}[10s])) or vector(0)) / sum(rate(http_requests_total{{path="/api/work", version="{version}"}}[10s]))"#
    )
}

/// A canary template whose rate window equals the step (no overlapping samples).
const CANARY_ERROR_RATIO: &str = r#"(sum(rate(http_requests_total{code=~"5..", path="/api/work", {{selector}} }[2s])) or vector(0)) / sum(rate(http_requests_total{path="/api/work", {{selector}} }[2s]))"#;

fn metrics_config(
    prometheus: &str,
    name: &str,
    query: &str,
    condition: &str,
    extra: &str,
) -> String {
    format!(
        "prometheus: {{ url: \"{prometheus}\", timeout: 2s }}\nmetrics:\n  checks:\n    - name: {name}\n      query: '{query}'\n      condition: \"{condition}\"\n{extra}"
    )
}

fn analysis_config(prometheus: &str, canary: &str, query: &str) -> String {
    format!(
        "prometheus: {{ url: \"{prometheus}\", timeout: 2s }}\nanalysis:\n  canary: {{ version: {canary} }}\n  baseline: {{ version: v1 }}\n  window: 40s\n  step: 2s\n  min_samples: 8\n  metrics:\n    - name: error_ratio\n      query: '{query}'\n      direction: increase\n      allowed_change: 10%\n      critical: true\n"
    )
}

/// Run shipgate in a fresh folder holding `config` as shipgate.yaml.
fn run_with(config: String, args: &'static [&'static str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shipgate.yaml", &config);
    shipgate(dir.path(), args, &[])
}

/// Run every (name, config, args) side by side; results in the same order.
fn parallel(
    jobs: Vec<(&'static str, String, &'static [&'static str])>,
) -> Vec<(&'static str, Run)> {
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|(name, config, args)| std::thread::spawn(move || (name, run_with(config, args))))
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

fn show(name: &str, run: &Run) -> String {
    format!(
        "{name}: exit {}\nstdout:\n{}\nstderr:\n{}",
        run.code, run.stdout, run.stderr
    )
}

fn gate<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["gates"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["id"] == id))
        .unwrap_or_else(|| panic!("no gate {id} in {report:#}"))
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[port]");
    s.add_filter(r"t\+\d+(\.\d+)?(ms|s)", "t+[time]");
    // durations, but not PromQL ranges such as `[10s]`
    s.add_filter(r"(^|[^\[\d.])\d+(\.\d+)?(ms|s)\b", "$1[time]");
    s.add_filter(r" {2,}", "  ");
    s.add_filter(r"-{2,}", "--");
    s
}

const METRICS: &[&str] = &["metrics"];
const METRICS_JSON: &[&str] = &["metrics", "--format", "json"];
const ANALYZE_JSON: &[&str] = &["analyze", "--format", "json"];

#[test]
fn metrics_and_analyze_against_a_real_prometheus() {
    let opts = |version: &str, error_rate: f64, seed: u64| DemoOptions {
        version: version.into(),
        error_rate,
        seed: Some(seed),
        ..DemoOptions::default()
    };
    let (v1, _v1) = demo(opts("v1", 0.01, 1));
    let (v2, _v2) = demo(opts("v2", 0.10, 2));
    let (v3, _v3) = demo(opts("v3", 0.0, 3));
    let _traffic = Traffic::start(&[v1, v2, v3], 100);
    let prometheus = Prometheus::start(&[v1, v2, v3]);
    let url = prometheus.url();

    // Phase 1, while Prometheus collects: nothing usable answers.
    let down = format!("http://127.0.0.1:{}", free_port());
    let (http500, _f1) = demo(DemoOptions {
        prometheus_fault: PrometheusFault::Http500,
        ..DemoOptions::default()
    });
    let (garbage, _f2) = demo(DemoOptions {
        prometheus_fault: PrometheusFault::Garbage,
        ..DemoOptions::default()
    });
    let retry = "      count: 1\n      interval: 200ms\n      consecutive_error_limit: 1\n";
    let results = parallel(vec![
        (
            "metrics, Prometheus down",
            metrics_config(&down, "error_ratio", &error_ratio("v1"), "< 0.05", retry),
            METRICS_JSON,
        ),
        (
            "metrics, HTTP 500",
            metrics_config(
                &format!("http://{http500}"),
                "error_ratio",
                &error_ratio("v1"),
                "< 0.05",
                retry,
            ),
            METRICS_JSON,
        ),
        (
            "metrics, garbage",
            metrics_config(
                &format!("http://{garbage}"),
                "error_ratio",
                &error_ratio("v1"),
                "< 0.05",
                retry,
            ),
            METRICS,
        ),
        (
            "analyze, Prometheus down",
            analysis_config(&down, "v2", CANARY_ERROR_RATIO),
            ANALYZE_JSON,
        ),
    ]);
    for (name, run) in &results {
        assert_eq!(run.code, 3, "{}", show(name, run));
    }
    let report = json(&results[0].1);
    assert_eq!(report["verdict"], "error", "{report:#}");
    let text = gate(&report, "MG-error_ratio").to_string();
    assert!(text.contains("unreachable"), "{text}");
    assert!(gate(&json(&results[1].1), "MG-error_ratio")
        .to_string()
        .contains("500"));
    assert!(
        results[2].1.stdout.to_lowercase().contains("json"),
        "{}",
        results[2].1.stdout
    );
    let report = json(&results[3].1);
    assert_eq!(report["verdict"], "error");
    assert!(
        gate(&report, "CA-error_ratio")
            .to_string()
            .contains("unreachable"),
        "{report:#}"
    );

    // ~20 s of scrapes: 40 s windows at 2 s steps then hold at least 8 points per side.
    prometheus.wait_for(
        r#"min(count_over_time(up{job="demo"}[1m]))"#,
        20.0,
        Duration::from_secs(60),
    );

    // Phase 2: metric gates.
    let two = "      count: 2\n      interval: 1s\n";
    let several = r#"sum by (version) (rate(http_requests_total{code=~"5..", path="/api/work"}[10s])) / sum by (version) (rate(http_requests_total{path="/api/work"}[10s]))"#;
    let results = parallel(vec![
        (
            "metrics healthy",
            metrics_config(&url, "error_ratio", &error_ratio("v3"), "< 0.05", two),
            METRICS,
        ),
        (
            "metrics 10% errors",
            metrics_config(&url, "error_ratio", &error_ratio("v2"), "< 0.05", two),
            METRICS_JSON,
        ),
        (
            "metrics empty",
            metrics_config(
                &url,
                "wrong_name",
                r#"sum(rate(http_requests_totl{path="/api/work"}[10s]))"#,
                "< 0.05",
                "",
            ),
            METRICS_JSON,
        ),
        (
            "metrics NaN",
            metrics_config(&url, "nan", "0/0", "< 0.05", ""),
            METRICS,
        ),
        (
            "metrics several series",
            metrics_config(&url, "by_version", several, "< 0.05", ""),
            METRICS_JSON,
        ),
        (
            "analyze healthy",
            analysis_config(&url, "v3", CANARY_ERROR_RATIO),
            ANALYZE_JSON,
        ),
        (
            "analyze 10% errors",
            analysis_config(&url, "v2", CANARY_ERROR_RATIO),
            ANALYZE_JSON,
        ),
        (
            "analyze no canary data",
            analysis_config(&url, "nope", CANARY_ERROR_RATIO),
            ANALYZE_JSON,
        ),
    ]);
    let by_name = |n: &str| &results.iter().find(|(name, _)| *name == n).unwrap().1;

    let run = by_name("metrics healthy");
    assert_eq!(run.code, 0, "{}", show("metrics healthy", run));
    settings().bind(|| insta::assert_snapshot!("metrics_healthy_human", run.stdout));

    let run = by_name("metrics 10% errors");
    assert_eq!(run.code, 1, "{}", show("metrics 10% errors", run));
    let report = json(run);
    let g = gate(&report, "MG-error_ratio");
    assert_eq!(g["verdict"], "fail", "{report:#}");
    let measured = g.to_string();
    assert!(
        measured.contains("0.0") || measured.contains("0.1"),
        "{measured}"
    );

    let run = by_name("metrics empty");
    assert_eq!(run.code, 1, "{}", show("metrics empty", run));
    assert_eq!(gate(&json(run), "MG-wrong_name")["verdict"], "inconclusive");

    let run = by_name("metrics NaN");
    assert_eq!(run.code, 1, "{}", show("metrics NaN", run));
    assert!(run.stdout.contains("NaN"), "{}", run.stdout);
    settings().bind(|| insta::assert_snapshot!("metrics_nan_human", run.stdout));

    let run = by_name("metrics several series");
    assert_eq!(run.code, 1, "{}", show("metrics several series", run));
    let report = json(run);
    let g = gate(&report, "MG-by_version");
    assert_eq!(g["verdict"], "fail");
    let text = g.to_string();
    assert!(
        text.contains(r#"version=\"v2\""#),
        "the failing series is named: {text}"
    );

    // Phase 2: canary judge.
    let run = by_name("analyze healthy");
    assert_eq!(run.code, 0, "{}", show("analyze healthy", run));
    let report = json(run);
    assert_eq!(report["verdict"], "pass");
    assert_eq!(report["score"], 100.0, "{report:#}");

    let run = by_name("analyze 10% errors");
    assert_eq!(run.code, 1, "{}", show("analyze 10% errors", run));
    let report = json(run);
    assert_eq!(report["verdict"], "fail");
    let metric = &report["canary"]["metrics"][0];
    assert_eq!(metric["classification"], "high", "{report:#}");
    assert!(
        !run.stderr.contains("warning"),
        "a window equal to the step does not warn: {}",
        run.stderr
    );

    let run = by_name("analyze no canary data");
    assert_eq!(run.code, 1, "{}", show("analyze no canary data", run));
    let report = json(run);
    assert_eq!(report["verdict"], "inconclusive", "{report:#}");
    assert_eq!(report["canary"]["metrics"][0]["classification"], "nodata");

    // Overlapping windows warn (stderr and the report), selectors from the flags win, and
    // `check` runs metrics and analysis together.
    let overlapping = CANARY_ERROR_RATIO.replace("[2s]", "[10s]");
    let dir = tempfile::tempdir().unwrap();
    let mut config = analysis_config(&url, "nope", &overlapping);
    config.push_str(&format!(
        "metrics:\n  checks:\n    - name: error_ratio\n      query: '{}'\n      condition: \"< 0.05\"\n",
        error_ratio("v3")
    ));
    write(dir.path(), "shipgate.yaml", &config);
    let run = shipgate(
        dir.path(),
        &[
            "analyze",
            "--canary",
            "version=v3",
            "--baseline",
            "version=v1",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", show("analyze overlapping", &run));
    assert!(run.stderr.contains("shipgate: warning:"), "{}", run.stderr);
    let report = json(&run);
    assert!(
        report["canary"]["warnings"].to_string().contains("10s"),
        "{report:#}"
    );
    check_combines(dir.path());
}

/// `check` with metrics and analysis sections (the analysis canary selects nothing).
fn check_combines(dir: &Path) {
    let run = shipgate(dir, &["check", "--format", "json"], &[]);
    assert_eq!(run.code, 1, "{}", show("check", &run));
    let report = json(&run);
    assert_eq!(report["verdict"], "inconclusive", "{report:#}");
    assert_eq!(gate(&report, "MG-error_ratio")["verdict"], "pass");
    assert_eq!(gate(&report, "CA-error_ratio")["verdict"], "inconclusive");
}
