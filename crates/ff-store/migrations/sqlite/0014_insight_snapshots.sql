-- The performance dashboard's figures for a period, kept for a minute so that a council's
-- morning of dashboard views computes them once a minute rather than once a view (issue 11
-- item 1; docs/decisions/0008). Derived data, not a record: a row is replaced when it is
-- refreshed and removed a day after it was last computed; the records it counts stay the truth.
CREATE TABLE insight_snapshots (
    la_code     TEXT NOT NULL REFERENCES las (la_code),
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    figures     TEXT NOT NULL,
    PRIMARY KEY (la_code, period_from, period_to)
);
CREATE INDEX insight_snapshots_computed ON insight_snapshots (la_code, computed_at);
