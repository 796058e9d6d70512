//! A minimal "create" endpoint for smoke checks that POST JSON.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::http;
use crate::state::Shared;

/// `POST /api/orders` with a JSON object body: 201 `{"id":"<uuid>","sku":<body.sku>}`
/// (`sku` is `null` when the body has none); 400 with `{"error":..}` when the body is not
/// a JSON object.
pub(crate) async fn create(State(state): State<Shared>, body: Bytes) -> Response {
    let order: Value = match serde_json::from_slice(&body) {
        Ok(value @ Value::Object(_)) => value,
        Ok(_) => {
            return http::json(
                StatusCode::BAD_REQUEST,
                &json!({ "error": "body must be a JSON object" }),
            )
        }
        Err(err) => {
            return http::json(
                StatusCode::BAD_REQUEST,
                &json!({ "error": format!("invalid JSON body: {err}") }),
            )
        }
    };
    let sku = order.get("sku").cloned().unwrap_or(Value::Null);
    http::json(
        StatusCode::CREATED,
        &json!({ "id": state.random.uuid(), "sku": sku }),
    )
}
