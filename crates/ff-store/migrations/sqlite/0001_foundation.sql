-- Foundation schema (issue 2), SQLite dialect of migrations/postgres/0001_foundation.sql. Every council-owned table carries la_code as the first column of
-- its primary key, so one database can hold several councils and rows can be sharded by council.
-- Forward-only: never edit this file once released; add a new numbered migration instead.

CREATE TABLE las (
    la_code     TEXT PRIMARY KEY CHECK (length(la_code) = 3 AND la_code NOT GLOB '*[^0-9]*'),
    created_at  TEXT NOT NULL
);

-- Settings are versioned: each change appends a row; the current settings are the highest version.
CREATE TABLE la_settings (
    la_code     TEXT NOT NULL REFERENCES las (la_code),
    version     INTEGER NOT NULL CHECK (version > 0),
    data        TEXT NOT NULL,
    changed_by  BLOB,
    changed_at  TEXT NOT NULL,
    PRIMARY KEY (la_code, version)
);

CREATE TABLE teams (
    la_code     TEXT NOT NULL REFERENCES las (la_code),
    id          BLOB NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (la_code, id)
);

CREATE TABLE users (
    la_code                 TEXT NOT NULL REFERENCES las (la_code),
    id                      BLOB NOT NULL,
    username                TEXT NOT NULL,
    display_name            TEXT NOT NULL,
    role                    TEXT NOT NULL,
    agency                  TEXT NOT NULL,
    password_hash           TEXT NOT NULL,
    swe_registration_number TEXT,
    swe_status              TEXT,
    qualification_date      TEXT,
    active                  BOOLEAN NOT NULL,
    version                 INTEGER NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (la_code, id)
);
-- Sign-in does not ask for the council, so usernames are unique across the database.
CREATE UNIQUE INDEX users_username ON users (username);

CREATE TABLE team_members (
    la_code     TEXT NOT NULL,
    team_id     BLOB NOT NULL,
    user_id     BLOB NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (la_code, team_id, user_id),
    FOREIGN KEY (la_code, team_id) REFERENCES teams (la_code, id),
    FOREIGN KEY (la_code, user_id) REFERENCES users (la_code, id)
);
CREATE INDEX team_members_user ON team_members (la_code, user_id);

-- Sessions and API tokens are stored as SHA-256 hashes of the secret the client holds.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    la_code      TEXT NOT NULL,
    user_id      BLOB NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    ended_at     TEXT,
    FOREIGN KEY (la_code, user_id) REFERENCES users (la_code, id)
);

CREATE TABLE api_tokens (
    token_hash   TEXT PRIMARY KEY,
    la_code      TEXT NOT NULL,
    user_id      BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    FOREIGN KEY (la_code, user_id) REFERENCES users (la_code, id)
);

-- Sign-in attempts, for throttling. Not council-owned: an attempt may name no real user.
CREATE TABLE login_attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    username    TEXT NOT NULL,
    client      TEXT NOT NULL,
    at          TEXT NOT NULL,
    succeeded   BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_username ON login_attempts (username, at);
CREATE INDEX login_attempts_client ON login_attempts (client, at);

CREATE TABLE people (
    la_code                 TEXT NOT NULL REFERENCES las (la_code),
    id                      BLOB NOT NULL,
    given_name              TEXT NOT NULL,
    family_name             TEXT NOT NULL,
    other_names             TEXT,
    search_given            TEXT NOT NULL COLLATE NOCASE,
    search_family           TEXT NOT NULL COLLATE NOCASE,
    date_of_birth           TEXT,
    expected_date_of_birth  TEXT,
    sex                     TEXT NOT NULL,
    ethnicity               TEXT,
    nhs_number              TEXT,
    nhs_number_verified     BOOLEAN NOT NULL,
    merged_into             BLOB,
    version                 INTEGER NOT NULL,
    created_at              TEXT NOT NULL,
    created_by              BLOB,
    updated_at              TEXT NOT NULL,
    updated_by              BLOB,
    PRIMARY KEY (la_code, id)
);
-- The NHS number is the consistent identifier: unique per LA among records not merged away.
CREATE UNIQUE INDEX people_nhs_number ON people (la_code, nhs_number)
    WHERE nhs_number IS NOT NULL AND merged_into IS NULL;
