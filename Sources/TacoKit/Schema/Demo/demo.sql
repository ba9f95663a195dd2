-- TacoTracker demo data. Runs once, inside one transaction, as taco_owner, after all migrations.
-- Deterministic: every "random" choice is pg_temp.h(text) = a hash of a label, so ids (md5-based
-- uuids), names and amounts are identical on every load; only dates move with today (UTC).
-- "Already loaded" <=> SELECT to_regclass('public.demo_marker') IS NOT NULL  (created last, below).

SET LOCAL TimeZone = 'UTC';
SET LOCAL work_mem = '64MB';

CREATE FUNCTION pg_temp.h(text) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$ SELECT ('x' || substr(md5($1), 1, 12))::bit(48)::bigint / 281474976710656.0 $$;
CREATE FUNCTION pg_temp.u(text) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$ SELECT md5($1)::uuid $$;
CREATE FUNCTION pg_temp.ascii_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT translate(lower($1), 'äáàâãåçéèêëíìîïñóòôõöøúùûüýÿ''- .', 'aaaaaaceeeeiiiinoooooouuuuyy')
$$;

CREATE TEMP TABLE d_today ON COMMIT DROP AS
SELECT (now() AT TIME ZONE 'UTC')::date AS today,
       extract(isodow FROM (now() AT TIME ZONE 'UTC')::date)::int AS dow;

-- ---------------------------------------------------------------- campuses (12)
CREATE TEMP TABLE d_campus ON COMMIT DROP AS
SELECT pg_temp.u('campus-' || c.code) AS id, c.*
FROM (VALUES
  (1,  'SEA', 'Seattle - Lake Union',      'America/Los_Angeles', 10.2500, 'USD', 47.6256, -122.3344, '400 Dexter Ave N, Seattle, WA'),
  (2,  'SFO', 'San Francisco - SoMa',      'America/Los_Angeles',  8.6250, 'USD', 37.7810, -122.3950, '500 Howard St, San Francisco, CA'),
  (3,  'LAX', 'Los Angeles - Playa Vista', 'America/Los_Angeles',  9.5000, 'USD', 33.9757, -118.4180, '12000 W Jefferson Blvd, Los Angeles, CA'),
  (4,  'DEN', 'Denver - Union Station',    'America/Denver',       8.8100, 'USD', 39.7530, -105.0002, '1701 Wynkoop St, Denver, CO'),
  (5,  'PHX', 'Phoenix - Tempe Town Lake', 'America/Phoenix',      8.1000, 'USD', 33.4302, -111.9300, '1 N Rio Salado Pkwy, Tempe, AZ'),
  (6,  'CHI', 'Chicago - Fulton Market',   'America/Chicago',     10.2500, 'USD', 41.8866,  -87.6520, '1000 W Fulton Market, Chicago, IL'),
  (7,  'AUS', 'Austin - Domain',           'America/Chicago',      8.2500, 'USD', 30.4021,  -97.7252, '11500 Rock Rose Ave, Austin, TX'),
  (8,  'NYC', 'New York - Chelsea',        'America/New_York',     8.8750, 'USD', 40.7420,  -74.0048, '75 Ninth Ave, New York, NY'),
  (9,  'BOS', 'Boston - Seaport',          'America/New_York',     6.2500, 'USD', 42.3510,  -71.0440, '100 Seaport Blvd, Boston, MA'),
  (10, 'ATL', 'Atlanta - Midtown',         'America/New_York',     8.9000, 'USD', 33.7816,  -84.3880, '1100 Peachtree St NE, Atlanta, GA'),
  (11, 'TOR', 'Toronto - King West',       'America/Toronto',     13.0000, 'CAD', 43.6445,  -79.3990, '500 King St W, Toronto, ON'),
  (12, 'VAN', 'Vancouver - Yaletown',      'America/Vancouver',   12.0000, 'CAD', 49.2750, -123.1210, '1100 Mainland St, Vancouver, BC')
) AS c(n, code, name, tz, rate, currency, lat, lon, address);

INSERT INTO campuses (id, code, name, time_zone, currency, tax_rate_percent, boundary, address,
                      service_start, service_end, active)
SELECT id, code, name, tz, currency, rate,
       -- ~600 m x 600 m box around the campus centre
       ST_Multi(ST_MakeEnvelope(lon - 0.0027 / cos(radians(lat)), lat - 0.0027,
                                lon + 0.0027 / cos(radians(lat)), lat + 0.0027, 4326))::geography,
       address, '11:00', '14:00', true
FROM d_campus;

-- ---------------------------------------------------------------- departments (40)
INSERT INTO departments (code, parent_code, cost_center, name, status)
SELECT 'D' || lpad(i::text, 2, '0'),
       CASE WHEN i > 8 THEN 'D' || lpad((1 + (i - 9) % 8)::text, 2, '0') END,
       'CC-' || (4000 + i * 10),
       name,
       CASE WHEN i = 40 THEN 'inactive' ELSE 'active' END
FROM unnest(ARRAY[
  'Engineering', 'Sales', 'Marketing', 'Finance', 'People', 'Operations', 'Legal', 'Facilities',
  'Platform Engineering', 'Enterprise Sales', 'Brand', 'Accounting', 'Recruiting', 'Supply Chain',
  'Privacy & Compliance', 'Workplace Services', 'Mobile Engineering', 'Inside Sales', 'Growth Marketing',
  'Treasury', 'Learning & Development', 'Logistics', 'Contracts', 'Food Services',
  'Data Engineering', 'Partner Sales', 'Product Marketing', 'FP&A', 'Total Rewards', 'Procurement',
  'Employment Law', 'Security', 'Site Reliability', 'Sales Engineering', 'Communications', 'Tax',
  'Employee Relations', 'Quality', 'Corporate Development', 'Legacy Systems'
]) WITH ORDINALITY AS d(name, i);

