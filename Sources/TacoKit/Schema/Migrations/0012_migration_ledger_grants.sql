-- 0012: every TacoTracker group may read the migration ledger (taco-admin db status, the service's /readyz).
-- The ledger itself is created by the migrator before the first migration runs.
GRANT SELECT ON taco_schema_migrations
    TO taco_sysadmin, taco_food_services, taco_jobs, taco_reporting, taco_vendor_admin, taco_vendor_staff;
