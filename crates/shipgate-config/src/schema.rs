//! The keys `shipgate.yaml` accepts, section by section.

use shipgate_core::quality::GateSpec;

/// Top-level keys implemented by this version.
pub(crate) const TOP_LEVEL: [&str; 8] = [
    "store",
    "tests",
    "prometheus",
    "smoke",
    "metrics",
    "analysis",
    "docs",
    "rollout",
];

/// Keys described in shipgate's design but not implemented by this version, as dotted
/// paths: refused as not supported rather than as unknown.
pub(crate) const NOT_YET_SUPPORTED: [&str; 1] = ["rollout.target.kubernetes"];

/// Keys under `rollout`.
pub(crate) const ROLLOUT: [&str; 7] = [
    "service", "target", "traffic", "analysis", "steps", "plans", "notify",
];

/// Keys under `rollout.target`: one per kind of target.
pub(crate) const ROLLOUT_TARGET: [&str; 1] = ["exec"];

/// Keys under `rollout.target.exec`.
pub(crate) const ROLLOUT_EXEC: [&str; 4] = ["deploy", "promote", "rollback", "timeout"];

/// Keys under `rollout.traffic`: one per kind of traffic router.
pub(crate) const ROLLOUT_TRAFFIC: [&str; 1] = ["nginx"];

/// Keys under `rollout.traffic.nginx`.
pub(crate) const ROLLOUT_NGINX: [&str; 6] = [
    "upstream_file",
    "upstream",
    "stable",
    "canary",
    "test",
    "reload",
];

/// Keys under `rollout.analysis`.
pub(crate) const ROLLOUT_ANALYSIS: [&str; 5] =
    ["interval", "initial_delay", "smoke", "metrics", "judge"];

/// Keys under `rollout.analysis.smoke`.
pub(crate) const ROLLOUT_SMOKE: [&str; 1] = ["base_url"];

/// The keys of a rollout step: a step has exactly one.
pub(crate) const ROLLOUT_STEP: [&str; 4] = ["hook", "weight", "pause", "approve"];

/// Keys under a step's `hook`.
pub(crate) const ROLLOUT_HOOK: [&str; 4] = ["name", "run", "undo", "timeout"];

/// Keys under a step's `approve`.
pub(crate) const ROLLOUT_APPROVE: [&str; 1] = ["timeout"];

/// Keys of one `rollout.notify` entry.
pub(crate) const ROLLOUT_NOTIFY: [&str; 2] = ["on", "run"];

/// Keys under `prometheus`.
pub(crate) const PROMETHEUS: [&str; 4] = ["url", "bearer_env", "timeout", "tls"];

/// Keys under `smoke`.
pub(crate) const SMOKE: [&str; 6] = ["base_url", "wait", "auth", "tls_verify", "tls", "checks"];

/// Keys under `smoke.tls` and `prometheus.tls`.
pub(crate) const TLS: [&str; 1] = ["ca_file"];

/// Keys under `smoke.wait`.
pub(crate) const SMOKE_WAIT: [&str; 2] = ["timeout", "interval"];

/// Keys under `smoke.auth`.
pub(crate) const SMOKE_AUTH: [&str; 3] = ["bearer_env", "basic_user_env", "basic_password_env"];

/// Keys of one smoke check.
pub(crate) const SMOKE_CHECK: [&str; 4] = ["name", "request", "expect", "capture"];

/// Keys under a smoke check's `request`.
pub(crate) const SMOKE_REQUEST: [&str; 5] = ["method", "path", "headers", "json", "body"];

/// Keys under a smoke check's `expect`.
pub(crate) const SMOKE_EXPECT: [&str; 5] =
    ["status", "json", "body_contains", "headers", "max_latency"];

/// The HTTP methods a smoke check may use.
pub(crate) const HTTP_METHODS: [&str; 7] =
    ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// Keys under `metrics`.
pub(crate) const METRICS: [&str; 1] = ["checks"];

/// Keys of one metric check.
pub(crate) const METRIC_CHECK: [&str; 8] = [
    "name",
    "query",
    "condition",
    "count",
    "interval",
    "failure_limit",
    "inconclusive_limit",
    "consecutive_error_limit",
];

