-- Documents kept with a child's record (issue 12 item 4; ff_domain::documents): what the
-- document is, what kind of file it is (from its content), its size and SHA-256 checksum, where
-- the file is kept (in document_contents, or in the configured directory), who may read it beyond
-- the council, and its withdrawal with a reason. Neither table is ever deleted from, and a file's
-- content is never changed.
CREATE TABLE documents (
    la_code           text NOT NULL,
    id                uuid NOT NULL,
    child_id          uuid NOT NULL,
    agency            text NOT NULL,
    category          text NOT NULL,
    title             text NOT NULL,
    description       text NOT NULL,
    document_date     date,
    filename          text NOT NULL,
    file_type         text NOT NULL,
    size_bytes        bigint NOT NULL,
    sha256            text NOT NULL,
    storage           text NOT NULL,
    visibility        text NOT NULL,
    withdrawn_at      timestamptz,
    withdrawn_by      uuid,
    withdrawn_reason  text,
    version           integer NOT NULL,
    created_at        timestamptz NOT NULL,
    created_by        uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX documents_child ON documents (la_code, child_id, created_at);
CREATE TABLE document_contents (
    la_code  text NOT NULL,
    id       uuid NOT NULL,
    content  bytea NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, id) REFERENCES documents (la_code, id)
);
CREATE TRIGGER documents_never_deleted BEFORE DELETE ON documents FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER document_contents_never_changed BEFORE UPDATE OR DELETE ON document_contents FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
