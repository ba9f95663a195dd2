-- 0018: order_facts, the analytics summary: one row per order with what the reports group and measure —
-- the campus-local placing time (so a year of orders is not converted row by row at query time), the money,
-- the status, and the instants of the transitions the reports time (copied from the same values the orders
-- trigger writes to order_events). Kept current by triggers on orders and campuses, in the same transaction
-- as the change, so a read replica has it too. `taco_order_facts_rebuild()` recomputes it from orders and
-- order_events (used here to backfill, and to repair after a load that bypassed triggers).
-- Readers: sysadmin, food services, jobs, reporting. Vendors have no grant (analytics is an admin tool).

CREATE TABLE order_facts (
    order_id        uuid PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    vendor_id       uuid NOT NULL,
    campus_id       uuid NOT NULL,
    truck_id        uuid NOT NULL,
    user_id         uuid NOT NULL,
    status          text NOT NULL,
    placed_at       timestamptz NOT NULL,
    placed_local    timestamp NOT NULL,          -- placed_at AT TIME ZONE the campus's time_zone
    promised_at     timestamptz,
    subtotal_cents  bigint NOT NULL,
    tax_cents       bigint NOT NULL,
    tip_cents       bigint NOT NULL,
    subsidy_cents   bigint NOT NULL,
    total_cents     bigint NOT NULL,
    pending_at      timestamptz,                 -- order_events: NULL -> PENDING (= placed_at at creation)
    confirmed_at    timestamptz,                 -- PENDING -> CONFIRMED
    ready_at        timestamptz,                 -- PREPARING -> READY
    picked_up_at    timestamptz,                 -- READY -> PICKED_UP
    cancelled_from  text,                        -- the status a CANCELLED order left
    cancelled_by    text,                        -- the event's actor (session_user)
    cancel_reason   text
);
CREATE INDEX order_facts_placed_local_idx ON order_facts (placed_local);

-- Mirrors taco_orders_event: an event's time is status_changed_at (placed_at for the creation event),
-- its actor session_user, a cancellation's reason cancel_reason.
CREATE OR REPLACE FUNCTION taco_order_facts_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_changed boolean := TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.order_facts (order_id, vendor_id, campus_id, truck_id, user_id, status, placed_at, placed_local,
                                        promised_at, subtotal_cents, tax_cents, tip_cents, subsidy_cents, total_cents,
                                        pending_at)
        SELECT NEW.id, NEW.vendor_id, NEW.campus_id, NEW.truck_id, NEW.user_id, NEW.status, NEW.placed_at,
               NEW.placed_at AT TIME ZONE c.time_zone, NEW.promised_at, NEW.subtotal_cents, NEW.tax_cents,
               NEW.tip_cents, NEW.subsidy_cents, NEW.total_cents, NEW.placed_at
        FROM public.campuses c WHERE c.id = NEW.campus_id;
        RETURN NULL;
    END IF;
    UPDATE public.order_facts f
    SET vendor_id = NEW.vendor_id, campus_id = NEW.campus_id, truck_id = NEW.truck_id, user_id = NEW.user_id,
        status = NEW.status, placed_at = NEW.placed_at,
        placed_local = NEW.placed_at AT TIME ZONE (SELECT c.time_zone FROM public.campuses c WHERE c.id = NEW.campus_id),
        promised_at = NEW.promised_at, subtotal_cents = NEW.subtotal_cents, tax_cents = NEW.tax_cents,
        tip_cents = NEW.tip_cents, subsidy_cents = NEW.subsidy_cents, total_cents = NEW.total_cents,
        confirmed_at = CASE WHEN v_changed AND NEW.status = 'CONFIRMED' THEN NEW.status_changed_at ELSE f.confirmed_at END,
        ready_at = CASE WHEN v_changed AND NEW.status = 'READY' THEN NEW.status_changed_at ELSE f.ready_at END,
        picked_up_at = CASE WHEN v_changed AND NEW.status = 'PICKED_UP' THEN NEW.status_changed_at ELSE f.picked_up_at END,
        cancelled_from = CASE WHEN v_changed AND NEW.status = 'CANCELLED' THEN OLD.status ELSE f.cancelled_from END,
        cancelled_by = CASE WHEN v_changed AND NEW.status = 'CANCELLED' THEN session_user::text ELSE f.cancelled_by END,
        cancel_reason = CASE WHEN v_changed AND NEW.status = 'CANCELLED' THEN NEW.cancel_reason ELSE f.cancel_reason END
    WHERE f.order_id = NEW.id;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_order_facts_sync() FROM PUBLIC;
