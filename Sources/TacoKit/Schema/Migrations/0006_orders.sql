-- 0006: orders, lines, options, events (state machine enforced here), payments, refunds.

CREATE TABLE orders (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id              uuid NOT NULL,
    truck_id               uuid NOT NULL,
    campus_id              uuid NOT NULL REFERENCES campuses (id),
    user_id                uuid NOT NULL REFERENCES users (id),
    customer_display_name  text NOT NULL,              -- vendors never read users
    status                 text NOT NULL DEFAULT 'PENDING'
                           CHECK (status IN ('PENDING', 'CONFIRMED', 'PREPARING', 'READY',
                                             'PICKED_UP', 'COMPLETED', 'CANCELLED', 'NO_SHOW')),
    currency               text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    subtotal_cents         bigint NOT NULL CHECK (subtotal_cents >= 0),
    tax_cents              bigint NOT NULL DEFAULT 0 CHECK (tax_cents >= 0),
    tip_cents              bigint NOT NULL DEFAULT 0 CHECK (tip_cents >= 0),
    subsidy_cents          bigint NOT NULL DEFAULT 0 CHECK (subsidy_cents >= 0),
    total_cents            bigint NOT NULL CHECK (total_cents >= 0),
    promised_at            timestamptz,
    placed_at              timestamptz NOT NULL DEFAULT now(),
    status_changed_at      timestamptz NOT NULL DEFAULT now(),
    idempotency_key        text NOT NULL,
    request_hash           bytea NOT NULL,             -- sha256 of the canonical request body
    special_requests       text CHECK (length(special_requests) <= 500),
    cancel_reason          text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, idempotency_key),
    UNIQUE (id, vendor_id),
    CHECK (total_cents = subtotal_cents + tax_cents + tip_cents - subsidy_cents),
    FOREIGN KEY (truck_id, vendor_id) REFERENCES trucks (id, vendor_id)
);
CREATE INDEX orders_vendor_placed_idx ON orders (vendor_id, placed_at);
CREATE INDEX orders_vendor_open_idx ON orders (vendor_id, truck_id, promised_at)
    WHERE status IN ('PENDING', 'CONFIRMED', 'PREPARING', 'READY');
CREATE INDEX orders_user_placed_idx ON orders (user_id, placed_at);
CREATE INDEX orders_truck_placed_idx ON orders (truck_id, placed_at);
CREATE INDEX orders_campus_placed_idx ON orders (campus_id, placed_at);

CREATE TABLE order_items (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id          uuid NOT NULL,
    vendor_id         uuid NOT NULL,
    menu_item_id      uuid,
    sku               text NOT NULL,
    name              text NOT NULL,
    quantity          integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    unit_price_cents  bigint NOT NULL CHECK (unit_price_cents >= 0),   -- item price + option deltas
    line_total_cents  bigint NOT NULL CHECK (line_total_cents >= 0),   -- quantity * unit_price_cents
    UNIQUE (id, vendor_id),
    CHECK (line_total_cents = quantity * unit_price_cents),
    FOREIGN KEY (order_id, vendor_id) REFERENCES orders (id, vendor_id) ON DELETE CASCADE,
    FOREIGN KEY (menu_item_id, vendor_id) REFERENCES menu_items (id, vendor_id)
        ON DELETE SET NULL (menu_item_id)
);
CREATE INDEX order_items_order_idx ON order_items (order_id);
CREATE INDEX order_items_menu_item_idx ON order_items (menu_item_id);

CREATE TABLE order_item_options (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    order_item_id      uuid NOT NULL,
    vendor_id          uuid NOT NULL,
    option_id          uuid,
    name               text NOT NULL,
    price_delta_cents  integer NOT NULL DEFAULT 0,
    FOREIGN KEY (order_item_id, vendor_id) REFERENCES order_items (id, vendor_id) ON DELETE CASCADE,
    FOREIGN KEY (option_id, vendor_id) REFERENCES options (id, vendor_id) ON DELETE SET NULL (option_id)
);
CREATE INDEX order_item_options_item_idx ON order_item_options (order_item_id);
CREATE INDEX order_item_options_option_idx ON order_item_options (option_id);

-- Append-only; written only by the orders trigger below.
CREATE TABLE order_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     uuid NOT NULL,
    vendor_id    uuid NOT NULL,
    from_status  text,                        -- NULL for the creation event
    to_status    text NOT NULL,
    actor        text NOT NULL DEFAULT session_user,
    reason       text,
    at           timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (order_id, vendor_id) REFERENCES orders (id, vendor_id)
);
CREATE INDEX order_events_order_idx ON order_events (order_id, id);
CREATE INDEX order_events_vendor_at_idx ON order_events (vendor_id, at);
CREATE TRIGGER order_events_append_only BEFORE UPDATE OR DELETE ON order_events
    FOR EACH ROW EXECUTE FUNCTION taco_refuse_change();
