-- 0002: campuses, departments, users (employees). Not vendor-scoped: vendors get no access
-- to departments/users and SELECT only on campuses (public information).

CREATE TABLE campuses (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code              text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    name              text NOT NULL CHECK (length(btrim(name)) > 0),
    time_zone         text NOT NULL,                      -- IANA name, validated by trigger
    currency          text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    tax_rate_percent  numeric(6,4) NOT NULL DEFAULT 0 CHECK (tax_rate_percent >= 0 AND tax_rate_percent < 100),
    boundary          geography(MultiPolygon, 4326),
    address           text,
    service_start     time NOT NULL DEFAULT '11:00',
    service_end       time NOT NULL DEFAULT '14:00',
    active            boolean NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (service_end > service_start)
);
CREATE INDEX campuses_boundary_gix ON campuses USING gist (boundary);

CREATE OR REPLACE FUNCTION taco_check_time_zone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.time_zone IS DISTINCT FROM OLD.time_zone THEN
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_timezone_names WHERE name = NEW.time_zone) THEN
            RAISE EXCEPTION 'unknown time zone "%"', NEW.time_zone
                USING ERRCODE = '22023', HINT = 'use an IANA name such as America/Chicago';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER campuses_time_zone BEFORE INSERT OR UPDATE OF time_zone ON campuses
    FOR EACH ROW EXECUTE FUNCTION taco_check_time_zone();
CREATE TRIGGER campuses_touch BEFORE UPDATE ON campuses
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE departments (
    code         text PRIMARY KEY CHECK (length(btrim(code)) > 0),
    parent_code  text REFERENCES departments (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
    cost_center  text,
    name         text NOT NULL,
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_code IS DISTINCT FROM code)
);
CREATE INDEX departments_parent_idx ON departments (parent_code);
CREATE TRIGGER departments_touch BEFORE UPDATE ON departments
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE users (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    worker_id           text NOT NULL UNIQUE CHECK (length(btrim(worker_id)) > 0),   -- immutable HR key
    employee_id         text NOT NULL UNIQUE,
    okta_id             text UNIQUE,
    email               text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    given_name          text NOT NULL,
    family_name         text NOT NULL,
    preferred_name      text,
    department_code     text REFERENCES departments (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
    campus_id           uuid REFERENCES campuses (id),
    job_title           text,
    meal_subsidy_cents  integer NOT NULL DEFAULT 0 CHECK (meal_subsidy_cents >= 0),
    subsidy_period      text NOT NULL DEFAULT 'per-day' CHECK (subsidy_period IN ('per-day', 'per-meal')),
    active              boolean NOT NULL DEFAULT true,
    hr_status           text NOT NULL DEFAULT 'active' CHECK (hr_status IN ('active', 'leave', 'terminated')),
    deactivated_at      timestamptz,
    source              text NOT NULL DEFAULT 'hr' CHECK (source IN ('hr', 'manual')),
    manager_worker_id   text,
    last_hr_sync_at     timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (active OR deactivated_at IS NOT NULL),
    CHECK (NOT (active AND hr_status = 'terminated'))
);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE INDEX users_department_idx ON users (department_code);
CREATE INDEX users_campus_idx ON users (campus_id);
CREATE INDEX users_manager_idx ON users (manager_worker_id);

CREATE OR REPLACE FUNCTION taco_users_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.worker_id IS DISTINCT FROM OLD.worker_id THEN
            RAISE EXCEPTION 'users.worker_id is immutable (% -> %)', OLD.worker_id, NEW.worker_id
                USING ERRCODE = 'TT004';
        END IF;
        NEW.updated_at := now();
    END IF;
    IF NOT NEW.active AND NEW.deactivated_at IS NULL THEN
        NEW.deactivated_at := now();
    ELSIF NEW.active THEN
        NEW.deactivated_at := NULL;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER users_guard BEFORE INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION taco_users_guard();
