-- late-orders --by vendor: orders that reached READY; on time = READY at or before promised_at
SELECT v.slug AS vendor,
       count(*) AS ready,
       count(o.promised_at) AS promised,
       sum(CASE WHEN er.at <= o.promised_at THEN 1 ELSE 0 END) AS on_time,
       sum(CASE WHEN er.at > o.promised_at THEN 1 ELSE 0 END) AS late,
       round(100.0 * sum(CASE WHEN er.at > o.promised_at THEN 1 ELSE 0 END) / nullif(count(o.promised_at), 0), 1) AS late_pct,
       round(avg(CASE WHEN er.at > o.promised_at THEN extract(epoch FROM er.at - o.promised_at) / 60 END), 1) AS late_minutes_mean,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY CASE WHEN er.at > o.promised_at
                                                          THEN extract(epoch FROM er.at - o.promised_at)::float8 / 60 END)::numeric, 1) AS late_minutes_p95,
       count(epu.at) AS picked_up,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM epu.at - er.at)::float8)::numeric, 1) AS wait_p50_seconds,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM epu.at - er.at)::float8)::numeric, 1) AS wait_p95_seconds,
       round(avg(extract(epoch FROM epu.at - er.at)), 1) AS wait_mean_seconds,
       sum(CASE WHEN o.status = 'NO_SHOW' THEN 1 ELSE 0 END) AS no_shows,
       round(100.0 * sum(CASE WHEN o.status = 'NO_SHOW' THEN 1 ELSE 0 END) / count(*), 1) AS no_show_pct
FROM orders o
JOIN campuses c ON c.id = o.campus_id
JOIN vendors v ON v.id = o.vendor_id
JOIN order_events er ON er.order_id = o.id AND er.to_status = 'READY'
LEFT JOIN order_events epu ON epu.order_id = o.id AND epu.to_status = 'PICKED_UP'
WHERE (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2
  AND ($3::text IS NULL OR c.code = $3)
GROUP BY v.slug
ORDER BY v.slug
