-- SQLite dialect of migrations/postgres/0065_experience_corrections.sql: a worker's experience
-- period can be withdrawn with its reason, or replaced by a corrected one (W-SYS-5). The row
-- stays; nothing is deleted.
ALTER TABLE worker_experience ADD COLUMN withdrawn_at TEXT;
ALTER TABLE worker_experience ADD COLUMN withdrawn_by BLOB;
ALTER TABLE worker_experience ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE worker_experience ADD COLUMN replaced_by BLOB;
