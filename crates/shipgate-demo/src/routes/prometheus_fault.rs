//! Impersonation of a broken Prometheus HTTP API, for testing Prometheus clients.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::http;
use crate::options::PrometheusFault;
use crate::state::Shared;

/// How long the `slow` fault waits before answering.
const SLOW_FAULT_DELAY: Duration = Duration::from_secs(30);

/// `GET|POST /api/v1/query` and `/api/v1/query_range`, answered per the configured fault.
pub(crate) async fn answer(State(state): State<Shared>) -> Response {
    match state.opts.prometheus_fault {
        PrometheusFault::None => {
            http::json(StatusCode::NOT_FOUND, &json!({ "error": "not found" }))
        }
        PrometheusFault::Http500 => http::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal server error (fault injected by shipgate-demo)\n",
        ),
        // Truncated mid-document, as a proxy cutting a response short would leave it.
        PrometheusFault::Garbage => http::typed(
            StatusCode::OK,
            "application/json",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":",
        ),
        PrometheusFault::ErrorStatus => http::json(
            StatusCode::OK,
            &json!({
                "status": "error",
                "errorType": "bad_data",
                "error": "invalid parameter \"query\": fault injected by shipgate-demo",
            }),
        ),
        PrometheusFault::Slow => {
            state.pause(SLOW_FAULT_DELAY).await;
            http::json(
                StatusCode::OK,
                &json!({ "status": "success", "data": { "resultType": "vector", "result": [] } }),
            )
        }
    }
}
