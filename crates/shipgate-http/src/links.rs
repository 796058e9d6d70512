//! External link checks for the documentation gates: is each `http(s)://` URL a page that
//! answers?
//!
//! A URL passes when it answers 2xx, after following up to 10 redirects. `HEAD` is tried
//! first (cheap); a server that refuses it (405, 501) or answers it with an error is asked
//! again with `GET`, since many servers only implement `GET` properly.
//!
//! A server that is busy (`429 Too Many Requests`, `503 Service Unavailable`) is asked again,
//! up to [`LinkCheck::attempts`] times in all, after the wait its `Retry-After` header gives
//! in seconds, else after 1 s, 2 s, 4 s...; a wait longer than [`LinkCheck::max_wait`] is not
//! taken. A link still not answering 2xx is a failure that says why: the status
//! (`404 Not Found`, `429 Too Many Requests after 3 attempts` — a link that could not be
//! verified is not a pass), or the connection error. URLs are checked concurrently, a few at
//! a time, each request under the timeout.

use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use reqwest::{Response, StatusCode};
use tokio::task::JoinSet;

use crate::http_client::{build_client, ClientOptions};
use crate::Clock;

/// How one URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// 2xx, with that status.
    Ok(u16),
    /// Not 2xx, or no answer: why, in words (`404 Not Found`, `connection refused ...`).
    Broken(String),
}

/// How links are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCheck {
    /// Timeout of each request.
    pub timeout: Duration,
    /// Requests running at once.
    pub concurrency: usize,
    /// Requests per URL at most, when the server answers 429 or 503 (1: never ask again).
    pub attempts: u32,
    /// The longest wait before asking a busy server again; a longer `Retry-After` makes the
    /// link fail at once, saying how long the server asked for.
    pub max_wait: Duration,
}

impl Default for LinkCheck {
    fn default() -> Self {
        LinkCheck {
            timeout: Duration::from_secs(20),
            concurrency: 8,
            attempts: 3,
            max_wait: Duration::from_secs(30),
        }
    }
}

/// Check every URL (same order in the result); waits before retries are taken on `clock`.
pub async fn check_links<C>(urls: &[String], check: &LinkCheck, clock: &C) -> Vec<LinkStatus>
where
    C: Clock + Clone + 'static,
{
    let client = match build_client(ClientOptions {
        timeout: check.timeout,
        tls_verify: true,
        ca_file: None,
        follow_redirects: true,
    }) {
        Ok(client) => client,
        Err(e) => {
            let why = format!("no HTTP client: {e}");
            return urls
                .iter()
                .map(|_| LinkStatus::Broken(why.clone()))
                .collect();
        }
    };
    let mut results: Vec<Option<LinkStatus>> = vec![None; urls.len()];
    let mut tasks = JoinSet::new();
    let mut next = 0;
    loop {
        while tasks.len() < check.concurrency.max(1) && next < urls.len() {
            let (client, url, at) = (
                client.clone(),
                urls.get(next).cloned().unwrap_or_default(),
                next,
            );
            let (check, clock) = (check.clone(), clock.clone());
            tasks.spawn(async move { (at, check_one(&client, &url, &check, &clock).await) });
            next += 1;
        }
        match tasks.join_next().await {
            Some(Ok((at, status))) => {
                if let Some(slot) = results.get_mut(at) {
                    *slot = Some(status);
                }
            }
            Some(Err(e)) => tracing::warn!(error = %e, "a link check task failed"),
            None => break,
        }
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| LinkStatus::Broken("not checked".to_owned())))
        .collect()
}

/// What one request (HEAD, then GET if needed) got.
enum Answer {
    /// 2xx.
    Success(StatusCode),
    /// Any other status; the `Retry-After` seconds when the server gave them.
    Status(StatusCode, Option<Duration>),
    /// No answer: why.
    Failed(String),
}

async fn check_one<C: Clock>(
    client: &reqwest::Client,
    url: &str,
    check: &LinkCheck,
    clock: &C,
) -> LinkStatus {
    let attempts = check.attempts.max(1);
    let mut backoff = Duration::from_secs(1);
    let mut attempt = 1;
    loop {
        match ask(client, url).await {
            Answer::Success(status) => return LinkStatus::Ok(status.as_u16()),
            Answer::Failed(why) => return LinkStatus::Broken(why),
            Answer::Status(status, retry_after) => {
                if !is_busy(status) {
                    return LinkStatus::Broken(status.to_string());
                }
                if attempt >= attempts {
                    return LinkStatus::Broken(if attempt == 1 {
                        status.to_string()
                    } else {
                        format!("{status} after {attempt} attempts")
                    });
                }
                let wait = retry_after.unwrap_or(backoff);
                if wait > check.max_wait {
                    return LinkStatus::Broken(format!(
                        "{status}: the server asks to retry after {} s, longer than the {} s \
                         shipgate waits",
                        wait.as_secs(),
                        check.max_wait.as_secs()
                    ));
                }
                tracing::debug!(url, %status, wait_s = wait.as_secs_f64(), "server busy, retrying");
                clock.sleep(wait).await;
                backoff = backoff.saturating_mul(2);
                attempt += 1;
            }
        }
    }
}

/// `HEAD`, then `GET` when `HEAD` did not succeed (unless the server said it is busy).
async fn ask(client: &reqwest::Client, url: &str) -> Answer {
    match client.head(url).send().await {
        Ok(answer) if answer.status().is_success() => return Answer::Success(answer.status()),
        // busy: asking again at once with GET would only add to the load
        Ok(answer) if is_busy(answer.status()) => return status_of(&answer),
        // refused or mishandled HEAD: ask with GET, the method every server implements
        Ok(_) | Err(_) => {}
    }
    match client.get(url).send().await {
        Ok(answer) if answer.status().is_success() => Answer::Success(answer.status()),
        Ok(answer) => status_of(&answer),
        Err(e) => Answer::Failed(describe(&e)),
    }
}

/// Whether `status` says "not now" rather than "not here".
fn is_busy(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE
}

/// A non-2xx answer with its `Retry-After` seconds (an HTTP date is not read: the caller
/// then backs off on its own).
fn status_of(answer: &Response) -> Answer {
    let retry_after = answer
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    Answer::Status(answer.status(), retry_after)
}

/// A reqwest error with its causes, without the URL (the caller names it).
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
