-- The professionals involved with a child (issue 12 item 6; ff_domain::professionals): who they
-- are, what they do for the child, how to reach them, and from when to when. Ending an
-- involvement sets its end date at the version read; each version is kept in record_versions;
-- rows are never deleted.
CREATE TABLE professionals_involved (
    la_code       TEXT NOT NULL,
    id            BLOB NOT NULL,
    child_id      BLOB NOT NULL,
    role          TEXT NOT NULL,
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    phone         TEXT NOT NULL,
    email         TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX professionals_involved_child ON professionals_involved (la_code, child_id, start_date);
CREATE TRIGGER professionals_involved_no_delete BEFORE DELETE ON professionals_involved
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on professionals_involved is not allowed (records are never deleted or rewritten)');
END;
