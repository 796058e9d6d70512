//! Sending one request and reading its answer, with transport failures told apart.

use std::error::Error as _;
use std::time::{Duration, Instant};

/// One answer as read off the wire: status, headers, a bounded body, and how long it took.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names (lower case) and values (lossy UTF-8), in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, at most the limit given to [`send`].
    pub body: Vec<u8>,
    /// Whether the body was longer than the limit and cut.
    pub truncated: bool,
    /// From sending the request to the end of the body.
    pub latency: Duration,
}

/// Why no answer was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TransportError {
    /// The whole request took longer than the client's timeout.
    Timeout { after: Duration },
    /// Nothing listens at the address (`connection refused`).
    Refused { detail: String },
    /// Any other failure to connect (DNS, TLS, unreachable network).
    Connect { detail: String },
    /// A failure after connecting (connection reset, malformed answer).
    Other { detail: String },
}

impl TransportError {
    /// One sentence, without the URL (callers add it).
    pub fn describe(&self) -> String {
        match self {
            TransportError::Timeout { after } => {
                format!("no answer within {}", seconds_text(*after))
            }
            TransportError::Refused { detail } => format!("connection refused ({detail})"),
            TransportError::Connect { detail } => format!("could not connect: {detail}"),
            TransportError::Other { detail } => format!("request failed: {detail}"),
        }
    }
}

/// `1.5s`, `300ms`: a short human form of a duration.
pub(crate) fn seconds_text(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{}ms", d.as_millis())
    } else {
        let s = d.as_secs_f64();
        if s.fract() == 0.0 {
            format!("{s:.0}s")
        } else {
            format!("{s:.2}s")
        }
    }
}

/// Send `request` and read up to `body_limit` bytes of the answer. `timeout` is the
/// client's timeout, only used to describe a timeout.
pub(crate) async fn send(
    request: reqwest::RequestBuilder,
    body_limit: usize,
    timeout: Duration,
) -> Result<RawResponse, TransportError> {
    let started = Instant::now();
    let mut response = request.send().await.map_err(|e| classify(&e, timeout))?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body = Vec::new();
    let mut truncated = false;
    while let Some(chunk) = response.chunk().await.map_err(|e| classify(&e, timeout))? {
        let room = body_limit.saturating_sub(body.len());
        if chunk.len() > room {
            body.extend_from_slice(chunk.get(..room).unwrap_or_default());
            truncated = true;
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers,
        body,
        truncated,
        latency: started.elapsed(),
    })
}

/// Tell a reqwest error's kind: timeout, refused, other connect failure, or anything else.
fn classify(error: &reqwest::Error, timeout: Duration) -> TransportError {
    if let Some(words) = tls_failure(error) {
        return TransportError::Connect { detail: words };
    }
    let detail = chain(error);
    if error.is_timeout() || has_io_kind(error, std::io::ErrorKind::TimedOut) {
        return TransportError::Timeout { after: timeout };
    }
    if has_io_kind(error, std::io::ErrorKind::ConnectionRefused) {
        return TransportError::Refused { detail };
    }
    if error.is_connect() {
        return TransportError::Connect { detail };
    }
    TransportError::Other { detail }
}

/// A TLS failure somewhere in the source chain, in words. rustls' error travels inside
/// `io::Error`s (nested: the connector wraps tokio-rustls' error again), whose `source()`
/// skips what they wrap, so each `io::Error` is opened with `get_ref`.
fn tls_failure(error: &reqwest::Error) -> Option<String> {
    let mut source = error.source();
    while let Some(e) = source {
        if let Some(tls) = rustls_error(e) {
            return Some(crate::tls_words::describe(tls));
        }
        source = e.source();
    }
    None
}

/// `e` itself as a rustls error, or the rustls error inside its `io::Error` wrappers.
fn rustls_error<'a>(mut e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    loop {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        let inner = e.downcast_ref::<std::io::Error>()?.get_ref()?;
        e = inner;
    }
}

/// Whether an `io::Error` of `kind` is somewhere in the source chain.
fn has_io_kind(error: &reqwest::Error, kind: std::io::ErrorKind) -> bool {
    let mut source = error.source();
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == kind {
                return true;
            }
        }
        source = e.source();
    }
    false
}

/// The error and its sources joined by `: `, without the URL reqwest puts in the top
/// message (the caller reports the URL, redacted), repeated messages dropped.
fn chain(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let top = error.to_string();
    let top = match top.find(" for url (") {
        Some(i) => top.get(..i).unwrap_or_default().to_string(),
        None => top,
    };
    parts.push(top);
    let mut source = error.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.iter().any(|p| p == &text) {
            parts.push(text);
        }
        source = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(seconds_text(Duration::from_millis(300)), "300ms");
        assert_eq!(seconds_text(Duration::from_secs(2)), "2s");
        assert_eq!(seconds_text(Duration::from_millis(1500)), "1.50s");
    }

    #[test]
    fn descriptions_name_the_failure() {
        assert_eq!(
            TransportError::Timeout {
                after: Duration::from_secs(1)
            }
            .describe(),
            "no answer within 1s"
        );
        assert!(TransportError::Refused { detail: "x".into() }
            .describe()
            .starts_with("connection refused"));
    }
}
