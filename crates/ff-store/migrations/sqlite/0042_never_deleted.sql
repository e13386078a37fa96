-- Nothing is lost: the last tables without one get the trigger that refuses DELETE (ARCHITECTURE.md,
-- "Invariants"; the store suite's no_case_record_can_be_deleted lists every table that may delete).
CREATE TRIGGER las_never_deleted BEFORE DELETE ON las
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on las is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER teams_never_deleted BEFORE DELETE ON teams
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on teams is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on users is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER households_never_deleted BEFORE DELETE ON households
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on households is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER merges_never_deleted BEFORE DELETE ON merges
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on merges is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER contact_people_never_deleted BEFORE DELETE ON contact_people
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on contact_people is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER team_member_history_never_deleted BEFORE DELETE ON team_member_history
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on team_member_history is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER assessment_adults_never_deleted BEFORE DELETE ON assessment_adults
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on assessment_adults is not allowed (records are never deleted or rewritten)');
END;
