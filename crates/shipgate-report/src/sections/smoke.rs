use shipgate_core::{format_seconds, SmokeCheckRow};

/// The HTTP status of the last attempt, `-` when nothing answered.
pub(crate) fn last_status(row: &SmokeCheckRow) -> String {
    row.last_status
        .map_or_else(|| "-".to_string(), |s| s.to_string())
}

/// The latency of the last attempt (`120ms`), `-` when nothing answered.
pub(crate) fn latency(row: &SmokeCheckRow) -> String {
    row.last_latency_seconds
        .map_or_else(|| "-".to_string(), format_seconds)
}
