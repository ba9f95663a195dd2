-- 0007: GPS positions (partitioned per UTC day), last positions, geofence events, archive manifest.

-- ~10M rows/week: narrow rows, no FK (the service validates the truck by its device token).
CREATE TABLE truck_positions (
    truck_id     uuid NOT NULL,
    recorded_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    lat          double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon          double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    accuracy_m   real,
    speed_mps    real,
    heading_deg  real,
    PRIMARY KEY (truck_id, recorded_at)
) PARTITION BY RANGE (recorded_at);
-- No DEFAULT partition on purpose (it would block DETACH ... CONCURRENTLY and hide missing days).

-- Creates the missing daily partitions truck_positions_YYYYMMDD for p_from .. p_from + p_days - 1,
-- each covering [day 00:00 UTC, day+1 00:00 UTC). Returns how many it created.
-- Partitions carry no grants of their own except SELECT for the see-everything roles (so archival
-- can COPY a partition directly); vendors reach positions only through the parent (RLS there).
CREATE OR REPLACE FUNCTION taco_ensure_position_partitions(p_from date, p_days int) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    d        date;
    part     text;
    created  int := 0;
    r        text;
BEGIN
    IF p_from IS NULL OR p_days IS NULL OR p_days < 0 OR p_days > 366 THEN
        RAISE EXCEPTION 'taco_ensure_position_partitions: p_days must be 0..366' USING ERRCODE = '22023';
    END IF;
    FOR i IN 0 .. p_days - 1 LOOP
        d := p_from + i;
        part := 'truck_positions_' || to_char(d, 'YYYYMMDD');
        CONTINUE WHEN to_regclass('public.' || part) IS NOT NULL;
        EXECUTE format('CREATE TABLE public.%I PARTITION OF public.truck_positions '
                       'FOR VALUES FROM (%L) TO (%L)',
                       part, to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00',
                       to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', part);
        FOREACH r IN ARRAY ARRAY['taco_owner', 'taco_sysadmin', 'taco_jobs', 'taco_reporting',
                                 'taco_food_services'] LOOP
            IF r = 'taco_owner' THEN
                -- current_user here is the function owner, which owns the new partition
                EXECUTE format('CREATE POLICY owner_all ON public.%I TO %I USING (true) WITH CHECK (true)',
                               part, current_user);
            ELSE
                EXECUTE format('CREATE POLICY %I ON public.%I TO %I USING (true) WITH CHECK (true)',
                               r || '_all', part, r);
                EXECUTE format('GRANT SELECT ON public.%I TO %I', part, r);
            END IF;
        END LOOP;
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_ensure_position_partitions(date, int) FROM PUBLIC;

CREATE TABLE truck_last_positions (
    truck_id     uuid PRIMARY KEY,
    vendor_id    uuid NOT NULL,
    recorded_at  timestamptz NOT NULL,
    lat          double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon          double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    accuracy_m   real,
    speed_mps    real,
    heading_deg  real,
    geog         geography(Point, 4326)
                 GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED,
    campus_id    uuid REFERENCES campuses (id),      -- campus whose geofence the truck is inside
    updated_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (truck_id, vendor_id) REFERENCES trucks (id, vendor_id) ON DELETE CASCADE
);
CREATE INDEX truck_last_positions_geog_gix ON truck_last_positions USING gist (geog);
CREATE INDEX truck_last_positions_vendor_idx ON truck_last_positions (vendor_id);
CREATE TRIGGER truck_last_positions_touch BEFORE UPDATE ON truck_last_positions
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE geofence_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    truck_id    uuid NOT NULL,
    vendor_id   uuid NOT NULL,
    campus_id   uuid NOT NULL REFERENCES campuses (id),
    kind        text NOT NULL CHECK (kind IN ('arrive', 'depart')),
    at          timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (truck_id, vendor_id) REFERENCES trucks (id, vendor_id) ON DELETE CASCADE
);
CREATE INDEX geofence_events_truck_at_idx ON geofence_events (truck_id, at);
CREATE INDEX geofence_events_campus_at_idx ON geofence_events (campus_id, at);
CREATE INDEX geofence_events_vendor_at_idx ON geofence_events (vendor_id, at);

-- Archive manifest: one row per archived day/partition.
CREATE TABLE location_archives (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partition_name  text NOT NULL,
    day             date NOT NULL UNIQUE,
    range_start     timestamptz NOT NULL,
    range_end       timestamptz NOT NULL,
    row_count       bigint CHECK (row_count >= 0),
    bytes           bigint CHECK (bytes >= 0),
    sha256          text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    path            text,
    state           text NOT NULL DEFAULT 'writing' CHECK (state IN ('writing', 'verified', 'dropped')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    CHECK (range_end > range_start),
    CHECK (state = 'writing' OR (row_count IS NOT NULL AND sha256 IS NOT NULL AND path IS NOT NULL))
);

-- Drops the partition of p_day once its archive is 'verified'; marks the archive 'dropped'.
-- Returns false when the partition did not exist (archive still marked 'dropped').
CREATE OR REPLACE FUNCTION taco_drop_position_partition(p_day date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    part  text := 'truck_positions_' || to_char(p_day, 'YYYYMMDD');
    st    text;
    found_part boolean;
BEGIN
    SELECT state INTO st FROM public.location_archives WHERE day = p_day FOR UPDATE;
    IF st IS NULL OR st = 'writing' THEN
        RAISE EXCEPTION 'partition % has no verified archive (state %)', part, coalesce(st, 'none')
            USING ERRCODE = 'TT005';
    END IF;
    found_part := to_regclass('public.' || part) IS NOT NULL;
    IF found_part THEN
        EXECUTE format('DROP TABLE public.%I', part);
    END IF;
    UPDATE public.location_archives SET state = 'dropped', completed_at = coalesce(completed_at, now())
     WHERE day = p_day;
    PERFORM public.taco_audit('PARTITION_DROP', 'truck_positions', part, NULL,
                              jsonb_build_object('day', p_day, 'existed', found_part));
    RETURN found_part;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_drop_position_partition(date) FROM PUBLIC;

-- Yesterday .. today+7 (UTC days).
SELECT taco_ensure_position_partitions(((now() AT TIME ZONE 'UTC')::date) - 1, 9);
