-- 0023: the payout ledger for Stripe Connect transfers (taco-jobs payouts).
--
-- * payout_items gets a kind: 'order' (one per order, ever: the old UNIQUE (order_id) becomes a partial unique
--   index) and 'refund' (one per refund, ever: a refund of an order paid in an earlier payout is a negative item
--   of the payout planned after it). fee_cents keeps the platform fee of each order item.
-- * payouts records what it was planned with (fee rate, destination account, order count) so that reconcile can
--   compare it with Stripe, and a payout whose net is zero or negative is 'carried_over': no transfer is made and
--   its net is added to the vendor's next payout (carry_in_cents there, carried_into here).

ALTER TABLE payout_items
    ADD COLUMN kind text NOT NULL DEFAULT 'order' CHECK (kind IN ('order', 'refund')),
    ADD COLUMN refund_id uuid REFERENCES refunds (id),
    ADD COLUMN fee_cents bigint NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
    ADD CONSTRAINT payout_items_refund_kind CHECK ((kind = 'refund') = (refund_id IS NOT NULL));
ALTER TABLE payout_items DROP CONSTRAINT payout_items_order_id_key;
CREATE UNIQUE INDEX payout_items_order_once ON payout_items (order_id) WHERE kind = 'order';
CREATE UNIQUE INDEX payout_items_refund_once ON payout_items (refund_id) WHERE refund_id IS NOT NULL;
CREATE INDEX payout_items_order_idx ON payout_items (order_id);

ALTER TABLE payouts
    ADD COLUMN fee_bps integer NOT NULL DEFAULT 0 CHECK (fee_bps BETWEEN 0 AND 10000),
    ADD COLUMN destination text,
    ADD COLUMN order_count integer NOT NULL DEFAULT 0 CHECK (order_count >= 0),
    ADD COLUMN carry_in_cents bigint NOT NULL DEFAULT 0,
    ADD COLUMN carried_into uuid REFERENCES payouts (id);
ALTER TABLE payouts DROP CONSTRAINT payouts_status_check;
ALTER TABLE payouts ADD CONSTRAINT payouts_status_check
    CHECK (status IN ('planned', 'submitted', 'paid', 'failed', 'unknown', 'carried_over'));
CREATE INDEX payouts_carry_idx ON payouts (vendor_id) WHERE status = 'carried_over' AND carried_into IS NULL;

-- The planner reads a period's completed orders per vendor; COMPLETED is final, so status_changed_at is the
-- completion time.
CREATE INDEX orders_completed_idx ON orders (vendor_id, status_changed_at) WHERE status = 'COMPLETED';
