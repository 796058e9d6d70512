//! The endpoint whose latency and error rate the options control.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::http;
use crate::state::Shared;

/// `GET /api/work`: waits `latency_ms`, then answers 500 `{"ok":false}` with probability
/// `error_rate`, else 200 `{"ok":true,"version":V}`.
pub(crate) async fn work(State(state): State<Shared>) -> Response {
    state
        .pause(Duration::from_millis(state.opts.latency_ms))
        .await;
    if state.random.chance(state.opts.error_rate) {
        http::json(StatusCode::INTERNAL_SERVER_ERROR, &json!({ "ok": false }))
    } else {
        http::json(
            StatusCode::OK,
            &json!({ "ok": true, "version": state.opts.version }),
        )
    }
}
