-- top-items: fulfilled orders' items and options; 86-ed seconds from audit_log within the range
-- (in the campus's zone, UTC without a campus), up to now
WITH fulfilled AS (
    SELECT o.id FROM orders o JOIN campuses c ON c.id = o.campus_id
    WHERE o.status IN ('PICKED_UP', 'COMPLETED')
      AND (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR c.code = $3)
), bounds AS (
    SELECT timezone(z.tz, $1::date::timestamp) AS ws,
           least(now(), timezone(z.tz, ($2::date + 1)::timestamp)) AS we
    FROM (SELECT coalesce(max(time_zone), 'UTC') AS tz FROM campuses WHERE code = $3) z
), hist AS (
    SELECT a.table_name, a.row_key, a.at, a.new_data,
           coalesce((SELECT min(b.at) FROM audit_log b
                     WHERE b.table_name = a.table_name AND b.row_key = a.row_key AND (b.at, b.id) > (a.at, a.id)),
                    'infinity') AS next_at
    FROM audit_log a
    WHERE a.table_name IN ('menu_items', 'options')
), spans AS (
    SELECT h.table_name, h.row_key, h.at AS s,
           CASE WHEN h.new_data IS NULL THEN h.at
                WHEN h.new_data ->> 'available' = 'false' THEN h.next_at
                WHEN (h.new_data ->> 'sold_out_until')::timestamptz > h.at THEN least(h.next_at, (h.new_data ->> 'sold_out_until')::timestamptz)
                ELSE h.at END AS e
    FROM hist h
), down AS (
    SELECT sp.table_name, sp.row_key, sum(greatest(0, extract(epoch FROM least(sp.e, b.we) - greatest(sp.s, b.ws)))) AS secs
    FROM spans sp, bounds b
    GROUP BY sp.table_name, sp.row_key
)
SELECT 'item' AS kind, v.slug AS vendor, oi.sku, max(oi.name) AS item, NULL AS option,
       sum(oi.quantity) AS quantity, sum(oi.line_total_cents) AS revenue_cents,
       coalesce((SELECT round(d.secs) FROM down d JOIN menu_items mi ON d.table_name = 'menu_items' AND d.row_key = mi.id::text
                 WHERE mi.vendor_id = oi.vendor_id AND mi.sku = oi.sku), 0) AS eighty_sixed_seconds
FROM fulfilled f JOIN order_items oi ON oi.order_id = f.id JOIN vendors v ON v.id = oi.vendor_id
GROUP BY v.slug, oi.vendor_id, oi.sku
UNION ALL
SELECT 'option', v.slug, oi.sku, max(oi.name), oio.name,
       sum(oi.quantity), sum(oi.quantity * oio.price_delta_cents),
       coalesce((SELECT round(max(d.secs)) FROM down d
                 JOIN options op ON d.table_name = 'options' AND d.row_key = op.id::text
                 JOIN option_groups g ON g.id = op.group_id
                 JOIN menu_items mi ON mi.id = g.item_id
                 WHERE mi.vendor_id = oi.vendor_id AND mi.sku = oi.sku AND op.name = oio.name), 0)
FROM fulfilled f JOIN order_items oi ON oi.order_id = f.id JOIN order_item_options oio ON oio.order_item_id = oi.id
JOIN vendors v ON v.id = oi.vendor_id
GROUP BY v.slug, oi.vendor_id, oi.sku, oio.name
ORDER BY 1, 6 DESC, 7 DESC, 2, 3, 5
