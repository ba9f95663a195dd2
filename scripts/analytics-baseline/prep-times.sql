-- prep-times --by vendor: queue = PENDING -> CONFIRMED, prep = CONFIRMED -> READY (event instants)
SELECT v.slug AS vendor,
       count(*) AS confirmed,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ec.at - ep.at)::float8)::numeric, 1) AS queue_p50_seconds,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM ec.at - ep.at)::float8)::numeric, 1) AS queue_p95_seconds,
       round(avg(extract(epoch FROM ec.at - ep.at)), 1) AS queue_mean_seconds,
       count(er.at) AS prepared,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM er.at - ec.at)::float8)::numeric, 1) AS prep_p50_seconds,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM er.at - ec.at)::float8)::numeric, 1) AS prep_p95_seconds,
       round(avg(extract(epoch FROM er.at - ec.at)), 1) AS prep_mean_seconds
FROM orders o
JOIN campuses c ON c.id = o.campus_id
JOIN vendors v ON v.id = o.vendor_id
JOIN order_events ep ON ep.order_id = o.id AND ep.to_status = 'PENDING'
JOIN order_events ec ON ec.order_id = o.id AND ec.to_status = 'CONFIRMED'
LEFT JOIN order_events er ON er.order_id = o.id AND er.to_status = 'READY'
WHERE (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2
  AND ($3::text IS NULL OR c.code = $3)
GROUP BY v.slug
ORDER BY v.slug
