-- 0008: vendor payouts (one per vendor x period) and the orders they pay for.

CREATE TABLE payouts (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id           uuid NOT NULL REFERENCES vendors (id),
    period_start        date NOT NULL,
    period_end          date NOT NULL,                 -- inclusive
    currency            text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    gross_cents         bigint NOT NULL DEFAULT 0 CHECK (gross_cents >= 0),
    tax_cents           bigint NOT NULL DEFAULT 0 CHECK (tax_cents >= 0),
    tip_cents           bigint NOT NULL DEFAULT 0 CHECK (tip_cents >= 0),
    subsidy_cents       bigint NOT NULL DEFAULT 0 CHECK (subsidy_cents >= 0),
    refund_cents        bigint NOT NULL DEFAULT 0 CHECK (refund_cents >= 0),
    fee_cents           bigint NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
    net_cents           bigint NOT NULL DEFAULT 0,     -- may be negative (refunds > sales): carried over
    status              text NOT NULL DEFAULT 'planned'
                        CHECK (status IN ('planned', 'submitted', 'paid', 'failed', 'unknown')),
    stripe_transfer_id  text UNIQUE,
    idempotency_key     text NOT NULL UNIQUE,
    failure_code        text,
    attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    submitted_at        timestamptz,
    paid_at             timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, period_start, period_end),
    UNIQUE (id, vendor_id),
    CHECK (period_end >= period_start)
);
CREATE INDEX payouts_status_idx ON payouts (status) WHERE status IN ('planned', 'submitted', 'unknown', 'failed');
CREATE TRIGGER payouts_touch BEFORE UPDATE ON payouts
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE payout_items (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payout_id     uuid NOT NULL,
    vendor_id     uuid NOT NULL,
    order_id      uuid NOT NULL UNIQUE,               -- an order is paid out once
    amount_cents  bigint NOT NULL,                    -- net to vendor for the order (negative for refunds)
    FOREIGN KEY (payout_id, vendor_id) REFERENCES payouts (id, vendor_id) ON DELETE CASCADE,
    FOREIGN KEY (order_id, vendor_id) REFERENCES orders (id, vendor_id)
);
CREATE INDEX payout_items_payout_idx ON payout_items (payout_id);