-- ---------------------------------------------------------------- users (3,000)
CREATE TEMP TABLE d_user ON COMMIT DROP AS
WITH g AS (SELECT array[
  'Zoë', 'José', 'Siobhán', 'François', 'Chloé', 'Björn', 'Ngozi', 'Mei', 'Aarav', 'Olivia',
  'Liam', 'Sofía', 'Mateo', 'Amara', 'Noah', 'Emma', 'Diego', 'Priya', 'Hiroshi', 'Fatima',
  'Lucas', 'Ava', 'Ethan', 'Isabella', 'Kwame', 'Leila', 'Marcus', 'Nadia', 'Omar', 'Renée',
  'Sean', 'Tomás', 'Yuki', 'Zara', 'Ana', 'Benjamín', 'Camille', 'Dmitri', 'Elif', 'Gabriel'] AS a),
     f AS (SELECT array[
  'Núñez', 'O''Brien', 'García', 'Müller', 'Nguyen', 'Kowalski', 'Smith', 'Johnson', 'Patel', 'Kim',
  'Okafor', 'Rossi', 'Dubois', 'Fernández', 'Chen', 'Williams', 'Brown', 'Jones', 'López', 'Martínez',
  'Anderson', 'Taylor', 'Thomas', 'Hernández', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Sánchez',
  'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
  'Ødegaard', 'Søndergaard', 'MacDonald', 'D''Angelo', 'Van der Berg', 'Ito', 'Yılmaz', 'Haddad'] AS a),
base AS (
  SELECT i,
         g.a[1 + floor(pg_temp.h('given' || i) * array_length(g.a, 1))::int] AS given,
         f.a[1 + floor(pg_temp.h('family' || i) * array_length(f.a, 1))::int] AS family
  FROM generate_series(1, 3000) i, g, f)
SELECT i, pg_temp.u('user-' || i) AS id, given, family,
       pg_temp.ascii_fold(given) || '.' || pg_temp.ascii_fold(family)
         || CASE WHEN row_number() OVER (PARTITION BY pg_temp.ascii_fold(given), pg_temp.ascii_fold(family) ORDER BY i) > 1
                 THEN (row_number() OVER (PARTITION BY pg_temp.ascii_fold(given), pg_temp.ascii_fold(family) ORDER BY i))::text
                 ELSE '' END
         || '@globex.example' AS email,
       1 + (i - 1) % 12 AS campus_n,
       CASE WHEN i % 50 = 0 THEN 'terminated' WHEN i % 97 = 0 THEN 'leave' ELSE 'active' END AS hr_status
FROM base;

INSERT INTO users (id, worker_id, employee_id, okta_id, email, given_name, family_name, preferred_name,
                   department_code, campus_id, job_title, meal_subsidy_cents, subsidy_period,
                   active, hr_status, deactivated_at, source, manager_worker_id, last_hr_sync_at)
SELECT u.id,
       'W' || lpad(u.i::text, 6, '0'),
       'E' || (100000 + u.i),
       CASE WHEN u.i % 20 <> 0 THEN '00u' || substr(md5('okta' || u.i), 1, 17) END,
       u.email, u.given, u.family,
       CASE WHEN u.i % 29 = 0 THEN left(u.given, 3) END,
       'D' || lpad((1 + floor(pg_temp.h('dept' || u.i) * 39))::int::text, 2, '0'),
       c.id,
       (ARRAY['Software Engineer', 'Account Executive', 'Analyst', 'Designer', 'Manager', 'Technician',
              'Recruiter', 'Counsel', 'Director', 'Coordinator'])[1 + u.i % 10],
       (ARRAY[0, 500, 800, 1000, 1200])[1 + floor(pg_temp.h('subsidy' || u.i) * 5)::int],
       CASE WHEN u.i % 7 = 0 THEN 'per-meal' ELSE 'per-day' END,
       u.hr_status <> 'terminated',
       u.hr_status,
       CASE WHEN u.hr_status = 'terminated' THEN now() - (u.i % 90) * interval '1 day' END,
       CASE WHEN u.i % 100 = 1 THEN 'manual' ELSE 'hr' END,
       CASE WHEN u.i > 30 THEN 'W' || lpad((1 + u.i % 30)::text, 6, '0') END,
       now() - interval '6 hours'
FROM d_user u JOIN d_campus c ON c.n = u.campus_n;

-- ---------------------------------------------------------------- vendors (100)
CREATE TEMP TABLE d_vendor ON COMMIT DROP AS
WITH w AS (SELECT
  array['Taco', 'El Rey', 'La Casita', 'Los Primos', 'Fuego', 'Mi Tierra', 'Don Chuy', 'La Esquina',
        'El Sol', 'Tres Hermanos'] AS a,
  array['Truck', 'Taqueria', 'Kitchen', 'Cantina', 'Express', 'Grill', 'Cocina', 'Street Tacos',
        'Tacos & More', 'Antojitos'] AS b)
