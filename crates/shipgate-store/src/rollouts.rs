//! Rollouts in the store: the lock (one active rollout per service, a unique index), every
//! transition in a transaction of its own, requests from other processes, and the history
//! of deployments.
//!
//! A driver writes [`Store::record_begin`] before it runs an action and
//! [`Store::record_event`] after; each updates the rollout's state and appends the
//! transition atomically, so a process killed at any point leaves the state of its last
//! completed transition, from which `resume` continues.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use shipgate_rollout::{Action, AnalysisRound, Event, Outcome, Plan, State};

use crate::{Store, StoreError};

/// A rollout about to start.
#[derive(Debug, Clone)]
pub struct NewRollout<'a> {
    pub service: &'a str,
    pub version: &'a str,
    /// The version traffic returns to (the last promoted one, or `--stable`).
    pub stable: Option<&'a str>,
    /// The plan's name (`steps` for the default steps).
    pub plan_name: &'a str,
    pub plan: &'a Plan,
    pub state: &'a State,
    /// Who or what started it (a CI run's URL, a user name).
    pub started_by: Option<&'a str>,
    pub at_ms: u64,
}

/// A rollout as the store keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRollout {
    pub id: i64,
    pub service: String,
    pub version: String,
    pub stable: Option<String>,
    pub plan_name: String,
    pub plan: Plan,
    pub state: State,
    pub started_by: Option<String>,
    pub started_at_ms: u64,
    pub finished_at_ms: Option<u64>,
}

/// One recorded transition: an action begun, or an event and the action it answered (or
/// that was current when it came).
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub at_ms: u64,
    /// The action was about to run (else `event` happened).
    pub begun: bool,
    pub action: Action,
    pub event: Option<Event>,
}

/// What another process asked of a running rollout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RolloutRequest {
    Abort { by: String, reason: String },
    Approve { by: String },
}

impl Store {
    /// Record a new rollout of `new.service`, taking its lock: refused with
    /// [`StoreError::RolloutActive`] (nothing written) while another one is active.
    pub fn start_rollout(&mut self, new: &NewRollout<'_>) -> Result<i64, StoreError> {
        let plan = self.encode(new.plan)?;
        let state = self.encode(new.state)?;
        let path = self.path.clone();
        let write = |source| StoreError::Record {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(write)?;
        let active: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, version FROM rollouts WHERE service = ?1 AND active = 1",
                [new.service],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(write)?;
        if let Some((id, version)) = active {
            return Err(StoreError::RolloutActive {
                path: self.path.clone(),
                service: new.service.to_owned(),
                version,
                id,
            });
        }
        tx.execute(
            "INSERT INTO rollouts (service, version, stable, plan, plan_json, state_json, active,
                                   started_by, started_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8)",
            params![
                new.service,
                new.version,
                new.stable,
                new.plan_name,
                plan,
                state,
                new.started_by,
                ms(new.at_ms),
            ],
        )
        .map_err(write)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(write)?;
        Ok(id)
    }

    /// The driver is about to run `action`; `state` is the machine's state with the action
    /// begun.
    pub fn record_begin(
        &mut self,
        id: i64,
        action: &Action,
        state: &State,
        at_ms: u64,
    ) -> Result<(), StoreError> {
        self.transition(id, "begin", action, None, state, at_ms)
    }

    /// `event` answered `action`; `state` is the machine's state after it. The rollout is
    /// no longer active once `state` has an outcome (its lock is released in the same
    /// transaction).
    pub fn record_event(
        &mut self,
        id: i64,
        action: &Action,
        event: &Event,
        state: &State,
        at_ms: u64,
    ) -> Result<(), StoreError> {
        self.transition(id, "event", action, Some(event), state, at_ms)
    }

