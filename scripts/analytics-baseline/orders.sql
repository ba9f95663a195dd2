-- orders --by day
SELECT to_char(d.local_day, 'YYYY-MM-DD') AS day,
       count(*) AS orders,
       sum(CASE WHEN d.ok THEN 1 ELSE 0 END) AS fulfilled,
       sum(CASE WHEN d.status = 'CANCELLED' THEN 1 ELSE 0 END) AS cancelled,
       sum(CASE WHEN d.status = 'NO_SHOW' THEN 1 ELSE 0 END) AS no_shows,
       sum(CASE WHEN d.status IN ('PICKED_UP', 'COMPLETED', 'CANCELLED', 'NO_SHOW') THEN 0 ELSE 1 END) AS open,
       sum(CASE WHEN d.ok THEN d.subtotal_cents ELSE 0 END) AS gross_cents,
       sum(CASE WHEN d.ok THEN d.tax_cents ELSE 0 END) AS tax_cents,
       sum(CASE WHEN d.ok THEN d.tip_cents ELSE 0 END) AS tip_cents,
       sum(CASE WHEN d.ok THEN d.subsidy_cents ELSE 0 END) AS subsidy_cents,
       sum(CASE WHEN d.ok THEN d.total_cents ELSE 0 END) AS employee_paid_cents,
       sum(CASE WHEN d.ok THEN d.refunded ELSE 0 END) AS refunds_cents,
       sum(CASE WHEN d.ok THEN d.subtotal_cents + d.tax_cents + d.tip_cents - d.refunded ELSE 0 END) AS net_cents
FROM (
    SELECT o.status, o.subtotal_cents, o.tax_cents, o.tip_cents, o.subsidy_cents, o.total_cents,
           (o.placed_at AT TIME ZONE c.time_zone)::date AS local_day,
           o.status IN ('PICKED_UP', 'COMPLETED') AS ok,
           coalesce(r.refunded, 0) AS refunded
    FROM orders o
    JOIN campuses c ON c.id = o.campus_id
    LEFT JOIN (SELECT order_id, sum(amount_cents) AS refunded FROM refunds WHERE status = 'succeeded' GROUP BY order_id) r
           ON r.order_id = o.id
    WHERE (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2
      AND ($3::text IS NULL OR c.code = $3)
) d
GROUP BY d.local_day
ORDER BY d.local_day