SELECT i, pg_temp.u('vendor-' || i) AS id,
       CASE i WHEN 1 THEN 'Taco Loco Express' WHEN 2 THEN 'El Güero Tacos'
              ELSE w.a[1 + (i - 1) / 10] || ' ' || w.b[1 + (i - 1) % 10] || ' #' || i END AS name,
       CASE i WHEN 1 THEN 'taco-loco' WHEN 2 THEN 'el-guero-tacos'
              ELSE trim(both '-' FROM regexp_replace(lower(w.a[1 + (i - 1) / 10] || ' ' || w.b[1 + (i - 1) % 10]),
                                                      '[^a-z0-9]+', '-', 'g')) || '-' || i END AS slug,
       CASE WHEN i <= 2 THEN 'approved'
            WHEN i % 12 = 0 THEN 'applied'
            WHEN i % 12 = 5 THEN 'rejected'
            WHEN i % 12 = 7 THEN 'suspended'
            ELSE 'approved' END AS status,
       8 + floor(pg_temp.h('nitems' || i) * 8)::int AS n_items,     -- 8..15
       floor(pg_temp.h('offset' || i) * 19)::int AS item_offset,
       1 + floor(pg_temp.h('ntrucks' || i) * 3)::int AS n_trucks     -- 1..3
FROM generate_series(1, 100) i, w;

INSERT INTO vendors (id, slug, name, status, stripe_account_id, contact_email, phone, tax_id, rating, status_reason)
SELECT id, slug, name, status,
       CASE WHEN status IN ('approved', 'suspended') THEN 'acct_demo' || substr(md5('acct' || i), 1, 16) END,
       'owner@' || slug || '.example',
       '+1-555-' || lpad((1000 + i)::text, 4, '0'),
       lpad((10000000 + i * 7919)::text, 2, '0') || '-' || lpad((i * 7)::text, 7, '0'),
       CASE WHEN status IN ('approved', 'suspended') THEN round((3.2 + pg_temp.h('rating' || i) * 1.8)::numeric, 2) END,
       CASE status WHEN 'rejected' THEN 'health permit could not be verified'
                   WHEN 'suspended' THEN 'insurance certificate expired'
                   WHEN 'approved' THEN 'all permits verified' END
FROM d_vendor;

-- permits: every vendor has the three kinds; some expire within 30 days, some already expired
INSERT INTO permits (vendor_id, kind, number, issued_on, expires_on)
SELECT v.id, k.kind,
       upper(left(k.kind, 2)) || '-' || (2024 + v.i % 3) || '-' || lpad((v.i * 37 + k.n)::text, 5, '0'),
       t.today - 400,
       CASE WHEN k.kind = 'health' AND v.i % 7 = 0 THEN t.today + (v.i % 29) + 1        -- within 30 days
            WHEN k.kind = 'insurance' AND (v.i % 11 = 0 OR v.i % 12 = 7) THEN t.today - (5 + v.i % 40)  -- expired
            ELSE t.today + 60 + floor(pg_temp.h('exp' || v.i || k.kind) * 600)::int END
FROM d_vendor v, d_today t,
     (VALUES (1, 'business_license'), (2, 'health'), (3, 'insurance')) AS k(n, kind);

-- trucks: 1-3 per vendor
CREATE TEMP TABLE d_truck ON COMMIT DROP AS
SELECT v.i AS vi, k, pg_temp.u('truck-' || v.i || '-' || k) AS id, v.id AS vendor_id, v.status AS vendor_status,
       CASE WHEN k = 3 AND v.i % 4 = 0 THEN 'maintenance' ELSE 'active' END AS status,
       1 + floor(pg_temp.h('truck-campus' || v.i || '-' || k) * 12)::int AS campus_n,
       (row_number() OVER (ORDER BY v.i, k))::int AS seq
FROM d_vendor v, generate_series(1, 3) k
WHERE k <= v.n_trucks;

INSERT INTO trucks (id, vendor_id, name, plate, capacity, status, device_token_hash, token_rotated_at)
SELECT t.id, t.vendor_id,
       (ARRAY['La Bestia', 'El Rapido', 'La Güera'])[t.k] || CASE WHEN t.k > 1 THEN ' ' || t.k ELSE '' END,
       (ARRAY['CA', 'TX', 'IL', 'NY', 'WA', 'CO', 'AZ', 'MA'])[1 + t.vi % 8] || '-' || lpad((t.vi * 10 + t.k)::text, 4, '0')
         || chr(65 + t.vi % 26),
       15 + floor(pg_temp.h('cap' || t.id) * 4)::int * 5,
       t.status,
       sha256(convert_to('demo-device-token-' || t.id, 'UTF8')),
       now() - interval '20 days'
FROM d_truck t;

-- ---------------------------------------------------------------- menus
INSERT INTO menus (id, vendor_id, name)
SELECT pg_temp.u('menu-' || i), id, 'Main Menu' FROM d_vendor;

