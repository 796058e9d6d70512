//! Impersonation of a broken Prometheus HTTP API, for testing Prometheus clients.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::http;
use crate::options::PrometheusFault;
use crate::state::Shared;

/// How large the `huge` fault's answer is: more than any client should read.
const HUGE_FAULT_BYTES: usize = 40 << 20;

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
        // Valid JSON all the way: a vector whose one label value is 40 MiB long.
        PrometheusFault::Huge => {
            let head = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"pad\":\"";
            let tail = "\"},\"value\":[1,\"1\"]}]}}";
            let mut body = String::with_capacity(HUGE_FAULT_BYTES + head.len() + tail.len());
            body.push_str(head);
            body.extend(std::iter::repeat_n('x', HUGE_FAULT_BYTES));
            body.push_str(tail);
            http::typed(StatusCode::OK, "application/json", body)
        }
        PrometheusFault::Slow => {
            state.pause(SLOW_FAULT_DELAY).await;
            http::json(
                StatusCode::OK,
                &json!({ "status": "success", "data": { "resultType": "vector", "result": [] } }),
            )
        }
    }
}
