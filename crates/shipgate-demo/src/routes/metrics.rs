//! The Prometheus scrape endpoint.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::http;
use crate::metrics::CONTENT_TYPE;
use crate::state::Shared;

/// `GET /metrics`: the OpenMetrics text exposition (not counted in the metrics itself).
pub(crate) async fn metrics(State(state): State<Shared>) -> Response {
    match state.metrics.render() {
        Ok(body) => http::typed(StatusCode::OK, CONTENT_TYPE, body),
        Err(err) => {
            tracing::error!(%err, "encoding metrics failed");
            http::text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "encoding metrics failed\n",
            )
        }
    }
}