CREATE TEMP TABLE d_catalog ON COMMIT DROP AS
SELECT * FROM (VALUES
  (1,  'TACO-PASTOR',  'Taco al Pastor',        'tacos',    375, 4, 'main'),
  (2,  'TACO-ASADA',   'Carne Asada Taco',      'tacos',    425, 4, 'main'),
  (3,  'TACO-CARNITAS','Carnitas Taco',         'tacos',    375, 4, 'main'),
  (4,  'TACO-BAJA',    'Baja Fish Taco',        'tacos',    450, 6, 'main'),
  (5,  'TACO-BIRRIA',  'Birria Taco con Consomé','tacos',   475, 6, 'main'),
  (6,  'TACO-VEG',     'Veggie Taco',           'tacos',    325, 4, 'main'),
  (7,  'TACO-CHORIZO', 'Chorizo Taco',          'tacos',    375, 4, 'main'),
  (8,  'BUR-SUPREMO',  'Burrito Supremo',       'burritos',1095, 8, 'main'),
  (9,  'BUR-CALI',     'California Burrito',    'burritos',1195, 8, 'main'),
  (10, 'BUR-BEAN',     'Bean & Cheese Burrito', 'burritos', 795, 6, 'main'),
  (11, 'BOWL-CLASSIC', 'Burrito Bowl',          'bowls',   1150, 7, 'main'),
  (12, 'QUESA-GRANDE', 'Quesadilla Grande',     'bowls',    950, 7, 'main'),
  (13, 'NACHOS',       'Nachos Locos',          'bowls',    895, 6, 'main'),
  (14, 'CHIPS-GUAC',   'Chips & Guacamole',     'sides',    495, 2, 'side'),
  (15, 'ELOTE',        'Elote',                 'sides',    450, 3, 'side'),
  (16, 'RICE-BEANS',   'Rice & Beans',          'sides',    350, 1, 'side'),
  (17, 'HORCHATA',     'Horchata',              'drinks',   325, 1, 'drink'),
  (18, 'AGUA-FRESCA',  'Agua Fresca',           'drinks',   325, 1, 'drink'),
  (19, 'COKE-MX',      'Mexican Coke',          'drinks',   300, 0, 'drink')
) AS c(c, sku, name, category, price, prep, kind);

CREATE TEMP TABLE d_item ON COMMIT DROP AS
SELECT v.i AS vi, k, pg_temp.u('item-' || v.i || '-' || k) AS id, v.id AS vendor_id, c.*,
       greatest(100, c.price + (floor(pg_temp.h('price' || v.i || '-' || k) * 5)::int - 1) * 25) AS vprice,
       CASE c.kind WHEN 'main' THEN 1 + floor(pg_temp.h('ngroups' || v.i || '-' || k) * 3)::int ELSE 1 END AS n_groups
FROM d_vendor v
CROSS JOIN generate_series(1, 15) k
JOIN d_catalog c ON c.c = 1 + (k - 1 + v.item_offset) % 19
WHERE k <= v.n_items;

INSERT INTO menu_items (id, menu_id, vendor_id, sku, name, category, description, price_cents, prep_minutes,
                        available, sold_out_until, position)
SELECT it.id, pg_temp.u('menu-' || it.vi), it.vendor_id, it.sku, it.name, it.category,
       it.name || ', made to order', it.vprice, it.prep,
       NOT (it.vi % 13 = 0 AND it.k = 2),
       CASE WHEN it.vi % 9 = 0 AND it.k = 3 THEN now() + interval '2 hours' END,
       it.k
FROM d_item it;

CREATE TEMP TABLE d_group_cat ON COMMIT DROP AS
SELECT * FROM (VALUES
  ('main',  1, 'Spice level', 1, 1, true),
  ('main',  2, 'Salsa',       0, 2, false),
  ('main',  3, 'Extras',      0, 0, false),
  ('side',  1, 'Add-ons',     0, 0, false),
  ('drink', 1, 'Size',        1, 1, true)
) AS g(kind, g, name, min_c, max_c, required);

CREATE TEMP TABLE d_option_cat ON COMMIT DROP AS
SELECT * FROM (VALUES
  ('main',  1, 1, 'Mild', 0), ('main', 1, 2, 'Medium', 0), ('main', 1, 3, 'Hot', 0),
  ('main',  2, 1, 'Salsa verde', 0), ('main', 2, 2, 'Salsa roja', 0), ('main', 2, 3, 'Habanero', 0),
  ('main',  2, 4, 'Pico de gallo', 0),
  ('main',  3, 1, 'Guacamole', 200), ('main', 3, 2, 'Queso', 150), ('main', 3, 3, 'Sour cream', 75),
  ('main',  3, 4, 'Extra meat', 250),
  ('side',  1, 1, 'Extra guacamole', 200), ('side', 1, 2, 'Tajín', 0), ('side', 1, 3, 'Cotija', 50),
  ('drink', 1, 1, 'Regular', 0), ('drink', 1, 2, 'Large', 100)
) AS o(kind, g, o, name, delta);

CREATE TEMP TABLE d_group ON COMMIT DROP AS
SELECT it.vi, it.k, gc.g, pg_temp.u('og-' || it.vi || '-' || it.k || '-' || gc.g) AS id, it.id AS item_id,
       it.vendor_id, it.kind, gc.name, gc.min_c, gc.max_c, gc.required
FROM d_item it JOIN d_group_cat gc ON gc.kind = it.kind AND gc.g <= it.n_groups;

INSERT INTO option_groups (id, item_id, vendor_id, name, min_choices, max_choices, required, position)
SELECT id, item_id, vendor_id, name, min_c, max_c, required, g FROM d_group;

CREATE TEMP TABLE d_option ON COMMIT DROP AS
SELECT gr.vi, gr.k, gr.g, oc.o, pg_temp.u('opt-' || gr.vi || '-' || gr.k || '-' || gr.g || '-' || oc.o) AS id,
       gr.id AS group_id, gr.vendor_id, oc.name, oc.delta
FROM d_group gr JOIN d_option_cat oc ON oc.kind = gr.kind AND oc.g = gr.g;

INSERT INTO options (id, group_id, vendor_id, name, price_delta_cents, available, position)
SELECT id, group_id, vendor_id, name, delta, NOT (vi % 15 = 0 AND o = 4), o FROM d_option;

