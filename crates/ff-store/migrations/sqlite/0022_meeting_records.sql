-- SQLite dialect of migrations/postgres/0022_meeting_records.sql: meetings' shared written
-- records (issue 12 item 1, MR-1..MR-3), a conference's locked once its chair agrees it.
CREATE TABLE conference_records (
    la_code        TEXT NOT NULL,
    conference_id  BLOB NOT NULL,
    sections       TEXT NOT NULL,
    version        INTEGER NOT NULL,
    saved_at       TEXT NOT NULL,
    saved_by       BLOB NOT NULL,
    agreed_at      TEXT,
    agreed_by      BLOB,
    PRIMARY KEY (la_code, conference_id),
    FOREIGN KEY (la_code, conference_id) REFERENCES conferences (la_code, id)
);
CREATE TRIGGER conference_records_never_deleted BEFORE DELETE ON conference_records
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on conference_records is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE plan_review_records (
    la_code     TEXT NOT NULL,
    review_id   BLOB NOT NULL,
    sections    TEXT NOT NULL,
    version     INTEGER NOT NULL,
    saved_at    TEXT NOT NULL,
    saved_by    BLOB NOT NULL,
    PRIMARY KEY (la_code, review_id),
    FOREIGN KEY (la_code, review_id) REFERENCES plan_reviews (la_code, id)
);
CREATE TRIGGER plan_review_records_never_deleted BEFORE DELETE ON plan_review_records
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on plan_review_records is not allowed (records are never deleted or rewritten)');
END;
