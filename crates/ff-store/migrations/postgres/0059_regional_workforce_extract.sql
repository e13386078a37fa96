-- The social work workforce a council shares with its region (W-OUT-4, RCC-SHARE-4; decision
-- 0024): the region's keys for the Social Work England number, as the council's administrator
-- loaded them (one row per version the region issued; the newest in use; the secret never shown
-- again, only its check value), and a kind on each extract so the workforce extract is kept,
-- tagged and downloaded like the children's ('children' for every extract made before).
-- Council-owned, never deleted.
CREATE TABLE region_keys (
    la_code      text NOT NULL,
    version      integer NOT NULL,
    secret       bytea NOT NULL,
    check_value  text NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    PRIMARY KEY (la_code, version)
);
CREATE TRIGGER region_keys_never_deleted BEFORE DELETE ON region_keys
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
ALTER TABLE shared_extracts ADD COLUMN kind text NOT NULL DEFAULT 'children';
CREATE INDEX shared_extracts_kind_when ON shared_extracts (la_code, kind, created_at);
