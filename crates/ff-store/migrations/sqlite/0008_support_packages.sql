-- SQLite dialect of migrations/postgres/0008_support_packages.sql.
-- Family network support packages (issue 5 item 4; domain reference §5.5; rules FNSP-1..3):
-- a request with its costed items, the decision within the approver's limit, and a ledger of
-- payments that never exceeds the approved total. Items and payments are never changed: a
-- package is closed, not rewritten.

-- status: requested, approved, declined, closed
CREATE TABLE support_packages (
    la_code            TEXT NOT NULL REFERENCES las (la_code),
    id                 BLOB NOT NULL,
    child_id           BLOB NOT NULL,
    fgdm_id            BLOB,
    status             TEXT NOT NULL,
    purpose            TEXT NOT NULL,
    requested_on       TEXT NOT NULL,
    requested_by       BLOB NOT NULL,
    no_network_reason  TEXT,
    review_on          TEXT,
    decided_by         BLOB,
    decided_on         TEXT,
    decision_note      TEXT,
    closed_on          TEXT,
    close_note         TEXT,
    total_pence        INTEGER NOT NULL CHECK (total_pence > 0),
    version            INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, fgdm_id) REFERENCES fgdm (la_code, id)
);
CREATE INDEX support_packages_child ON support_packages (la_code, child_id);
-- The budget: packages decided in a financial year; requests waiting for a decision.
CREATE INDEX support_packages_decided ON support_packages (la_code, decided_on);
CREATE INDEX support_packages_requested ON support_packages (la_code, requested_on) WHERE status = 'requested';

CREATE TABLE package_items (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    package_id   BLOB NOT NULL,
    position     INTEGER NOT NULL,
    category     TEXT NOT NULL,
    description  TEXT NOT NULL,
    cost_pence   INTEGER NOT NULL CHECK (cost_pence > 0),
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, package_id) REFERENCES support_packages (la_code, id)
);
CREATE INDEX package_items_package ON package_items (la_code, package_id);

CREATE TABLE package_payments (
    la_code       TEXT NOT NULL,
    id            BLOB NOT NULL,
    package_id    BLOB NOT NULL,
    paid_on       TEXT NOT NULL,
    amount_pence  INTEGER NOT NULL CHECK (amount_pence > 0),
    payee         TEXT NOT NULL,
    reference     TEXT,
    recorded_by   BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, package_id) REFERENCES support_packages (la_code, id)
);
CREATE INDEX package_payments_package ON package_payments (la_code, package_id);
-- The budget: money spent in a financial year.
CREATE INDEX package_payments_paid ON package_payments (la_code, paid_on);

CREATE TRIGGER support_packages_no_delete BEFORE DELETE ON support_packages
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on support_packages is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER package_items_no_update BEFORE UPDATE ON package_items
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on package_items is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER package_items_no_delete BEFORE DELETE ON package_items
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on package_items is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER package_payments_no_update BEFORE UPDATE ON package_payments
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on package_payments is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER package_payments_no_delete BEFORE DELETE ON package_payments
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on package_payments is not allowed (records are never deleted or rewritten)');
END;