-- ingredients and which items use them
CREATE TEMP TABLE d_item_ingredient_cat ON COMMIT DROP AS
SELECT * FROM (VALUES
  ('TACO-PASTOR', 'Corn tortillas'), ('TACO-PASTOR', 'Pork'), ('TACO-PASTOR', 'Pineapple'),
  ('TACO-ASADA', 'Corn tortillas'), ('TACO-ASADA', 'Beef'), ('TACO-ASADA', 'Onion'),
  ('TACO-CARNITAS', 'Corn tortillas'), ('TACO-CARNITAS', 'Pork'), ('TACO-CARNITAS', 'Cilantro'),
  ('TACO-BAJA', 'Flour tortillas'), ('TACO-BAJA', 'Fish'), ('TACO-BAJA', 'Cabbage'),
  ('TACO-BIRRIA', 'Corn tortillas'), ('TACO-BIRRIA', 'Beef'), ('TACO-BIRRIA', 'Cheese'),
  ('TACO-VEG', 'Corn tortillas'), ('TACO-VEG', 'Beans'), ('TACO-VEG', 'Avocado'),
  ('TACO-CHORIZO', 'Corn tortillas'), ('TACO-CHORIZO', 'Chorizo'), ('TACO-CHORIZO', 'Onion'),
  ('BUR-SUPREMO', 'Flour tortillas'), ('BUR-SUPREMO', 'Beef'), ('BUR-SUPREMO', 'Rice'), ('BUR-SUPREMO', 'Beans'),
  ('BUR-CALI', 'Flour tortillas'), ('BUR-CALI', 'Beef'), ('BUR-CALI', 'Potatoes'), ('BUR-CALI', 'Cheese'),
  ('BUR-BEAN', 'Flour tortillas'), ('BUR-BEAN', 'Beans'), ('BUR-BEAN', 'Cheese'),
  ('BOWL-CLASSIC', 'Rice'), ('BOWL-CLASSIC', 'Beans'), ('BOWL-CLASSIC', 'Chicken'), ('BOWL-CLASSIC', 'Avocado'),
  ('QUESA-GRANDE', 'Flour tortillas'), ('QUESA-GRANDE', 'Cheese'), ('QUESA-GRANDE', 'Chicken'),
  ('NACHOS', 'Tortilla chips'), ('NACHOS', 'Cheese'), ('NACHOS', 'Beans'),
  ('CHIPS-GUAC', 'Tortilla chips'), ('CHIPS-GUAC', 'Avocado'),
  ('ELOTE', 'Corn'), ('ELOTE', 'Cheese'),
  ('RICE-BEANS', 'Rice'), ('RICE-BEANS', 'Beans'),
  ('HORCHATA', 'Rice'), ('AGUA-FRESCA', 'Fruit')
) AS m(sku, ingredient);

CREATE TEMP TABLE d_ingredient ON COMMIT DROP AS
SELECT DISTINCT it.vi, it.vendor_id, m.ingredient AS name,
       pg_temp.u('ing-' || it.vi || '-' || m.ingredient) AS id
FROM d_item it JOIN d_item_ingredient_cat m ON m.sku = it.sku;

INSERT INTO ingredients (id, vendor_id, name, eighty_sixed, unavailable_until)
SELECT id, vendor_id, name,
       (vi % 17 = 0 AND name = 'Avocado'),
       CASE WHEN vi % 23 = 0 AND name = 'Fish' THEN now() + interval '90 minutes' END
FROM d_ingredient;

INSERT INTO menu_item_ingredients (item_id, ingredient_id, vendor_id)
SELECT it.id, ing.id, it.vendor_id
FROM d_item it
JOIN d_item_ingredient_cat m ON m.sku = it.sku
JOIN d_ingredient ing ON ing.vi = it.vi AND ing.name = m.ingredient;

-- ---------------------------------------------------------------- schedules
-- Approved vendors' active trucks: Mon-Fri 11:00-14:00 local at their home campus; about half
-- also serve weekends. One slot per truck per day: never in two places at once.
INSERT INTO schedules (id, vendor_id, truck_id, campus_id, weekday, start_local, end_local, spot,
                       valid_from, valid_until)
SELECT pg_temp.u('sched-' || t.id || '-' || wd), t.vendor_id, t.id, c.id, wd,
       CASE WHEN wd >= 6 THEN time '11:30' ELSE time '11:00' END, '14:00',
       (ARRAY['North Plaza', 'South Lot', 'Courtyard', 'Main Entrance', 'Parking Deck P2', 'Loading Dock Row'])
         [1 + t.seq % 6] || ', bay ' || (1 + t.seq % 9),
       d.today - 60, NULL
FROM d_truck t
JOIN d_campus c ON c.n = t.campus_n
CROSS JOIN d_today d
CROSS JOIN generate_series(1, 7) wd
WHERE t.vendor_status = 'approved' AND t.status = 'active'
  AND (wd <= 5 OR pg_temp.h('weekend' || t.id) < 0.5);

INSERT INTO schedule_exceptions (vendor_id, truck_id, on_date, reason)
SELECT t.vendor_id, t.id, d.today + 3 + t.seq % 4, 'private catering event'
FROM d_truck t, d_today d
WHERE t.vendor_status = 'approved' AND t.status = 'active' AND t.seq % 10 = 0;

-- ---------------------------------------------------------------- orders (today)
-- Trucks serving today (UTC date's ISO weekday), their campus and local lunch window.
CREATE TEMP TABLE d_serving ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY t.seq))::int AS rn, t.id AS truck_id, t.vendor_id, t.vi, c.n AS campus_n,
       c.id AS campus_id, c.tz, c.rate, c.currency, c.lat, c.lon,
       s.start_local,
       ((d.today + s.start_local) AT TIME ZONE c.tz) AS window_start,
       ((d.today + s.end_local) AT TIME ZONE c.tz) AS window_end