CREATE TRIGGER order_facts_sync AFTER INSERT OR UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION taco_order_facts_sync();

-- A campus's time zone corrected: its orders' local times follow (days are counted in the campus's zone).
CREATE OR REPLACE FUNCTION taco_order_facts_time_zone() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF NEW.time_zone IS DISTINCT FROM OLD.time_zone THEN
        UPDATE public.order_facts SET placed_local = placed_at AT TIME ZONE NEW.time_zone WHERE campus_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_order_facts_time_zone() FROM PUBLIC;
CREATE TRIGGER order_facts_time_zone AFTER UPDATE OF time_zone ON campuses
    FOR EACH ROW EXECUTE FUNCTION taco_order_facts_time_zone();

-- Recomputes every row from orders and order_events; returns the number of orders.
CREATE OR REPLACE FUNCTION taco_order_facts_rebuild() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_count bigint;
BEGIN
    LOCK TABLE public.order_facts IN EXCLUSIVE MODE;
    DELETE FROM public.order_facts;
    INSERT INTO public.order_facts (order_id, vendor_id, campus_id, truck_id, user_id, status, placed_at, placed_local,
                                    promised_at, subtotal_cents, tax_cents, tip_cents, subsidy_cents, total_cents,
                                    pending_at, confirmed_at, ready_at, picked_up_at, cancelled_from, cancelled_by,
                                    cancel_reason)
    SELECT o.id, o.vendor_id, o.campus_id, o.truck_id, o.user_id, o.status, o.placed_at,
           o.placed_at AT TIME ZONE c.time_zone, o.promised_at, o.subtotal_cents, o.tax_cents, o.tip_cents,
           o.subsidy_cents, o.total_cents, e.pending_at, e.confirmed_at, e.ready_at, e.picked_up_at,
           e.cancelled_from, e.cancelled_by, e.cancel_reason
    FROM public.orders o
    JOIN public.campuses c ON c.id = o.campus_id
    LEFT JOIN (
        SELECT ev.order_id,
               min(ev.at) FILTER (WHERE ev.to_status = 'PENDING') AS pending_at,
               min(ev.at) FILTER (WHERE ev.to_status = 'CONFIRMED') AS confirmed_at,
               min(ev.at) FILTER (WHERE ev.to_status = 'READY') AS ready_at,
               min(ev.at) FILTER (WHERE ev.to_status = 'PICKED_UP') AS picked_up_at,
               min(ev.from_status) FILTER (WHERE ev.to_status = 'CANCELLED') AS cancelled_from,
               min(ev.actor) FILTER (WHERE ev.to_status = 'CANCELLED') AS cancelled_by,
               min(ev.reason) FILTER (WHERE ev.to_status = 'CANCELLED') AS cancel_reason
        FROM public.order_events ev
        WHERE ev.to_status IN ('PENDING', 'CONFIRMED', 'READY', 'PICKED_UP', 'CANCELLED')
        GROUP BY ev.order_id
    ) e ON e.order_id = o.id;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_order_facts_rebuild() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION taco_order_facts_rebuild() TO taco_sysadmin, taco_jobs;

SELECT taco_order_facts_rebuild();

GRANT SELECT ON order_facts TO taco_reporting, taco_food_services, taco_jobs, taco_sysadmin;
