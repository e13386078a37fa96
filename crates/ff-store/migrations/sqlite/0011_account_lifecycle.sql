-- Accounts have a lifecycle (issue 10 item 16): an administrator's password reset makes the
-- user choose a new password at the next sign-in; a team left is kept in a history table; the
-- sessions and tokens of a user are found by index when their account is deactivated or reset.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE team_member_history (
    la_code     TEXT NOT NULL,
    team_id     BLOB NOT NULL,
    user_id     BLOB NOT NULL,
    added_at    TEXT NOT NULL,
    removed_at  TEXT NOT NULL,
    removed_by  BLOB,
    PRIMARY KEY (la_code, team_id, user_id, removed_at)
);
CREATE INDEX sessions_user ON sessions (la_code, user_id);
CREATE INDEX api_tokens_user ON api_tokens (la_code, user_id);
