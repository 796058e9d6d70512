//! Liveness and readiness probes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::http;
use crate::state::Shared;

/// `GET /health/live`: always 200 `{"status":"alive"}` while the process serves.
pub(crate) async fn live() -> Response {
    http::json(StatusCode::OK, &json!({ "status": "alive" }))
}

/// `GET /health/ready`: 200 `{"status":"healthy"}`, or 503 `{"status":"unhealthy"}` when
/// started with `ready: false`.
pub(crate) async fn ready(State(state): State<Shared>) -> Response {
    if state.opts.ready {
        http::json(StatusCode::OK, &json!({ "status": "healthy" }))
    } else {
        http::json(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({ "status": "unhealthy" }),
        )
    }
}