    fn transition(
        &mut self,
        id: i64,
        kind: &str,
        action: &Action,
        event: Option<&Event>,
        state: &State,
        at_ms: u64,
    ) -> Result<(), StoreError> {
        let action = self.encode(action)?;
        let event = event.map(|e| self.encode(e)).transpose()?;
        let state_json = self.encode(state)?;
        let path = self.path.clone();
        let write = |source| StoreError::Record {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(write)?;
        tx.execute(
            "INSERT INTO rollout_transitions (rollout_id, seq, at_ms, kind, action_json, event_json, state_json)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM rollout_transitions WHERE rollout_id = ?1),
                     ?2, ?3, ?4, ?5, ?6)",
            params![id, ms(at_ms), kind, action, event, state_json],
        )
        .map_err(write)?;
        let outcome = state.outcome().map(Outcome::key);
        let failure = state.failure.as_ref().map(|f| f.why.as_str());
        let changed = tx
            .execute(
                "UPDATE rollouts SET state_json = ?2, failure = ?3,
                        active = CASE WHEN ?4 IS NULL THEN 1 ELSE 0 END,
                        outcome = ?4,
                        finished_at_ms = CASE WHEN ?4 IS NULL THEN NULL ELSE ?5 END
                  WHERE id = ?1",
                params![id, state_json, failure, outcome, ms(at_ms)],
            )
            .map_err(write)?;
        if changed != 1 {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("no rollout {id} to record a transition of"),
            });
        }
        tx.commit().map_err(write)
    }

    /// Keep `round` as the latest round of rollout `id`'s analysis (replacing the one
    /// before: the reports show the last round, which for a rollout the analysis rolled
    /// back is the one that failed).
    pub fn record_analysis(&mut self, id: i64, round: &AnalysisRound) -> Result<(), StoreError> {
        let json = self.encode(round)?;
        self.conn
            .prepare_cached(
                "INSERT INTO rollout_analysis (rollout_id, at_ms, round_json) VALUES (?1, ?2, ?3)
                 ON CONFLICT (rollout_id) DO UPDATE SET at_ms = excluded.at_ms,
                                                      round_json = excluded.round_json",
            )
            .and_then(|mut stmt| stmt.execute(params![id, ms(round.at_ms), json]))
            .map_err(|source| StoreError::Record {
                path: self.path.clone(),
                source,
            })?;
        Ok(())
    }

    /// The latest round of rollout `id`'s analysis, if one ran.
    pub fn analysis_round(&self, id: i64) -> Result<Option<AnalysisRound>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT round_json FROM rollout_analysis WHERE rollout_id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.query_error(e))?;
        json.map(|j| self.decode(&j, id, "analysis round"))
            .transpose()
    }

    /// The transitions of rollout `id`, in order.
    pub fn transitions(&self, id: i64) -> Result<Vec<Transition>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT at_ms, kind, action_json, event_json FROM rollout_transitions
                  WHERE rollout_id = ?1 ORDER BY seq",
            )
            .map_err(|e| self.query_error(e))?;
        let rows: Vec<(i64, String, String, Option<String>)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.query_error(e))?;
        rows.into_iter()
            .map(|(at, kind, action, event)| {
                Ok(Transition {
                    at_ms: u64::try_from(at).unwrap_or(0),
                    begun: kind == "begin",
                    action: self.decode(&action, id, "transition's action")?,
                    event: event
                        .map(|e| self.decode(&e, id, "transition's event"))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// The active rollout of `service`, if any.
    pub fn active_rollout(&self, service: &str) -> Result<Option<StoredRollout>, StoreError> {
        self.rollouts("WHERE service = ?1 AND active = 1", service)
            .map(|mut found| found.pop())
    }

    /// Every rollout of `service`, oldest first.
    pub fn deployments(&self, service: &str) -> Result<Vec<StoredRollout>, StoreError> {
        self.rollouts("WHERE service = ?1", service)
    }

    /// The version of the last rollout of `service` that was promoted.
    pub fn last_promoted(&self, service: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT version FROM rollouts WHERE service = ?1 AND outcome = 'promoted'
                  ORDER BY id DESC LIMIT 1",
                [service],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.query_error(e))
    }

    /// Ask the active rollout of `service` to roll back (`abort`) or to pass its approve
    /// step (`approve`); the running process takes the request at its next check.
    pub fn request(
        &mut self,
        service: &str,
        request: &RolloutRequest,
        at_ms: u64,
    ) -> Result<i64, StoreError> {
        let Some(active) = self.active_rollout(service)? else {
            return Err(StoreError::NoActiveRollout {
                path: self.path.clone(),
                service: service.to_owned(),
            });
        };
        let (kind, by, reason) = match request {
            RolloutRequest::Abort { by, reason } => ("abort", by, Some(reason.as_str())),
            RolloutRequest::Approve { by } => ("approve", by, None),
        };
        self.conn
            .execute(
                "INSERT INTO rollout_requests (rollout_id, kind, by_whom, reason, at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![active.id, kind, by, reason, ms(at_ms)],
            )
            .map_err(|source| StoreError::Record {
                path: self.path.clone(),
                source,
            })?;
        Ok(active.id)
    }

    /// The requests made of rollout `id` not yet taken, oldest first; each is taken once.
    pub fn take_requests(&mut self, id: i64) -> Result<Vec<RolloutRequest>, StoreError> {
        // a running rollout asks every second; most of the time nothing waits, and a plain
        // read then spares it the database's write lock
        let waiting: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM rollout_requests WHERE rollout_id = ?1 AND taken = 0)",
            )
            .and_then(|mut stmt| stmt.query_row([id], |row| row.get(0)))
            .map_err(|e| self.query_error(e))?;
        if !waiting {
            return Ok(Vec::new());
        }
        let path = self.path.clone();
        let write = |source| StoreError::Record {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(write)?;
        let rows: Vec<(String, String, Option<String>)> = {
            let mut stmt = tx
                .prepare(
                    "SELECT kind, by_whom, reason FROM rollout_requests
                      WHERE rollout_id = ?1 AND taken = 0 ORDER BY id",
                )
                .map_err(write)?;
            let rows = stmt
                .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                .map_err(write)?;
            rows.collect::<Result<_, _>>().map_err(write)?
        };
        tx.execute(
            "UPDATE rollout_requests SET taken = 1 WHERE rollout_id = ?1 AND taken = 0",
            [id],
        )
        .map_err(write)?;
        tx.commit().map_err(write)?;
        rows.into_iter()
            .map(|(kind, by, reason)| match kind.as_str() {
                "abort" => Ok(RolloutRequest::Abort {
                    by,
                    reason: reason.unwrap_or_default(),
                }),
                "approve" => Ok(RolloutRequest::Approve { by }),
                other => Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: format!("a rollout request of kind `{other}`"),
                }),
            })
            .collect()
    }

    fn rollouts(&self, filter: &str, service: &str) -> Result<Vec<StoredRollout>, StoreError> {
        let sql = format!(
            "SELECT id, service, version, stable, plan, plan_json, state_json, started_by,
                    started_at_ms, finished_at_ms
               FROM rollouts {filter} ORDER BY id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.query_error(e))?;
        type Row = (
            i64,
            String,
            String,
            Option<String>,
            String,
            String,
            String,
            Option<String>,
            i64,
            Option<i64>,
        );
        let rows: Vec<Row> = stmt
            .query_map([service], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.query_error(e))?;
        rows.into_iter()
            .map(
                |(id, service, version, stable, plan_name, plan, state, started_by, at, done)| {
                    Ok(StoredRollout {
                        id,
                        service,
                        version,
                        stable,
                        plan_name,
                        plan: self.decode(&plan, id, "plan")?,
                        state: self.decode(&state, id, "state")?,
                        started_by,
                        started_at_ms: u64::try_from(at).unwrap_or(0),
                        finished_at_ms: done.and_then(|d| u64::try_from(d).ok()),
                    })
                },
            )
            .collect()
    }

    fn encode<T: serde::Serialize>(&self, value: &T) -> Result<String, StoreError> {
        serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            detail: format!("cannot encode a rollout value: {e}"),
        })
    }

    fn decode<T: serde::de::DeserializeOwned>(
        &self,
        json: &str,
        id: i64,
        what: &str,
    ) -> Result<T, StoreError> {
        serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            detail: format!("the {what} of rollout {id} cannot be read: {e}"),
        })
    }
}

/// Milliseconds as SQLite stores them.
fn ms(at: u64) -> i64 {
    i64::try_from(at).unwrap_or(i64::MAX)
}
