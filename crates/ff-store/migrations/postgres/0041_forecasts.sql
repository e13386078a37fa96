-- Demand forecasts (RCC-2; FC-1..FC-6; decision 0018): each forecast a commissioner or analyst
-- runs, kept with its dates, levers, unit costs and what it found, so the figures behind a
-- sufficiency decision can be shown later exactly as they were; and the 903 files it was run on
-- when they were sent with it (a member council not on Families First). Council-owned, never
-- deleted or changed.
CREATE TABLE forecasts (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    title            text NOT NULL,
    source           text NOT NULL,
    reference_start  date NOT NULL,
    reference_end    date NOT NULL,
    start_date       date NOT NULL,
    end_date         date NOT NULL,
    in_care_at_start double precision NOT NULL,
    in_care_at_end   double precision NOT NULL,
    result           text NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX forecasts_when ON forecasts (la_code, created_at);
CREATE TRIGGER forecasts_never_deleted BEFORE DELETE ON forecasts
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE forecast_files (
    la_code      text NOT NULL,
    forecast_id  uuid NOT NULL,
    position     integer NOT NULL,
    name         text NOT NULL,
    size         bigint NOT NULL,
    checksum     text NOT NULL,
    content      bytea NOT NULL,
    PRIMARY KEY (la_code, forecast_id, position),
    FOREIGN KEY (la_code, forecast_id) REFERENCES forecasts (la_code, id)
);
CREATE TRIGGER forecast_files_never_deleted BEFORE DELETE ON forecast_files
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
