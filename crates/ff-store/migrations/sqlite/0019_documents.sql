-- Documents kept with a child's record (issue 12 item 4; ff_domain::documents): what the
-- document is, what kind of file it is (from its content), its size and SHA-256 checksum, where
-- the file is kept (in document_contents, or in the configured directory), who may read it beyond
-- the council, and its withdrawal with a reason. Neither table is ever deleted from, and a file's
-- content is never changed.
CREATE TABLE documents (
    la_code           TEXT NOT NULL,
    id                BLOB NOT NULL,
    child_id          BLOB NOT NULL,
    agency            TEXT NOT NULL,
    category          TEXT NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    document_date     TEXT,
    filename          TEXT NOT NULL,
    file_type         TEXT NOT NULL,
    size_bytes        INTEGER NOT NULL,
    sha256            TEXT NOT NULL,
    storage           TEXT NOT NULL,
    visibility        TEXT NOT NULL,
    withdrawn_at      TEXT,
    withdrawn_by      BLOB,
    withdrawn_reason  TEXT,
    version           INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX documents_child ON documents (la_code, child_id, created_at);
CREATE TABLE document_contents (
    la_code  TEXT NOT NULL,
    id       BLOB NOT NULL,
    content  BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, id) REFERENCES documents (la_code, id)
);
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on documents is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER document_contents_no_update BEFORE UPDATE ON document_contents
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on document_contents is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER document_contents_no_delete BEFORE DELETE ON document_contents
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on document_contents is not allowed (records are never deleted or rewritten)');
END;
