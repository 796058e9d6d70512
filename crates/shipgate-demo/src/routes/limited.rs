//! A rate limit, for testing clients that retry.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::http;
use crate::state::Shared;

/// `GET /rate-limited/{n}/{after}`: the first `n` requests to each such path are answered
/// `429 Too Many Requests` with `Retry-After: {after}` (no `Retry-After` when `after` is
/// `-`), every later one `200 {"status":"ok"}`. `HEAD` is counted like `GET`.
pub(crate) async fn answer(
    State(state): State<Shared>,
    Path((limit, after)): Path<(u32, String)>,
    uri: Uri,
) -> Response {
    let seen = state.limited.hit(uri.path());
    if seen > limit {
        return http::json(StatusCode::OK, &json!({ "status": "ok" }));
    }
    let mut response = http::json(
        StatusCode::TOO_MANY_REQUESTS,
        &json!({ "error": "too many requests", "request": seen, "limit": limit }),
    );
    if after != "-" {
        match HeaderValue::from_str(&after) {
            Ok(value) => {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Err(_) => {
                return (StatusCode::BAD_REQUEST, "Retry-After is not a header value")
                    .into_response()
            }
        }
    }
    response
}
