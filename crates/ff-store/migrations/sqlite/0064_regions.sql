-- SQLite dialect of migrations/postgres/0064_regions.sql: regions, their member councils and the
-- 903 files a member not on Families First sends (RCC-1; decision 0029). Never deleted.
CREATE TABLE regions (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE UNIQUE INDEX regions_one_per_council ON regions (la_code);
CREATE TRIGGER regions_never_deleted BEFORE DELETE ON regions
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on regions is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE region_members (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    region_id      BLOB NOT NULL,
    member_la      TEXT NOT NULL,
    member_name    TEXT NOT NULL,
    participation  TEXT NOT NULL,
    joined_on      TEXT NOT NULL,
    left_on        TEXT,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, region_id) REFERENCES regions (la_code, id)
);
CREATE UNIQUE INDEX region_members_council ON region_members (la_code, region_id, member_la);
CREATE TRIGGER region_members_never_deleted BEFORE DELETE ON region_members
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on region_members is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE region_uploads (
    la_code       TEXT NOT NULL,
    id            BLOB NOT NULL,
    region_id     BLOB NOT NULL,
    member_la     TEXT NOT NULL,
    year          TEXT NOT NULL,
    verdict       TEXT NOT NULL,
    children      INTEGER NOT NULL,
    errors        INTEGER NOT NULL,
    warnings      INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    report        TEXT NOT NULL,
    uploaded_at   TEXT NOT NULL,
    uploaded_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, region_id) REFERENCES regions (la_code, id)
);
CREATE INDEX region_uploads_member ON region_uploads (la_code, member_la, uploaded_at);
CREATE TRIGGER region_uploads_never_deleted BEFORE DELETE ON region_uploads
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on region_uploads is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE region_upload_files (
    la_code      TEXT NOT NULL,
    upload_id    BLOB NOT NULL,
    name         TEXT NOT NULL,
    content      TEXT NOT NULL,
    PRIMARY KEY (la_code, upload_id, name),
    FOREIGN KEY (la_code, upload_id) REFERENCES region_uploads (la_code, id)
);
CREATE TRIGGER region_upload_files_never_deleted BEFORE DELETE ON region_upload_files
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on region_upload_files is not allowed (records are never deleted or rewritten)');
END;
