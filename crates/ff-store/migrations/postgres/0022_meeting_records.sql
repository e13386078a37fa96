-- Meetings' shared written records (issue 12 item 1, MR-1..MR-3): what was said at a child
-- protection conference and at a family help plan review, and why it was decided, written section
-- by section like a plan's record (0020, 0021). A conference's record is locked once its chair
-- agrees it (agreed_at, agreed_by); a review's once its plan ends.
CREATE TABLE conference_records (
    la_code        text NOT NULL,
    conference_id  uuid NOT NULL,
    sections       text NOT NULL,
    version        integer NOT NULL,
    saved_at       timestamptz NOT NULL,
    saved_by       uuid NOT NULL,
    agreed_at      timestamptz,
    agreed_by      uuid,
    PRIMARY KEY (la_code, conference_id),
    FOREIGN KEY (la_code, conference_id) REFERENCES conferences (la_code, id)
);
CREATE TRIGGER conference_records_never_deleted BEFORE DELETE ON conference_records
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE plan_review_records (
    la_code     text NOT NULL,
    review_id   uuid NOT NULL,
    sections    text NOT NULL,
    version     integer NOT NULL,
    saved_at    timestamptz NOT NULL,
    saved_by    uuid NOT NULL,
    PRIMARY KEY (la_code, review_id),
    FOREIGN KEY (la_code, review_id) REFERENCES plan_reviews (la_code, id)
);
CREATE TRIGGER plan_review_records_never_deleted BEFORE DELETE ON plan_review_records
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
