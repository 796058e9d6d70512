//! Requests counted per path, for the rate-limited routes.

use std::collections::HashMap;
use std::sync::Mutex;

/// How many requests each rate-limited path has had.
#[derive(Debug, Default)]
pub(crate) struct Limits {
    hits: Mutex<HashMap<String, u32>>,
}

impl Limits {
    /// Count one more request to `path`; how many it has had, this one included.
    pub(crate) fn hit(&self, path: &str) -> u32 {
        let mut hits = self
            .hits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = hits.entry(path.to_owned()).or_insert(0);
        *count = count.saturating_add(1);
        *count
    }
}
