//! Reports built by hand for the reporter tests, worded as the quality gates word them.

#![allow(dead_code)]

use std::collections::BTreeMap;

use shipgate_core::{
    CanaryMetricRow, CanarySection, CoverageTotals, DocsSection, DocumentSummary, Finding,
    FindingKind, GateResult, Measured, MeasurementRow, MetricRow, MetricsSection, OutcomeCounts,
    Report, RequirementRow, SampleStats, SlowTest, SmokeCheckRow, SmokeSection, TestRunSummary,
    TestsSection, Verdict,
};

pub fn gate(
    id: &str,
    name: &str,
    verdict: Verdict,
    threshold: &str,
    measured: Option<Measured>,
    message: &str,
    evidence: &[&str],
) -> GateResult {
    GateResult {
        id: id.to_string(),
        name: name.to_string(),
        verdict,
        threshold: Some(threshold.to_string()),
        measured,
        message: message.to_string(),
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
    }
}

pub fn run(
    label: &str,
    shuffled: bool,
    [unique, passed, failed, errored, skipped, flaky]: [u64; 6],
    seconds: f64,
    measured: bool,
) -> TestRunSummary {
    TestRunSummary {
        label: label.to_string(),
        shuffled,
        counts: OutcomeCounts {
            unique,
            passed,
            failed,
            errored,
            skipped,
            flaky,
        },
        duration_seconds: seconds,
        measured,
    }
}

pub fn slow(id: &str, seconds: f64) -> SlowTest {
    SlowTest {
        id: id.to_string(),
        seconds,
    }
}