/// Keys under `analysis`.
pub(crate) const ANALYSIS: [&str; 10] = [
    "canary",
    "baseline",
    "window",
    "step",
    "min_samples",
    "pass_score",
    "marginal_score",
    "allow_marginal",
    "alpha",
    "metrics",
];

/// Keys of one analysis metric.
pub(crate) const ANALYSIS_METRIC: [&str; 5] =
    ["name", "query", "direction", "allowed_change", "critical"];

/// Keys under `docs`.
pub(crate) const DOCS: [&str; 13] = [
    "include",
    "exclude",
    "require",
    "links",
    "commands",
    "env",
    "endpoints",
    "diagrams",
    "ids",
    "commits",
    "paths",
    "mermaid",
    "history",
];

/// Keys of one `docs.require` entry.
pub(crate) const DOCS_REQUIRE: [&str; 5] = [
    "path",
    "min_lines",
    "min_code_blocks",
    "min_mermaid",
    "links_to",
];

/// Keys under `docs.links`.
pub(crate) const DOCS_LINKS: [&str; 1] = ["external"];

/// Keys under `docs.commands`.
pub(crate) const DOCS_COMMANDS: [&str; 5] =
    ["tools", "truth", "allow", "grammars", "shipped_grammars"];

/// Keys under `docs.env`.
pub(crate) const DOCS_ENV: [&str; 3] = ["truth", "ignore", "namespace"];

/// Keys under `docs.diagrams`.
pub(crate) const DOCS_DIAGRAMS: [&str; 1] = ["truth"];

/// Keys under `docs.endpoints`.
pub(crate) const DOCS_ENDPOINTS: [&str; 3] = ["truth", "ignore", "base_urls"];

/// Keys of one `docs.ids` entry.
pub(crate) const DOCS_IDS: [&str; 2] = ["pattern", "truth"];

/// Keys under `tests`.
pub(crate) const TESTS: [&str; 6] = [
    "junit",
    "runs",
    "shuffled_runs",
    "coverage",
    "base",
    "gates",
];

/// Keys under `tests.gates`: one per test-quality gate.
pub(crate) fn gate_names() -> Vec<&'static str> {
    GateSpec::ALL.iter().map(|g| g.name).collect()
}

/// The known key closest to `key`, if it is close enough to be a likely typo (at most two
/// edits, a quarter of a long key's length, never the whole key) and no other key is as
/// close ([`shipgate_core::nearest::nearest`]).
pub(crate) fn suggest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let key = key.to_ascii_lowercase();
    // a key that differs only in case is the one meant
    if let Some(same) = known.iter().find(|k| **k == key) {
        return Some(same);
    }
    let close = known.iter().copied().filter(|k| {
        let d = distance(&key, k);
        d <= 2.max(k.len() / 4) && d < k.len()
    });
    shipgate_core::nearest::nearest(&key, close, usize::MAX)
}

/// The edit distance ([`shipgate_core::nearest::edit_distance`]); inputs longer than 64
/// characters are never close.
fn distance(a: &str, b: &str) -> usize {
    if a.chars().count() > 64 || b.chars().count() > 64 {
        return usize::MAX;
    }
    shipgate_core::nearest::edit_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(suggest("pass_rat", &gate_names()), Some("pass_rate"));
        assert_eq!(suggest("test", &TOP_LEVEL), Some("tests"));
        assert_eq!(suggest("base_ur", &SMOKE), Some("base_url"));
        assert_eq!(suggest("pass_scor", &ANALYSIS), Some("pass_score"));
        assert_eq!(suggest("min_line", &DOCS_REQUIRE), Some("min_lines"));
        assert_eq!(suggest("tool", &DOCS_COMMANDS), Some("tools"));
        assert_eq!(suggest("doc", &TOP_LEVEL), Some("docs"));
        assert_eq!(suggest("zzz", &TOP_LEVEL), None);
        assert_eq!(suggest("x", &["y"]), None);
        assert_eq!(suggest("Tests", &TOP_LEVEL), Some("tests"));
        // one edit from both: either may be meant
        assert_eq!(suggest("junit", &["junit1", "junit2"]), None);
    }
}
