-- Regions as records (RCC-1; decision 0029): the region a council keeps in this database (one
-- per council, its code and name), its member councils (how each takes part: on Families First
-- here, sharing pseudonymised extracts, or by sending its SSDA903 files; the days it joined and
-- left), and the 903 files a member not on Families First sends, kept as sent with the 903
-- validator's verdict. Council-owned by the keeping council, versioned, never deleted.
CREATE TABLE regions (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    code         text NOT NULL,
    name         text NOT NULL,
    version      integer NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE UNIQUE INDEX regions_one_per_council ON regions (la_code);
CREATE TRIGGER regions_never_deleted BEFORE DELETE ON regions
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE region_members (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    region_id      uuid NOT NULL,
    member_la      text NOT NULL,
    member_name    text NOT NULL,
    participation  text NOT NULL,
    joined_on      date NOT NULL,
    left_on        date,
    version        integer NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, region_id) REFERENCES regions (la_code, id)
);
CREATE UNIQUE INDEX region_members_council ON region_members (la_code, region_id, member_la);
CREATE TRIGGER region_members_never_deleted BEFORE DELETE ON region_members
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE region_uploads (
    la_code       text NOT NULL,
    id            uuid NOT NULL,
    region_id     uuid NOT NULL,
    member_la     text NOT NULL,
    year          text NOT NULL,
    verdict       text NOT NULL,
    children      integer NOT NULL,
    errors        integer NOT NULL,
    warnings      integer NOT NULL,
    bytes         bigint NOT NULL,
    report        text NOT NULL,
    uploaded_at   timestamptz NOT NULL,
    uploaded_by   uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, region_id) REFERENCES regions (la_code, id)
);
CREATE INDEX region_uploads_member ON region_uploads (la_code, member_la, uploaded_at);
CREATE TRIGGER region_uploads_never_deleted BEFORE DELETE ON region_uploads
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE region_upload_files (
    la_code      text NOT NULL,
    upload_id    uuid NOT NULL,
    name         text NOT NULL,
    content      text NOT NULL,
    PRIMARY KEY (la_code, upload_id, name),
    FOREIGN KEY (la_code, upload_id) REFERENCES region_uploads (la_code, id)
);
CREATE TRIGGER region_upload_files_never_deleted BEFORE DELETE ON region_upload_files
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
