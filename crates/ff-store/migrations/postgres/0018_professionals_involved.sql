-- The professionals involved with a child (issue 12 item 6; ff_domain::professionals): who they
-- are, what they do for the child, how to reach them, and from when to when. Ending an
-- involvement sets its end date at the version read; each version is kept in record_versions;
-- rows are never deleted.
CREATE TABLE professionals_involved (
    la_code       text NOT NULL,
    id            uuid NOT NULL,
    child_id      uuid NOT NULL,
    role          text NOT NULL,
    name          text NOT NULL,
    organisation  text NOT NULL,
    phone         text NOT NULL,
    email         text NOT NULL,
    start_date    date NOT NULL,
    end_date      date,
    version       integer NOT NULL,
    created_at    timestamptz NOT NULL,
    created_by    uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX professionals_involved_child ON professionals_involved (la_code, child_id, start_date);
CREATE TRIGGER professionals_involved_never_deleted BEFORE DELETE ON professionals_involved FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
