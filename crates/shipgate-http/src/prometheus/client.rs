//! The Prometheus HTTP API client.

use shipgate_core::Secret;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use shipgate_analysis::SeriesValue;
use url::Url;

use super::response::{parse_response, ApiResult, ParseFailure};
use super::{PromError, RangeSeries};
use crate::http_client::{build_client, ClientError, ClientOptions};
use crate::transport::{send, TransportError};
use crate::url_join::{display_url, join_url};
use crate::Redactor;

/// The largest answer read (32 MiB); a longer one is cut and fails to parse.
const BODY_LIMIT: usize = 32 << 20;

/// A client of one Prometheus server's HTTP API (`/api/v1/query`, `/api/v1/query_range`).
///
/// Queries are sent as `POST` forms (long PromQL stays out of URLs and access logs), with
/// `Authorization: Bearer` when a token is given, and Prometheus' own `timeout`
/// parameter set to the client's timeout. Cloning is cheap (one shared connection pool).
/// The bearer token and any password in the URL are redacted from every error, and
/// `Debug` does not show them.
#[derive(Clone)]
pub struct PrometheusClient {
    inner: Arc<Inner>,
}

struct Inner {
    base: Url,
    bearer: Option<Secret>,
    timeout: Duration,
    http: reqwest::Client,
    redactor: Redactor,
}

impl fmt::Debug for PrometheusClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrometheusClient")
            .field("url", &display_url(&self.inner.base))
            .field(
                "bearer",
                &self.inner.bearer.as_ref().map(|_| crate::REDACTED),
            )
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

impl PrometheusClient {
    /// A client for the server at `url` (`http` or `https`, possibly with a path prefix
    /// such as `https://host/prometheus`). `timeout` bounds each whole request and must
    /// be longer than zero. TLS certificates are always verified.
    pub fn new(
        url: Url,
        bearer_token: Option<Secret>,
        timeout: Duration,
    ) -> Result<Self, PromError> {
        Self::with_ca_file(url, bearer_token, timeout, None)
    }

