-- Harm outside the home (issue 15 item 5; HOTH-1, HOTH-2): places and groups, the children linked
-- to them, and concerns about them with who raised them (a concern raised when a child is linked
-- names that child). Council-owned, versioned where they change, never deleted.
CREATE TABLE places (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    name         text NOT NULL,
    kind         text NOT NULL,
    area         text,
    version      integer NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX places_name ON places (la_code, name, id);
CREATE TRIGGER places_never_deleted BEFORE DELETE ON places
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE place_links (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    place_id     uuid NOT NULL,
    child_id     uuid NOT NULL,
    linked_on    date NOT NULL,
    ended_on     date,
    version      integer NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, place_id) REFERENCES places (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX place_links_place ON place_links (la_code, place_id, linked_on);
CREATE INDEX place_links_child ON place_links (la_code, child_id, linked_on);
CREATE UNIQUE INDEX place_links_open ON place_links (la_code, place_id, child_id) WHERE ended_on IS NULL;
CREATE TRIGGER place_links_never_deleted BEFORE DELETE ON place_links
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE place_concerns (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    place_id     uuid NOT NULL,
    child_id     uuid,
    harm         text NOT NULL,
    source       text NOT NULL,
    what         text NOT NULL,
    raised_on    date NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, place_id) REFERENCES places (la_code, id)
);
CREATE INDEX place_concerns_place ON place_concerns (la_code, place_id, raised_on);
CREATE TRIGGER place_concerns_no_update BEFORE UPDATE ON place_concerns
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER place_concerns_never_deleted BEFORE DELETE ON place_concerns
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
