-- The written assessment (issue 12 item 1; families-first.md §3 Assessment, R-AS-1, R-AS-3): one
-- document per assessment, its sections as JSON ({key: {text, rev, by, at}}, each section with
-- its own revision so that two people can write into one draft), where it is in its life
-- (draft, submitted, returned, authorised) and who moved it there. Every submitted, returned
-- and authorised version is also kept in record_versions. Once authorised the document is locked
-- and later changes are addenda, which are never changed or removed.
CREATE TABLE assessment_documents (
    la_code        TEXT NOT NULL,
    assessment_id  BLOB NOT NULL,
    status         TEXT NOT NULL,
    sections       TEXT NOT NULL,
    version        INTEGER NOT NULL,
    saved_at       TEXT,
    saved_by       BLOB,
    submitted_at   TEXT,
    submitted_by   BLOB,
    returned_at    TEXT,
    returned_by    BLOB,
    return_comment TEXT,
    PRIMARY KEY (la_code, assessment_id),
    FOREIGN KEY (la_code, assessment_id) REFERENCES assessments (la_code, id)
);
-- Assessments recorded before documents existed: authorised ones stay authorised (with no
-- written sections), the rest become empty drafts.
INSERT INTO assessment_documents (la_code, assessment_id, status, sections, version)
    SELECT la_code, id, CASE WHEN completed_date IS NULL THEN 'draft' ELSE 'authorised' END, '{}', 1 FROM assessments;
CREATE INDEX assessment_documents_waiting ON assessment_documents (la_code, status) WHERE status IN ('submitted', 'returned');
CREATE TRIGGER assessment_documents_never_deleted BEFORE DELETE ON assessment_documents
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on assessment_documents is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE assessment_addenda (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    assessment_id  BLOB NOT NULL,
    text           TEXT NOT NULL,
    added_at       TEXT NOT NULL,
    added_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, assessment_id) REFERENCES assessments (la_code, id)
);
CREATE INDEX assessment_addenda_assessment ON assessment_addenda (la_code, assessment_id, added_at);
CREATE TRIGGER assessment_addenda_no_update BEFORE UPDATE ON assessment_addenda
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on assessment_addenda is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER assessment_addenda_no_delete BEFORE DELETE ON assessment_addenda
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on assessment_addenda is not allowed (records are never deleted or rewritten)');
END;
