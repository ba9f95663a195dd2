-- heatmap
SELECT extract(isodow FROM l.local_ts)::int AS weekday, to_char(l.local_ts, 'Dy') AS day_name,
       extract(hour FROM l.local_ts)::int AS hour, count(*) AS orders
FROM (SELECT o.placed_at AT TIME ZONE c.time_zone AS local_ts
      FROM orders o JOIN campuses c ON c.id = o.campus_id
      WHERE (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $1 AND $2
        AND ($3::text IS NULL OR c.code = $3)) l
GROUP BY 1, 2, 3
ORDER BY 1, 3
