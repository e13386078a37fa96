-- A worker's experience ledger (W-SYS-5) can be put right (issue 14): a period entered in error is
-- withdrawn with the reason, and a corrected period replaces one (`replaced_by` names the new
-- row). The row stays, with who withdrew it and when; the periods that count read only those not
-- withdrawn. Council-owned; nothing is deleted.
ALTER TABLE worker_experience ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE worker_experience ADD COLUMN withdrawn_by uuid;
ALTER TABLE worker_experience ADD COLUMN withdrawn_reason text;
ALTER TABLE worker_experience ADD COLUMN replaced_by uuid;
