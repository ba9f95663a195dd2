-- 0015: the live order queue — refunds queued by the database when a paid order is cancelled, a cancel function
-- vendor logins can call, and one NOTIFY per vendor per statement on changes to orders.

-- ---------------------------------------------------------------------------------------------
-- Refund on cancel. Whoever cancels an order (a vendor login's UPDATE, taco_cancel_order, the service, a
-- sysadmin), a captured payment gets its refund queued in the outbox in the same transaction. SECURITY DEFINER
-- because vendor roles have no INSERT on outbox; what they may cancel is already decided by RLS on orders.
-- One job per order (dedupe_key 'refund:order:<id>'); amount = captured payments − refunds pending or done.
CREATE OR REPLACE FUNCTION taco_orders_queue_refund() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_paid     bigint;
    v_refunded bigint;
    v_currency text;
    v_intent   text;
BEGIN
    SELECT coalesce(sum(p.amount_cents), 0)::bigint, max(p.currency),
           (array_agg(p.stripe_payment_intent_id ORDER BY p.at DESC, p.id))[1]
      INTO v_paid, v_currency, v_intent
      FROM public.payments p
     WHERE p.order_id = NEW.id AND p.vendor_id = NEW.vendor_id AND p.status = 'succeeded';
    IF v_paid = 0 THEN
        RETURN NULL;
    END IF;
    SELECT coalesce(sum(r.amount_cents), 0)::bigint INTO v_refunded
      FROM public.refunds r
     WHERE r.order_id = NEW.id AND r.vendor_id = NEW.vendor_id AND r.status IN ('pending', 'succeeded');
    IF v_paid - v_refunded <= 0 THEN
        RETURN NULL;
    END IF;
    INSERT INTO public.outbox (kind, payload, dedupe_key)
    VALUES ('refund',
            jsonb_build_object('order_id', NEW.id, 'vendor_id', NEW.vendor_id,
                               'amount_cents', v_paid - v_refunded, 'currency', v_currency,
                               'payment_intent_id', v_intent, 'reason', NEW.cancel_reason,
                               'requested_by', session_user::text),
            'refund:order:' || NEW.id::text)
    ON CONFLICT (dedupe_key) DO NOTHING;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_orders_queue_refund() FROM PUBLIC;
CREATE TRIGGER orders_queue_refund AFTER UPDATE OF status ON orders
    FOR EACH ROW WHEN (NEW.status = 'CANCELLED' AND OLD.status IS DISTINCT FROM 'CANCELLED')
    EXECUTE FUNCTION taco_orders_queue_refund();

