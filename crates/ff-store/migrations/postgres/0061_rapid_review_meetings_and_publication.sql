-- Rapid review meetings, agencies' written summaries and the yearly report's publication (issue 15
-- items 2 and 3; MASA-RR-5, MASA-RR-8, MASA-SYS-3, MASA-SYS-8).
--
-- A rapid review's meetings: the day, the agencies present (their codes separated by commas,
-- "police,health"), what was decided and the immediate actions agreed. Kept by the partnership's
-- business manager; a correction is a new version of the row at the version read (every version
-- kept in record_versions); never deleted.
CREATE TABLE partnership_review_meetings (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    incident_id      uuid NOT NULL,
    held_on          date NOT NULL,
    agencies         text NOT NULL,
    decisions        text NOT NULL,
    actions          text NOT NULL,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, incident_id) REFERENCES partnership_incidents (la_code, id)
);
CREATE INDEX partnership_review_meetings_incident ON partnership_review_meetings (la_code, incident_id, held_on, id);
CREATE TRIGGER partnership_review_meetings_never_deleted BEFORE DELETE ON partnership_review_meetings
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

-- The agency's written summary, kept as a document with the child's record (the documents module:
-- its file in document_contents, a directory or the object store), read only through the
-- partnership.
ALTER TABLE partnership_summaries ADD COLUMN document_id uuid;
ALTER TABLE partnership_summaries ADD FOREIGN KEY (la_code, document_id) REFERENCES documents (la_code, id);

-- The yearly report once final: the day it was published and the days it was sent to the national
-- Panel and to Foundations (the What Works Centre), each expected within the setting's days of
-- publication (MASA-SYS-8).
ALTER TABLE partnership_reports ADD COLUMN published_on date;
ALTER TABLE partnership_reports ADD COLUMN panel_sent_on date;
ALTER TABLE partnership_reports ADD COLUMN foundations_sent_on date;
