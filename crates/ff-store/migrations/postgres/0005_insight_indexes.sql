-- Performance dashboard (issue 6 item 5): the figures for any period are range scans on these
-- indexes, per council, whatever the size of the database.
CREATE INDEX episodes_referral ON episodes (la_code, referral_date);
CREATE INDEX assessments_completed ON assessments (la_code, completed_date);
CREATE INDEX s47_start ON s47_enquiries (la_code, start_date);
CREATE INDEX conferences_held ON conferences (la_code, held_on);
CREATE INDEX cp_plans_start ON cp_plans (la_code, start_date);
