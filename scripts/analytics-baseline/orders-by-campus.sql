-- orders --by campus
SELECT c.code AS campus,
       count(*) AS orders,
       count(*) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')) AS fulfilled,
       count(*) FILTER (WHERE o.status = 'CANCELLED') AS cancelled,
       count(*) FILTER (WHERE o.status = 'NO_SHOW') AS no_shows,
       count(*) FILTER (WHERE o.status NOT IN ('PICKED_UP', 'COMPLETED', 'CANCELLED', 'NO_SHOW')) AS open,
       coalesce(sum(o.subtotal_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS gross_cents,
       coalesce(sum(o.tax_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS tax_cents,
       coalesce(sum(o.tip_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS tip_cents,
       coalesce(sum(o.subsidy_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS subsidy_cents,
       coalesce(sum(o.total_cents) FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS employee_paid_cents,
       coalesce(sum((SELECT sum(r.amount_cents) FROM refunds r WHERE r.order_id = o.id AND r.status = 'succeeded'))
                FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS refunds_cents,
       coalesce(sum(o.subtotal_cents + o.tax_cents + o.tip_cents
                    - coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.order_id = o.id AND r.status = 'succeeded'), 0))
                FILTER (WHERE o.status IN ('PICKED_UP', 'COMPLETED')), 0) AS net_cents
FROM orders o
JOIN campuses c ON c.id = o.campus_id
WHERE (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2
  AND ($3::text IS NULL OR c.code = $3)
GROUP BY c.code
ORDER BY c.code
