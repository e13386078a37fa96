-- SQLite dialect of migrations/postgres/0038_provider_register.sql: the register of homes and
-- agencies keyed by Ofsted URN (RCC-SHARE-6; decision 0015), the loads of Ofsted's published list
-- that fill it, and on each episode of care the provider's URN and any manager's agreement to a
-- placement the register raised concerns about (PR-REG-1, PR-REG-2).
CREATE TABLE providers (
    id              BLOB NOT NULL PRIMARY KEY,
    urn             TEXT NOT NULL,
    name            TEXT NOT NULL,
    search_name     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    registration    TEXT NOT NULL,
    places          INTEGER,
    judgement       TEXT NOT NULL,
    inspected_on    TEXT,
    local_authority TEXT,
    version         INTEGER NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      BLOB NOT NULL,
    load_id         BLOB NOT NULL
);
CREATE UNIQUE INDEX providers_urn ON providers (urn);
CREATE INDEX providers_search_name ON providers (search_name, urn);
CREATE TRIGGER providers_never_deleted BEFORE DELETE ON providers
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on providers is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE provider_loads (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    file_name    TEXT NOT NULL,
    checksum     TEXT NOT NULL,
    full_list    BOOLEAN NOT NULL,
    rows_read    INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    changed      INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL,
    closed       INTEGER NOT NULL,
    problems     TEXT NOT NULL,
    loaded_at    TEXT NOT NULL,
    loaded_by    BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX provider_loads_when ON provider_loads (la_code, loaded_at);
CREATE TRIGGER provider_loads_never_deleted BEFORE DELETE ON provider_loads
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on provider_loads is not allowed (records are never deleted or rewritten)');
END;
ALTER TABLE care_episodes ADD COLUMN provider_urn TEXT;
ALTER TABLE care_episodes ADD COLUMN provider_agreed_reason TEXT;
ALTER TABLE care_episodes ADD COLUMN provider_agreed_by BLOB;
CREATE INDEX care_episodes_urn ON care_episodes (la_code, provider_urn) WHERE provider_urn IS NOT NULL AND end_date IS NULL;
