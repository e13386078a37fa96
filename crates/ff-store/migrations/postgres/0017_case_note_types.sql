-- Case notes as a practitioner's record (issue 12 item 3; ff_domain::case_notes): what kind of
-- work the note records, the time it happened, who was there, the child's own words, the
-- decisions and actions of supervision and oversight, a significant-event flag, who beyond the
-- council may read it, and its version. Notes written before this migration are agency entries
-- shared with the partners, as they always were.
--
-- A note may now be edited by its writer: each edit raises the version, and the version it
-- replaced is kept whole in record_versions. Notes are still never deleted, and who wrote a note,
-- for which child and under which agency can never change.
ALTER TABLE case_notes ADD COLUMN kind text NOT NULL DEFAULT 'agency_entry';
ALTER TABLE case_notes ADD COLUMN occurred_time time;
ALTER TABLE case_notes ADD COLUMN people_present text NOT NULL DEFAULT '';
ALTER TABLE case_notes ADD COLUMN child_voice text NOT NULL DEFAULT '';
ALTER TABLE case_notes ADD COLUMN decisions text NOT NULL DEFAULT '';
ALTER TABLE case_notes ADD COLUMN actions text NOT NULL DEFAULT '';
ALTER TABLE case_notes ADD COLUMN significant boolean NOT NULL DEFAULT false;
ALTER TABLE case_notes ADD COLUMN visibility text NOT NULL DEFAULT 'partners';
ALTER TABLE case_notes ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE case_notes ADD COLUMN edited_at timestamptz;
ALTER TABLE case_notes ADD COLUMN edited_by uuid;

DROP TRIGGER case_notes_never_changed ON case_notes;
CREATE TRIGGER case_notes_never_deleted BEFORE DELETE ON case_notes FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE FUNCTION ff_case_note_author_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.la_code IS DISTINCT FROM OLD.la_code OR NEW.id IS DISTINCT FROM OLD.id OR NEW.child_id IS DISTINCT FROM OLD.child_id
       OR NEW.agency IS DISTINCT FROM OLD.agency OR NEW.recorded_by IS DISTINCT FROM OLD.recorded_by
       OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.version IS DISTINCT FROM OLD.version + 1 THEN
        RAISE EXCEPTION 'Families First: a case note keeps its writer, child and agency, and each edit is a new version';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER case_notes_author_kept BEFORE UPDATE ON case_notes FOR EACH ROW EXECUTE FUNCTION ff_case_note_author_kept();
