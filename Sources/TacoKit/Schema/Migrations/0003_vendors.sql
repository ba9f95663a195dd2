-- 0003: vendors, their status history, permits, logins (vendor_members) and trucks.
-- Every child table carries vendor_id and references its parent through (id, vendor_id),
-- so a row can never point at another vendor's parent even when RLS lets the insert through.

CREATE TABLE vendors (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug               text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name               text NOT NULL CHECK (length(btrim(name)) > 0),
    status             text NOT NULL DEFAULT 'applied'
                       CHECK (status IN ('applied', 'approved', 'rejected', 'suspended')),
    stripe_account_id  text UNIQUE,
    contact_email      text,
    phone              text,
    tax_id             text,
    rating             numeric(3,2) CHECK (rating BETWEEN 0 AND 5),
    status_reason      text,
    status_changed_at  timestamptz NOT NULL DEFAULT now(),
    status_changed_by  text NOT NULL DEFAULT session_user,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vendors_status_idx ON vendors (status);

-- Append-only history of vendors.status; written automatically by a trigger on vendors.
CREATE TABLE vendor_status_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vendor_id    uuid NOT NULL REFERENCES vendors (id),
    from_status  text,
    to_status    text NOT NULL,
    actor        text NOT NULL DEFAULT session_user,
    reason       text,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vendor_status_events_vendor_idx ON vendor_status_events (vendor_id, at);
CREATE TRIGGER vendor_status_events_append_only BEFORE UPDATE OR DELETE ON vendor_status_events
    FOR EACH ROW EXECUTE FUNCTION taco_refuse_change();
CREATE TRIGGER vendor_status_events_no_truncate BEFORE TRUNCATE ON vendor_status_events
    FOR EACH STATEMENT EXECUTE FUNCTION taco_refuse_change();

CREATE OR REPLACE FUNCTION taco_vendors_before() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_changed_at := now();
        NEW.status_changed_by := session_user;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER vendors_before BEFORE INSERT OR UPDATE ON vendors
    FOR EACH ROW EXECUTE FUNCTION taco_vendors_before();

-- SECURITY DEFINER so the event is written whoever changes the status; nobody needs INSERT on
-- vendor_status_events for it. reason = vendors.status_reason of the new row.
CREATE OR REPLACE FUNCTION taco_vendors_status_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO public.vendor_status_events (vendor_id, from_status, to_status, actor, reason, at)
        VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status,
                session_user, NEW.status_reason, now());
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_vendors_status_event() FROM PUBLIC;
CREATE TRIGGER vendors_status_event AFTER INSERT OR UPDATE OF status ON vendors
    FOR EACH ROW EXECUTE FUNCTION taco_vendors_status_event();

CREATE TABLE permits (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id   uuid NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('business_license', 'health', 'insurance')),
    number      text NOT NULL CHECK (length(btrim(number)) > 0),
    issued_on   date,
    expires_on  date NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, kind, number),
    CHECK (issued_on IS NULL OR expires_on >= issued_on)
);
CREATE INDEX permits_expires_idx ON permits (expires_on);
CREATE TRIGGER permits_touch BEFORE UPDATE ON permits
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

-- PostgreSQL login role -> vendor. One vendor per login.
CREATE TABLE vendor_members (
    login       text COLLATE "C" PRIMARY KEY,       -- role name (C collation, like pg_roles.rolname)
    vendor_id   uuid NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('admin', 'staff')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT session_user
);
CREATE INDEX vendor_members_vendor_idx ON vendor_members (vendor_id);

CREATE TABLE trucks (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id          uuid NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    name               text NOT NULL CHECK (length(btrim(name)) > 0),
    plate              text NOT NULL CHECK (length(btrim(plate)) > 0),
    capacity           integer NOT NULL DEFAULT 20 CHECK (capacity > 0),   -- orders per 15 minutes
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'maintenance', 'retired')),
    device_token_hash  bytea,               -- sha256 of the truck device's bearer token
    token_rotated_at   timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, name),
    UNIQUE (vendor_id, plate),
    UNIQUE (id, vendor_id)
);
-- not unique on purpose (scoped table); the service looks trucks up by token hash
CREATE INDEX trucks_device_token_idx ON trucks (device_token_hash) WHERE device_token_hash IS NOT NULL;
CREATE TRIGGER trucks_touch BEFORE UPDATE ON trucks
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();
