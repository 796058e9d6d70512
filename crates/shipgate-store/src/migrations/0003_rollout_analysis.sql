-- The latest round of each rollout's background analysis (the round that failed, for a
-- rollout the analysis rolled back): what the reports show next to each condition.

CREATE TABLE rollout_analysis (
    rollout_id INTEGER PRIMARY KEY REFERENCES rollouts (id),
    at_ms      INTEGER NOT NULL,
    round_json TEXT NOT NULL
);
