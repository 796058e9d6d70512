//! The router: one file per group of endpoints.

mod auth;
mod echo;
mod fallback;
mod health;
mod limited;
mod metrics;
mod orders;
mod prometheus_fault;
mod track;
mod work;

use axum::routing::{get, post};
use axum::Router;

use crate::options::PrometheusFault;
use crate::state::Shared;

/// Every route of the service, with request metrics recorded for all but `/metrics`.
pub(crate) fn router(state: Shared) -> Router {
    let mut tracked = Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .route("/api/work", get(work::work))
        .route("/api/orders", post(orders::create))
        .route("/auth/login", post(auth::login))
        .route("/api/me", get(auth::me));
    if state.opts.prometheus_fault != PrometheusFault::None {
        tracked = tracked
            .route(
                "/api/v1/query",
                get(prometheus_fault::answer).post(prometheus_fault::answer),
            )
            .route(
                "/api/v1/query_range",
                get(prometheus_fault::answer).post(prometheus_fault::answer),
            );
    }
    let tracked = tracked.route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        track::track,
    ));
    Router::new()
        .route("/metrics", get(metrics::metrics))
        .route("/rate-limited/{limit}/{after}", get(limited::answer))
        .route("/echo", get(echo::echo))
        .merge(tracked)
        .fallback(fallback::not_found)
        .with_state(state)
}
