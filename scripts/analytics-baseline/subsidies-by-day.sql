-- subsidies --by day: participation over active employees whose home campus is in scope
WITH scope_users AS (
    SELECT count(*) AS n FROM users a JOIN campuses c ON c.id = a.campus_id WHERE a.active AND ($3::text IS NULL OR c.code = $3)
)
SELECT to_char((o.placed_at AT TIME ZONE c.time_zone)::date, 'YYYY-MM-DD') AS day,
       sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') THEN 1 ELSE 0 END) AS orders,
       sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') AND o.subsidy_cents > 0 THEN 1 ELSE 0 END) AS subsidized_orders,
       sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') THEN o.total_cents + o.subsidy_cents ELSE 0 END) AS order_value_cents,
       sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') THEN o.subsidy_cents ELSE 0 END) AS employer_cents,
       sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') THEN o.total_cents ELSE 0 END) AS employee_cents,
       round(100.0 * sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') THEN o.subsidy_cents ELSE 0 END)
             / nullif(sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') THEN o.total_cents + o.subsidy_cents ELSE 0 END), 0), 1) AS employer_share_pct,
       round(sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') THEN o.subsidy_cents ELSE 0 END)
             / nullif(sum(CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') THEN 1 ELSE 0 END), 0)) AS cost_per_order_cents,
       count(DISTINCT CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') AND u.active THEN u.id END) AS participants,
       (SELECT n FROM scope_users) AS active_users,
       round(100.0 * count(DISTINCT CASE WHEN o.status IN ('PICKED_UP', 'COMPLETED') AND u.active THEN u.id END)
             / nullif((SELECT n FROM scope_users), 0), 1) AS participation_pct
FROM orders o
JOIN campuses c ON c.id = o.campus_id
JOIN users u ON u.id = o.user_id
WHERE (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2
  AND ($3::text IS NULL OR c.code = $3)
GROUP BY 1
ORDER BY 1
