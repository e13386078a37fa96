-- Family finding and mentoring (issue 13 item 5; LA-10): a child in care's connections with people
-- from their network, mentors, befrienders and independent visitors, offered, matched and ended;
-- kept across placement moves. Never deleted; each step bumps the version.
CREATE TABLE care_connections (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    child_id     uuid NOT NULL,
    kind         text NOT NULL,
    name         text NOT NULL,
    offered_on   date NOT NULL,
    matched_on   date,
    ended_on     date,
    end_reason   text,
    version      integer NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_connections_child ON care_connections (la_code, child_id, offered_on);
CREATE TRIGGER care_connections_never_deleted BEFORE DELETE ON care_connections
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