    /// [`Self::new`], trusting the CA certificates of the PEM file `ca_file`
    /// (`prometheus.tls.ca_file`) in addition to the system's roots. A CA file that
    /// cannot be read or holds no certificate is [`PromError::Config`].
    pub fn with_ca_file(
        url: Url,
        bearer_token: Option<Secret>,
        timeout: Duration,
        ca_file: Option<&std::path::Path>,
    ) -> Result<Self, PromError> {
        let config = |reason: String| PromError::Config {
            url: display_url(&url),
            reason,
        };
        if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
            return Err(config("must be an http:// or https:// URL".to_string()));
        }
        if timeout.is_zero() {
            return Err(config("the timeout must be longer than zero".to_string()));
        }
        let http = build_client(ClientOptions {
            timeout,
            tls_verify: true,
            ca_file,
            follow_redirects: true,
        })
        .map_err(|e| match e {
            // a file that cannot be read is not a mistake in the URL
            ClientError::CaFile(e) => PromError::CaFile {
                url: display_url(&url),
                reason: e.to_string(),
            },
            e => config(e.to_string()),
        })?;
        let bearer_token = bearer_token.filter(|t| !t.is_empty());
        let mut redactor = Redactor::new();
        if let Some(token) = &bearer_token {
            redactor.add(token.expose());
        }
        if let Some(password) = url.password() {
            redactor.add(password);
        }
        Ok(PrometheusClient {
            inner: Arc::new(Inner {
                base: url,
                bearer: bearer_token,
                timeout,
                http,
                redactor,
            }),
        })
    }

    /// The server's URL as configured.
    pub fn url(&self) -> &Url {
        &self.inner.base
    }

    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Evaluate `promql` at `time` (now when `None`) as an instant query.
    ///
    /// A vector comes back as one [`SeriesValue`] per series (labels rendered as
    /// `name{a="1"}`, `{}` when empty); a scalar as one unlabelled value. Empty vectors
    /// and `NaN`/`±Inf` values are data, not errors. A range vector or a string is
    /// [`PromError::UnexpectedResult`].
    pub async fn query(
        &self,
        promql: &str,
        time: Option<SystemTime>,
    ) -> Result<Vec<SeriesValue>, PromError> {
        let mut params = vec![("query", promql.to_string())];
        if let Some(t) = time {
            params.push(("time", unix_seconds(t)));
        }
        match self.call("api/v1/query", promql, params).await? {
            ApiResult::Vector(series) => Ok(series),
            ApiResult::Scalar(value) => Ok(vec![SeriesValue::new("", value)]),
            other => Err(self.unexpected(
                "api/v1/query",
                promql,
                other.type_name(),
                "an instant query must return a vector or a scalar",
            )),
        }
    }

    /// Evaluate `promql` over `[start, end]` every `step` (a range query).
    pub async fn query_range(
        &self,
        promql: &str,
        start: SystemTime,
        end: SystemTime,
        step: Duration,
    ) -> Result<Vec<RangeSeries>, PromError> {
        let params = vec![
            ("query", promql.to_string()),
            ("start", unix_seconds(start)),
            ("end", unix_seconds(end)),
            ("step", format!("{}", step.as_secs_f64())),
        ];
        match self.call("api/v1/query_range", promql, params).await? {
            ApiResult::Matrix(series) => Ok(series),
            other => Err(self.unexpected(
                "api/v1/query_range",
                promql,
                other.type_name(),
                "a range query must return a matrix",
            )),
        }
    }

    /// POST the form to `endpoint` and parse the answer.
    async fn call(
        &self,
        endpoint: &str,
        promql: &str,
        mut params: Vec<(&str, String)>,
    ) -> Result<ApiResult, PromError> {
        let inner = &self.inner;
        let url = join_url(&inner.base, endpoint).map_err(|reason| PromError::Config {
            url: self.shown(&display_url(&inner.base)),
            reason,
        })?;
        let shown_url = self.shown(&display_url(&url));
        let query = self.shown(promql);
        params.push(("timeout", format!("{}", inner.timeout.as_secs_f64())));
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        let mut request = inner
            .http
            .post(url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body);
        if let Some(token) = &inner.bearer {
            request = request.bearer_auth(token.expose());
        }
        tracing::debug!(url = %shown_url, query = %query, "prometheus query");
        let response = send(request, BODY_LIMIT, inner.timeout)
            .await
            .map_err(|e| match e {
                TransportError::Timeout { .. } => PromError::Timeout {
                    url: shown_url.clone(),
                    query: query.clone(),
                    timeout: inner.timeout,
                },
                TransportError::Refused { .. } | TransportError::Connect { .. } => {
                    PromError::Unreachable {
                        url: shown_url.clone(),
                        query: query.clone(),
                        reason: self.shown(&e.describe()),
                    }
                }
                TransportError::Other { .. } => PromError::Transport {
                    url: shown_url.clone(),
                    query: query.clone(),
                    reason: self.shown(&e.describe()),
                },
            })?;
        tracing::debug!(
            url = %shown_url,
            status = response.status,
            bytes = response.body.len(),
            latency_ms = response.latency.as_millis() as u64,
            "prometheus answer"
        );
        if response.truncated {
            return Err(PromError::TooLarge {
                url: shown_url,
                query,
                limit_bytes: BODY_LIMIT as u64,
            });
        }
        parse_response(response.status, &response.body).map_err(|failure| match failure {
            ParseFailure::Http {
                status,
                body_excerpt,
            } => PromError::Http {
                url: shown_url.clone(),
                query: query.clone(),
                status,
                body_excerpt: self.shown(&body_excerpt),
            },
            ParseFailure::InvalidJson {
                reason,
                body_excerpt,
            } => PromError::InvalidJson {
                url: shown_url.clone(),
                query: query.clone(),
                reason: self.shown(&reason),
                body_excerpt: self.shown(&body_excerpt),
            },
            ParseFailure::Api { error_type, error } => PromError::ApiError {
                url: shown_url.clone(),
                query: query.clone(),
                error_type: self.shown(&error_type),
                error: self.shown(&error),
            },
            ParseFailure::Unsupported { found, advice } => PromError::UnexpectedResult {
                url: shown_url.clone(),
                query: query.clone(),
                found,
                expected: advice,
            },
        })
    }

    fn unexpected(&self, endpoint: &str, promql: &str, found: &str, expected: &str) -> PromError {
        let url = join_url(&self.inner.base, endpoint)
            .map(|u| display_url(&u))
            .unwrap_or_else(|_| display_url(&self.inner.base));
        PromError::UnexpectedResult {
            url: self.shown(&url),
            query: self.shown(promql),
            found: found.to_string(),
            expected: expected.to_string(),
        }
    }

    /// `text` with the token and URL password redacted.
    fn shown(&self, text: &str) -> String {
        self.inner.redactor.redact(text)
    }
}

/// Seconds since the epoch with millisecond precision, as the API takes them.
fn unix_seconds(t: SystemTime) -> String {
    let secs = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    };
    format!("{secs:.3}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn rejects_unusable_urls_and_timeouts() {
        let e = PrometheusClient::new(url("ftp://h/"), None, Duration::from_secs(1)).err();
        assert!(matches!(e, Some(PromError::Config { .. })), "{e:?}");
        let e = PrometheusClient::new(url("http://h/"), None, Duration::ZERO).err();
        assert!(e
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("timeout"));
    }

    #[test]
    fn debug_hides_the_token_and_password() {
        let c = PrometheusClient::new(
            url("http://u:pw@h:9090/"),
            Some("tok3n".into()),
            Duration::from_secs(1),
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("tok3n") && !shown.contains("pw@"),
            "{shown}"
        );
        assert_eq!(c.shown("Bearer tok3n"), "Bearer ***");
    }

    #[test]
    fn times_are_unix_seconds() {
        let t = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        assert_eq!(unix_seconds(t), "1700000000.123");
    }
}
