//! Coverage history: the last recorded totals on a branch, and the trend.

use rusqlite::Row;
use shipgate_core::CoverageTotals;

use crate::{Store, StoreError};

/// The coverage totals recorded by one invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoveragePoint {
    /// The recorded invocation.
    pub invocation_id: i64,
    /// When it was recorded (unix seconds).
    pub recorded_at: i64,
    pub commit: Option<String>,
    pub branch: Option<String>,
    pub totals: CoverageTotals,
}

const COLUMNS: &str = "id, recorded_at, commit_id, branch, lines_valid, lines_covered, branches_valid, branches_covered";

impl Store {
    /// The coverage of the most recent invocation on `branch` that recorded coverage, or
    /// `None` when there is none. Invocations on other branches, or without a branch, never
    /// count. "Most recent" is by `recorded_at`, then by recording order.
    pub fn last_coverage(&self, branch: &str) -> Result<Option<CoveragePoint>, StoreError> {
        Ok(self.coverage_trend(Some(branch), 1)?.into_iter().next())
    }

    /// Recorded coverage, most recent first, at most `limit` points; only invocations on
    /// `branch` when one is given, every invocation with coverage otherwise.
    pub fn coverage_trend(
        &self,
        branch: Option<&str>,
        limit: usize,
    ) -> Result<Vec<CoveragePoint>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let err = |source| self.query_error(source);
        let points = match branch {
            Some(branch) => {
                let sql = format!(
                    "SELECT {COLUMNS} FROM invocations
                     WHERE lines_valid IS NOT NULL AND branch = ?1
                     ORDER BY recorded_at DESC, id DESC LIMIT ?2"
                );
                let mut stmt = self.conn.prepare_cached(&sql).map_err(err)?;
                let rows = stmt
                    .query_map(rusqlite::params![branch, limit], point)
                    .map_err(err)?;
                rows.collect::<Result<Vec<_>, _>>()
            }
            None => {
                let sql = format!(
                    "SELECT {COLUMNS} FROM invocations
                     WHERE lines_valid IS NOT NULL
                     ORDER BY recorded_at DESC, id DESC LIMIT ?1"
                );
                let mut stmt = self.conn.prepare_cached(&sql).map_err(err)?;
                let rows = stmt.query_map([limit], point).map_err(err)?;
                rows.collect::<Result<Vec<_>, _>>()
            }
        };
        points.map_err(err)
    }
}

fn point(row: &Row<'_>) -> rusqlite::Result<CoveragePoint> {
    Ok(CoveragePoint {
        invocation_id: row.get(0)?,
        recorded_at: row.get(1)?,
        commit: row.get(2)?,
        branch: row.get(3)?,
        totals: CoverageTotals {
            lines_valid: row.get(4)?,
            lines_covered: row.get(5)?,
            branches_valid: row.get(6)?,
            branches_covered: row.get(7)?,
        },
    })
}
