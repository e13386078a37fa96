-- What a council shares with its regional care co-operative (RCC-SHARE-1, RCC-SHARE-4;
-- SH-1..SH-3; decision 0016): the council's versioned keys for pseudonymising children's
-- identifiers (a new version on rotation, the old kept so earlier extracts stay explainable), and
-- each extract with its tag (use, data sharing agreement, deletion day, key version) and its
-- files as shared. Council-owned, never deleted or changed.
CREATE TABLE sharing_keys (
    la_code      text NOT NULL,
    version      integer NOT NULL,
    secret       bytea NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    PRIMARY KEY (la_code, version)
);
CREATE TRIGGER sharing_keys_never_deleted BEFORE DELETE ON sharing_keys
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE shared_extracts (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    purpose      text NOT NULL,
    agreement    text NOT NULL,
    delete_by    date NOT NULL,
    key_version  integer NOT NULL,
    years        text NOT NULL,
    children     integer NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX shared_extracts_when ON shared_extracts (la_code, created_at);
CREATE TRIGGER shared_extracts_never_deleted BEFORE DELETE ON shared_extracts
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE shared_extract_files (
    la_code      text NOT NULL,
    extract_id   uuid NOT NULL,
    table_name   text NOT NULL,
    row_count    integer NOT NULL,
    checksum     text NOT NULL,
    content      text NOT NULL,
    PRIMARY KEY (la_code, extract_id, table_name),
    FOREIGN KEY (la_code, extract_id) REFERENCES shared_extracts (la_code, id)
);
CREATE TRIGGER shared_extract_files_never_deleted BEFORE DELETE ON shared_extract_files
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
