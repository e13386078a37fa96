-- SQLite dialect of migrations/postgres/0039_regional_sharing.sql: the council's keys for
-- pseudonymising what it shares with its region, and each extract shared with its tag and files
-- (RCC-SHARE-1, RCC-SHARE-4; SH-1..SH-3; decision 0016). Never deleted or changed.
CREATE TABLE sharing_keys (
    la_code      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    secret       BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, version)
);
CREATE TRIGGER sharing_keys_never_deleted BEFORE DELETE ON sharing_keys
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on sharing_keys is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE shared_extracts (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    purpose      TEXT NOT NULL,
    agreement    TEXT NOT NULL,
    delete_by    TEXT NOT NULL,
    key_version  INTEGER NOT NULL,
    years        TEXT NOT NULL,
    children     INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX shared_extracts_when ON shared_extracts (la_code, created_at);
CREATE TRIGGER shared_extracts_never_deleted BEFORE DELETE ON shared_extracts
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on shared_extracts is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE shared_extract_files (
    la_code      TEXT NOT NULL,
    extract_id   BLOB NOT NULL,
    table_name   TEXT NOT NULL,
    row_count    INTEGER NOT NULL,
    checksum     TEXT NOT NULL,
    content      TEXT NOT NULL,
    PRIMARY KEY (la_code, extract_id, table_name),
    FOREIGN KEY (la_code, extract_id) REFERENCES shared_extracts (la_code, id)
);
CREATE TRIGGER shared_extract_files_never_deleted BEFORE DELETE ON shared_extract_files
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on shared_extract_files is not allowed (records are never deleted or rewritten)');
END;
