-- SQLite dialect of migrations/postgres/0032_care_episode_carer.sql: the foster carers a child is
-- placed with (CR-6).
ALTER TABLE care_episodes ADD COLUMN carer_id BLOB;
CREATE INDEX care_episodes_carer_open ON care_episodes (la_code, carer_id) WHERE end_date IS NULL AND carer_id IS NOT NULL;
