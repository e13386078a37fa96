-- SQLite dialect of migrations/postgres/0036_outside_home.sql: places and groups, the children
-- linked to them and the concerns about them (issue 15 item 5; HOTH-1, HOTH-2). Never deleted.
CREATE TABLE places (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    area         TEXT,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX places_name ON places (la_code, name, id);
CREATE TRIGGER places_never_deleted BEFORE DELETE ON places
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on places is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE place_links (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    place_id     BLOB NOT NULL,
    child_id     BLOB NOT NULL,
    linked_on    TEXT NOT NULL,
    ended_on     TEXT,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, place_id) REFERENCES places (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX place_links_place ON place_links (la_code, place_id, linked_on);
CREATE INDEX place_links_child ON place_links (la_code, child_id, linked_on);
CREATE UNIQUE INDEX place_links_open ON place_links (la_code, place_id, child_id) WHERE ended_on IS NULL;
CREATE TRIGGER place_links_never_deleted BEFORE DELETE ON place_links
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on place_links is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE place_concerns (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    place_id     BLOB NOT NULL,
    child_id     BLOB,
    harm         TEXT NOT NULL,
    source       TEXT NOT NULL,
    what         TEXT NOT NULL,
    raised_on    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, place_id) REFERENCES places (la_code, id)
);
CREATE INDEX place_concerns_place ON place_concerns (la_code, place_id, raised_on);
CREATE TRIGGER place_concerns_no_update BEFORE UPDATE ON place_concerns
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on place_concerns is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER place_concerns_never_deleted BEFORE DELETE ON place_concerns
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on place_concerns is not allowed (records are never deleted or rewritten)');
END;
