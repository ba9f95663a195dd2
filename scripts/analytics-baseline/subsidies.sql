-- subsidies --by campus: fulfilled orders; employer = subsidy, employee = total
SELECT c.code AS campus,
       count(*) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')) AS orders,
       count(*) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED') AND o.subsidy_cents > 0) AS subsidized_orders,
       coalesce(sum(o.subtotal_cents + o.tax_cents + o.tip_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS order_value_cents,
       coalesce(sum(o.subsidy_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS employer_cents,
       coalesce(sum(o.subtotal_cents + o.tax_cents + o.tip_cents - o.subsidy_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS employee_cents,
       round(100.0 * sum(o.subsidy_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED'))
             / nullif(sum(o.subtotal_cents + o.tax_cents + o.tip_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0), 1) AS employer_share_pct,
       round(sum(o.subsidy_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED'))::numeric
             / nullif(count(*) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0)) AS cost_per_order_cents,
       count(DISTINCT u.id) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED') AND u.active) AS participants,
       (SELECT count(*) FROM users a WHERE a.active AND a.campus_id = c.id) AS active_users,
       round(100.0 * count(DISTINCT u.id) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED') AND u.active)
             / nullif((SELECT count(*) FROM users a WHERE a.active AND a.campus_id = c.id), 0), 1) AS participation_pct
FROM orders o
JOIN campuses c ON c.id = o.campus_id
JOIN users u ON u.id = o.user_id
WHERE (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2
  AND ($3::text IS NULL OR c.code = $3)
GROUP BY c.id, c.code
ORDER BY c.code
