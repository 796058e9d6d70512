//! The test-quality gates TQ-01..TQ-05, evaluated purely from runs, coverage and history.

mod thresholds;

pub use thresholds::{GateSpec, SetGateError, TestGates};
