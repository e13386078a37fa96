-- Looked-after reviews (issue 13 item 2; T24-T26, LA-4): each review of a child's period of care,
-- its independent reviewing officer and how the child took part (903 REVIEW_CODE). Never deleted.
CREATE TABLE care_reviews (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    child_id       uuid NOT NULL,
    period_id      uuid NOT NULL,
    held_on        date NOT NULL,
    chair_id       uuid NOT NULL,
    participation  text NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, chair_id) REFERENCES users (la_code, id)
);
CREATE INDEX care_reviews_child ON care_reviews (la_code, child_id, held_on);
CREATE TRIGGER care_reviews_never_deleted BEFORE DELETE ON care_reviews
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
