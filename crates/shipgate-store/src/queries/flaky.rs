//! Per-test flip rates over the most recent recorded runs.

use rusqlite::{Connection, Rows, Statement};

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
        let run_ids = self.latest_runs(window).map_err(err)?;

        // Each run's outcomes come out of the (run_id, test_id) primary key sorted by test
        // id, so the runs are merged by test id: no hash map, no sort of all outcomes.
        let mut stmts = run_ids
            .iter()
            .map(|_| {
                self.conn.prepare(
                    "SELECT test_id, outcome, flaky FROM outcomes
                     WHERE run_id = ?1 AND outcome <> 'skipped' ORDER BY test_id",
                )
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        let mut cursors = Vec::with_capacity(stmts.len());
        for (stmt, run_id) in stmts.iter_mut().zip(&run_ids) {
            let mut rows = stmt.query([run_id]).map_err(err)?;
            let head = self.next_head(&mut rows, *run_id)?;
            cursors.push(Cursor {
                run_id: *run_id,
                rows,
                head,
            });
        }

        let mut counted: Vec<(i64, FlipCounter)> = Vec::new();
        while let Some(test_id) = cursors.iter().filter_map(|c| c.head.map(|h| h.0)).min() {
            let mut counter = FlipCounter::default();
            // Cursors are oldest first, so this feeds the test's observations in order.
            for cursor in &mut cursors {
                if let Some((id, obs)) = cursor.head {
                    if id == test_id {
                        counter.observe(obs);
                        cursor.head = self.next_head(&mut cursor.rows, cursor.run_id)?;
                    }
                }
            }
            if counter.observations() >= 2 {
                counted.push((test_id, counter));
            }
        }
        drop(cursors);

        let names = test_names(&self.conn, &counted).map_err(err)?;
        let mut rates = Vec::with_capacity(counted.len());
        for ((test_id, counter), name) in counted.iter().zip(names) {
            let name = name.ok_or_else(|| StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("an outcome refers to test {test_id}, which does not exist"),
            })?;
            rates.extend(counter.finish(name));
        }
        rates.sort_unstable_by(|a, b| b.rate.total_cmp(&a.rate).then_with(|| a.id.cmp(&b.id)));
        Ok(rates)
    }

    /// The ids of the most recent `window` runs, oldest first.
    fn latest_runs(&self, window: usize) -> rusqlite::Result<Vec<i64>> {
        let limit = i64::try_from(window).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id FROM runs r JOIN invocations i ON i.id = r.invocation_id
             ORDER BY i.recorded_at DESC, i.id DESC, r.position DESC LIMIT ?1",
        )?;
        let mut ids = stmt
            .query_map([limit], |row| row.get::<_, i64>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        ids.reverse();
        Ok(ids)
    }

    /// The next (test id, observation) of a run's outcome cursor.
    fn next_head(
        &self,
        rows: &mut Rows<'_>,
        run_id: i64,
    ) -> Result<Option<(i64, Observation)>, StoreError> {
        let err = |source| self.query_error(source);
        let Some(row) = rows.next().map_err(err)? else {
            return Ok(None);
        };
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
        Ok(Some((test_id, Observation { outcome, flaky })))
    }
}

/// One run's outcomes, read in test id order.
struct Cursor<'s> {
    run_id: i64,
    rows: Rows<'s>,
    head: Option<(i64, Observation)>,
}

/// The names of the tests in `counted` (ascending ids), in the same order; `None` for an id
/// missing from `tests`. Reads the id range in one scan when the ids are dense enough, else
/// looks each one up.
fn test_names(
    conn: &Connection,
    counted: &[(i64, FlipCounter)],
) -> rusqlite::Result<Vec<Option<String>>> {
    let (Some(first), Some(last)) = (counted.first(), counted.last()) else {
        return Ok(Vec::new());
    };
    let (lo, hi) = (first.0, last.0);
    let span = u64::try_from(hi.saturating_sub(lo)).unwrap_or(u64::MAX);
    let mut names = Vec::with_capacity(counted.len());
    if span / 4 <= counted.len() as u64 {
        let mut stmt =
            conn.prepare("SELECT id, name FROM tests WHERE id BETWEEN ?1 AND ?2 ORDER BY id")?;
        let mut rows = stmt.query([lo, hi])?;
        let mut current = next_name(&mut rows)?;
        for (test_id, _) in counted {
            while current.as_ref().is_some_and(|(id, _)| id < test_id) {
                current = next_name(&mut rows)?;
            }
            match current.take() {
                Some((id, name)) if id == *test_id => {
                    names.push(Some(name));
                    current = next_name(&mut rows)?;
                }
                other => {
                    current = other;
                    names.push(None);
                }
            }
        }
    } else {
        let mut stmt: Statement<'_> = conn.prepare("SELECT name FROM tests WHERE id = ?1")?;
        for (test_id, _) in counted {
            let mut rows = stmt.query([test_id])?;
            names.push(rows.next()?.map(|row| row.get(0)).transpose()?);
        }
    }
    Ok(names)
}

fn next_name(rows: &mut Rows<'_>) -> rusqlite::Result<Option<(i64, String)>> {
    rows.next()?
        .map(|row| Ok((row.get(0)?, row.get(1)?)))
        .transpose()
}
