-- Rollouts: one row per rollout, its state as of its last transition; every transition
-- kept in order; requests (abort, approve) from other processes.

CREATE TABLE rollouts (
    id             INTEGER PRIMARY KEY,
    service        TEXT NOT NULL,
    version        TEXT NOT NULL,
    stable         TEXT,
    plan           TEXT NOT NULL,
    plan_json      TEXT NOT NULL,
    state_json     TEXT NOT NULL,
    active         INTEGER NOT NULL CHECK (active IN (0, 1)),
    outcome        TEXT,
    failure        TEXT,
    started_by     TEXT,
    started_at_ms  INTEGER NOT NULL,
    finished_at_ms INTEGER
);

-- The rollout lock: at most one active rollout per service.
CREATE UNIQUE INDEX rollouts_one_active ON rollouts (service) WHERE active = 1;
CREATE INDEX rollouts_by_service ON rollouts (service, id);

CREATE TABLE rollout_transitions (
    rollout_id  INTEGER NOT NULL REFERENCES rollouts (id),
    seq         INTEGER NOT NULL,
    at_ms       INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('begin', 'event')),
    action_json TEXT NOT NULL,
    event_json  TEXT,
    state_json  TEXT NOT NULL,
    PRIMARY KEY (rollout_id, seq)
) WITHOUT ROWID;

CREATE TABLE rollout_requests (
    id          INTEGER PRIMARY KEY,
    rollout_id  INTEGER NOT NULL REFERENCES rollouts (id),
    kind        TEXT NOT NULL CHECK (kind IN ('abort', 'approve')),
    by_whom     TEXT NOT NULL,
    reason      TEXT,
    at_ms       INTEGER NOT NULL,
    taken       INTEGER NOT NULL DEFAULT 0 CHECK (taken IN (0, 1))
);
CREATE INDEX rollout_requests_open ON rollout_requests (rollout_id) WHERE taken = 0;
