-- SQLite dialect of migrations/postgres/0059_regional_workforce_extract.sql: the region's keys
-- for the Social Work England number, and a kind on each extract (W-OUT-4, RCC-SHARE-4; decision
-- 0024). Never deleted.
CREATE TABLE region_keys (
    la_code      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    secret       BLOB NOT NULL,
    check_value  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, version)
);
CREATE TRIGGER region_keys_never_deleted BEFORE DELETE ON region_keys
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on region_keys is not allowed (records are never deleted or rewritten)');
END;
ALTER TABLE shared_extracts ADD COLUMN kind TEXT NOT NULL DEFAULT 'children';
CREATE INDEX shared_extracts_kind_when ON shared_extracts (la_code, kind, created_at);
