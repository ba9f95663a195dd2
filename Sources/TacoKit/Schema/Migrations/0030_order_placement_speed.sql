-- 0030: cheaper writes on order placement.
-- * A new order line or option adds its own order_line_facts row. Before, each insert re-derived the whole line
--   (delete its rows, then re-insert the line and all its options from order_items, order_item_options and
--   order_facts): the largest trigger cost of placing an order. Updates and deletes still refresh the line(s).
--   One trigger function now serves order_items and order_item_options.
-- * The subsidy a user has already received today is summed over orders_user_subsidy_idx, which holds only the
--   non-cancelled orders that received some: a few rows per user and day, instead of every order placed that day.

-- Adds the order_line_facts row of a line (p_option NULL: the line itself) or of one option of line p_item.
-- PL/pgSQL, not SQL: a SQL function with a SET clause is parsed and planned again on every call.
CREATE OR REPLACE FUNCTION taco_order_line_facts_add(p_id uuid, p_item uuid, p_option text, p_price_delta_cents bigint)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO public.order_line_facts (id, order_item_id, order_id, vendor_id, campus_id, local_day, fulfilled, sku, name,
                                         option, quantity, revenue_cents)
    SELECT p_id, oi.id, oi.order_id, oi.vendor_id, f.campus_id, f.local_day, f.status IN ('PICKED_UP', 'COMPLETED'),
           oi.sku, oi.name, p_option, oi.quantity,
           CASE WHEN p_option IS NULL THEN oi.line_total_cents ELSE oi.quantity::bigint * p_price_delta_cents END
    FROM public.order_items oi JOIN public.order_facts f ON f.order_id = oi.order_id
    WHERE oi.id = p_item;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_order_line_facts_add(uuid, uuid, text, bigint) FROM PUBLIC;

CREATE OR REPLACE FUNCTION taco_order_line_facts_row_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_old uuid;
    v_new uuid;
BEGIN
    IF TG_TABLE_NAME = 'order_items' THEN
        IF TG_OP = 'INSERT' THEN
            PERFORM public.taco_order_line_facts_add(NEW.id, NEW.id, NULL, NULL);
            RETURN NULL;
        END IF;
        v_old := OLD.id;
        IF TG_OP = 'UPDATE' THEN v_new := NEW.id; END IF;
    ELSE
        IF TG_OP = 'INSERT' THEN
            PERFORM public.taco_order_line_facts_add(NEW.id, NEW.order_item_id, NEW.name, NEW.price_delta_cents);
            RETURN NULL;
        END IF;
        v_old := OLD.order_item_id;
        IF TG_OP = 'UPDATE' THEN v_new := NEW.order_item_id; END IF;
    END IF;
    PERFORM public.taco_order_line_facts_refresh(v_old);
    IF v_new IS DISTINCT FROM v_old AND v_new IS NOT NULL THEN
        PERFORM public.taco_order_line_facts_refresh(v_new);
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_order_line_facts_row_sync() FROM PUBLIC;

DROP TRIGGER order_line_facts_sync ON order_items;
CREATE TRIGGER order_line_facts_sync AFTER INSERT OR UPDATE OR DELETE ON order_items
    FOR EACH ROW EXECUTE FUNCTION taco_order_line_facts_row_sync();
DROP TRIGGER order_line_facts_sync ON order_item_options;
CREATE TRIGGER order_line_facts_sync AFTER INSERT OR UPDATE OR DELETE ON order_item_options
    FOR EACH ROW EXECUTE FUNCTION taco_order_line_facts_row_sync();
DROP FUNCTION taco_order_line_facts_item_sync();
DROP FUNCTION taco_order_line_facts_option_sync();

CREATE INDEX orders_user_subsidy_idx ON orders (user_id, placed_at) INCLUDE (subsidy_cents)
    WHERE subsidy_cents > 0 AND status <> 'CANCELLED';
