-- 0017: the vendor approval state machine and the permit rule, enforced by the database.
--   applied   -> approved (approve) | rejected (reject)
--   approved  -> suspended (suspend)
--   suspended -> approved (reinstate)
--   rejected is final (a rejected vendor applies again under a new slug).
-- Entering 'approved' requires a business licence, a health permit and insurance, each expiring today or later.

CREATE OR REPLACE FUNCTION taco_vendor_transition_allowed(p_from text, p_to text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT (p_from, p_to) IN (('applied', 'approved'), ('applied', 'rejected'),
                              ('approved', 'suspended'), ('suspended', 'approved'))
$$;

-- The permits that stop a vendor from being approved, as readable problems ('health permit missing',
-- 'insurance expired 2026-10-01'); empty when nothing does.
CREATE OR REPLACE FUNCTION taco_vendor_permit_problems(p_vendor uuid) RETURNS text[]
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT coalesce(array_agg(problem ORDER BY ord), '{}')
    FROM (
        SELECT k.ord,
               CASE WHEN best.expires_on IS NULL THEN k.label || ' missing'
                    ELSE k.label || ' expired ' || best.expires_on::text END AS problem
        FROM (VALUES (1, 'business_license', 'business licence'), (2, 'health', 'health permit'),
                     (3, 'insurance', 'insurance')) AS k (ord, kind, label)
        LEFT JOIN LATERAL (SELECT max(p.expires_on) AS expires_on FROM permits p
                           WHERE p.vendor_id = p_vendor AND p.kind = k.kind) best ON true
        WHERE best.expires_on IS NULL OR best.expires_on < current_date
    ) problems
$$;

CREATE OR REPLACE FUNCTION taco_vendors_status_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    v_problems text[];
BEGIN
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NEW;
    END IF;
    IF NOT taco_vendor_transition_allowed(OLD.status, NEW.status) THEN
        RAISE EXCEPTION 'illegal vendor status change: % -> %', OLD.status, NEW.status
            USING ERRCODE = 'TT006',
                  HINT = 'applied -> approved|rejected, approved -> suspended, suspended -> approved; rejected is final';
    END IF;
    IF NEW.status = 'approved' THEN
        v_problems := taco_vendor_permit_problems(NEW.id);
        IF cardinality(v_problems) > 0 THEN
            RAISE EXCEPTION 'cannot approve vendor "%": %', NEW.slug, array_to_string(v_problems, '; ')
                USING ERRCODE = 'TT007', HINT = 'the vendor adds permits with `taco-vendor permits add`';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
-- Status changes only: bulk loads (the demo, fixtures) insert vendors in any state; `vendors add` inserts 'applied'.
CREATE TRIGGER vendors_status_guard BEFORE UPDATE OF status ON vendors
    FOR EACH ROW EXECUTE FUNCTION taco_vendors_status_guard();
