-- 0024: what location archival needs beyond 0007, for a taco_jobs login.
--  * taco_archive_lock_partition: SHARE lock on a day's partition for the rest of the transaction, so no row
--    can arrive while it is being written out (LOCK ... SHARE needs UPDATE/DELETE privilege, which jobs lack).
--  * taco_archive_drop_partition: drops the partition only if it still holds exactly the rows the verified
--    archive holds (a late insert after the export would otherwise be lost); else raises TT008 and resets the
--    manifest to 'writing' is left to the caller, which exports the day again.
--  * taco_archive_restore_table: creates an empty table shaped like truck_positions (no partitioning, no RLS)
--    for investigations, named restored_positions_*, readable by the see-everything roles.

CREATE OR REPLACE FUNCTION taco_archive_lock_partition(p_day date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    part text := 'truck_positions_' || to_char(p_day, 'YYYYMMDD');
BEGIN
    IF to_regclass('public.' || part) IS NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('LOCK TABLE public.%I IN SHARE MODE', part);
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION taco_archive_drop_partition(p_day date, p_expected_rows bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    part text := 'truck_positions_' || to_char(p_day, 'YYYYMMDD');
    n    bigint;
BEGIN
    IF to_regclass('public.' || part) IS NOT NULL THEN
        EXECUTE format('LOCK TABLE public.%I IN ACCESS EXCLUSIVE MODE', part);
        EXECUTE format('SELECT count(*) FROM public.%I', part) INTO n;
        IF n <> p_expected_rows THEN
            RAISE EXCEPTION 'partition % holds % rows but its archive holds %', part, n, p_expected_rows
                USING ERRCODE = 'TT008', HINT = 'rows arrived after the archive was written; archive the day again';
        END IF;
    END IF;
    RETURN taco_drop_position_partition(p_day);
END
$$;

CREATE OR REPLACE FUNCTION taco_archive_restore_table(p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    r text;
BEGIN
    IF p_name !~ '^restored_positions_[a-z0-9_]{1,40}$' THEN
        RAISE EXCEPTION 'restore tables are named restored_positions_<suffix> (lower case, digits, _), not "%"', p_name
            USING ERRCODE = '22023';
    END IF;
    IF to_regclass('public.' || p_name) IS NOT NULL THEN
        RAISE EXCEPTION 'table % already exists', p_name USING ERRCODE = '42P07', HINT = 'choose another --into, or drop it';
    END IF;
    EXECUTE format('CREATE TABLE public.%I (LIKE public.truck_positions INCLUDING DEFAULTS)', p_name);
    FOREACH r IN ARRAY ARRAY['taco_sysadmin', 'taco_jobs', 'taco_reporting', 'taco_food_services'] LOOP
        EXECUTE format('GRANT SELECT ON public.%I TO %I', p_name, r);
    END LOOP;
    EXECUTE format('GRANT INSERT ON public.%I TO taco_jobs, taco_sysadmin', p_name);
    PERFORM taco_audit('ARCHIVE_RESTORE_TABLE', p_name, p_name, NULL, jsonb_build_object('table', p_name));
END
$$;

REVOKE EXECUTE ON FUNCTION taco_archive_lock_partition(date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION taco_archive_drop_partition(date, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION taco_archive_restore_table(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION taco_archive_lock_partition(date) TO taco_jobs, taco_sysadmin;
GRANT EXECUTE ON FUNCTION taco_archive_drop_partition(date, bigint) TO taco_jobs, taco_sysadmin;
GRANT EXECUTE ON FUNCTION taco_archive_restore_table(text) TO taco_jobs, taco_sysadmin;
