-- SQLite dialect of migrations/postgres/0041_forecasts.sql: each demand forecast kept with what
-- it found, and the 903 files it was run on when they were sent with it (RCC-2; FC-1..FC-6;
-- decision 0018). Never deleted or changed.
CREATE TABLE forecasts (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    title            TEXT NOT NULL,
    source           TEXT NOT NULL,
    reference_start  TEXT NOT NULL,
    reference_end    TEXT NOT NULL,
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL,
    in_care_at_start REAL NOT NULL,
    in_care_at_end   REAL NOT NULL,
    result           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX forecasts_when ON forecasts (la_code, created_at);
CREATE TRIGGER forecasts_never_deleted BEFORE DELETE ON forecasts
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on forecasts is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE forecast_files (
    la_code      TEXT NOT NULL,
    forecast_id  BLOB NOT NULL,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    checksum     TEXT NOT NULL,
    content      BLOB NOT NULL,
    PRIMARY KEY (la_code, forecast_id, position),
    FOREIGN KEY (la_code, forecast_id) REFERENCES forecasts (la_code, id)
);
CREATE TRIGGER forecast_files_never_deleted BEFORE DELETE ON forecast_files
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on forecast_files is not allowed (records are never deleted or rewritten)');
END;
