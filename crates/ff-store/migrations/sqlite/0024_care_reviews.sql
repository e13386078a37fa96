-- SQLite dialect of migrations/postgres/0024_care_reviews.sql: looked-after reviews (T24-T26,
-- LA-4), never deleted.
CREATE TABLE care_reviews (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    child_id       BLOB NOT NULL,
    period_id      BLOB NOT NULL,
    held_on        TEXT NOT NULL,
    chair_id       BLOB NOT NULL,
    participation  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, chair_id) REFERENCES users (la_code, id)
);
CREATE INDEX care_reviews_child ON care_reviews (la_code, child_id, held_on);
CREATE TRIGGER care_reviews_never_deleted BEFORE DELETE ON care_reviews
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_reviews is not allowed (records are never deleted or rewritten)');
END;
