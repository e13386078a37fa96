-- Audit that does not serialise a council (issue 11 item 2). A request writes its audit event
-- here, in its own transaction, with no shared row to lock; one background sealer moves pending
-- events into audit_events in batches, giving each its place (seq) in the council's hash chain.
-- A pending row may only be removed by the sealer, in the transaction that inserts it into the
-- chain; it is never changed.
CREATE TABLE audit_pending (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    la_code     text NOT NULL,
    at          timestamptz NOT NULL,
    actor_id    uuid,
    actor_role  text NOT NULL,
    action      text NOT NULL,
    record_type text NOT NULL,
    record_id   text,
    summary     text NOT NULL
);
CREATE INDEX audit_pending_la ON audit_pending (la_code, id);
CREATE INDEX audit_pending_record ON audit_pending (la_code, record_type, record_id);
CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

-- Opening a record looks up the records merged into it; without this index that read scanned a
-- council's whole people table (issue 11 item 1).
CREATE INDEX people_merged_into ON people (la_code, merged_into) WHERE merged_into IS NOT NULL;
