-- 0009: HR sync runs, outbox, processed webhooks, CCPA data requests.

CREATE TABLE hr_sync_runs (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    started_at         timestamptz NOT NULL DEFAULT now(),
    finished_at        timestamptz,
    feed_sha256        text CHECK (feed_sha256 ~ '^[0-9a-f]{64}$'),
    export_id          text,
    mode               text NOT NULL DEFAULT 'full' CHECK (mode IN ('full', 'delta')),
    created_count      integer NOT NULL DEFAULT 0 CHECK (created_count >= 0),
    updated_count      integer NOT NULL DEFAULT 0 CHECK (updated_count >= 0),
    deactivated_count  integer NOT NULL DEFAULT 0 CHECK (deactivated_count >= 0),
    reactivated_count  integer NOT NULL DEFAULT 0 CHECK (reactivated_count >= 0),
    unchanged_count    integer NOT NULL DEFAULT 0 CHECK (unchanged_count >= 0),
    rejected_count     integer NOT NULL DEFAULT 0 CHECK (rejected_count >= 0),
    decision           text,          -- e.g. 'applied', 'refused: mass deactivation 12% > 5%'
    dry_run            boolean NOT NULL DEFAULT false,
    error              text,
    actor              text NOT NULL DEFAULT session_user
);
CREATE INDEX hr_sync_runs_started_idx ON hr_sync_runs (started_at DESC);
CREATE INDEX hr_sync_runs_export_idx ON hr_sync_runs (export_id);

-- Work queue (push / e-mail / refund ...): consumers use FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.-]*$'),   -- 'push', 'email', 'refund', ...
    payload     jsonb NOT NULL DEFAULT '{}',
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
    attempts    integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_after   timestamptz NOT NULL DEFAULT now(),
    last_error  text,
    dedupe_key  text UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_pending_idx ON outbox (run_after) WHERE status = 'pending';
CREATE TRIGGER outbox_touch BEFORE UPDATE ON outbox
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

-- Stripe (and other) webhook de-duplication.
CREATE TABLE processed_webhook_events (
    event_id     text PRIMARY KEY,
    source       text NOT NULL DEFAULT 'stripe',
    received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_webhook_events_received_idx ON processed_webhook_events (received_at);

-- CCPA request log: due 45 days after receipt.
CREATE TABLE data_requests (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind           text NOT NULL CHECK (kind IN ('export', 'erase')),
    subject_email  text NOT NULL,
    user_id        uuid REFERENCES users (id) ON DELETE SET NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    due_at         timestamptz NOT NULL,          -- received_at + 45 days (set by trigger)
    completed_at   timestamptz,
    actor          text NOT NULL DEFAULT session_user,
    notes          text,
    CHECK (completed_at IS NULL OR completed_at >= received_at)
);
CREATE INDEX data_requests_open_idx ON data_requests (due_at) WHERE completed_at IS NULL;
CREATE INDEX data_requests_subject_idx ON data_requests (lower(subject_email));

CREATE OR REPLACE FUNCTION taco_data_requests_due() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.due_at := ((NEW.received_at AT TIME ZONE 'UTC') + interval '45 days') AT TIME ZONE 'UTC';
    RETURN NEW;
END
$$;
CREATE TRIGGER data_requests_due BEFORE INSERT OR UPDATE OF received_at, due_at ON data_requests
    FOR EACH ROW EXECUTE FUNCTION taco_data_requests_due();
