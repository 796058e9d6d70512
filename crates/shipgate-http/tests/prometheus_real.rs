//! The Prometheus client, the metric driver and the canary fetcher against a real
//! Prometheus server (the `prometheus` binary, started here on a free loopback port with a
//! 1 s scrape of a demo instance). `.ci/run` installs the binary (Debian package
//! `prometheus`); without it this test fails rather than skipping.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use shipgate_analysis::{MetricSpec, MetricStatus};
use shipgate_core::Condition;
use shipgate_demo::{spawn, DemoOptions};
use shipgate_http::prometheus::{
    fetch_samples, run_metric_checks, CanaryError, PromError, PrometheusClient,
};
use shipgate_http::TokioClock;
use url::Url;

/// A Prometheus server for the length of a test; killed on drop.
struct PrometheusServer {
    child: Child,
    url: Url,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl PrometheusServer {
    /// Start Prometheus scraping `target` (host:port) every second.
    fn start(target: &str) -> Self {
        let binary = find_prometheus().unwrap_or_else(|| {
            panic!("`prometheus` is not on PATH: .ci/run installs it (Debian package `prometheus`)")
        });
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: demo\n    static_configs:\n      - targets: ['{target}']\n"
            ),
        )
        .unwrap();
        let port = free_port();
        let log = dir.path().join("prometheus.log");
        let log_file = std::fs::File::create(&log).unwrap();
        let child = Command::new(binary)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file)
            .spawn()
            .unwrap();
        PrometheusServer {
            child,
            url: Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap(),
            log,
            _dir: dir,
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Wait until `/-/ready` answers 200.
    async fn wait_ready(&mut self) {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("prometheus exited with {status}:\n{}", self.log());
            }
            let ready = http
                .get(self.url.join("-/ready").unwrap())
                .send()
                .await
                .map(|r| r.status().is_success())
                .unwrap_or(false);
            if ready {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "prometheus not ready after 30 s:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl Drop for PrometheusServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_prometheus() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("prometheus"))
        .find(|candidate| candidate.is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

fn condition(text: &str) -> Condition {
    Condition::parse(text).unwrap()
}

/// One Prometheus for every assertion (starting it takes seconds): instant, scalar,
/// empty, NaN, several series, bad PromQL, range queries, the canary fetcher and the
/// metric driver with real sleeps.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_a_real_prometheus() {
    let (demo_addr, _demo) = spawn(DemoOptions {
        version: "v1".into(),
        error_rate: 0.5,
        seed: Some(3),
        ..DemoOptions::default()
    })
    .unwrap();
    let mut server = PrometheusServer::start(&demo_addr.to_string());
    server.wait_ready().await;

    // Traffic: 40 requests to /api/work, about half of them 500s.
    let http = reqwest::Client::new();
    for _ in 0..40 {
        http.get(format!("http://{demo_addr}/api/work"))
            .send()
            .await
            .unwrap();
    }

    let client = PrometheusClient::new(server.url.clone(), None, Duration::from_secs(5)).unwrap();
    // Wait for a scrape that saw the traffic.
    let deadline = Instant::now() + Duration::from_secs(30);
    let total = loop {
        let series = client
            .query("sum(http_requests_total)", None)
            .await
            .unwrap();
        if let Some(first) = series.first() {
            if first.value >= 40.0 {
                break series;
            }
        }
        assert!(
            Instant::now() < deadline,
            "no scrape with the traffic after 30 s:\n{}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert_eq!(total.len(), 1);
    assert_eq!(total[0].labels, "{}");

    // A metric that does not exist: an empty vector, not an error and not zero.
    let empty = client.query("no_such_metric_total", None).await.unwrap();
    assert!(empty.is_empty(), "{empty:?}");

    // 0/0 is a NaN scalar: one unlabelled value.
    let nan = client.query("0/0", None).await.unwrap();
    assert_eq!(nan.len(), 1);
    assert!(nan[0].value.is_nan() && nan[0].is_unlabelled(), "{nan:?}");

    // Several series.
    let by_code = client
        .query(
            r#"sum by (code) (http_requests_total{path="/api/work"})"#,
            None,
        )
        .await
        .unwrap();
    let labels: Vec<&str> = by_code.iter().map(|s| s.labels.as_str()).collect();
    assert!(
        labels.contains(&r#"{code="200"}"#) && labels.contains(&r#"{code="500"}"#),
        "{labels:?}"
    );

    // Bad PromQL: Prometheus' own error (HTTP 400 with a status-error body).
    match client.query("sum(", None).await.unwrap_err() {
        PromError::ApiError { error_type, .. } => assert_eq!(error_type, "bad_data"),
        other => panic!("{other:?}"),
    }

    // A range query: one series with a point per second (poll until the series has
    // existed for a few scrapes).
    let deadline = Instant::now() + Duration::from_secs(20);
    let range = loop {
        let now = SystemTime::now();
        let range = client
            .query_range(
                "sum(http_requests_total)",
                now - Duration::from_secs(5),
                now,
                Duration::from_secs(1),
            )
            .await
            .unwrap();
        assert_eq!(range.len(), 1, "{range:?}");
        if range[0].points.len() >= 3 {
            break range;
        }
        assert!(Instant::now() < deadline, "{range:?}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(
        range[0].points.windows(2).all(|w| w[0].0 < w[1].0),
        "{range:?}"
    );

    // An instant query that returns a range vector is refused.
    let matrix = client
        .query("http_requests_total[5s]", None)
        .await
        .unwrap_err();
    assert!(
        matches!(matrix, PromError::UnexpectedResult { .. }),
        "{matrix:?}"
    );

    // The canary fetcher: one aggregated series per side; none for an unknown version.
    let selector = |v: &str| vec![("version".to_string(), v.to_string())];
    let template = "sum(http_requests_total{ {{selector}} })";
    let v1 = fetch_samples(
        &client,
        template,
        &selector("v1"),
        Duration::from_secs(5),
        Duration::from_secs(1),
    )
    .await
    .unwrap();
    assert_eq!(v1.query, r#"sum(http_requests_total{ version="v1" })"#);
    assert!(
        !v1.values.is_empty() && v1.values.iter().all(|v| *v >= 40.0),
        "{v1:?}"
    );
    assert_eq!(v1.overlap_warning, None);
    let v9 = fetch_samples(
        &client,
        template,
        &selector("v9"),
        Duration::from_secs(5),
        Duration::from_secs(1),
    )
    .await
    .unwrap();
    assert!(v9.values.is_empty() && v9.series.is_none(), "{v9:?}");
    let several = fetch_samples(
        &client,
        "http_requests_total{ {{selector}} }",
        &selector("v1"),
        Duration::from_secs(5),
        Duration::from_secs(1),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(several, CanaryError::SeveralSeries { .. }),
        "{several:?}"
    );
    assert!(
        several.to_string().contains("aggregate with sum(...)"),
        "{several}"
    );
    let overlapping = fetch_samples(
        &client,
        "sum(rate(http_requests_total{ {{selector}} }[1m]))",
        &selector("v1"),
        Duration::from_secs(5),
        Duration::from_secs(1),
    )
    .await
    .unwrap();
    assert!(overlapping.overlap_warning.is_some(), "{overlapping:?}");

    // The metric driver with real sleeps: count 2, interval 1 s.
    let spec = |name: &str, query: &str, cond: &str| {
        let mut s = MetricSpec::new(name, query, condition(cond));
        s.count = 2;
        s.interval_seconds = 1.0;
        s
    };
    let specs = [
        spec("traffic", "sum(http_requests_total)", "> 0"),
        spec("missing", "sum(no_such_metric_total)", "< 1"),
        spec("nan", "0/0", "< 1"),
        spec(
            "errors",
            r#"sum(http_requests_total{code="500"}) / sum(http_requests_total)"#,
            "< 0.01",
        ),
    ];
    let started = Instant::now();
    let outcomes = run_metric_checks(&client, &specs, &TokioClock::start())
        .await
        .unwrap();
    let took = started.elapsed();
    let status = |i: usize| outcomes[i].status;
    assert_eq!(status(0), MetricStatus::Successful, "{:?}", outcomes[0]);
    assert_eq!(outcomes[0].measurements.len(), 2);
    assert_eq!(status(1), MetricStatus::Inconclusive);
    assert_eq!(status(2), MetricStatus::Inconclusive);
    assert_eq!(status(3), MetricStatus::Failed);
    assert!(
        took >= Duration::from_millis(950) && took < Duration::from_secs(5),
        "{took:?}"
    );

    // Prometheus gone: the driver ends the metric in error past the limit.
    drop(server);
    let mut down = spec("traffic", "sum(http_requests_total)", "> 0");
    down.consecutive_error_limit = 1;
    let outcomes = run_metric_checks(&client, &[down], &TokioClock::start())
        .await
        .unwrap();
    assert_eq!(outcomes[0].status, MetricStatus::Error, "{:?}", outcomes[0]);
    assert_eq!(outcomes[0].errors, 2);
    let row = shipgate_analysis::metric_gate_result(&outcomes[0]);
    assert!(
        row.evidence.iter().any(|e| e.contains("unreachable")),
        "{:?}",
        row.evidence
    );
}
