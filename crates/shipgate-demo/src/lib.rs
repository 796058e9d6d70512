//! `shipgate-demo`: the HTTP service shipgate's own tests and examples run against.
//!
//! It answers health probes, a work endpoint whose latency and error rate are tunable, a
//! tiny order/login API for smoke checks, a rate-limited path for clients that retry, and
//! exposes Prometheus metrics. It can also
//! impersonate a broken Prometheus HTTP API (see [`PrometheusFault`]) so that shipgate's
//! Prometheus client can be tested against real failure answers.
//!
//! Start it in-process with [`spawn`] (tests) or [`serve`] (any tokio runtime); the
//! `shipgate-demo` binary wraps [`serve`] with a command line. [`nginx::Nginx`] starts a real
//! nginx in front of instances, for rollouts.

mod handle;
mod http;
mod limits;
mod metrics;
pub mod nginx;
mod options;
mod random;
mod routes;
mod serve;
mod sessions;
mod state;

pub use handle::{spawn, DemoHandle};
pub use options::{DemoOptions, OptionsError, ParseFaultError, PrometheusFault};
pub use serve::serve;
