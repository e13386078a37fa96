-- SQLite dialect of migrations/postgres/0034_workforce.sql: workers, their experience ledger and
-- agency assignments (issue 14; W-SYS-1, -4, -5; W-AG-1..6). Never deleted.
CREATE TABLE workers (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    user_id        BLOB,
    name           TEXT NOT NULL,
    swe_number     TEXT,
    qualified_on   TEXT,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX workers_name ON workers (la_code, name, id);
CREATE UNIQUE INDEX workers_user ON workers (la_code, user_id) WHERE user_id IS NOT NULL;
CREATE TRIGGER workers_never_deleted BEFORE DELETE ON workers
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on workers is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE worker_experience (
    la_code                TEXT NOT NULL,
    id                     BLOB NOT NULL,
    worker_id              BLOB NOT NULL,
    employer               TEXT NOT NULL,
    employer_kind          TEXT NOT NULL,
    country                TEXT NOT NULL,
    region                 TEXT,
    children_and_families  BOOLEAN NOT NULL,
    engagement             TEXT NOT NULL,
    registered             BOOLEAN NOT NULL,
    from_date              TEXT NOT NULL,
    to_date                TEXT,
    left_because           TEXT,
    created_at             TEXT NOT NULL,
    created_by             BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, worker_id) REFERENCES workers (la_code, id)
);
CREATE INDEX worker_experience_worker ON worker_experience (la_code, worker_id, from_date);
CREATE TRIGGER worker_experience_never_deleted BEFORE DELETE ON worker_experience
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on worker_experience is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE agency_assignments (
    la_code               TEXT NOT NULL,
    id                    BLOB NOT NULL,
    worker_id             BLOB NOT NULL,
    agency                TEXT NOT NULL,
    role_type             TEXT NOT NULL,
    team                  TEXT NOT NULL,
    start_date            TEXT NOT NULL,
    planned_end           TEXT,
    ended_on              TEXT,
    notice_days           INTEGER NOT NULL,
    pay_pence             INTEGER NOT NULL,
    employer_ni_pence     INTEGER NOT NULL,
    holiday_pence         INTEGER NOT NULL,
    levy_pence            INTEGER NOT NULL,
    fee_pence             INTEGER NOT NULL,
    cap_pence             INTEGER,
    over_cap_by_pence     INTEGER,
    over_cap_reason       TEXT,
    packaged_supplier     TEXT,
    references_received   INTEGER NOT NULL,
    cooling_off_exception TEXT,
    non_compliance        TEXT NOT NULL,
    status                TEXT NOT NULL,
    dcs_signed_by         TEXT,
    dcs_signed_on         TEXT,
    ceo_signed_by         TEXT,
    ceo_signed_on         TEXT,
    version               INTEGER NOT NULL,
    created_at            TEXT NOT NULL,
    created_by            BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, worker_id) REFERENCES workers (la_code, id)
);
CREATE INDEX agency_assignments_worker ON agency_assignments (la_code, worker_id, start_date);
CREATE INDEX agency_assignments_start ON agency_assignments (la_code, start_date, id);
CREATE TRIGGER agency_assignments_never_deleted BEFORE DELETE ON agency_assignments
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on agency_assignments is not allowed (records are never deleted or rewritten)');
END;