CREATE INDEX people_dob ON people (la_code, date_of_birth);
CREATE INDEX people_search_family ON people (la_code, search_family);
CREATE INDEX people_search_given ON people (la_code, search_given);

-- Every version of every editable record, as JSON: edits never overwrite history.
CREATE TABLE record_versions (
    la_code     TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   BLOB NOT NULL,
    version     INTEGER NOT NULL,
    data        TEXT NOT NULL,
    changed_by  BLOB,
    changed_at  TEXT NOT NULL,
    PRIMARY KEY (la_code, record_type, record_id, version)
);

-- "from_person is the <kind> of to_person".
CREATE TABLE relationships (
    la_code                 TEXT NOT NULL,
    id                      BLOB NOT NULL,
    from_person_id          BLOB NOT NULL,
    to_person_id            BLOB NOT NULL,
    kind                    TEXT NOT NULL,
    parental_responsibility BOOLEAN NOT NULL,
    pr_basis                TEXT,
    start_date              TEXT,
    end_date                TEXT,
    version                 INTEGER NOT NULL,
    created_at              TEXT NOT NULL,
    created_by              BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, from_person_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, to_person_id) REFERENCES people (la_code, id),
    CHECK (from_person_id <> to_person_id)
);
CREATE INDEX relationships_from ON relationships (la_code, from_person_id);
CREATE INDEX relationships_to ON relationships (la_code, to_person_id);

CREATE TABLE households (
    la_code     TEXT NOT NULL REFERENCES las (la_code),
    id          BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  BLOB,
    PRIMARY KEY (la_code, id)
);

CREATE TABLE household_members (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    household_id BLOB NOT NULL,
    person_id    BLOB NOT NULL,
    membership   TEXT NOT NULL,
    start_date   TEXT NOT NULL,
    end_date     TEXT,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, household_id) REFERENCES households (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX household_members_household ON household_members (la_code, household_id);
CREATE INDEX household_members_person ON household_members (la_code, person_id);

CREATE TABLE addresses (
    la_code     TEXT NOT NULL,
    id          BLOB NOT NULL,
    person_id   BLOB NOT NULL,
    line1       TEXT NOT NULL,
    line2       TEXT,
    town        TEXT NOT NULL,
    postcode    TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX addresses_person ON addresses (la_code, person_id);

-- A merge moves the merged record's links to the surviving record and remembers which rows moved.
CREATE TABLE merges (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    survivor_id  BLOB NOT NULL,
    merged_id    BLOB NOT NULL,
    moved        TEXT NOT NULL,
    reason       TEXT NOT NULL,
    merged_by    BLOB,
    merged_at    TEXT NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, survivor_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, merged_id) REFERENCES people (la_code, id)
);

-- England and Wales bank holidays: national data, not council-owned. Versioned by never deleting:
-- a withdrawn day is marked, not removed.
CREATE TABLE bank_holidays (
    holiday_date TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    added_at     TEXT NOT NULL,
    added_by     BLOB,
    withdrawn_at TEXT
);

CREATE TABLE audit_heads (
    la_code     TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL,
    last_hash   TEXT NOT NULL
);

CREATE TABLE audit_events (
    la_code     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor_id    BLOB,
    actor_role  TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   TEXT,
    summary     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (la_code, seq)
);
CREATE INDEX audit_events_record ON audit_events (la_code, record_type, record_id);


-- Append-only and never-deleted tables refuse changes at the database too.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on audit_events is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on audit_events is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER record_versions_no_update BEFORE UPDATE ON record_versions
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on record_versions is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER record_versions_no_delete BEFORE DELETE ON record_versions
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on record_versions is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER la_settings_no_update BEFORE UPDATE ON la_settings
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on la_settings is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER la_settings_no_delete BEFORE DELETE ON la_settings
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on la_settings is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER people_no_delete BEFORE DELETE ON people
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on people is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER relationships_no_delete BEFORE DELETE ON relationships
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on relationships is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER household_members_no_delete BEFORE DELETE ON household_members
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on household_members is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER addresses_no_delete BEFORE DELETE ON addresses
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on addresses is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER bank_holidays_no_delete BEFORE DELETE ON bank_holidays
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on bank_holidays is not allowed (records are never deleted or rewritten)');
END;
