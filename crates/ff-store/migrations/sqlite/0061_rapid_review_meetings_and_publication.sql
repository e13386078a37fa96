-- SQLite dialect of migrations/postgres/0061_rapid_review_meetings_and_publication.sql: rapid
-- review meetings, agencies' written summaries as documents and the yearly report's publication
-- (issue 15 items 2 and 3; MASA-RR-5, MASA-RR-8, MASA-SYS-3, MASA-SYS-8). A correction to a meeting
-- is a new version at the version read; never deleted. SQLite cannot add a two-column foreign key
-- to an existing table, so the service adds the summary's document in the same transaction.
CREATE TABLE partnership_review_meetings (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    incident_id      BLOB NOT NULL,
    held_on          TEXT NOT NULL,
    agencies         TEXT NOT NULL,
    decisions        TEXT NOT NULL,
    actions          TEXT NOT NULL,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, incident_id) REFERENCES partnership_incidents (la_code, id)
);
CREATE INDEX partnership_review_meetings_incident ON partnership_review_meetings (la_code, incident_id, held_on, id);
CREATE TRIGGER partnership_review_meetings_never_deleted BEFORE DELETE ON partnership_review_meetings
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_review_meetings is not allowed (records are never deleted or rewritten)');
END;

ALTER TABLE partnership_summaries ADD COLUMN document_id BLOB;

ALTER TABLE partnership_reports ADD COLUMN published_on TEXT;
ALTER TABLE partnership_reports ADD COLUMN panel_sent_on TEXT;
ALTER TABLE partnership_reports ADD COLUMN foundations_sent_on TEXT;
