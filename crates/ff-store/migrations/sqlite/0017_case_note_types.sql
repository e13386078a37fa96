-- Case notes as a practitioner's record (issue 12 item 3; ff_domain::case_notes): what kind of
-- work the note records, the time it happened, who was there, the child's own words, the
-- decisions and actions of supervision and oversight, a significant-event flag, who beyond the
-- council may read it, and its version. Notes written before this migration are agency entries
-- shared with the partners, as they always were.
--
-- A note may now be edited by its writer: each edit raises the version, and the version it
-- replaced is kept whole in record_versions. Notes are still never deleted, and who wrote a note,
-- for which child and under which agency can never change.
ALTER TABLE case_notes ADD COLUMN kind TEXT NOT NULL DEFAULT 'agency_entry';
ALTER TABLE case_notes ADD COLUMN occurred_time TEXT;
ALTER TABLE case_notes ADD COLUMN people_present TEXT NOT NULL DEFAULT '';
ALTER TABLE case_notes ADD COLUMN child_voice TEXT NOT NULL DEFAULT '';
ALTER TABLE case_notes ADD COLUMN decisions TEXT NOT NULL DEFAULT '';
ALTER TABLE case_notes ADD COLUMN actions TEXT NOT NULL DEFAULT '';
ALTER TABLE case_notes ADD COLUMN significant BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE case_notes ADD COLUMN visibility TEXT NOT NULL DEFAULT 'partners';
ALTER TABLE case_notes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE case_notes ADD COLUMN edited_at TEXT;
ALTER TABLE case_notes ADD COLUMN edited_by BLOB;

DROP TRIGGER case_notes_no_update;
CREATE TRIGGER case_notes_author_kept BEFORE UPDATE ON case_notes
WHEN NEW.la_code IS NOT OLD.la_code OR NEW.id IS NOT OLD.id OR NEW.child_id IS NOT OLD.child_id
  OR NEW.agency IS NOT OLD.agency OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.created_at IS NOT OLD.created_at
  OR NEW.version IS NOT OLD.version + 1
BEGIN
    SELECT RAISE(ABORT, 'Families First: a case note keeps its writer, child and agency, and each edit is a new version');
END;
