-- 0022: hr_sync_runs records every HR sync, refused ones too: a refused run may not have a valid mode (NULL then),
-- and the run keeps what the operator needs to judge it later: the records in the export, the duration, the
-- campuses/departments it changed and the deactivation limit in force ('5%' or a count).
ALTER TABLE hr_sync_runs
    ALTER COLUMN mode DROP NOT NULL,
    ADD COLUMN record_count        integer CHECK (record_count >= 0),
    ADD COLUMN duration_ms         integer CHECK (duration_ms >= 0),
    ADD COLUMN campuses_changed    integer NOT NULL DEFAULT 0 CHECK (campuses_changed >= 0),
    ADD COLUMN departments_changed integer NOT NULL DEFAULT 0 CHECK (departments_changed >= 0),
    ADD COLUMN deactivation_limit  text;
