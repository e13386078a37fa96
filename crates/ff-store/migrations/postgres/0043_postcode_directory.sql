-- The national postcode directory (decision 0019): every UK postcode from the ONS National
-- Statistics Postcode Directory with its OS grid reference and the upper-tier council it is in,
-- as the DfE's 3-digit code or SCO, WAL, NIR (ssda903 fields §2: PL_LA, PL_LOCATION,
-- PL_DISTANCE). ONS's data is public and the same for every council, so one directory per
-- database keyed by the postcode with no la_code, like providers and bank_holidays; each row
-- names the load that last changed it. The loads themselves are the loading council's.
CREATE TABLE postcodes (
    postcode    text NOT NULL PRIMARY KEY,
    easting     integer,
    northing    integer,
    la_code     text,
    terminated  text,
    load_id     uuid NOT NULL
);
CREATE TRIGGER postcodes_never_deleted BEFORE DELETE ON postcodes
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE postcode_loads (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    file_name    text NOT NULL,
    checksum     text NOT NULL,
    rows_read    integer NOT NULL,
    added        integer NOT NULL,
    changed      integer NOT NULL,
    unchanged    integer NOT NULL,
    unreadable   integer NOT NULL,
    problems     text NOT NULL,
    loaded_at    timestamptz NOT NULL,
    loaded_by    uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX postcode_loads_when ON postcode_loads (la_code, loaded_at);
CREATE TRIGGER postcode_loads_never_deleted BEFORE DELETE ON postcode_loads
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
