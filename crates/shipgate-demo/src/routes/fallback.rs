//! The answer for paths the service does not have.

use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::json;

use crate::http;

/// Any unknown path: 404 `{"error":"not found","path":..}`.
pub(crate) async fn not_found(uri: Uri) -> Response {
    http::json(
        StatusCode::NOT_FOUND,
        &json!({ "error": "not found", "path": uri.path() }),
    )
}
