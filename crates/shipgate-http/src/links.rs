//! External link checks for the documentation gates: is each `http(s)://` URL a page that
//! answers?
//!
//! A URL passes when it answers 2xx, after following up to 10 redirects. `HEAD` is tried
//! first (cheap); a server that refuses it (405, 501) or answers it with an error is asked
//! again with `GET`, since many servers only implement `GET` properly. Anything else is a
//! failure that says why: the status (`404 Not Found`, `429 Too Many Requests` — a link
//! that could not be verified is not a pass), or the connection error. URLs are checked
//! concurrently, a few at a time, each under the timeout.

use std::time::Duration;

use tokio::task::JoinSet;

use crate::http_client::{build_client, ClientOptions};

/// How one URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// 2xx, with that status.
    Ok(u16),
    /// Not 2xx, or no answer: why, in words (`404 Not Found`, `connection refused ...`).
    Broken(String),
}

/// Check every URL (same order in the result). `concurrency` requests run at once.
pub async fn check_links(
    urls: &[String],
    timeout: Duration,
    concurrency: usize,
) -> Vec<LinkStatus> {
    let client = match build_client(ClientOptions {
        timeout,
        tls_verify: true,
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
        while tasks.len() < concurrency.max(1) && next < urls.len() {
            let (client, url, at) = (
                client.clone(),
                urls.get(next).cloned().unwrap_or_default(),
                next,
            );
            tasks.spawn(async move { (at, check_one(&client, &url).await) });
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

async fn check_one(client: &reqwest::Client, url: &str) -> LinkStatus {
    let head = client.head(url).send().await;
    match head {
        Ok(answer) if answer.status().is_success() => LinkStatus::Ok(answer.status().as_u16()),
        // refused or mishandled HEAD: ask with GET, the method every server implements
        Ok(_) | Err(_) => match client.get(url).send().await {
            Ok(answer) if answer.status().is_success() => LinkStatus::Ok(answer.status().as_u16()),
            Ok(answer) => LinkStatus::Broken(answer.status().to_string()),
            Err(e) => LinkStatus::Broken(describe(&e)),
        },
    }
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
