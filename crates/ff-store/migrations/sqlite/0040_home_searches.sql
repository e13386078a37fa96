-- SQLite dialect of migrations/postgres/0040_home_searches.sql: home searches, the providers'
-- answers and the council's decisions (HS-1..HS-3; decision 0017). Never deleted.
CREATE TABLE home_searches (
    la_code              TEXT NOT NULL,
    id                   BLOB NOT NULL,
    child_id             BLOB NOT NULL,
    status               TEXT NOT NULL,
    urgency              TEXT NOT NULL,
    home_kind            TEXT NOT NULL,
    needed_by            TEXT NOT NULL,
    siblings             INTEGER NOT NULL,
    near_family          BOOLEAN NOT NULL,
    family_sector        TEXT,
    stay_at_school       BOOLEAN NOT NULL,
    needs                TEXT NOT NULL,
    risk_to_child        TEXT NOT NULL,
    risk_to_others       TEXT NOT NULL,
    started_on           TEXT NOT NULL,
    ended_on             TEXT,
    end_reason           TEXT,
    placed_with          BLOB,
    version              INTEGER NOT NULL,
    created_at           TEXT NOT NULL,
    created_by           BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX home_searches_child ON home_searches (la_code, child_id, started_on);
CREATE INDEX home_searches_status ON home_searches (la_code, status, started_on, id);
CREATE UNIQUE INDEX home_searches_open ON home_searches (la_code, child_id) WHERE status = 'open';
CREATE TRIGGER home_searches_never_deleted BEFORE DELETE ON home_searches
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on home_searches is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE home_search_answers (
    la_code              TEXT NOT NULL,
    id                   BLOB NOT NULL,
    search_id            BLOB NOT NULL,
    provider_urn         TEXT,
    provider_name        TEXT NOT NULL,
    answered_on          TEXT NOT NULL,
    answer               TEXT NOT NULL,
    reason               TEXT,
    weekly_cost_pence    INTEGER,
    start_on             TEXT,
    decision             TEXT,
    decision_reason      TEXT,
    decided_on           TEXT,
    version              INTEGER NOT NULL,
    created_at           TEXT NOT NULL,
    created_by           BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, search_id) REFERENCES home_searches (la_code, id)
);
CREATE INDEX home_search_answers_search ON home_search_answers (la_code, search_id, answered_on);
CREATE TRIGGER home_search_answers_never_deleted BEFORE DELETE ON home_search_answers
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on home_search_answers is not allowed (records are never deleted or rewritten)');
END;
