-- 0005: weekly schedules (local campus time) and per-day exceptions.

CREATE TABLE schedules (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id    uuid NOT NULL,
    truck_id     uuid NOT NULL,
    campus_id    uuid NOT NULL REFERENCES campuses (id),
    weekday      smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),   -- ISO: 1 = Monday .. 7 = Sunday
    start_local  time NOT NULL,
    end_local    time NOT NULL,
    spot         text,
    valid_from   date NOT NULL DEFAULT current_date,
    valid_until  date,                                                -- inclusive; NULL = open-ended
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (end_local > start_local),
    CHECK (valid_until IS NULL OR valid_until >= valid_from),
    FOREIGN KEY (truck_id, vendor_id) REFERENCES trucks (id, vendor_id) ON DELETE CASCADE,
    -- a truck is never in two places at once (local wall-clock times; campuses of one truck are
    -- expected to share a time zone)
    CONSTRAINT schedules_no_overlap EXCLUDE USING gist (
        truck_id WITH =,
        weekday WITH =,
        timerange(start_local, end_local) WITH &&,
        daterange(valid_from, valid_until, '[]') WITH &&)
);
CREATE INDEX schedules_campus_idx ON schedules (campus_id, weekday);
CREATE INDEX schedules_vendor_idx ON schedules (vendor_id);
CREATE TRIGGER schedules_touch BEFORE UPDATE ON schedules
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

-- The truck is closed on that (local) date.
CREATE TABLE schedule_exceptions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id   uuid NOT NULL,
    truck_id    uuid NOT NULL,
    on_date     date NOT NULL,
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT session_user,
    UNIQUE (truck_id, on_date),
    FOREIGN KEY (truck_id, vendor_id) REFERENCES trucks (id, vendor_id) ON DELETE CASCADE
);
CREATE INDEX schedule_exceptions_vendor_idx ON schedule_exceptions (vendor_id, on_date);
