//! Login that issues a bearer token, and an endpoint that requires it.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::http;
use crate::state::Shared;

/// Body of `POST /auth/login`.
#[derive(Debug, Deserialize)]
struct Credentials {
    user: String,
    password: String,
}

/// `POST /auth/login` with `{"user":..,"password":..}`: any non-empty user and password
/// log in and get 200 `{"access_token":"<random token>","token_type":"Bearer"}`; an empty
/// one gets 401, a malformed body 400.
pub(crate) async fn login(State(state): State<Shared>, body: Bytes) -> Response {
    let creds: Credentials = match serde_json::from_slice(&body) {
        Ok(creds) => creds,
        Err(err) => {
            return http::json(
                StatusCode::BAD_REQUEST,
                &json!({ "error": format!("expected {{\"user\":..,\"password\":..}}: {err}") }),
            )
        }
    };
    if creds.user.is_empty() || creds.password.is_empty() {
        return unauthorized("user and password must not be empty");
    }
    let token = state.random.token();
    state.sessions.insert(token.clone(), creds.user);
    http::json(
        StatusCode::OK,
        &json!({ "access_token": token, "token_type": "Bearer" }),
    )
}

/// `GET /api/me` with `Authorization: Bearer <token from /auth/login>`: 200
/// `{"user":..}`; 401 without a header or with a token that was never issued.
pub(crate) async fn me(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    match token.and_then(|token| state.sessions.user(token)) {
        Some(user) => http::json(StatusCode::OK, &json!({ "user": user })),
        None => unauthorized("missing or unknown bearer token"),
    }
}

fn unauthorized(reason: &str) -> Response {
    let mut response = http::json(StatusCode::UNAUTHORIZED, &json!({ "error": reason }));
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}
