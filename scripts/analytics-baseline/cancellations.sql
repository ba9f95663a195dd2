-- cancellations: by reason, actor, from_status (the CANCELLED event's)
WITH placed AS (
    SELECT o.id FROM orders o JOIN campuses c ON c.id = o.campus_id
    WHERE (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR c.code = $3)
), cancelled AS (
    SELECT e.reason, e.actor, e.from_status FROM placed p JOIN order_events e ON e.order_id = p.id AND e.to_status = 'CANCELLED'
), shaped AS (
    SELECT 'reason' AS dimension, coalesce(reason, '(none)') AS value FROM cancelled
    UNION ALL SELECT 'actor', actor FROM cancelled
    UNION ALL SELECT 'from_status', from_status FROM cancelled
)
SELECT dimension, value, count(*) AS cancelled,
       round(100.0 * count(*) / (SELECT count(*) FROM cancelled), 1) AS share_pct,
       round(100.0 * count(*) / (SELECT count(*) FROM placed), 1) AS orders_pct
FROM shaped
GROUP BY dimension, value
ORDER BY array_position(ARRAY['reason', 'actor', 'from_status'], dimension), cancelled DESC, value
