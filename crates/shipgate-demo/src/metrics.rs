//! The service's Prometheus metrics: a request counter and a latency histogram, both
//! labelled by version and route, rendered in the OpenMetrics text format.

use std::time::Duration;

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Upper bounds (seconds) of the latency buckets: 1 ms to 30 s (the slow fault's wait).
const BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Labels of `http_requests_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    version: String,
    path: String,
    code: String,
}

/// Labels of `http_request_duration_seconds`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DurationLabels {
    version: String,
    path: String,
}

type HistogramFamily = Family<DurationLabels, Histogram, fn() -> Histogram>;

/// The registry and the metric families the request middleware updates.
#[derive(Debug)]
pub(crate) struct Metrics {
    version: String,
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: HistogramFamily,
}

/// The `Content-Type` of [`Metrics::render`]'s output.
pub(crate) const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

fn new_histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

impl Metrics {
    /// Fresh metrics whose series all carry `version`.
    pub(crate) fn new(version: &str) -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        let durations: HistogramFamily = Family::new_with_constructor(new_histogram);
        registry.register(
            "http_requests",
            "HTTP requests answered, by version, route and status code",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, in seconds, by version and route",
            durations.clone(),
        );
        // The series of `/api/work`'s two answers exist at 0 from the start (Prometheus'
        // advice for labels known in advance): a counter that first appears at 1 is not an
        // increase to `rate()`, which would miss a new version's first failures.
        for code in ["200", "500"] {
            let _ = requests.get_or_create(&RequestLabels {
                version: version.to_owned(),
                path: "/api/work".to_owned(),
                code: code.to_owned(),
            });
        }
        Self {
            version: version.to_owned(),
            registry,
            requests,
            durations,
        }
    }

    /// Counts one request to `path` answered with `code` after `elapsed`.
    pub(crate) fn observe(&self, path: &str, code: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                version: self.version.clone(),
                path: path.to_owned(),
                code: code.to_string(),
            })
            .inc();
        self.durations
            .get_or_create(&DurationLabels {
                version: self.version.clone(),
                path: path.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// The OpenMetrics text exposition of every metric.
    pub(crate) fn render(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counter_and_histogram_series() {
        let m = Metrics::new("v7");
        m.observe("/api/work", 200, Duration::from_millis(3));
        m.observe("/api/work", 500, Duration::from_millis(30));
        let text = m.render().unwrap();
        assert!(
            text.contains(r#"http_requests_total{version="v7",path="/api/work",code="200"} 1"#),
            "{text}"
        );
        assert!(text
            .contains(r#"http_request_duration_seconds_count{version="v7",path="/api/work"} 2"#));
        assert!(
            text.contains(r#"http_request_duration_seconds_bucket{le="0.005",version="v7",path="/api/work"} 1"#),
            "{text}"
        );
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn the_work_routes_answers_are_counted_from_zero_before_any_request() {
        let m = Metrics::new("v7");
        let text = m.render().unwrap();
        for code in ["200", "500"] {
            assert!(
                text.contains(&format!(
                    r#"http_requests_total{{version="v7",path="/api/work",code="{code}"}} 0"#
                )),
                "{text}"
            );
        }
    }
}
