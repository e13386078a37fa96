-- Caseloads on a date and time face to face with families (workforce item 3; W-SYS-7, W-EC-8).
-- A case holder's lead allocations are read by worker and start date, so a caseload on any date
-- reads that worker's allocations and never the council's; their visits (family help and child
-- protection visits, and statutory visits to children in care, by whoever recorded them) by
-- worker and date, for the year up to the date.
CREATE INDEX allocations_user ON allocations (la_code, user_id, role, from_date);
-- The council's whole caseload on a recent date reads only the lead allocations still running
-- then (open, or ended after it), not every allocation ever made.
CREATE INDEX allocations_lead_until ON allocations (la_code, to_date) WHERE role = 'lead';
CREATE INDEX visits_practitioner ON visits (la_code, practitioner_id, visit_date);
CREATE INDEX care_checks_visitor ON care_checks (la_code, created_by, held_on) WHERE kind = 'visit';
