//! Per-test flip rates over the most recent recorded runs.

use std::collections::HashMap;

use rusqlite::OptionalExtension;

use crate::codec::outcome_from_str;
use crate::fliprate::{FlipCounter, FlipRate, Observation};
use crate::{Store, StoreError};

impl Store {
    /// Flip rates of the tests in the most recent `window` recorded test runs.
    ///
    /// Every recorded run counts, in-order and shuffled alike; runs are ordered by their
    /// invocation's `recorded_at`, then recording order, then their position within the
    /// invocation. Each test's observations in those runs are fed chronologically to the
    /// computation described in [`crate::fliprate`] (skips ignored, a flaky run is a flip).
    /// Only tests with at least two observations are returned, sorted by rate (highest
    /// first), then by id.
    pub fn flip_rates(&self, window: usize) -> Result<Vec<FlipRate>, StoreError> {
        let err = |source| self.query_error(source);
        let limit = i64::try_from(window).unwrap_or(i64::MAX);

        let mut latest = self
            .conn
            .prepare_cached(
                "SELECT r.id FROM runs r JOIN invocations i ON i.id = r.invocation_id
                 ORDER BY i.recorded_at DESC, i.id DESC, r.position DESC LIMIT ?1",
            )
            .map_err(err)?;
        let mut run_ids = latest
            .query_map([limit], |row| row.get::<_, i64>(0))
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        run_ids.reverse(); // oldest first

        let mut counters: HashMap<i64, FlipCounter> = HashMap::new();
        let mut outcomes = self
            .conn
            .prepare_cached(
                "SELECT test_id, outcome, flaky FROM outcomes WHERE run_id = ?1 AND outcome <> 'skipped'",
            )
            .map_err(err)?;
        for run_id in run_ids {
            let mut rows = outcomes.query([run_id]).map_err(err)?;
            while let Some(row) = rows.next().map_err(err)? {
                let test_id: i64 = row.get(0).map_err(err)?;
                let outcome = row
                    .get_ref(1)
                    .map_err(err)?
                    .as_str()
                    .ok()
                    .and_then(outcome_from_str)
                    .ok_or_else(|| StoreError::Corrupt {
                        path: self.path.clone(),
                        detail: format!("run {run_id} holds an unknown outcome for test {test_id}"),
                    })?;
                let flaky: bool = row.get(2).map_err(err)?;
                counters
                    .entry(test_id)
                    .or_default()
                    .observe(Observation { outcome, flaky });
            }
        }

        let mut name = self
            .conn
            .prepare_cached("SELECT name FROM tests WHERE id = ?1")
            .map_err(err)?;
        let mut rates = Vec::new();
        for (test_id, counter) in counters {
            if counter.observations() < 2 {
                continue;
            }
            let id: String = name
                .query_row([test_id], |row| row.get(0))
                .optional()
                .map_err(err)?
                .ok_or_else(|| StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: format!("an outcome refers to test {test_id}, which does not exist"),
                })?;
            rates.extend(counter.finish(id));
        }
        rates.sort_by(|a, b| b.rate.total_cmp(&a.rate).then_with(|| a.id.cmp(&b.id)));
        Ok(rates)
    }
}
