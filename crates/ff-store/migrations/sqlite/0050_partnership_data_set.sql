-- The safeguarding partnership's agreed data set (issue 15 item 4; MASA-P-2, MASA-SYS-*): the
-- period indexes its aggregates count over, and its figures kept for a minute like the
-- performance dashboard's (docs/decisions/0008). Forward only: new indexes and one new table of
-- derived data, replaced when refreshed and removed a day after it was last computed.
CREATE INDEX contacts_received ON contacts (la_code, received_on);
CREATE INDEX episodes_contact ON episodes (la_code, contact_id);
CREATE INDEX strategy_discussions_held ON strategy_discussions (la_code, held_on);
CREATE INDEX info_requests_requested ON info_requests (la_code, requested_on);
CREATE INDEX partnership_learning_agreed ON partnership_learning (la_code, agreed_on);

CREATE TABLE data_set_snapshots (
    la_code     TEXT NOT NULL REFERENCES las (la_code),
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    figures     TEXT NOT NULL,
    PRIMARY KEY (la_code, period_from, period_to)
);
CREATE INDEX data_set_snapshots_computed ON data_set_snapshots (la_code, computed_at);
