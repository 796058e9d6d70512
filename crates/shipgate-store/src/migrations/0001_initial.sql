-- Schema version 1: invocations, their test runs and outcomes, coverage totals and gate results.
-- Applied inside one transaction by migrations.rs, which then sets PRAGMA user_version = 1.

-- One shipgate command (`tests`, `tests run`, `check`) whose results were recorded.
CREATE TABLE invocations (
    id               INTEGER PRIMARY KEY,
    recorded_at      INTEGER NOT NULL,          -- unix seconds, given by the caller
    commit_id        TEXT,                      -- the VCS commit, when known
    branch           TEXT,                      -- the branch, when known
    command          TEXT    NOT NULL,
    verdict          TEXT    NOT NULL CHECK (verdict IN
                         ('pass', 'warn', 'fail', 'inconclusive', 'error', 'not_evaluated')),
    -- Coverage totals: all four are NULL when the invocation had no coverage evidence.
    lines_valid      INTEGER CHECK (lines_valid >= 0),
    lines_covered    INTEGER CHECK (lines_covered >= 0),
    branches_valid   INTEGER CHECK (branches_valid >= 0),
    branches_covered INTEGER CHECK (branches_covered >= 0),
    CHECK ((lines_valid IS NULL) = (lines_covered IS NULL)
       AND (lines_valid IS NULL) = (branches_valid IS NULL)
       AND (lines_valid IS NULL) = (branches_covered IS NULL))
);

-- The flip-rate window: the most recent runs, by invocation time.
CREATE INDEX invocations_by_time ON invocations (recorded_at, id);
-- last_coverage / coverage_trend: only invocations that carry coverage.
CREATE INDEX invocations_coverage_by_branch ON invocations (branch, recorded_at, id)
    WHERE lines_valid IS NOT NULL;
CREATE INDEX invocations_coverage_by_time ON invocations (recorded_at, id)
    WHERE lines_valid IS NOT NULL;

-- One execution of a test suite within an invocation (in order or shuffled).
CREATE TABLE runs (
    id               INTEGER PRIMARY KEY,
    invocation_id    INTEGER NOT NULL REFERENCES invocations (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,          -- order of the run within the invocation
    label            TEXT    NOT NULL,
    shuffled         INTEGER NOT NULL CHECK (shuffled IN (0, 1)),
    duration_seconds REAL,                      -- the suite time gates use; NULL if NaN
    measured         INTEGER NOT NULL CHECK (measured IN (0, 1)), -- duration is wall time
    unique_tests     INTEGER NOT NULL,
    passed           INTEGER NOT NULL,          -- includes flaky tests
    failed           INTEGER NOT NULL,
    errored          INTEGER NOT NULL,
    skipped          INTEGER NOT NULL,
    flaky            INTEGER NOT NULL,
    UNIQUE (invocation_id, position)
);

-- Test ids (`classname::name`), stored once and referred to by number.
CREATE TABLE tests (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
);

-- The final outcome of each test in each run; a test appears at most once per run.
CREATE TABLE outcomes (
    run_id           INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    test_id          INTEGER NOT NULL REFERENCES tests (id),
    outcome          TEXT    NOT NULL CHECK (outcome IN ('passed', 'failed', 'errored', 'skipped')),
    attempts         INTEGER NOT NULL CHECK (attempts >= 0),
    flaky            INTEGER NOT NULL CHECK (flaky IN (0, 1)),
    duration_seconds REAL,                      -- longest attempt; NULL if it was NaN
    PRIMARY KEY (run_id, test_id)
) WITHOUT ROWID;

-- The gates an invocation evaluated, in report order.
CREATE TABLE gate_results (
    id             INTEGER PRIMARY KEY,
    invocation_id  INTEGER NOT NULL REFERENCES invocations (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    gate_id        TEXT    NOT NULL,            -- e.g. TQ-02; several gates may share one
    name           TEXT    NOT NULL,            -- e.g. pass_rate
    verdict        TEXT    NOT NULL CHECK (verdict IN
                       ('pass', 'warn', 'fail', 'inconclusive', 'error', 'not_evaluated')),
    threshold      TEXT,                        -- the condition as written; NULL if not evaluated
    -- The measured value and its unit; both NULL when nothing was measured. A NaN measurement
    -- is stored as a NULL value with its unit (SQLite has no NaN).
    measured_value REAL,
    measured_unit  TEXT CHECK (measured_unit IN ('ratio', 'number', 'seconds')),
    message        TEXT    NOT NULL,
    UNIQUE (invocation_id, position)
);

-- The evidence lines of each gate result, in order.
CREATE TABLE gate_evidence (
    gate_result_id INTEGER NOT NULL REFERENCES gate_results (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    item           TEXT    NOT NULL,
    PRIMARY KEY (gate_result_id, position)
) WITHOUT ROWID;
