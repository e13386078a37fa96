-- Nothing is lost: the last tables without one get the trigger that refuses DELETE (ARCHITECTURE.md,
-- "Invariants"; the store suite's no_case_record_can_be_deleted lists every table that may delete).
CREATE TRIGGER las_never_deleted BEFORE DELETE ON las
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER teams_never_deleted BEFORE DELETE ON teams
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER households_never_deleted BEFORE DELETE ON households
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER merges_never_deleted BEFORE DELETE ON merges
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER contact_people_never_deleted BEFORE DELETE ON contact_people
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER team_member_history_never_deleted BEFORE DELETE ON team_member_history
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER assessment_adults_never_deleted BEFORE DELETE ON assessment_adults
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