-- ---------------------------------------------------------------------------------------------
-- taco_cancel_order(vendor, order, reason): cancels one order of the caller's vendor and tells the caller what
-- was queued (vendor roles cannot read the outbox). The caller's vendor is looked up from session_user in
-- vendor_members, exactly like the vendor_own RLS policy (inside SECURITY DEFINER current_user is the owner);
-- a vendor login naming any other vendor, or another vendor's order, gets 'order … not found' (TT006), the same
-- answer as for a missing order. Sysadmins, jobs and the owner may cancel for any vendor they name.
-- Errors: 22023 blank reason · TT006 not found · TT001 not cancellable from the current state · 42501 no role.
CREATE OR REPLACE FUNCTION taco_cancel_order(p_vendor uuid, p_order uuid, p_reason text)
RETURNS TABLE (order_id uuid, from_status text, to_status text, changed_at timestamptz,
               refund_outbox_id bigint, refund_cents bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
DECLARE
    v_caller_vendor uuid;
    v_status        text;
    v_at            timestamptz;
    v_job           bigint;
    v_amount        bigint;
BEGIN
    IF p_reason IS NULL OR length(btrim(p_reason)) = 0 THEN
        RAISE EXCEPTION 'a cancel reason is required' USING ERRCODE = '22023';
    END IF;
    SELECT vm.vendor_id INTO v_caller_vendor FROM public.vendor_members vm WHERE vm.login = session_user::text;
    IF v_caller_vendor IS NOT NULL THEN
        IF NOT (pg_has_role(session_user, 'taco_vendor_admin', 'MEMBER')
                OR pg_has_role(session_user, 'taco_vendor_staff', 'MEMBER')) THEN
            RAISE EXCEPTION 'permission denied to cancel orders' USING ERRCODE = '42501';
        END IF;
        IF p_vendor IS DISTINCT FROM v_caller_vendor THEN
            RAISE EXCEPTION 'order % not found', p_order USING ERRCODE = 'TT006';
        END IF;
    ELSIF NOT (pg_has_role(session_user, 'taco_sysadmin', 'MEMBER') OR pg_has_role(session_user, 'taco_jobs', 'MEMBER')
               OR session_user::text = current_user::text) THEN
        RAISE EXCEPTION 'permission denied to cancel orders' USING ERRCODE = '42501';
    END IF;

    SELECT o.status INTO v_status FROM public.orders o
     WHERE o.id = p_order AND o.vendor_id = p_vendor
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'order % not found', p_order USING ERRCODE = 'TT006';
    END IF;
    IF NOT public.taco_order_transition_allowed(v_status, 'CANCELLED') THEN
        RAISE EXCEPTION 'illegal order status transition: % -> CANCELLED', v_status
            USING ERRCODE = 'TT001', DETAIL = format('order %s is %s', p_order, v_status);
    END IF;
    UPDATE public.orders o SET status = 'CANCELLED', cancel_reason = p_reason WHERE o.id = p_order
    RETURNING o.status_changed_at INTO v_at;

    -- queued by the orders_queue_refund trigger just now (or earlier, if a refund job already existed)
    SELECT ob.id, (ob.payload ->> 'amount_cents')::bigint INTO v_job, v_amount
      FROM public.outbox ob WHERE ob.dedupe_key = 'refund:order:' || p_order::text;
    RETURN QUERY SELECT p_order, v_status, 'CANCELLED'::text, v_at, v_job, v_amount;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_cancel_order(uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION taco_cancel_order(uuid, uuid, text)
    TO taco_vendor_admin, taco_vendor_staff, taco_sysadmin, taco_jobs;

-- ---------------------------------------------------------------------------------------------
-- Change feed for kitchen displays: one channel per vendor, 'taco_orders_' || the vendor id's 32 hex digits (LISTEN
-- has no access control, so a shared channel would show every vendor's order ids to any login; a vendor's uuid is
-- not guessable), ONE notification per vendor per statement (NOTIFY
-- takes a global lock at commit, so never one per row). Payload (JSON, < 8000 bytes):
--   {"op": "insert"|"update", "vendor_id": …, "count": N, "truncated": bool,
--    "truck_ids": [≤ 20 distinct trucks], "orders": [≤ 40 × {"id", "truck_id", "status", "from"}]}
-- truncated = some order or truck ids were left out: listeners then refresh everything of that vendor.
-- Updates count when status, promised_at, truck_id or special_requests change. Listeners must re-read
-- through their own privileges (the payload carries ids and statuses only, no names or money).
-- Two triggers share the function because a trigger with transition tables may have only one event.
CREATE OR REPLACE FUNCTION taco_orders_notify() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR r IN
            SELECT n.vendor_id, count(*) AS n,
                   (array_agg(DISTINCT n.truck_id))[1:20] AS trucks,
                   count(DISTINCT n.truck_id) AS truck_count,
                   (array_agg(json_build_object('id', n.id, 'truck_id', n.truck_id, 'status', n.status, 'from', NULL)
                              ORDER BY n.id))[1:40] AS orders
              FROM taco_new_orders n
             GROUP BY n.vendor_id
        LOOP
            PERFORM pg_notify('taco_orders_' || replace(r.vendor_id::text, '-', ''), json_build_object(
                'op', 'insert', 'vendor_id', r.vendor_id, 'count', r.n,
                'truncated', r.n > 40 OR r.truck_count > 20,
                'truck_ids', to_json(r.trucks), 'orders', to_json(r.orders))::text);
        END LOOP;
    ELSE
        FOR r IN
            SELECT n.vendor_id, count(*) AS n,
                   (array_agg(DISTINCT n.truck_id))[1:20] AS trucks,
                   count(DISTINCT n.truck_id) AS truck_count,
                   (array_agg(json_build_object('id', n.id, 'truck_id', n.truck_id, 'status', n.status,
                                                'from', o.status) ORDER BY n.id))[1:40] AS orders
              FROM taco_new_orders n
              JOIN taco_old_orders o ON o.id = n.id
             WHERE (o.status, o.promised_at, o.truck_id, o.special_requests)
                   IS DISTINCT FROM (n.status, n.promised_at, n.truck_id, n.special_requests)
             GROUP BY n.vendor_id
        LOOP
            PERFORM pg_notify('taco_orders_' || replace(r.vendor_id::text, '-', ''), json_build_object(
                'op', 'update', 'vendor_id', r.vendor_id, 'count', r.n,
                'truncated', r.n > 40 OR r.truck_count > 20,
                'truck_ids', to_json(r.trucks), 'orders', to_json(r.orders))::text);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER orders_notify_insert AFTER INSERT ON orders
    REFERENCING NEW TABLE AS taco_new_orders
    FOR EACH STATEMENT EXECUTE FUNCTION taco_orders_notify();
CREATE TRIGGER orders_notify_update AFTER UPDATE ON orders
    REFERENCING OLD TABLE AS taco_old_orders NEW TABLE AS taco_new_orders
    FOR EACH STATEMENT EXECUTE FUNCTION taco_orders_notify();

