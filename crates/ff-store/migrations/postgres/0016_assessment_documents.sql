-- The written assessment (issue 12 item 1; families-first.md §3 Assessment, R-AS-1, R-AS-3): one
-- document per assessment, its sections as JSON ({key: {text, rev, by, at}}, each section with
-- its own revision so that two people can write into one draft), where it is in its life
-- (draft, submitted, returned, authorised) and who moved it there. Every submitted, returned
-- and authorised version is also kept in record_versions. Once authorised the document is locked
-- and later changes are addenda, which are never changed or removed.
CREATE TABLE assessment_documents (
    la_code        text NOT NULL,
    assessment_id  uuid NOT NULL,
    status         text NOT NULL,
    sections       text NOT NULL,
    version        integer NOT NULL,
    saved_at       timestamptz,
    saved_by       uuid,
    submitted_at   timestamptz,
    submitted_by   uuid,
    returned_at    timestamptz,
    returned_by    uuid,
    return_comment text,
    PRIMARY KEY (la_code, assessment_id),
    FOREIGN KEY (la_code, assessment_id) REFERENCES assessments (la_code, id)
);
-- Assessments recorded before documents existed: authorised ones stay authorised (with no
-- written sections), the rest become empty drafts.
INSERT INTO assessment_documents (la_code, assessment_id, status, sections, version)
    SELECT la_code, id, CASE WHEN completed_date IS NULL THEN 'draft' ELSE 'authorised' END, '{}', 1 FROM assessments;
CREATE INDEX assessment_documents_waiting ON assessment_documents (la_code, status) WHERE status IN ('submitted', 'returned');
CREATE TRIGGER assessment_documents_never_deleted BEFORE DELETE ON assessment_documents
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE assessment_addenda (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    assessment_id  uuid NOT NULL,
    text           text NOT NULL,
    added_at       timestamptz NOT NULL,
    added_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, assessment_id) REFERENCES assessments (la_code, id)
);
CREATE INDEX assessment_addenda_assessment ON assessment_addenda (la_code, assessment_id, added_at);
CREATE TRIGGER assessment_addenda_append_only BEFORE UPDATE OR DELETE ON assessment_addenda
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
