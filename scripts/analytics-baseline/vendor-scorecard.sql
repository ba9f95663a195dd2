-- vendor-scorecard
SELECT v.slug AS vendor, v.name,
       count(*) AS orders,
       sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') THEN 1 ELSE 0 END) AS fulfilled,
       sum(CASE WHEN o.status = 'CANCELLED' THEN 1 ELSE 0 END) AS cancelled,
       round(100.0 * sum(CASE WHEN o.status = 'CANCELLED' THEN 1 ELSE 0 END) / count(*), 1) AS cancellation_pct,
       sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED')
                THEN o.subtotal_cents + o.tax_cents + o.tip_cents - coalesce(r.refunded, 0) ELSE 0 END) AS net_cents,
       round(100.0 * sum(CASE WHEN er.at <= o.promised_at THEN 1 ELSE 0 END)
             / nullif(sum(CASE WHEN er.at IS NOT NULL AND o.promised_at IS NOT NULL THEN 1 ELSE 0 END), 0), 1) AS on_time_pct,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM er.at - ec.at)::float8)::numeric, 1) AS prep_p95_seconds,
       sum(CASE WHEN o.status = 'NO_SHOW' THEN 1 ELSE 0 END) AS no_shows,
       v.rating::float8 AS rating
FROM orders o
JOIN campuses c ON c.id = o.campus_id
JOIN vendors v ON v.id = o.vendor_id
LEFT JOIN order_events ec ON ec.order_id = o.id AND ec.to_status = 'CONFIRMED'
LEFT JOIN order_events er ON er.order_id = o.id AND er.to_status = 'READY'
LEFT JOIN (SELECT order_id, sum(amount_cents) AS refunded FROM refunds WHERE status = 'succeeded' GROUP BY order_id) r
       ON r.order_id = o.id
WHERE (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2
  AND ($3::text IS NULL OR c.code = $3)
GROUP BY v.id, v.slug, v.name, v.rating
ORDER BY v.slug