CREATE TRIGGER order_events_no_truncate BEFORE TRUNCATE ON order_events
    FOR EACH STATEMENT EXECUTE FUNCTION taco_refuse_change();

-- The order state machine. Legal moves:
--   PENDING -> CONFIRMED -> PREPARING -> READY -> PICKED_UP -> COMPLETED
--   PENDING | CONFIRMED | PREPARING -> CANCELLED;  READY -> NO_SHOW
-- New orders start PENDING. Illegal moves raise SQLSTATE TT001.
CREATE OR REPLACE FUNCTION taco_order_transition_allowed(p_from text, p_to text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (p_from, p_to) IN (('PENDING', 'CONFIRMED'), ('CONFIRMED', 'PREPARING'),
                              ('PREPARING', 'READY'), ('READY', 'PICKED_UP'),
                              ('PICKED_UP', 'COMPLETED'),
                              ('PENDING', 'CANCELLED'), ('CONFIRMED', 'CANCELLED'),
                              ('PREPARING', 'CANCELLED'), ('READY', 'NO_SHOW'))
$$;

CREATE OR REPLACE FUNCTION taco_orders_before() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'PENDING' THEN
            RAISE EXCEPTION 'illegal order status transition: (new) -> %', NEW.status
                USING ERRCODE = 'TT001', DETAIL = 'orders are created in status PENDING';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT taco_order_transition_allowed(OLD.status, NEW.status) THEN
            RAISE EXCEPTION 'illegal order status transition: % -> %', OLD.status, NEW.status
                USING ERRCODE = 'TT001',
                      DETAIL = format('order %s is %s; %s is not reachable from there',
                                      OLD.id, OLD.status, NEW.status);
        END IF;
        -- callers with column privilege (jobs, owner) may supply the event time; vendors cannot
        IF NEW.status_changed_at IS NOT DISTINCT FROM OLD.status_changed_at THEN
            NEW.status_changed_at := now();
        END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER orders_before BEFORE INSERT OR UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION taco_orders_before();

-- SECURITY DEFINER: vendors change status without any INSERT right on order_events.
-- reason: cancel_reason for CANCELLED / NO_SHOW.
CREATE OR REPLACE FUNCTION taco_orders_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.order_events (order_id, vendor_id, from_status, to_status, actor, reason, at)
        VALUES (NEW.id, NEW.vendor_id, NULL, NEW.status, session_user, NULL, NEW.placed_at);
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO public.order_events (order_id, vendor_id, from_status, to_status, actor, reason, at)
        VALUES (NEW.id, NEW.vendor_id, OLD.status, NEW.status, session_user,
                CASE WHEN NEW.status IN ('CANCELLED', 'NO_SHOW') THEN NEW.cancel_reason END,
                NEW.status_changed_at);
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION taco_orders_event() FROM PUBLIC;
CREATE TRIGGER orders_event AFTER INSERT OR UPDATE OF status ON orders
    FOR EACH ROW EXECUTE FUNCTION taco_orders_event();

CREATE TABLE payments (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id                  uuid NOT NULL,
    vendor_id                 uuid NOT NULL,
    stripe_payment_intent_id  text NOT NULL UNIQUE,
    amount_cents              bigint NOT NULL CHECK (amount_cents >= 0),
    currency                  text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status                    text NOT NULL DEFAULT 'pending'
                              CHECK (status IN ('pending', 'authorized', 'succeeded', 'failed', 'canceled')),
    at                        timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (order_id, vendor_id) REFERENCES orders (id, vendor_id)
);
CREATE INDEX payments_order_idx ON payments (order_id);
CREATE INDEX payments_vendor_at_idx ON payments (vendor_id, at);
CREATE TRIGGER payments_touch BEFORE UPDATE ON payments
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE refunds (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id          uuid NOT NULL,
    vendor_id         uuid NOT NULL,
    amount_cents      bigint NOT NULL CHECK (amount_cents > 0),
    reason            text,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
    stripe_refund_id  text UNIQUE,
    requested_by      text NOT NULL DEFAULT session_user,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (order_id, vendor_id) REFERENCES orders (id, vendor_id)
);
CREATE INDEX refunds_order_idx ON refunds (order_id);
CREATE INDEX refunds_vendor_created_idx ON refunds (vendor_id, created_at);
CREATE TRIGGER refunds_touch BEFORE UPDATE ON refunds
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();
