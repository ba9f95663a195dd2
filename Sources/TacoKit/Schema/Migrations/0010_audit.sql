-- 0010: append-only, hash-chained audit log.
--
--   hash = sha256(prev_hash || convert_to(taco_audit_canonical(...), 'UTF8'))
--   canonical = jsonb_build_array(id, at as 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"' (UTC), actor, action,
--                                 table_name, row_key, vendor_id, old_data, new_data)::text
--   prev_hash of the first row = 32 zero bytes.
-- Appends are serialized by a transaction-scoped advisory lock; the chain head is the row with
-- the highest id. Audited writes must run at READ COMMITTED (else SQLSTATE TT002).

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text NOT NULL DEFAULT session_user,
    action      text NOT NULL CHECK (action ~ '^[A-Z][A-Z0-9_]*$'),
    table_name  text NOT NULL,
    row_key     text,
    vendor_id   uuid,
    old_data    jsonb,
    new_data    jsonb,
    prev_hash   bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash        bytea NOT NULL UNIQUE CHECK (length(hash) = 32)
);
CREATE INDEX audit_log_table_key_idx ON audit_log (table_name, row_key);
CREATE INDEX audit_log_vendor_at_idx ON audit_log (vendor_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_at_idx ON audit_log (actor, at);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION taco_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION taco_refuse_change();

CREATE OR REPLACE FUNCTION taco_audit_canonical(p_id bigint, p_at timestamptz, p_actor text, p_action text,
                                                p_table text, p_key text, p_vendor uuid,
                                                p_old jsonb, p_new jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
    SELECT jsonb_build_array(p_id,
                             to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                             p_actor, p_action, p_table, p_key, p_vendor, p_old, p_new)::text
$$;

-- The one writer of audit_log. Not SECURITY DEFINER itself: called from definer functions below.
CREATE OR REPLACE FUNCTION taco_audit_append(p_action text, p_table text, p_key text, p_vendor uuid,
                                             p_old jsonb, p_new jsonb) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    v_prev  bytea;
    v_id    bigint;
    v_at    timestamptz;
    v_actor text := session_user;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audited writes must run at READ COMMITTED isolation (this transaction is %)',
                        current_setting('transaction_isolation')
            USING ERRCODE = 'TT002',
                  HINT = 'the audit hash chain reads its head after taking a lock; a snapshot older than the lock would fork it';
    END IF;
    PERFORM pg_advisory_xact_lock(7201, 1);          -- audit chain lock (classid 7201 = "TACO")
    SELECT a.hash INTO v_prev FROM public.audit_log a ORDER BY a.id DESC LIMIT 1;
    v_prev := coalesce(v_prev, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    v_id := nextval(pg_get_serial_sequence('public.audit_log', 'id'));
    v_at := clock_timestamp();
    INSERT INTO public.audit_log (id, at, actor, action, table_name, row_key, vendor_id,
                                  old_data, new_data, prev_hash, hash)
    OVERRIDING SYSTEM VALUE
    VALUES (v_id, v_at, v_actor, p_action, p_table, p_key, p_vendor, p_old, p_new, v_prev,
            sha256(v_prev || convert_to(public.taco_audit_canonical(v_id, v_at, v_actor, p_action, p_table,
                                                                    p_key, p_vendor, p_old, p_new), 'UTF8')));
    RETURN v_id;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_audit_append(text, text, text, uuid, jsonb, jsonb) FROM PUBLIC;

-- Row trigger: TG_ARGV[0] = key column; TG_ARGV[1..] = columns never copied into the log.
CREATE OR REPLACE FUNCTION taco_audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_old    jsonb;
    v_new    jsonb;
    v_any    jsonb;
    v_vendor uuid;
    i        int;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN v_old := to_jsonb(OLD); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN v_new := to_jsonb(NEW); END IF;
    IF TG_NARGS > 1 THEN
        FOR i IN 1 .. TG_NARGS - 1 LOOP
            v_old := v_old - TG_ARGV[i];
            v_new := v_new - TG_ARGV[i];
        END LOOP;
    END IF;
    IF TG_OP = 'UPDATE' AND (v_old - 'updated_at') = (v_new - 'updated_at') THEN
        RETURN NULL;                                   -- nothing that matters changed
    END IF;
    v_any := coalesce(v_new, v_old);
    v_vendor := CASE WHEN TG_TABLE_NAME = 'vendors' THEN (v_any ->> 'id')::uuid
                     ELSE (v_any ->> 'vendor_id')::uuid END;
    PERFORM public.taco_audit_append(TG_OP, TG_TABLE_NAME, v_any ->> TG_ARGV[0], v_vendor, v_old, v_new);
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_audit_row() FROM PUBLIC;

-- Application events that are not row writes (ACCESS_GRANT, EXPORT, LOGIN_MAPPED, ...).
-- A vendor login can only record events for its own vendor.
CREATE OR REPLACE FUNCTION taco_audit(p_action text, p_table text, p_key text, p_vendor uuid, p_data jsonb)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_own uuid;
BEGIN
    IF p_action IS NULL OR p_action !~ '^[A-Z][A-Z0-9_]*$' OR p_action IN ('INSERT', 'UPDATE', 'DELETE') THEN
        RAISE EXCEPTION 'taco_audit: action must be an UPPER_SNAKE word other than INSERT/UPDATE/DELETE'
            USING ERRCODE = '22023';
    END IF;
    SELECT vm.vendor_id INTO v_own FROM public.vendor_members vm WHERE vm.login = session_user::text;
    IF v_own IS NOT NULL AND p_vendor IS DISTINCT FROM v_own THEN
        RAISE EXCEPTION 'taco_audit: a vendor login may only record events for its own vendor'
            USING ERRCODE = '42501';
    END IF;
    RETURN public.taco_audit_append(p_action, coalesce(p_table, ''), p_key, p_vendor, NULL, p_data);
END
$$;
REVOKE EXECUTE ON FUNCTION taco_audit(text, text, text, uuid, jsonb) FROM PUBLIC;

-- Verifies the chain; returns the first broken row (id, reason) or nothing when intact.
CREATE OR REPLACE FUNCTION taco_audit_verify(p_from_id bigint DEFAULT NULL)
RETURNS TABLE (id bigint, problem text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
DECLARE
    r       record;
    v_prev  bytea;
BEGIN
    IF p_from_id IS NOT NULL THEN
        SELECT a.hash INTO v_prev FROM public.audit_log a WHERE a.id < p_from_id ORDER BY a.id DESC LIMIT 1;
    END IF;
    v_prev := coalesce(v_prev, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    FOR r IN SELECT * FROM public.audit_log a WHERE p_from_id IS NULL OR a.id >= p_from_id ORDER BY a.id LOOP
        IF r.prev_hash <> v_prev THEN
            id := r.id; problem := 'prev_hash does not match the previous row''s hash'; RETURN NEXT; RETURN;
        END IF;
        IF r.hash <> sha256(r.prev_hash || convert_to(public.taco_audit_canonical(r.id, r.at, r.actor, r.action,
                             r.table_name, r.row_key, r.vendor_id, r.old_data, r.new_data), 'UTF8')) THEN
            id := r.id; problem := 'hash does not match the row''s content'; RETURN NEXT; RETURN;
        END IF;
        v_prev := r.hash;
    END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_audit_verify(bigint) FROM PUBLIC;

-- Row triggers on the tables whose writes matter.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON campuses
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id', 'last_hr_sync_at');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON vendors
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON permits
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON vendor_members
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('login');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON trucks
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id', 'device_token_hash');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON menus
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON menu_items
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON option_groups
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON options
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON ingredients
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON schedules
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON schedule_exceptions
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON refunds
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON payouts
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('id');