FROM d_truck t
JOIN schedules s ON s.truck_id = t.id
JOIN d_campus c ON c.id = s.campus_id
CROSS JOIN d_today d
WHERE s.weekday = d.dow
  AND NOT EXISTS (SELECT FROM schedule_exceptions e WHERE e.truck_id = t.id AND e.on_date = d.today);

CREATE TEMP TABLE d_campus_users ON COMMIT DROP AS
SELECT u.campus_id, u.id, u.given_name, u.family_name, u.preferred_name, u.meal_subsidy_cents, u.subsidy_period,
       (row_number() OVER (PARTITION BY u.campus_id ORDER BY u.worker_id))::int AS rn,
       (count(*) OVER (PARTITION BY u.campus_id))::int AS cnt
FROM users u WHERE u.active;

CREATE TEMP TABLE d_order ON COMMIT DROP AS
WITH o AS (
  SELECT n, s.*,
         pg_temp.h('status' || n) AS hs
  FROM generate_series(1, 3000) n
  JOIN d_serving s ON s.rn = 1 + floor(pg_temp.h('order-truck' || n) * (SELECT count(*) FROM d_serving))::int
)
SELECT o.n, pg_temp.u('order-' || o.n) AS id, o.truck_id, o.vendor_id, o.vi, o.campus_id, o.rate, o.currency,
       cu.id AS user_id, cu.meal_subsidy_cents AS subsidy_cap, cu.subsidy_period,
       coalesce(cu.preferred_name, cu.given_name) || ' ' || left(cu.family_name, 1) || '.' AS display_name,
       o.window_start - interval '15 minutes'
         + (o.window_end - o.window_start) * pg_temp.h('placed' || o.n) AS placed_at,
       CASE WHEN o.hs < 0.05 THEN 'PENDING'  WHEN o.hs < 0.10 THEN 'CONFIRMED'
            WHEN o.hs < 0.15 THEN 'PREPARING' WHEN o.hs < 0.20 THEN 'READY'
            WHEN o.hs < 0.25 THEN 'PICKED_UP' WHEN o.hs < 0.85 THEN 'COMPLETED'
            WHEN o.hs < 0.95 THEN 'CANCELLED' ELSE 'NO_SHOW' END AS final_status,
       -- for CANCELLED: the state it was cancelled from
       (ARRAY['PENDING', 'CONFIRMED', 'PREPARING'])[1 + floor(pg_temp.h('cxl' || o.n) * 3)::int] AS cancel_from,
       (ARRAY[0, 0, 10, 15, 20])[1 + floor(pg_temp.h('tip' || o.n) * 5)::int] AS tip_pct
FROM o
JOIN d_campus_users cu ON cu.campus_id = o.campus_id
                      AND cu.rn = 1 + floor(pg_temp.h('order-user' || o.n) * cu.cnt)::int;

-- lines: 1-3 per order, items of the order's vendor, 0-2 options per line
CREATE TEMP TABLE d_line ON COMMIT DROP AS
SELECT o.n, l, pg_temp.u('line-' || o.n || '-' || l) AS id, o.id AS order_id, o.vendor_id, it.id AS item_id,
       it.vi, it.k, it.sku, it.name, it.vprice,
       CASE WHEN pg_temp.h('qty' || o.n || '-' || l) < 0.75 THEN 1 ELSE 2 END AS qty
FROM d_order o
CROSS JOIN generate_series(1, 3) l
JOIN d_vendor v ON v.id = o.vendor_id
JOIN d_item it ON it.vi = v.i AND it.k = 1 + floor(pg_temp.h('line-item' || o.n || '-' || l) * v.n_items)::int
WHERE l <= 1 + floor(pg_temp.h('nlines' || o.n) * 3)::int;

CREATE TEMP TABLE d_line_option ON COMMIT DROP AS
SELECT pg_temp.u('lopt-' || li.id || '-' || gr.g) AS id, li.id AS line_id, li.vendor_id, op.id AS option_id,
       op.name, op.delta
FROM d_line li
JOIN d_group gr ON gr.vi = li.vi AND gr.k = li.k
JOIN LATERAL (
  SELECT op.* FROM d_option op
  WHERE op.vi = gr.vi AND op.k = gr.k AND op.g = gr.g
  ORDER BY pg_temp.h('pick' || li.id || '-' || gr.g || '-' || op.o)
  LIMIT 1) op ON true
WHERE gr.required OR pg_temp.h('optional' || li.id || '-' || gr.g) < 0.4;

CREATE TEMP TABLE d_line_total ON COMMIT DROP AS
SELECT li.*, li.vprice + coalesce((SELECT sum(lo.delta) FROM d_line_option lo WHERE lo.line_id = li.id), 0) AS unit
FROM d_line li;

CREATE TEMP TABLE d_order_total ON COMMIT DROP AS
WITH s AS (
  SELECT o.*, t.subtotal,
         round(t.subtotal * o.rate / 100)::bigint AS tax           -- numeric round: half away from zero
  FROM d_order o
  JOIN (SELECT order_id, sum(qty * unit)::bigint AS subtotal FROM d_line_total GROUP BY order_id) t
    ON t.order_id = o.id),
