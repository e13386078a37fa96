-- SQLite dialect of migrations/postgres/0043_postcode_directory.sql: the national postcode
-- directory (decision 0019), one per database keyed by the postcode with no la_code, and the
-- loading council's loads of the ONS National Statistics Postcode Directory that fill it.
CREATE TABLE postcodes (
    postcode    TEXT NOT NULL PRIMARY KEY,
    easting     INTEGER,
    northing    INTEGER,
    la_code     TEXT,
    terminated  TEXT,
    load_id     BLOB NOT NULL
);
CREATE TRIGGER postcodes_never_deleted BEFORE DELETE ON postcodes
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on postcodes is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE postcode_loads (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    file_name    TEXT NOT NULL,
    checksum     TEXT NOT NULL,
    rows_read    INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    changed      INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL,
    unreadable   INTEGER NOT NULL,
    problems     TEXT NOT NULL,
    loaded_at    TEXT NOT NULL,
    loaded_by    BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX postcode_loads_when ON postcode_loads (la_code, loaded_at);
CREATE TRIGGER postcode_loads_never_deleted BEFORE DELETE ON postcode_loads
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on postcode_loads is not allowed (records are never deleted or rewritten)');
END;
