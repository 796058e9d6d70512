//! Small helpers for building answers.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// A response with `status`, `content_type` and `body`.
pub(crate) fn typed(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Body>,
) -> Response {
    let mut response = (status, body.into()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A response with `status` and `body` serialized as `application/json`.
pub(crate) fn json(status: StatusCode, body: &Value) -> Response {
    typed(status, "application/json", body.to_string())
}

/// A response with `status` and a plain-text `body`.
pub(crate) fn text(status: StatusCode, body: &'static str) -> Response {
    typed(status, "text/plain; charset=utf-8", body)
}
