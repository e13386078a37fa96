-- Child protection, first slice (issue 4), SQLite dialect of migrations/postgres/0003_child_protection.sql.
ALTER TABLE users ADD COLUMN lcpp_designated_on TEXT;
ALTER TABLE users ADD COLUMN lcpp_evidence TEXT;

CREATE TABLE strategy_discussions (
    la_code                    TEXT NOT NULL REFERENCES las (la_code),
    id                         BLOB NOT NULL,
    episode_id                 BLOB NOT NULL,
    child_id                   BLOB NOT NULL,
    held_on                    TEXT NOT NULL,
    decision                   TEXT NOT NULL,
    plan                       TEXT NOT NULL,
    safety_actions             TEXT,
    other_children_considered  TEXT NOT NULL,
    missing_agencies           TEXT NOT NULL,
    missing_agencies_reason    TEXT,
    created_at                 TEXT NOT NULL,
    created_by                 BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX strategy_discussions_child ON strategy_discussions (la_code, child_id);

CREATE TABLE strategy_attendees (
    la_code                TEXT NOT NULL,
    strategy_discussion_id BLOB NOT NULL,
    position               INTEGER NOT NULL,
    agency                 TEXT NOT NULL,
    name                   TEXT NOT NULL,
    role                   TEXT,
    PRIMARY KEY (la_code, strategy_discussion_id, position),
    FOREIGN KEY (la_code, strategy_discussion_id) REFERENCES strategy_discussions (la_code, id)
);

CREATE TABLE s47_enquiries (
    la_code                 TEXT NOT NULL,
    id                      BLOB NOT NULL,
    episode_id              BLOB NOT NULL,
    child_id                BLOB NOT NULL,
    strategy_discussion_id  BLOB NOT NULL,
    start_date              TEXT NOT NULL,
    lead_id                 BLOB NOT NULL,
    icpc_due                TEXT NOT NULL,
    outcome                 TEXT,
    conference_required     BOOLEAN,
    no_conference_reason    TEXT,
    concluded_on            TEXT,
    version                 INTEGER NOT NULL,
    created_at              TEXT NOT NULL,
    created_by              BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, strategy_discussion_id) REFERENCES strategy_discussions (la_code, id),
    FOREIGN KEY (la_code, lead_id) REFERENCES users (la_code, id)
);
CREATE INDEX s47_child ON s47_enquiries (la_code, child_id);
CREATE INDEX s47_open_lead ON s47_enquiries (la_code, lead_id) WHERE concluded_on IS NULL;

CREATE TRIGGER strategy_discussions_no_update BEFORE UPDATE ON strategy_discussions
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on strategy_discussions is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER strategy_discussions_no_delete BEFORE DELETE ON strategy_discussions
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on strategy_discussions is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER strategy_attendees_no_update BEFORE UPDATE ON strategy_attendees
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on strategy_attendees is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER strategy_attendees_no_delete BEFORE DELETE ON strategy_attendees
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on strategy_attendees is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER s47_enquiries_no_delete BEFORE DELETE ON s47_enquiries
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on s47_enquiries is not allowed (records are never deleted or rewritten)');
END;
