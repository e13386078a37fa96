-- Family network support packages (issue 5 item 4; domain reference §5.5; rules FNSP-1..3):
-- a request with its costed items, the decision within the approver's limit, and a ledger of
-- payments that never exceeds the approved total. Items and payments are never changed: a
-- package is closed, not rewritten.

-- status: requested, approved, declined, closed
CREATE TABLE support_packages (
    la_code            text NOT NULL REFERENCES las (la_code),
    id                 uuid NOT NULL,
    child_id           uuid NOT NULL,
    fgdm_id            uuid,
    status             text NOT NULL,
    purpose            text NOT NULL,
    requested_on       date NOT NULL,
    requested_by       uuid NOT NULL,
    no_network_reason  text,
    review_on          date,
    decided_by         uuid,
    decided_on         date,
    decision_note      text,
    closed_on          date,
    close_note         text,
    total_pence        bigint NOT NULL CHECK (total_pence > 0),
    version            integer NOT NULL,
    created_at         timestamptz NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, fgdm_id) REFERENCES fgdm (la_code, id)
);
CREATE INDEX support_packages_child ON support_packages (la_code, child_id);
-- The budget: packages decided in a financial year; requests waiting for a decision.
CREATE INDEX support_packages_decided ON support_packages (la_code, decided_on);
CREATE INDEX support_packages_requested ON support_packages (la_code, requested_on) WHERE status = 'requested';

CREATE TABLE package_items (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    package_id   uuid NOT NULL,
    position     integer NOT NULL,
    category     text NOT NULL,
    description  text NOT NULL,
    cost_pence   bigint NOT NULL CHECK (cost_pence > 0),
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, package_id) REFERENCES support_packages (la_code, id)
);
CREATE INDEX package_items_package ON package_items (la_code, package_id);

CREATE TABLE package_payments (
    la_code       text NOT NULL,
    id            uuid NOT NULL,
    package_id    uuid NOT NULL,
    paid_on       date NOT NULL,
    amount_pence  bigint NOT NULL CHECK (amount_pence > 0),
    payee         text NOT NULL,
    reference     text,
    recorded_by   uuid NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, package_id) REFERENCES support_packages (la_code, id)
);
CREATE INDEX package_payments_package ON package_payments (la_code, package_id);
-- The budget: money spent in a financial year.
CREATE INDEX package_payments_paid ON package_payments (la_code, paid_on);

CREATE TRIGGER support_packages_never_deleted BEFORE DELETE ON support_packages FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER package_items_never_changed BEFORE UPDATE OR DELETE ON package_items FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER package_payments_never_changed BEFORE UPDATE OR DELETE ON package_payments FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