pub fn ids(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// Every gate passes; two runs (in order and shuffled) and coverage.
pub fn all_pass() -> Report {
    let mut report = Report::new(vec![
        gate(
            "TQ-01",
            "order_dependent",
            Verdict::Pass,
            "== 0",
            Some(Measured::count(0)),
            "0 test(s) pass in one order and fail in the other, consistently across 1 in-order and 1 shuffled run(s)",
            &[],
        ),
        gate(
            "TQ-02",
            "pass_rate",
            Verdict::Pass,
            ">= 98%",
            Some(Measured::ratio(1.0)),
            "worst run `run 1`: 240 of 240 executed tests passed (0 failed, 0 errored, 2 skipped not counted)",
            &["from reports/run-1.xml"],
        ),
        gate(
            "TQ-03",
            "suite_duration",
            Verdict::Pass,
            "< 60m",
            Some(Measured::seconds(74.5)),
            "the slowest run took 1m 15s (wall time measured by shipgate)",
            &[],
        ),
        gate(
            "TQ-03",
            "test_duration",
            Verdict::Pass,
            "< 30s",
            Some(Measured::seconds(4.25)),
            "slowest test `tests/test_db.py::test_migrations` took 4.25s",
            &[],
        ),
        gate("TQ-04", "flaky", Verdict::Pass, "== 0", Some(Measured::count(0)), "0 flaky test(s), judged from retries within runs and 2 same-order run(s)", &[]),
        gate(
            "TQ-05",
            "line_coverage",
            Verdict::Pass,
            ">= 25%",
            Some(Measured::ratio(0.812)),
            "812 of 1000 lines covered",
            &["from coverage.xml (cobertura)"],
        ),
    ]);
    report.tests = Some(TestsSection {
        runs: vec![
            run("run 1", false, [242, 240, 0, 0, 2, 0], 74.5, true),
            run("run 2", true, [242, 240, 0, 0, 2, 0], 71.0, true),
        ],
        flaky: vec![],
        order_dependent: vec![],
        slowest: vec![
            slow("tests/test_db.py::test_migrations", 4.25),
            slow("tests/test_api.py::test_upload_large_file", 2.5),
            slow("tests/test_api.py::test_login", 0.031),
        ],
    });
    report.coverage = Some(CoverageTotals {
        lines_valid: 1000,
        lines_covered: 812,
        branches_valid: 200,
        branches_covered: 121,
    });
    report
}

/// TQ-02 fails, TQ-04 finds flaky tests, TQ-01 was not evaluated (no shuffled run).
pub fn failing() -> Report {
    let mut report = Report::new(vec![
        GateResult {
            evidence: ids(&[
                "enable it with --shuffled-run GLOB (a run made with the tests in random order)",
                "or let shipgate run the suite: shipgate tests run --runs 2 --shuffle-arg=-p --shuffle-arg=randomly --shuffle-arg=--randomly-seed={seed} -- pytest --junitxml={junit}",
            ]),
            ..GateResult::not_evaluated("TQ-01", "order_dependent", "not evaluated: no shuffled run given")
        },
        gate(
            "TQ-02",
            "pass_rate",
            Verdict::Fail,
            ">= 98%",
            Some(Measured::ratio(0.975)),
            "39 of 40 executed tests passed (1 failed, 0 errored, 3 skipped not counted)",
            &["tests.test_api::test_refund_rounding", "from reports/junit.xml"],
        ),
        gate(
            "TQ-03",
            "suite_duration",
            Verdict::Pass,
            "< 60m",
            Some(Measured::seconds(12.3)),
            "the slowest run took 12.30s (from the reports' times)",
            &[],
        ),
        gate(
            "TQ-03",
            "test_duration",
            Verdict::Pass,
            "< 30s",
            Some(Measured::seconds(3.2)),
            "slowest test `tests.test_db::test_migrations` took 3.20s",
            &[],
        ),
        gate(
            "TQ-04",
            "flaky",
            Verdict::Fail,
            "== 0",
            Some(Measured::count(2)),
            "2 flaky test(s), judged from retries within runs",
            &["tests.test_api::test_retry_on_timeout", "tests.test_cache::test_expiry"],
        ),
        gate(
            "TQ-05",
            "line_coverage",
            Verdict::Pass,
            ">= 25%",
            Some(Measured::ratio(0.4)),
            "400 of 1000 lines covered",
            &["from coverage.xml (cobertura)"],
        ),
    ]);
    let slowest = (0..12)
        .map(|i| {
            slow(
                &format!("tests.test_slow::test_case_{i:02}"),
                3.2 - f64::from(i) * 0.25,
            )
        })
        .collect();
    report.tests = Some(TestsSection {
        runs: vec![run(
            "reports/junit.xml",
            false,
            [43, 39, 1, 0, 3, 2],
            12.3,
            false,
        )],
        flaky: ids(&[
            "tests.test_api::test_retry_on_timeout",
            "tests.test_cache::test_expiry",
        ]),
        order_dependent: vec![],
        slowest,
    });
    report.coverage = Some(CoverageTotals {
        lines_valid: 1000,
        lines_covered: 400,
        branches_valid: 0,
        branches_covered: 0,
    });
    report
}

/// The only report executed no tests: TQ-02 is inconclusive, the rest not evaluated.
pub fn inconclusive_zero_tests() -> Report {
    let mut report = Report::new(vec![
        GateResult::not_evaluated(
            "TQ-01",
            "order_dependent",
            "not evaluated: no shuffled run given",
        ),
        GateResult {
            id: "TQ-02".to_string(),
            name: "pass_rate".to_string(),
            verdict: Verdict::Inconclusive,
            threshold: Some(">= 98%".to_string()),
            measured: None,
            message:
                "`reports/junit.xml` executed no tests (3 skipped): nothing measured is not a pass"
                    .to_string(),
            evidence: ids(&["reports/junit.xml"]),
        },
        GateResult::not_evaluated(
            "TQ-05",
            "line_coverage",
            "no coverage report given (--coverage)",
        ),
    ]);
    report.tests = Some(TestsSection {
        runs: vec![run(
            "reports/junit.xml",
            false,
            [3, 0, 0, 0, 3, 0],
            0.0,
            false,
        )],
        flaky: vec![],
        order_dependent: vec![],
        slowest: vec![],
    });
    report
}

/// No gates at all: nothing measured, which is never a pass.
pub fn empty() -> Report {
    Report::new(vec![])
}

/// `shipgate smoke`: `ready` passed on its third attempt, `create order` kept answering 503
/// until the deadline.
pub fn smoke() -> Report {
    let mut report = Report::new(vec![
        gate(
            "SMOKE-ready",
            "ready",
            Verdict::Pass,
            "status 200, /status == \"healthy\", latency <= 2s",
            None,
            "passed on attempt 3 of 3",
            &["GET /health/ready → 200 in 120ms"],
        ),
        gate(
            "SMOKE-create order",
            "create order",
            Verdict::Fail,
            "status in [200, 201], body contains \"id\"",
            None,
            "still failing when the 5m deadline passed: status 503 is not one of [200, 201]",
            &["POST /api/orders → 503 in 45ms: {\"status\":\"unhealthy\"}"],
        ),
    ]);
    report.smoke = Some(SmokeSection {
        base_url: "https://staging.example.com".to_string(),
        elapsed_seconds: 300.4,
        checks: vec![
            SmokeCheckRow {
                name: "ready".to_string(),
                verdict: Verdict::Pass,
                attempts: 3,
                last_status: Some(200),
                last_latency_seconds: Some(0.12),
                detail: "status 200, /status == \"healthy\"".to_string(),
            },
            SmokeCheckRow {
                name: "create order".to_string(),
                verdict: Verdict::Fail,
                attempts: 60,
                last_status: Some(503),
                last_latency_seconds: Some(0.045),
                detail: "status 503 is not one of [200, 201]; body: {\"status\":\"unhealthy\"}"
                    .to_string(),
            },
        ],
    });
    report.add_warnings([TLS_OFF.to_string()]);
    report
}

/// The warning a smoke run with `tls_verify: false` carries (markup characters included, so
/// that every format's escaping shows).
pub const TLS_OFF: &str = "smoke: TLS certificate verification is off (`tls_verify: false`): any server, including an impostor, is accepted <& \"here\">";

fn measurement(
    at: f64,
    outcome: &str,
    values: &[(&str, f64)],
    error: Option<&str>,
) -> MeasurementRow {
    MeasurementRow {
        at_seconds: at,
        outcome: outcome.to_string(),
        values: values.iter().map(|(s, v)| (s.to_string(), *v)).collect(),
        error: error.map(str::to_string),
    }
}

/// `shipgate metrics`: `error_ratio` measured three times (two series, one failing; NaN;
/// Prometheus refused the connection), `latency_p99` once with an empty result.
pub fn metrics() -> Report {
    let mut report = Report::new(vec![
        GateResult {
            id: "MG-error_ratio".to_string(),
            name: "error_ratio".to_string(),
            verdict: Verdict::Fail,
            threshold: Some("< 0.001".to_string()),
            measured: Some(Measured {
                value: 0.0031,
                unit: shipgate_core::Unit::Number,
            }),
            message: "1 failed measurement(s), limit 0: series {version=\"v2\"} = 0.0031".to_string(),
            evidence: ids(&["sum by (version) (rate(http_requests_total{code=~\"5..\"}[30s])) / sum by (version) (rate(http_requests_total[30s]))"]),
        },
        GateResult {
            id: "MG-latency_p99".to_string(),
            name: "latency_p99".to_string(),
            verdict: Verdict::Inconclusive,
            threshold: Some("< 0.5".to_string()),
            measured: None,
            message: "the query returned no series: nothing measured is not a pass".to_string(),
            evidence: vec![],
        },
    ]);
    report.metrics = Some(MetricsSection {
        metrics: vec![
            MetricRow {
                name: "error_ratio".to_string(),
                query: "sum by (version) (rate(http_requests_total{code=~\"5..\"}[30s])) / sum by (version) (rate(http_requests_total[30s]))".to_string(),
                condition: "< 0.001".to_string(),
                verdict: Verdict::Fail,
                measurements: vec![
                    measurement(
                        0.0,
                        "failed",
                        &[("{version=\"v1\"}", 0.0008), ("{version=\"v2\"}", 0.0031)],
                        None,
                    ),
                    measurement(30.0, "inconclusive", &[("{}", f64::NAN)], None),
                    measurement(
                        60.0,
                        "error",
                        &[],
                        Some("connection refused (http://127.0.0.1:9090/api/v1/query)"),
                    ),
                ],
            },
            MetricRow {
                name: "latency_p99".to_string(),
                query: "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[30s])))".to_string(),
                condition: "< 0.5".to_string(),
                verdict: Verdict::Inconclusive,
                measurements: vec![measurement(0.0, "inconclusive", &[], None)],
            },
        ],
    });
    report
}

fn stats(n: usize, median: Option<f64>) -> SampleStats {
    SampleStats {
        n,
        dropped: 0,
        min: median.map(|m| m * 0.5),
        median,
        mean: median,
        p90: median.map(|m| m * 1.5),
        max: median.map(|m| m * 2.0),
    }
}

#[allow(clippy::too_many_arguments)]
fn canary_row(
    name: &str,
    classification: &str,
    verdict: Verdict,
    critical: bool,
    p_value: Option<f64>,
    shift: Option<f64>,
    relative_effect: Option<f64>,
    sides: (SampleStats, SampleStats),
    reason: &str,
) -> CanaryMetricRow {
    CanaryMetricRow {
        name: name.to_string(),
        classification: classification.to_string(),
        verdict,
        critical,
        p_value,
        shift,
        relative_effect,
        allowed_change: 0.1,
        canary: sides.0,
        baseline: sides.1,
        reason: reason.to_string(),
    }
}

/// `shipgate analyze`: score 66.7 (4 of 6 metrics pass), the critical `error_ratio` is
/// significantly higher, `queue_depth` has no data, and one query's range overlaps.
pub fn canary() -> Report {
    let rows = vec![
        canary_row(
            "error_ratio",
            "high",
            Verdict::Fail,
            true,
            Some(1.234e-9),
            Some(0.018),
            Some(1.8),
            (stats(60, Some(0.028)), stats(60, Some(0.01))),
            "canary higher: shift +0.018 (+180%) exceeds the allowed 10% of the baseline median 0.01 (±0.001), p = 1.2e-9 < 0.05",
        ),
        canary_row(
            "latency_p90",
            "pass",
            Verdict::Pass,
            false,
            Some(0.41),
            Some(0.0025),
            Some(0.021),
            (stats(60, Some(0.1205)), stats(60, Some(0.118))),
            "no significant difference (p = 0.41 ≥ 0.05); shift +0.0025 (+2.1%)",
        ),
        canary_row(
            "latency_p50",
            "pass",
            Verdict::Pass,
            false,
            Some(0.012),
            Some(0.002),
            Some(0.04),
            (stats(60, Some(0.052)), stats(60, Some(0.05))),
            "significant (p = 0.012) but the shift +0.002 (+4%) is within the allowed 10% of the baseline median 0.05 (±0.005)",
        ),
        canary_row(
            "cpu_seconds",
            "low",
            Verdict::Pass,
            false,
            Some(0.003),
            Some(-0.05),
            Some(-0.25),
            (stats(60, Some(0.15)), stats(60, Some(0.2))),
            "canary lower (shift -0.05 (-25%), p = 0.003): an improvement, only an increase is bad for this metric",
        ),
        canary_row(
            "throughput",
            "pass",
            Verdict::Pass,
            false,
            Some(0.88),
            Some(0.0),
            None,
            (stats(60, Some(0.0)), stats(60, Some(0.0))),
            "no significant difference (p = 0.88 ≥ 0.05); shift 0",
        ),
        canary_row(
            "queue_depth",
            "nodata",
            Verdict::Inconclusive,
            false,
            None,
            None,
            None,
            (
                SampleStats {
                    dropped: 4,
                    ..stats(3, Some(2.0))
                },
                stats(0, None),
            ),
            "no data: the canary has 3 finite samples (4 NaN dropped) and the baseline 0, fewer than min_samples 20",
        ),
    ];
    let gates = rows
        .iter()
        .map(|r| GateResult {
            id: format!("CA-{}", r.name),
            name: r.name.clone(),
            verdict: r.verdict,
            threshold: Some("±10% (increase is bad)".to_string()),
            measured: r.relative_effect.map(Measured::ratio),
            message: r.reason.clone(),
            evidence: vec![],
        })
        .collect();
    let mut report = Report::new(gates);
    report.canary = Some(CanarySection {
        score: 200.0 / 3.0,
        pass_score: 95.0,
        marginal_score: 75.0,
        outcome: "fail".to_string(),
        warnings: vec![
            "latency_p90: the query's range [5m] is longer than the step 30s: consecutive samples share 4m30s of data and are not independent, so the test overstates significance; use a range no longer than the step".to_string(),
        ],
        metrics: rows,
    });
    report
}

/// `shipgate check` with both `metrics` and `analysis`: both sections, no headline keys.
pub fn metrics_and_canary() -> Report {
    let mut report = metrics();
    let canary = canary();
    report.gates.extend(canary.gates);
    report.canary = canary.canary;
    report.refresh_verdict();
    report
}

/// The reports every format is snapshotted for.
pub fn all() -> [(&'static str, Report); 10] {
    [
        ("all_pass", all_pass()),
        ("failing", failing()),
        ("inconclusive_zero_tests", inconclusive_zero_tests()),
        ("empty", empty()),
        ("smoke", smoke()),
        ("metrics", metrics()),
        ("canary", canary()),
        ("docs", docs()),
        ("docs_clean", docs_clean()),
        ("docs_repeated", docs_repeated()),
    ]
}

/// A finding at `line` whose column is where `needle` starts in `excerpt` (in characters,
/// 1-based), with the excerpt attached.
pub fn finding_in(
    kind: FindingKind,
    file: &str,
    line: u32,
    excerpt: &str,
    needle: &str,
    message: &str,
) -> Finding {
    let byte = excerpt.find(needle).expect("the needle is in the excerpt");
    let column = excerpt[..byte].chars().count() as u32 + 1;
    Finding {
        excerpt: Some(excerpt.to_string()),
        ..Finding::at(kind, file, line, column, message)
    }
}

fn requirement(what: &str, min: &str, actual: &str, verdict: Verdict) -> RequirementRow {
    RequirementRow {
        what: what.to_string(),
        min: min.to_string(),
        actual: actual.to_string(),
        verdict,
    }
}

fn blocks(languages: &[(&str, u32)]) -> BTreeMap<String, u32> {
    languages.iter().map(|(l, n)| (l.to_string(), *n)).collect()
}

/// A documentation gate counting findings (`== 0`).
fn docs_gate(id: &str, name: &str, verdict: Verdict, count: u64, message: &str) -> GateResult {
    gate(
        id,
        name,
        verdict,
        "== 0",
        Some(Measured::count(count)),
        message,
        &[],
    )
}

/// `shipgate docs check` over four documents: broken links, an unknown command, an unknown
/// environment variable in a document with a non-ASCII name and an emoji before the column,
/// a mermaid diagram that does not parse (line but no column), two unmet requirements
/// (no line), an unknown commit behind a tab (its gate only warns), and an endpoint with
/// markup in the message. README.md is clean; the runbook meets its requirement.
pub fn docs() -> Report {
    let mut findings = vec![
        Finding::whole(
            FindingKind::Requirement,
            "docs/guide.md",
            "the document has 640 lines, fewer than the required 800",
        ),
        Finding::whole(
            FindingKind::Requirement,
            "docs/guide.md",
            "no link to `docs/runbook.md`",
        ),
        finding_in(
            FindingKind::BrokenLink,
            "docs/guide.md",
            12,
            "See the [installation guide](instal.md) before you start.",
            "instal.md",
            "`instal.md` does not exist",
        )
        .suggest("install.md"),
        finding_in(
            FindingKind::UnknownCommand,
            "docs/guide.md",
            40,
            "    shipgate deploy --canary 10%",
            "shipgate deploy",
            "`shipgate deploy` is not a command shipgate has",
        )
        .suggest("shipgate rollout"),
        Finding {
            excerpt: Some("    A --> B --".to_string()),
            column: None,
            ..Finding::at(
                FindingKind::MermaidSyntax,
                "docs/guide.md",
                88,
                1,
                "the mermaid diagram does not parse: an arrow needs a target after `B`",
            )
        },
        finding_in(
            FindingKind::DiagramDrift,
            "docs/guide.md",
            95,
            "    CI --> deploy",
            "CI --> deploy",
            "the diagram shows `CI` → `deploy`, but `deploy` needs only `build` in .github/workflows/ci.yml:21",
        ),
        finding_in(
            FindingKind::UnknownEnv,
            "docs/guía rápida.md",
            7,
            "Añade 🚀 `SHIPGATE_TOKN` al entorno — «obligatorio».",
            "SHIPGATE_TOKN",
            "`SHIPGATE_TOKN` is set or read nowhere in the truth files",
        )
        .suggest("SHIPGATE_TOKEN"),
        finding_in(
            FindingKind::MissingAnchor,
            "docs/runbook.md",
            3,
            "Roll back as in [the guide](guide.md#rollback).",
            "guide.md#rollback",
            "`#rollback` matches no heading in `docs/guide.md`",
        )
        .suggest("guide.md#rolling-back"),
        finding_in(
            FindingKind::UnknownCommit,
            "docs/runbook.md",
            15,
            "\tFixed in 4f2a9c1 (see the changelog).",
            "4f2a9c1",
            "commit `4f2a9c1` is not in the repository's git history",
        ),
        Finding {
            // No excerpt: the engine could not read the line back.
            ..Finding::at(
                FindingKind::UnknownEndpoint,
                "docs/runbook.md",
                30,
                8,
                "`POST /api/orders/<id>/refund` matches no route | *checked* <b>3</b> routers",
            )
        }
        .suggest("POST /api/orders/{id}/refunds"),
    ];
    findings.sort();
    let mut report = Report::new(vec![
        docs_gate(
            "DG-01",
            "links",
            Verdict::Fail,
            2,
            "2 broken link(s) or missing anchor(s)",
        ),
        docs_gate(
            "DG-05",
            "commands",
            Verdict::Fail,
            1,
            "1 documented command is not one shipgate or the workflows run",
        ),
        docs_gate(
            "DG-06",
            "env",
            Verdict::Fail,
            1,
            "1 environment variable is set or read nowhere",
        ),
        docs_gate(
            "DG-07",
            "endpoints",
            Verdict::Fail,
            1,
            "1 documented endpoint matches no route",
        ),
        docs_gate(
            "DG-08",
            "ids",
            Verdict::Pass,
            0,
            "every documented id exists",
        ),
        docs_gate(
            "DG-03",
            "commits",
            Verdict::Warn,
            1,
            "1 documented commit is not in the git history",
        ),
        docs_gate(
            "DG-02",
            "paths",
            Verdict::Pass,
            0,
            "every path in inline code exists",
        ),
        docs_gate(
            "DG-04",
            "mermaid",
            Verdict::Fail,
            2,
            "1 of 4 mermaid diagrams does not parse; 1 differs from its workflows",
        ),
        docs_gate(
            "DG-09",
            "requirements",
            Verdict::Fail,
            2,
            "2 of 6 requirements are not met",
        ),
    ]);
    report.docs = Some(DocsSection {
        documents: vec![
            DocumentSummary {
                path: "README.md".to_string(),
                lines: 120,
                code_blocks: blocks(&[("bash", 4), ("text", 1)]),
                links_checked: 14,
                external_links: 3,
                commands_verified: Some(6),
                env_verified: Some(2),
                ids_verified: Some(1),
                commits_verified: Some(1),
                paths_verified: Some(3),
                ..DocumentSummary::default()
            },
            DocumentSummary {
                path: "docs/guide.md".to_string(),
                lines: 640,
                code_blocks: blocks(&[("bash", 40), ("text", 11), ("yaml", 12)]),
                mermaid: 3,
                mermaid_valid: 2,
                links_checked: 52,
                external_links: 7,
                commands_verified: Some(31),
                env_verified: Some(9),
                endpoints_verified: Some(4),
                ids_verified: Some(12),
                commits_verified: Some(0),
                paths_verified: Some(18),
                findings: 5,
                requirements: vec![
                    requirement("lines", "800", "640", Verdict::Fail),
                    requirement("code_blocks", "50", "63", Verdict::Pass),
                    requirement("mermaid", "1", "3", Verdict::Pass),
                    requirement("links_to docs/runbook.md", "a link", "none", Verdict::Fail),
                ],
            },
            DocumentSummary {
                path: "docs/guía rápida.md".to_string(),
                lines: 45,
                code_blocks: blocks(&[("bash", 2)]),
                links_checked: 3,
                env_verified: Some(1),
                findings: 1,
                ..DocumentSummary::default()
            },
            DocumentSummary {
                path: "docs/runbook.md".to_string(),
                lines: 210,
                code_blocks: blocks(&[("bash", 9), ("console", 2)]),
                mermaid: 1,
                mermaid_valid: 1,
                links_checked: 8,
                commands_verified: Some(11),
                endpoints_verified: Some(2),
                findings: 3,
                requirements: vec![requirement("lines", "200", "210", Verdict::Pass)],
                ..DocumentSummary::default()
            },
        ],
        findings,
    });
    report
}

/// `shipgate docs check` with nothing to find: two documents, every gate passes.
pub fn docs_clean() -> Report {
    let gates = shipgate_core::DOCS_GATES
        .iter()
        .map(|(id, name)| docs_gate(id, name, Verdict::Pass, 0, "no findings"))
        .collect();
    let mut report = Report::new(gates);
    report.docs = Some(DocsSection {
        documents: vec![
            DocumentSummary {
                path: "README.md".to_string(),
                lines: 96,
                code_blocks: blocks(&[("bash", 3)]),
                links_checked: 10,
                commands_verified: Some(3),
                ..DocumentSummary::default()
            },
            DocumentSummary {
                path: "docs/guide.md".to_string(),
                lines: 812,
                code_blocks: blocks(&[("bash", 40), ("yaml", 12), ("text", 11)]),
                mermaid: 2,
                mermaid_valid: 2,
                links_checked: 60,
                commands_verified: Some(35),
                env_verified: Some(9),
                endpoints_verified: Some(4),
                ids_verified: Some(12),
                requirements: vec![requirement("lines", "800", "812", Verdict::Pass)],
                ..DocumentSummary::default()
            },
        ],
        findings: vec![],
    });
    report
}

/// `shipgate docs check` where one wrong path recurs in seven places of three documents,
/// one unknown variable twice in one document, and a path once: the human and Markdown
/// output show each recurring finding once with its places, the others one per location.
pub fn docs_repeated() -> Report {
    let missing = "`scripts/deploy.sh` does not exist";
    let mut findings: Vec<Finding> = [
        ("README.md", 4),
        ("docs/guide.md", 10),
        ("docs/guide.md", 22),
        ("docs/guide.md", 31),
        ("docs/runbook.md", 2),
        ("docs/runbook.md", 9),
        ("docs/runbook.md", 40),
    ]
    .into_iter()
    .map(|(file, line)| {
        finding_in(
            FindingKind::MissingPath,
            file,
            line,
            "Run `scripts/deploy.sh` first.",
            "scripts/deploy.sh",
            missing,
        )
    })
    .collect();
    let env = "`SHIPGATE_TOKN` is set or read nowhere in the truth files";
    for line in [5, 12] {
        findings.push(
            finding_in(
                FindingKind::UnknownEnv,
                "docs/guide.md",
                line,
                "export SHIPGATE_TOKN=...",
                "SHIPGATE_TOKN",
                env,
            )
            .suggest("SHIPGATE_TOKEN"),
        );
    }
    findings.push(finding_in(
        FindingKind::MissingPath,
        "docs/runbook.md",
        50,
        "See `etc/shipgate.yml`.",
        "etc/shipgate.yml",
        "`etc/shipgate.yml` does not exist",
    ));
    findings.sort();
    let mut report = Report::new(vec![
        docs_gate(
            "DG-02",
            "paths",
            Verdict::Fail,
            8,
            "21 paths verified, 8 missing",
        ),
        docs_gate(
            "DG-06",
            "env",
            Verdict::Fail,
            2,
            "4 variables verified, 2 unknown",
        ),
    ]);
    let doc = |path: &str, paths: u32, env: Option<u32>, findings: u32| DocumentSummary {
        path: path.to_string(),
        lines: 40,
        paths_verified: Some(paths),
        env_verified: env,
        findings,
        ..DocumentSummary::default()
    };
    report.docs = Some(DocsSection {
        documents: vec![
            doc("README.md", 5, None, 1),
            doc("docs/guide.md", 9, Some(4), 5),
            doc("docs/runbook.md", 7, None, 4),
        ],
        findings,
    });
    report
}
