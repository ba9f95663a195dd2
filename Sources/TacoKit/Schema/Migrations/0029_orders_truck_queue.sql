-- 0029: order placement counts the truck's orders still to be cooked (PENDING, CONFIRMED, PREPARING) for the
-- promised time. orders_vendor_open_idx also holds READY orders and sorts by promised_at, so the count read every
-- open order's row to drop the READY ones: half of PostgreSQL's time under the order benchmark. This index holds
-- exactly the orders counted.
CREATE INDEX orders_truck_cooking_idx ON orders (truck_id)
    WHERE status IN ('PENDING', 'CONFIRMED', 'PREPARING');
