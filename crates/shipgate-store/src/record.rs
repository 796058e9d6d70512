//! Recording one shipgate invocation: its test runs, coverage totals and gate results.

use std::collections::HashMap;

use rusqlite::{params, CachedStatement, Connection, OptionalExtension, TransactionBehavior};
use shipgate_core::{CoverageTotals, GateResult, Report, TestRun, TestRunSummary};

use crate::codec::{outcome_to_str, unit_to_str, verdict_to_str};
use crate::{Store, StoreError};

/// Everything one shipgate invocation contributes to the history.
#[derive(Debug, Clone)]
pub struct RunRecord<'a> {
    /// The VCS commit the invocation evaluated, when known.
    pub commit: Option<String>,
    /// The branch, when known (from git or the CI environment).
    pub branch: Option<String>,
    /// When the invocation happened, in unix seconds. The caller supplies the clock.
    pub recorded_at: i64,
    /// The command that produced the record, e.g. `tests`, `tests run` or `check`.
    pub command: String,
    /// The test runs evaluated, in the order they were given (in-order and shuffled).
    pub runs: &'a [TestRun],
    /// Coverage totals, when coverage evidence was given.
    pub coverage: Option<CoverageTotals>,
    /// The report: its gate results and overall verdict are stored.
    pub report: &'a Report,
}

impl Store {
    /// Record one invocation in a single transaction and return its id.
    ///
    /// Either everything is written (the invocation, its gate results with their evidence,
    /// every run and every test outcome) or, when any statement fails, nothing is. A run that
    /// lists the same test id twice violates the schema and fails the whole record.
    pub fn record(&mut self, rec: &RunRecord<'_>) -> Result<i64, StoreError> {
        let Store { conn, path } = self;
        let fail = |source| StoreError::Record {
            path: path.clone(),
            source,
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        // On error the transaction is dropped, which rolls it back.
        let id = write_invocation(&tx, rec).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(id)
    }
}

fn write_invocation<'a>(conn: &Connection, rec: &RunRecord<'a>) -> rusqlite::Result<i64> {
    let cov = rec.coverage;
    conn.prepare_cached(
        "INSERT INTO invocations (recorded_at, commit_id, branch, command, verdict,
                                  lines_valid, lines_covered, branches_valid, branches_covered)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        rec.recorded_at,
        rec.commit,
        rec.branch,
        rec.command,
        verdict_to_str(rec.report.verdict),
        cov.map(|c| c.lines_valid),
        cov.map(|c| c.lines_covered),
        cov.map(|c| c.branches_valid),
        cov.map(|c| c.branches_covered),
    ])?;
    let invocation_id = conn.last_insert_rowid();

    for (position, gate) in rec.report.gates.iter().enumerate() {
        write_gate(conn, invocation_id, position, gate)?;
    }

    let mut tests = TestIds::new(conn, rec.runs.len() > 1)?;
    let mut insert_run = conn.prepare_cached(
        "INSERT INTO runs (invocation_id, position, label, shuffled, duration_seconds, measured,
                           unique_tests, passed, failed, errored, skipped, flaky)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut insert_outcome = conn.prepare_cached(
        "INSERT INTO outcomes (run_id, test_id, outcome, attempts, flaky, duration_seconds)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let runs: &'a [TestRun] = rec.runs;
    for (position, run) in runs.iter().enumerate() {
        let s = TestRunSummary::of(run);
        let run_id = insert_run.insert(params![
            invocation_id,
            position,
            s.label,
            s.shuffled,
            s.duration_seconds,
            s.measured,
            s.counts.unique,
            s.counts.passed,
            s.counts.failed,
            s.counts.errored,
            s.counts.skipped,
            s.counts.flaky,
        ])?;
        for t in &run.tests {
            let test_id = tests.id(t.id)?;
            insert_outcome.execute(params![
                run_id,
                test_id,
                outcome_to_str(t.outcome),
                t.attempts,
                t.flaky,
                t.duration_seconds,
            ])?;
        }
    }
    Ok(invocation_id)
}

fn write_gate(
    conn: &Connection,
    invocation_id: i64,
    position: usize,
    gate: &GateResult,
) -> rusqlite::Result<()> {
    let gate_row = conn
        .prepare_cached(
            "INSERT INTO gate_results (invocation_id, position, gate_id, name, verdict, threshold,
                                       measured_value, measured_unit, message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .insert(params![
            invocation_id,
            position,
            gate.id,
            gate.name,
            verdict_to_str(gate.verdict),
            gate.threshold,
            gate.measured.map(|m| m.value),
            gate.measured.map(|m| unit_to_str(m.unit)),
            gate.message,
        ])?;
    let mut insert_evidence = conn.prepare_cached(
        "INSERT INTO gate_evidence (gate_result_id, position, item) VALUES (?1, ?2, ?3)",
    )?;
    for (position, item) in gate.evidence.iter().enumerate() {
        insert_evidence.execute(params![gate_row, position, item])?;
    }
    Ok(())
}

/// Maps test ids (names) to their row in `tests`, adding names not seen before.
///
/// When an invocation has several runs (which mostly list the same tests), ids already
/// resolved are remembered in memory so later runs skip the index lookup.
struct TestIds<'c, 'a> {
    select: CachedStatement<'c>,
    insert: CachedStatement<'c>,
    memo: Option<HashMap<&'a str, i64>>,
}

impl<'c, 'a> TestIds<'c, 'a> {
    fn new(conn: &'c Connection, memoize: bool) -> rusqlite::Result<Self> {
        Ok(TestIds {
            select: conn.prepare_cached("SELECT id FROM tests WHERE name = ?1")?,
            insert: conn.prepare_cached("INSERT INTO tests (name) VALUES (?1)")?,
            memo: memoize.then(HashMap::new),
        })
    }

    fn id(&mut self, name: &'a str) -> rusqlite::Result<i64> {
        if let Some(id) = self.memo.as_ref().and_then(|m| m.get(name)) {
            return Ok(*id);
        }
        let id = match self.select.query_row([name], |row| row.get(0)).optional()? {
            Some(id) => id,
            None => self.insert.insert([name])?,
        };
        if let Some(memo) = &mut self.memo {
            memo.insert(name, id);
        }
        Ok(id)
    }
}
