-- 0027: the durations the timing reports measure and whether the order is fulfilled, stored in order_facts as
-- generated columns (working them out from the instants and the status text, several times per row, was most
-- of the reports' time), and a covering index in vendor order, so the per-vendor reports (prep-times,
-- late-orders, vendor-scorecard) read it index-only and already grouped instead of sorting a year of orders by
-- vendor for their percentiles. The values are exactly what the reports computed before:
-- date_part('epoch', later - earlier), late minutes / 60, status IN ('PICKED_UP', 'COMPLETED').

ALTER TABLE order_facts
    ADD COLUMN fulfilled boolean GENERATED ALWAYS AS (status IN ('PICKED_UP', 'COMPLETED')) STORED,
    ADD COLUMN queue_seconds float8 GENERATED ALWAYS AS (date_part('epoch', confirmed_at - pending_at)) STORED,
    ADD COLUMN prep_seconds float8 GENERATED ALWAYS AS (date_part('epoch', ready_at - confirmed_at)) STORED,
    ADD COLUMN wait_seconds float8 GENERATED ALWAYS AS (date_part('epoch', picked_up_at - ready_at)) STORED,
    ADD COLUMN late_minutes float8 GENERATED ALWAYS AS (date_part('epoch', ready_at - promised_at) / 60) STORED;

CREATE INDEX order_facts_vendor_idx ON order_facts (vendor_id, local_day)
    INCLUDE (campus_id, status, fulfilled, promised_at, confirmed_at, ready_at, queue_seconds, prep_seconds, wait_seconds,
             late_minutes, subtotal_cents, tax_cents, tip_cents, refunded_cents);

-- subsidies --by campus counts employees per campus: read in (campus, employee) order, index-only, it groups
-- without hashing a year of orders.
CREATE INDEX order_facts_campus_user_idx ON order_facts (campus_id, user_id)
    INCLUDE (local_day, vendor_id, fulfilled, total_cents, subsidy_cents);

-- order_facts_local_day_idx (0026) serves the range test now.
DROP INDEX order_facts_placed_local_idx;

-- Statistics for the new columns now (the per-grouping plans estimate groups from them). VACUUM cannot run in a
-- migration's transaction: until autovacuum (or `VACUUM order_facts`) has set the visibility map again after
-- this rewrite, the index-only scans visit the heap too.
ANALYZE order_facts;
ANALYZE order_line_facts;
