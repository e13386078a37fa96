-- SQLite dialect of migrations/postgres/0054_worker_record.sql.
-- The worker's record in full (issue 14; W-SYS-1): date of birth (the census asks for it), Social
-- Work England registration status from a date (W-SYS-17 flags roles that need registration when
-- it is not "registered"), the qualification route, and the evidence of accreditation as a lead
-- child protection practitioner. Edited at a version; each version is kept in record_versions.
ALTER TABLE workers ADD COLUMN date_of_birth TEXT;
ALTER TABLE workers ADD COLUMN registration_status TEXT;
ALTER TABLE workers ADD COLUMN registration_from TEXT;
ALTER TABLE workers ADD COLUMN qualification_route TEXT;
ALTER TABLE workers ADD COLUMN lcpp_accredited_on TEXT;
ALTER TABLE workers ADD COLUMN lcpp_evidence TEXT;
ALTER TABLE workers ADD COLUMN lcpp_evidence_held TEXT;
ALTER TABLE workers ADD COLUMN lcpp_checked_by TEXT;
-- The dashboard's early-career cohort (by qualifying date) and LCPP pipeline (by accreditation).
CREATE INDEX workers_qualified ON workers (la_code, qualified_on) WHERE qualified_on IS NOT NULL;
CREATE INDEX workers_lcpp ON workers (la_code, lcpp_accredited_on) WHERE lcpp_accredited_on IS NOT NULL;
