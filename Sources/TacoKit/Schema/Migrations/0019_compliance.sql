-- 0019: CCPA erasure.
--
-- The audit log is append-only and hash-chained: rows written before an erasure keep what they recorded
-- (kept under the security/legal-obligation exceptions; rewriting them would break the chain). What this
-- migration guarantees is that erasing a person never writes their identity into the log AGAIN, and that
-- nothing written after the erasure identifies them:
--   * users.erased_at marks an erased (pseudonymised) row;
--   * the audit triggers on users and orders strip the identifying fields of an erased person
--     (users: e-mail, names, okta/employee ids, job title, manager; orders: customer_display_name,
--     special_requests), so the erasure's own UPDATEs are logged with ids and changed flags only;
--   * an erased users row is frozen: whatever a later writer (HR sync, a manual edit) sends, its
--     pseudonymised identity and inactive status stay, so the next sync cannot re-identify the person;
--   * taco_erase_user() does the erasure in one call for sysadmins and Food Services (who have no UPDATE on
--     users or orders) and appends an ERASURE audit event holding ids and counts only.
-- Financial rows (orders' amounts and items, payments, refunds, payouts) are kept unchanged; they point at the
-- pseudonymised users row by id.

ALTER TABLE users ADD COLUMN erased_at timestamptz;

-- The identifying fields, per table, that the log never receives for an erased person.
CREATE OR REPLACE FUNCTION taco_personal_fields(p_table text) RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT CASE p_table
        WHEN 'users' THEN ARRAY['email', 'given_name', 'family_name', 'preferred_name', 'okta_id', 'employee_id',
                                'job_title', 'manager_worker_id']
        WHEN 'orders' THEN ARRAY['customer_display_name', 'special_requests']
        ELSE ARRAY[]::text[] END
$$;

-- taco_audit_row, plus: for an erased person the personal fields are replaced by "redacted": [field, ...]
-- (the names of the fields that changed), so the log shows that they changed but not their values.
CREATE OR REPLACE FUNCTION taco_audit_row_personal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_old     jsonb;
    v_new     jsonb;
    v_any     jsonb;
    v_vendor  uuid;
    v_erased  boolean := false;
    v_changed text[];
    f         text;
    i         int;
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
        RETURN NULL;
    END IF;
    v_any := coalesce(v_new, v_old);
    IF TG_TABLE_NAME = 'users' THEN
        v_erased := (v_old ->> 'erased_at') IS NOT NULL OR (v_new ->> 'erased_at') IS NOT NULL;
    ELSIF TG_TABLE_NAME = 'orders' THEN
        v_erased := EXISTS (SELECT 1 FROM public.users u WHERE u.id = (v_any ->> 'user_id')::uuid AND u.erased_at IS NOT NULL);
    END IF;
    IF v_erased THEN
        v_changed := ARRAY[]::text[];
        FOREACH f IN ARRAY taco_personal_fields(TG_TABLE_NAME) LOOP
            IF (v_old -> f) IS DISTINCT FROM (v_new -> f) THEN v_changed := v_changed || f; END IF;
        END LOOP;
        v_old := v_old - taco_personal_fields(TG_TABLE_NAME);
        v_new := v_new - taco_personal_fields(TG_TABLE_NAME);
        IF v_new IS NOT NULL THEN v_new := v_new || jsonb_build_object('redacted', to_jsonb(v_changed)); END IF;
    END IF;
    v_vendor := (v_any ->> 'vendor_id')::uuid;
    PERFORM public.taco_audit_append(TG_OP, TG_TABLE_NAME, v_any ->> TG_ARGV[0], v_vendor, v_old, v_new);
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_audit_row_personal() FROM PUBLIC;

DROP TRIGGER audit ON users;
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row_personal('id', 'last_hr_sync_at');
DROP TRIGGER audit ON orders;
CREATE TRIGGER audit AFTER UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row_personal('id');

-- An erased row keeps its pseudonymised identity and stays inactive, whoever writes to it later.
-- (Named to run before users_guard, which then keeps deactivated_at consistent.)
CREATE OR REPLACE FUNCTION taco_users_erased_freeze() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.erased_at IS NOT NULL THEN
        NEW.erased_at := OLD.erased_at;
        NEW.email := OLD.email;
        NEW.given_name := OLD.given_name;
        NEW.family_name := OLD.family_name;
        NEW.preferred_name := OLD.preferred_name;
        NEW.okta_id := OLD.okta_id;
        NEW.employee_id := OLD.employee_id;
        NEW.job_title := OLD.job_title;
        NEW.manager_worker_id := OLD.manager_worker_id;
        NEW.active := false;
        NEW.deactivated_at := OLD.deactivated_at;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER users_erased_freeze BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION taco_users_erased_freeze();

-- The stable pseudonym of a user: derived from the id only, so erasing again computes the same value.
CREATE OR REPLACE FUNCTION taco_user_pseudonym(p_user uuid) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT 'erased-' || left(encode(sha256(convert_to(p_user::text, 'UTF8')), 'hex'), 16)
$$;

-- How a data request's subject is kept once the person is erased: a SHA-256 of the lower-cased e-mail
-- (a pseudonym, not anonymisation: it lets a later request for the same e-mail be recognised as erased).
CREATE OR REPLACE FUNCTION taco_subject_hash(p_email text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT 'sha256:' || encode(sha256(convert_to(lower(btrim(p_email)), 'UTF8')), 'hex')
$$;

-- Erases one user (CCPA deletion). Returns what changed as JSON; erasing an erased user changes nothing
-- and returns {"changed": false, ...}. Sysadmin and Food Services logins only.
CREATE OR REPLACE FUNCTION taco_erase_user(p_user uuid, p_retention_years int) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_user      public.users%ROWTYPE;
    v_pseudonym text;
    v_hash      text;
    v_request   uuid;
    v_orders    int;
    v_requests  int;
    v_outbox    int;
    v_retain    date;
BEGIN
    IF NOT (pg_has_role(session_user, 'taco_sysadmin', 'MEMBER') OR pg_has_role(session_user, 'taco_food_services', 'MEMBER')) THEN
        RAISE EXCEPTION 'permission denied: only taco_sysadmin and taco_food_services logins may erase users'
            USING ERRCODE = '42501';
    END IF;
    IF p_retention_years IS NULL OR p_retention_years NOT BETWEEN 1 AND 100 THEN
        RAISE EXCEPTION 'retention must be 1 to 100 years (got %)', p_retention_years USING ERRCODE = '22023';
    END IF;
    SELECT * INTO v_user FROM public.users WHERE id = p_user FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % not found', p_user USING ERRCODE = '22023';
    END IF;
    v_pseudonym := taco_user_pseudonym(p_user);
    IF v_user.erased_at IS NOT NULL THEN
        RETURN jsonb_build_object('changed', false, 'user_id', p_user, 'pseudonym', v_pseudonym,
                                  'erased_at', v_user.erased_at, 'orders_scrubbed', 0, 'requests_pseudonymised', 0,
                                  'outbox_deleted', 0);
    END IF;
    v_hash := taco_subject_hash(v_user.email);
    SELECT ((coalesce(max(o.placed_at), now()) AT TIME ZONE 'UTC') + make_interval(years => p_retention_years))::date
    INTO v_retain FROM public.orders o WHERE o.user_id = p_user;

    UPDATE public.data_requests SET subject_email = v_hash
    WHERE (user_id = p_user OR lower(subject_email) = lower(v_user.email)) AND subject_email <> v_hash;
    GET DIAGNOSTICS v_requests = ROW_COUNT;
    INSERT INTO public.data_requests (kind, subject_email, user_id, completed_at, notes)
    VALUES ('erase', v_hash, p_user, now(),
            format('pseudonym %s; financial records kept %s years, until %s', v_pseudonym, p_retention_years, v_retain))
    RETURNING id INTO v_request;

    -- erased_at first: the audit trigger then strips the old identity from this very row change.
    UPDATE public.users SET erased_at = now(), email = v_pseudonym || '@erased.invalid', given_name = 'Erased',
                            family_name = v_pseudonym, preferred_name = NULL, okta_id = NULL, employee_id = v_pseudonym,
                            job_title = NULL, manager_worker_id = NULL, active = false
    WHERE id = p_user;
    UPDATE public.orders SET customer_display_name = 'Erased customer', special_requests = NULL
    WHERE user_id = p_user AND (customer_display_name <> 'Erased customer' OR special_requests IS NOT NULL);
    GET DIAGNOSTICS v_orders = ROW_COUNT;
    DELETE FROM public.outbox
    WHERE kind IN ('push', 'email')
      AND (payload ->> 'user_id' = p_user::text OR lower(payload ->> 'email') = lower(v_user.email));
    GET DIAGNOSTICS v_outbox = ROW_COUNT;

    PERFORM taco_audit_append('ERASURE', 'users', p_user::text, NULL, NULL,
        jsonb_build_object('request_id', v_request, 'pseudonym', v_pseudonym, 'orders_scrubbed', v_orders,
                           'requests_pseudonymised', v_requests, 'outbox_deleted', v_outbox,
                           'retention_years', p_retention_years, 'retain_financial_until', v_retain));
    RETURN jsonb_build_object('changed', true, 'user_id', p_user, 'pseudonym', v_pseudonym, 'request_id', v_request,
                              'erased_at', now(), 'orders_scrubbed', v_orders, 'requests_pseudonymised', v_requests,
                              'outbox_deleted', v_outbox, 'retain_financial_until', v_retain);
END
$$;
REVOKE EXECUTE ON FUNCTION taco_erase_user(uuid, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION taco_erase_user(uuid, int) TO taco_sysadmin, taco_food_services;

-- RFC 3339 in UTC with microseconds, for documents and CSVs built in SQL (exports). STABLE like to_char, and no
-- SET clause, so the planner can inline it (it names only pg_catalog objects, which are always searched first).
CREATE OR REPLACE FUNCTION taco_rfc3339(p_at timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- Monthly financial exports select by time across all vendors; the existing indexes lead with vendor_id.
CREATE INDEX orders_placed_idx ON orders (placed_at);
CREATE INDEX payments_at_idx ON payments (at);
CREATE INDEX refunds_created_idx ON refunds (created_at);
