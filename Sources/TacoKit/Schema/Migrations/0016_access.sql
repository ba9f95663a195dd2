-- 0016: access management. IT sysadmins provision people's LOGIN roles through these functions, owned by
-- the migrating role (which has CREATEROLE), so the sysadmins' own logins need no CREATEROLE. The database
-- decides: only members of taco_sysadmin may call them, they only ever touch TacoTracker logins (never a
-- superuser, a role with CREATEROLE/BYPASSRLS/REPLICATION, a group role, or the owner), and every change is audited.
-- Passwords arrive as SCRAM-SHA-256 verifiers computed by the client (libpq's PQencryptPasswordConn):
-- the plaintext never reaches the server or its logs.

CREATE OR REPLACE FUNCTION taco_access_groups() RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT ARRAY['taco_sysadmin', 'taco_food_services', 'taco_vendor_admin', 'taco_vendor_staff', 'taco_jobs', 'taco_reporting']
$$;

-- Refuses roles that are not plain TacoTracker logins.
CREATE OR REPLACE FUNCTION taco_access_check_manageable(p_login text) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
DECLARE
    r record;
BEGIN
    IF p_login IS NULL OR p_login !~ '^[a-z_][a-z0-9_.@-]{0,62}$' THEN
        RAISE EXCEPTION 'invalid login name "%"', p_login
            USING ERRCODE = '22023', HINT = 'use lower-case letters, digits, _ . @ - (at most 63), starting with a letter or _';
    END IF;
    IF p_login LIKE 'pg\_%' OR p_login LIKE 'taco\_%' OR p_login IN ('postgres', 'public') THEN
        RAISE EXCEPTION 'refusing to manage "%": the name is reserved', p_login USING ERRCODE = '42501';
    END IF;
    SELECT rolname, rolsuper, rolcreaterole, rolbypassrls, rolreplication, rolcanlogin INTO r
    FROM pg_roles WHERE rolname = p_login;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF r.rolsuper OR r.rolcreaterole OR r.rolbypassrls OR r.rolreplication
       OR p_login = (SELECT d.datdba::regrole::text FROM pg_database d WHERE d.datname = current_database()) THEN
        RAISE EXCEPTION 'refusing to manage "%": it is not a TacoTracker login (superuser, CREATEROLE, BYPASSRLS, replication or owner)', p_login
            USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
               WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = p_login)
                 AND NOT (g.rolname = ANY (taco_access_groups()))) THEN
        RAISE EXCEPTION 'refusing to manage "%": it is a member of roles outside TacoTracker', p_login USING ERRCODE = '42501';
    END IF;
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION taco_access_require_sysadmin() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
BEGIN
    IF NOT pg_has_role(session_user, 'taco_sysadmin', 'MEMBER') THEN
        RAISE EXCEPTION 'permission denied: only taco_sysadmin logins may manage access' USING ERRCODE = '42501';
    END IF;
END
$$;

-- Creates or updates a LOGIN role in exactly one TacoTracker group and maps vendor logins to their vendor.
-- p_password: a SCRAM verifier to set, or NULL to leave the password alone; p_clear_password removes it.
-- Returns 'created', 'updated' or 'unchanged'.
CREATE OR REPLACE FUNCTION taco_access_grant(p_login text, p_group text, p_vendor_slug text,
                                             p_password text, p_clear_password boolean)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_exists   boolean;
    v_vendor   uuid;
    v_member   text;
    v_changed  boolean := false;
    v_old      jsonb;
    v_new      jsonb;
    g          text;
