-- 0011: row-level security and grants. Who sees which rows is decided by policies; what each
-- role may do with them is decided by GRANTs.
--
-- Vendor-scoped tables: RLS ENABLEd and FORCEd (the owner is subject to policies too).
--   * owner (the migrating role, taco_owner):             USING (true) WITH CHECK (true)
--   * taco_sysadmin / taco_food_services / taco_jobs / taco_reporting: one permissive policy each,
--     USING (true) WITH CHECK (true)
--   * taco_vendor_admin, taco_vendor_staff: the caller's vendor, looked up from current_user in
--     vendor_members (itself limited to the caller's own row): one index lookup per query.

DO $$
DECLARE
    t text;
    r text;
    vendor_key constant text :=
        '(SELECT vm.vendor_id FROM public.vendor_members vm WHERE vm.login = current_user::text)';
    scoped constant text[] := ARRAY[
        'vendors', 'vendor_status_events', 'permits', 'vendor_members', 'trucks',
        'menus', 'menu_items', 'option_groups', 'options', 'ingredients', 'menu_item_ingredients',
        'schedules', 'schedule_exceptions',
        'orders', 'order_items', 'order_item_options', 'order_events', 'payments', 'refunds',
        'payouts', 'payout_items',
        'truck_positions', 'truck_last_positions', 'geofence_events',
        'audit_log'];
    vendor_expr text;
BEGIN
    FOREACH t IN ARRAY scoped LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t);

        EXECUTE format('CREATE POLICY owner_all ON public.%I TO %I USING (true) WITH CHECK (true)',
                       t, current_user);
        FOREACH r IN ARRAY ARRAY['taco_sysadmin', 'taco_food_services', 'taco_jobs', 'taco_reporting'] LOOP
            EXECUTE format('CREATE POLICY %I ON public.%I TO %I USING (true) WITH CHECK (true)',
                           r || '_all', t, r);
        END LOOP;

        vendor_expr := CASE t
            WHEN 'vendors'         THEN 'id = ' || vendor_key
            WHEN 'vendor_members'  THEN 'login = current_user::text'
            WHEN 'truck_positions' THEN 'truck_id IN (SELECT tr.id FROM public.trucks tr)'
            ELSE 'vendor_id = ' || vendor_key
        END;
        EXECUTE format('CREATE POLICY vendor_own ON public.%I TO taco_vendor_admin, taco_vendor_staff '
                       'USING (%s) WITH CHECK (%s)', t, vendor_expr, vendor_expr);
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- GRANTs. Nothing is granted to PUBLIC.

-- taco_reporting: read-only, everything.
GRANT SELECT ON
    campuses, departments, users, vendors, vendor_status_events, permits, vendor_members, trucks,
    menus, menu_items, option_groups, options, ingredients, menu_item_ingredients, menu_item_availability,
    schedules, schedule_exceptions, orders, order_items, order_item_options, order_events, payments,
    refunds, truck_positions, truck_last_positions, geofence_events, location_archives, payouts,
    payout_items, hr_sync_runs, outbox, processed_webhook_events, data_requests, audit_log
TO taco_reporting, taco_food_services, taco_jobs, taco_sysadmin;

-- taco_food_services: reads everything; onboards/approves vendors, permits, campuses; CCPA log.
GRANT INSERT, UPDATE ON vendors, campuses TO taco_food_services;
GRANT INSERT, UPDATE, DELETE ON permits TO taco_food_services;
GRANT INSERT ON vendor_status_events, outbox TO taco_food_services;
GRANT INSERT, UPDATE ON data_requests TO taco_food_services;

-- taco_sysadmin: everything except changing history (audit_log, order_events, vendor_status_events).
GRANT INSERT, UPDATE, DELETE ON
    campuses, departments, users, vendors, permits, vendor_members, trucks,
    menus, menu_items, option_groups, options, ingredients, menu_item_ingredients,
    schedules, schedule_exceptions, orders, order_items, order_item_options, payments,
    refunds, truck_positions, truck_last_positions, geofence_events, location_archives, payouts,
    payout_items, hr_sync_runs, outbox, processed_webhook_events, data_requests
TO taco_sysadmin;
GRANT INSERT ON vendor_status_events TO taco_sysadmin;

-- taco_jobs: HR sync, location service + archival, order service, payouts, outbox workers.
GRANT INSERT, UPDATE ON users, departments, campuses TO taco_jobs;
GRANT INSERT ON truck_positions, geofence_events, order_items, order_item_options TO taco_jobs;
GRANT INSERT, UPDATE ON truck_last_positions, orders, payments, refunds, payouts,
                        hr_sync_runs, location_archives TO taco_jobs;
GRANT INSERT, DELETE ON payout_items, processed_webhook_events TO taco_jobs;
GRANT INSERT, UPDATE, DELETE ON outbox TO taco_jobs;
GRANT UPDATE ON data_requests TO taco_jobs;
GRANT UPDATE (sold_out_until, available) ON menu_items TO taco_jobs;   -- clears expired sold-outs

-- taco_vendor_admin: runs its own vendor (rows limited by RLS).
GRANT SELECT ON vendors, vendor_members, campuses, vendor_status_events,
                orders, order_items, order_item_options, order_events, payments, refunds,
                payouts, payout_items, truck_positions, truck_last_positions, geofence_events,
                menu_item_availability, audit_log
TO taco_vendor_admin;
GRANT UPDATE (phone, contact_email) ON vendors TO taco_vendor_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON trucks, menus, menu_items, option_groups, options, ingredients,
                                        menu_item_ingredients, schedules, schedule_exceptions, permits
TO taco_vendor_admin;
GRANT UPDATE (status, cancel_reason) ON orders TO taco_vendor_admin;

-- taco_vendor_staff: reads its vendor's menus/trucks/schedules/orders; availability; order queue.
GRANT SELECT ON vendors, vendor_members, campuses, trucks, menus, menu_items, option_groups, options,
                ingredients, menu_item_ingredients, menu_item_availability, schedules, schedule_exceptions,
                orders, order_items, order_item_options, order_events, truck_last_positions
TO taco_vendor_staff;
GRANT UPDATE (available, sold_out_until) ON menu_items TO taco_vendor_staff;
GRANT UPDATE (available) ON options TO taco_vendor_staff;
GRANT UPDATE (eighty_sixed, unavailable_until) ON ingredients TO taco_vendor_staff;
GRANT UPDATE (status, cancel_reason) ON orders TO taco_vendor_staff;

-- Identity sequences (not needed for default inserts, but harmless for explicit nextval users).
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO taco_jobs, taco_sysadmin;

-- Functions (all SECURITY DEFINER ones had EXECUTE revoked from PUBLIC where they were created).
GRANT EXECUTE ON FUNCTION taco_ensure_position_partitions(date, int) TO taco_jobs, taco_sysadmin;
GRANT EXECUTE ON FUNCTION taco_drop_position_partition(date) TO taco_jobs, taco_sysadmin;
GRANT EXECUTE ON FUNCTION taco_audit(text, text, text, uuid, jsonb)
    TO taco_sysadmin, taco_food_services, taco_jobs, taco_vendor_admin, taco_vendor_staff;
GRANT EXECUTE ON FUNCTION taco_audit_verify(bigint)
    TO taco_sysadmin, taco_food_services, taco_jobs, taco_reporting;
