-- The register of homes and agencies keyed by Ofsted URN (RCC-SHARE-6; decision 0015): Ofsted's
-- published data, not a council's own, so one register per database (like bank_holidays), each
-- entry versioned in record_versions under the council whose load changed it. The loads of
-- Ofsted's list are the loading council's. On each episode of care, the provider's URN and any
-- manager's agreement to a placement the register raised concerns about (PR-REG-1, PR-REG-2).
CREATE TABLE providers (
    id              uuid NOT NULL PRIMARY KEY,
    urn             text NOT NULL,
    name            text NOT NULL,
    search_name     text COLLATE "C" NOT NULL,
    kind            text NOT NULL,
    registration    text NOT NULL,
    places          integer,
    judgement       text NOT NULL,
    inspected_on    date,
    local_authority text,
    version         integer NOT NULL,
    updated_at      timestamptz NOT NULL,
    updated_by      uuid NOT NULL,
    load_id         uuid NOT NULL
);
CREATE UNIQUE INDEX providers_urn ON providers (urn);
CREATE INDEX providers_search_name ON providers (search_name, urn);
CREATE TRIGGER providers_never_deleted BEFORE DELETE ON providers
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE provider_loads (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    file_name    text NOT NULL,
    checksum     text NOT NULL,
    full_list    boolean NOT NULL,
    rows_read    integer NOT NULL,
    added        integer NOT NULL,
    changed      integer NOT NULL,
    unchanged    integer NOT NULL,
    closed       integer NOT NULL,
    problems     text NOT NULL,
    loaded_at    timestamptz NOT NULL,
    loaded_by    uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX provider_loads_when ON provider_loads (la_code, loaded_at);
CREATE TRIGGER provider_loads_never_deleted BEFORE DELETE ON provider_loads
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
ALTER TABLE care_episodes ADD COLUMN provider_urn text;
ALTER TABLE care_episodes ADD COLUMN provider_agreed_reason text;
ALTER TABLE care_episodes ADD COLUMN provider_agreed_by uuid;
CREATE INDEX care_episodes_urn ON care_episodes (la_code, provider_urn) WHERE provider_urn IS NOT NULL AND end_date IS NULL;
