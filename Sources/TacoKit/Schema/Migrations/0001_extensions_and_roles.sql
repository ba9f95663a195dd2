-- 0001: extensions, group roles, shared helper functions.
-- Runs as taco_owner (LOGIN, CREATEROLE, database owner, not superuser) in one transaction.

CREATE EXTENSION IF NOT EXISTS postgis;      -- pre-created by a superuser; no-op here
CREATE EXTENSION IF NOT EXISTS btree_gist;   -- trusted extension: the database owner may create it

-- Group roles are cluster-wide and shared by every database (test clones) of the cluster.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['taco_sysadmin', 'taco_food_services', 'taco_vendor_admin',
                             'taco_vendor_staff', 'taco_jobs', 'taco_reporting']
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;

-- Nobody but the owner creates objects here (PG15 default; restated for older templates).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Generic "touch updated_at" trigger.
CREATE OR REPLACE FUNCTION taco_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- Generic "this table is append-only" trigger (UPDATE / DELETE / TRUNCATE all refused).
CREATE OR REPLACE FUNCTION taco_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'TT003';
END
$$;

-- A local time-of-day range, for "no truck in two places at once" exclusion constraints.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_type WHERE typname = 'timerange'
                   AND typnamespace = 'public'::regnamespace) THEN
        CREATE TYPE timerange AS RANGE (subtype = time);
    END IF;
END
$$;
