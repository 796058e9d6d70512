//! The demo service over real HTTP on loopback, started in-process with `spawn`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

mod auth;
mod client;
mod endpoints;
mod faults;
mod metrics;
mod work;
