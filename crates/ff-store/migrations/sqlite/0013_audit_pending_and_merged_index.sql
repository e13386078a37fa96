-- Audit that does not serialise a council (issue 11 item 2). A request writes its audit event
-- here, in its own transaction, with no shared row to lock; one background sealer moves pending
-- events into audit_events in batches, giving each its place (seq) in the council's hash chain.
-- A pending row may only be removed by the sealer, in the transaction that inserts it into the
-- chain; it is never changed.
CREATE TABLE audit_pending (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    la_code     TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor_id    BLOB,
    actor_role  TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   TEXT,
    summary     TEXT NOT NULL
);
CREATE INDEX audit_pending_la ON audit_pending (la_code, id);
CREATE INDEX audit_pending_record ON audit_pending (la_code, record_type, record_id);
CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on audit_pending is not allowed (records are never deleted or rewritten)');
END;

-- Opening a record looks up the records merged into it; without this index that read scanned a
-- council's whole people table (issue 11 item 1).
CREATE INDEX people_merged_into ON people (la_code, merged_into) WHERE merged_into IS NOT NULL;
