-- SQLite dialect of migrations/postgres/0046_provider_register_urn_facts.sql: what the 903's URN
-- rules need from the provider register (1008, 219, 221, 224, 227, 228, 229, 241) and Ofsted
-- publishes: the setting's postcode (normalised), the day its registration ended, and who owns it
-- (its sector code). Entries loaded before this have none of them until the next load.
ALTER TABLE providers ADD COLUMN postcode TEXT;
ALTER TABLE providers ADD COLUMN registration_ended_on TEXT;
ALTER TABLE providers ADD COLUMN sector TEXT;