BEGIN
    PERFORM taco_access_require_sysadmin();
    IF p_group IS NULL OR NOT (p_group = ANY (taco_access_groups())) THEN
        RAISE EXCEPTION 'unknown role group "%"', p_group USING ERRCODE = '22023';
    END IF;
    IF p_group IN ('taco_vendor_admin', 'taco_vendor_staff') THEN
        IF p_vendor_slug IS NULL THEN
            RAISE EXCEPTION 'a vendor role needs a vendor' USING ERRCODE = '22023', HINT = 'pass --vendor SLUG';
        END IF;
        SELECT id INTO v_vendor FROM vendors WHERE slug = p_vendor_slug;
        IF v_vendor IS NULL THEN
            RAISE EXCEPTION 'unknown vendor "%"', p_vendor_slug USING ERRCODE = '22023';
        END IF;
        v_member := CASE p_group WHEN 'taco_vendor_admin' THEN 'admin' ELSE 'staff' END;
    ELSIF p_vendor_slug IS NOT NULL THEN
        RAISE EXCEPTION 'only vendor roles take a vendor' USING ERRCODE = '22023';
    END IF;
    IF p_password IS NOT NULL AND p_password !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'the password must arrive as a SCRAM-SHA-256 verifier' USING ERRCODE = '22023';
    END IF;

    v_exists := taco_access_check_manageable(p_login);
    v_old := CASE WHEN v_exists THEN jsonb_build_object(
        'groups', (SELECT coalesce(jsonb_agg(g2.rolname ORDER BY g2.rolname), '[]') FROM pg_auth_members m
                   JOIN pg_roles g2 ON g2.oid = m.roleid JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = p_login),
        'can_login', (SELECT rolcanlogin FROM pg_roles WHERE rolname = p_login),
        'vendor', (SELECT v.slug FROM vendor_members vm JOIN vendors v ON v.id = vm.vendor_id WHERE vm.login = p_login),
        'vendor_role', (SELECT vm.role FROM vendor_members vm WHERE vm.login = p_login)) END;

    IF NOT v_exists THEN
        EXECUTE format('CREATE ROLE %I LOGIN', p_login);
        v_changed := true;
    ELSIF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('ALTER ROLE %I LOGIN', p_login);
        v_changed := true;
    END IF;
    FOREACH g IN ARRAY taco_access_groups() LOOP
        IF g <> p_group AND pg_has_role(p_login, g, 'MEMBER')
           AND EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.roleid = g::regrole AND m.member = p_login::regrole) THEN
            EXECUTE format('REVOKE %I FROM %I', g, p_login);
            v_changed := true;
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.roleid = p_group::regrole AND m.member = p_login::regrole) THEN
        EXECUTE format('GRANT %I TO %I', p_group, p_login);
        v_changed := true;
    END IF;
    IF v_vendor IS NOT NULL THEN
        INSERT INTO vendor_members (login, vendor_id, role) VALUES (p_login, v_vendor, v_member)
        ON CONFLICT (login) DO UPDATE SET vendor_id = EXCLUDED.vendor_id, role = EXCLUDED.role
            WHERE (vendor_members.vendor_id, vendor_members.role) IS DISTINCT FROM (EXCLUDED.vendor_id, EXCLUDED.role);
        IF FOUND THEN v_changed := true; END IF;
    ELSE
        DELETE FROM vendor_members WHERE login = p_login;
        IF FOUND THEN v_changed := true; END IF;
    END IF;
    IF p_password IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_password);
        v_changed := true;
    ELSIF p_clear_password THEN
        EXECUTE format('ALTER ROLE %I PASSWORD NULL', p_login);
        v_changed := true;
    END IF;

    IF v_changed THEN
        v_new := jsonb_build_object('group', p_group, 'vendor', p_vendor_slug, 'vendor_role', v_member,
                                    'password', CASE WHEN p_password IS NOT NULL THEN 'set'
                                                     WHEN p_clear_password THEN 'removed' ELSE 'unchanged' END,
                                    'before', v_old);
        PERFORM taco_audit_append('ACCESS_GRANT', 'roles', p_login, v_vendor, NULL, v_new);
        RETURN CASE WHEN v_exists THEN 'updated' ELSE 'created' END;
    END IF;
    RETURN 'unchanged';
END
$$;

-- Takes a login's access away: out of every TacoTracker group, unmapped from its vendor, NOLOGIN. The role itself
-- stays, so order events and audit rows that name it keep meaning. Returns 'revoked' or 'unchanged'.
CREATE OR REPLACE FUNCTION taco_access_revoke(p_login text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_changed boolean := false;
    v_vendor  uuid;
    g         text;
BEGIN
    PERFORM taco_access_require_sysadmin();
    IF p_login = session_user THEN
        RAISE EXCEPTION 'refusing to revoke your own access' USING ERRCODE = '42501';
    END IF;
    IF NOT taco_access_check_manageable(p_login) THEN
        RETURN 'unchanged';
    END IF;
    FOREACH g IN ARRAY taco_access_groups() LOOP
        IF EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.roleid = g::regrole AND m.member = p_login::regrole) THEN
            EXECUTE format('REVOKE %I FROM %I', g, p_login);
            v_changed := true;
        END IF;
    END LOOP;
    DELETE FROM vendor_members WHERE login = p_login RETURNING vendor_id INTO v_vendor;
    IF FOUND THEN v_changed := true; END IF;
    IF (SELECT rolcanlogin FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
        v_changed := true;
    END IF;
    IF v_changed THEN
        PERFORM taco_audit_append('ACCESS_REVOKE', 'roles', p_login, v_vendor, NULL, jsonb_build_object('login', p_login));
        RETURN 'revoked';
    END IF;
    RETURN 'unchanged';
END
$$;

REVOKE EXECUTE ON FUNCTION taco_access_grant(text, text, text, text, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION taco_access_revoke(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION taco_access_check_manageable(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION taco_access_grant(text, text, text, text, boolean) TO taco_sysadmin;
GRANT EXECUTE ON FUNCTION taco_access_revoke(text) TO taco_sysadmin;
