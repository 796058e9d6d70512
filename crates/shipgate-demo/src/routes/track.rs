//! Middleware that counts and times every request to a known route.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::Shared;

/// Records the request in `http_requests_total` and `http_request_duration_seconds`,
/// labelled by the route's path (never the raw URI, which would let callers create series).
pub(crate) async fn track(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let code = response.status().as_u16();
    state.metrics.observe(&path, code, elapsed);
    tracing::debug!(%method, path, code, elapsed_ms = elapsed.as_secs_f64() * 1e3, "request");
    response
}