s2 AS (
  SELECT s.*, round(s.subtotal * s.tip_pct / 100.0)::bigint AS tip,
         -- per-day caps are shared by the user's orders of the day (in placement order)
         coalesce(sum(least(s.subtotal + s.tax, s.subsidy_cap)) OVER (
             PARTITION BY s.user_id ORDER BY s.placed_at, s.n
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS used_before
  FROM s)
SELECT s2.*,
       CASE WHEN s2.subsidy_period = 'per-meal' THEN least(s2.subtotal + s2.tax, s2.subsidy_cap)
            ELSE greatest(0, least(s2.subtotal + s2.tax, s2.subsidy_cap - s2.used_before)) END AS subsidy
FROM s2;

INSERT INTO orders (id, vendor_id, truck_id, campus_id, user_id, customer_display_name, status, currency,
                    subtotal_cents, tax_cents, tip_cents, subsidy_cents, total_cents, promised_at, placed_at,
                    status_changed_at, idempotency_key, request_hash, special_requests)
SELECT id, vendor_id, truck_id, campus_id, user_id, display_name, 'PENDING', currency,
       subtotal, tax, tip, subsidy, subtotal + tax + tip - subsidy,
       placed_at + interval '15 minutes', placed_at, placed_at,
       'demo-' || n, sha256(convert_to('demo-request-' || n, 'UTF8')),
       CASE WHEN n % 11 = 0 THEN 'no onions please' WHEN n % 17 = 0 THEN 'extra napkins' END
FROM d_order_total;

INSERT INTO order_items (id, order_id, vendor_id, menu_item_id, sku, name, quantity, unit_price_cents, line_total_cents)
SELECT id, order_id, vendor_id, item_id, sku, name, qty, unit, qty * unit FROM d_line_total;

INSERT INTO order_item_options (id, order_item_id, vendor_id, option_id, name, price_delta_cents)
SELECT id, line_id, vendor_id, option_id, name, delta FROM d_line_option;

-- Walk every order through the transitions it actually passed (the trigger writes order_events).
UPDATE orders o SET status = 'CONFIRMED', status_changed_at = d.placed_at + interval '1 minute'
FROM d_order d WHERE o.id = d.id
  AND (d.final_status IN ('CONFIRMED', 'PREPARING', 'READY', 'PICKED_UP', 'COMPLETED', 'NO_SHOW')
       OR (d.final_status = 'CANCELLED' AND d.cancel_from IN ('CONFIRMED', 'PREPARING')));
UPDATE orders o SET status = 'PREPARING', status_changed_at = d.placed_at + interval '3 minutes'
FROM d_order d WHERE o.id = d.id
  AND (d.final_status IN ('PREPARING', 'READY', 'PICKED_UP', 'COMPLETED', 'NO_SHOW')
       OR (d.final_status = 'CANCELLED' AND d.cancel_from = 'PREPARING'));
UPDATE orders o SET status = 'READY', status_changed_at = d.placed_at + interval '12 minutes'
FROM d_order d WHERE o.id = d.id AND d.final_status IN ('READY', 'PICKED_UP', 'COMPLETED', 'NO_SHOW');
UPDATE orders o SET status = 'PICKED_UP', status_changed_at = d.placed_at + interval '16 minutes'
FROM d_order d WHERE o.id = d.id AND d.final_status IN ('PICKED_UP', 'COMPLETED');
UPDATE orders o SET status = 'COMPLETED', status_changed_at = d.placed_at + interval '20 minutes'
FROM d_order d WHERE o.id = d.id AND d.final_status = 'COMPLETED';
UPDATE orders o SET status = 'NO_SHOW', status_changed_at = d.placed_at + interval '45 minutes',
                    cancel_reason = 'not collected within 30 minutes'
FROM d_order d WHERE o.id = d.id AND d.final_status = 'NO_SHOW';
UPDATE orders o SET status = 'CANCELLED', status_changed_at = d.placed_at + interval '5 minutes',
                    cancel_reason = CASE d.cancel_from WHEN 'PENDING' THEN 'customer cancelled'
                                                       WHEN 'CONFIRMED' THEN 'item sold out'
                                                       ELSE 'truck closing early' END
FROM d_order d WHERE o.id = d.id AND d.final_status = 'CANCELLED';

-- payments: authorized at placement, captured once confirmed; voided if cancelled while PENDING.
INSERT INTO payments (order_id, vendor_id, stripe_payment_intent_id, amount_cents, currency, status, at)
SELECT d.id, d.vendor_id, 'pi_demo_' || substr(md5('pi' || d.n), 1, 20), d.subtotal + d.tax + d.tip - d.subsidy,
       d.currency,
       CASE WHEN d.final_status = 'PENDING' THEN 'authorized'
            WHEN d.final_status = 'CANCELLED' AND d.cancel_from = 'PENDING' THEN 'canceled'
            ELSE 'succeeded' END,
       d.placed_at
FROM d_order_total d
WHERE d.subtotal + d.tax + d.tip - d.subsidy > 0;

-- refunds: cancelled after capture
INSERT INTO refunds (order_id, vendor_id, amount_cents, reason, status, stripe_refund_id, created_at)
SELECT d.id, d.vendor_id, d.subtotal + d.tax + d.tip - d.subsidy, 'order cancelled by vendor',
       CASE WHEN d.n % 9 = 0 THEN 'pending' ELSE 'succeeded' END,
       CASE WHEN d.n % 9 <> 0 THEN 're_demo_' || substr(md5('re' || d.n), 1, 20) END,
       d.placed_at + interval '6 minutes'
FROM d_order_total d
WHERE d.final_status = 'CANCELLED' AND d.cancel_from <> 'PENDING'
  AND d.subtotal + d.tax + d.tip - d.subsidy > 0;

-- ---------------------------------------------------------------- GPS (today)
-- One fix per serving truck every 30 s from 10:30 to 14:30 local (480 fixes): approach over 30
-- minutes from ~2.2 km south, park at the bay (jittered fixes), ~30 % leave in the last 30 minutes.
SELECT taco_ensure_position_partitions((SELECT today FROM d_today) - 1, 3);

CREATE TEMP TABLE d_fix ON COMMIT DROP AS
SELECT s.truck_id, s.vendor_id, s.campus_id, t,
       (s.window_start - (s.start_local - time '10:30')) + t * interval '30 seconds' AS recorded_at,
       s.lat + spot_dlat
         + 0.02 * CASE WHEN t < 60 THEN (60 - t) / 60.0
                       WHEN leaves AND t >= 420 THEN (t - 420) / 60.0 ELSE 0 END
         + (pg_temp.h('jy' || s.truck_id || t) - 0.5) * 0.00008 AS lat,
       s.lon + spot_dlon + (pg_temp.h('jx' || s.truck_id || t) - 0.5) * 0.00008 AS lon,
       CASE WHEN t < 60 OR (leaves AND t >= 420) THEN 9.0 + pg_temp.h('v' || s.truck_id || t) * 4
            ELSE 0 END AS speed,
       CASE WHEN t < 60 THEN 0 WHEN leaves AND t >= 420 THEN 180 END AS heading
FROM (SELECT s.*,
             (pg_temp.h('spoty' || s.truck_id) - 0.5) * 0.003 AS spot_dlat,
             (pg_temp.h('spotx' || s.truck_id) - 0.5) * 0.003 AS spot_dlon,
             pg_temp.h('leaves' || s.truck_id) < 0.3 AS leaves
      FROM d_serving s) s
CROSS JOIN generate_series(0, 479) t;

INSERT INTO truck_positions (truck_id, recorded_at, received_at, lat, lon, accuracy_m, speed_mps, heading_deg)
SELECT truck_id, recorded_at, recorded_at + interval '1 second' * (1 + t % 3), lat, lon,
       (3 + (t * 7) % 12)::real, speed::real, heading::real
FROM d_fix;

CREATE TEMP TABLE d_fix_inside ON COMMIT DROP AS
SELECT f.truck_id, f.vendor_id, f.campus_id, f.t, f.recorded_at, f.lat, f.lon, f.speed, f.heading,
       ST_Covers(c.boundary::geometry, ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326)) AS inside
FROM d_fix f JOIN campuses c ON c.id = f.campus_id;

INSERT INTO geofence_events (truck_id, vendor_id, campus_id, kind, at)
SELECT truck_id, vendor_id, campus_id, CASE WHEN inside THEN 'arrive' ELSE 'depart' END, recorded_at
FROM (SELECT x.*, lag(inside) OVER (PARTITION BY truck_id ORDER BY t) AS was_inside
      FROM d_fix_inside x) y
WHERE was_inside IS NOT NULL AND inside <> was_inside;

INSERT INTO truck_last_positions (truck_id, vendor_id, recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg,
                                  campus_id)
SELECT DISTINCT ON (truck_id) truck_id, vendor_id, recorded_at, lat, lon, 5, speed, heading,
       CASE WHEN inside THEN campus_id END
FROM d_fix_inside
ORDER BY truck_id, t DESC;

-- ---------------------------------------------------------------- a little operational history
INSERT INTO hr_sync_runs (started_at, finished_at, feed_sha256, export_id, mode, created_count, updated_count,
                          deactivated_count, reactivated_count, unchanged_count, rejected_count, decision, dry_run)
VALUES (now() - interval '6 hours 2 minutes', now() - interval '6 hours', encode(sha256('demo-feed'), 'hex'),
        'EXP-DEMO-0001', 'full', 3000, 0, 60, 0, 0, 3, 'applied', false);

INSERT INTO data_requests (kind, subject_email, received_at, notes)
SELECT 'export', email, now() - interval '10 days', 'demo request' FROM d_user WHERE i = 42
UNION ALL
SELECT 'erase', email, now() - interval '50 days', 'demo request, overdue' FROM d_user WHERE i = 43;

INSERT INTO outbox (kind, payload, run_after)
SELECT 'push', jsonb_build_object('order_id', id, 'message', 'Your order is ready'), now()
FROM d_order WHERE final_status = 'READY';

-- ---------------------------------------------------------------- demo logins (cluster-wide, idempotent)
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES ('demo_it', 'taco_sysadmin'), ('demo_fs', 'taco_food_services'),
                                   ('demo_reporting', 'taco_reporting'), ('demo_jobs', 'taco_jobs'),
                                   ('demo_vendor_admin', 'taco_vendor_admin'),
                                   ('demo_vendor_staff', 'taco_vendor_staff'),
                                   ('demo_vendor2_admin', 'taco_vendor_admin')) AS x(login, grp)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.login) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', r.login);
        END IF;
        IF NOT pg_has_role(r.login, r.grp, 'MEMBER') THEN
            EXECUTE format('GRANT %I TO %I', r.grp, r.login);
        END IF;
    END LOOP;
END
$$;

INSERT INTO vendor_members (login, vendor_id, role)
SELECT x.login, v.id, x.role
FROM (VALUES ('demo_vendor_admin', 'taco-loco', 'admin'), ('demo_vendor_staff', 'taco-loco', 'staff'),
             ('demo_vendor2_admin', 'el-guero-tacos', 'admin')) AS x(login, slug, role)
JOIN vendors v ON v.slug = x.slug;

-- ---------------------------------------------------------------- marker (last statement)
CREATE TABLE IF NOT EXISTS demo_marker (
    loaded_at  timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL,
    data_day   date NOT NULL
);
INSERT INTO demo_marker (version, data_day) SELECT 1, today FROM d_today;
