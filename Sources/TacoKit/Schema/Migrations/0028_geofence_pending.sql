-- 0028: geofence hysteresis state. truck_last_positions.campus_id is the campus a truck has ARRIVED at (after the
-- enter margin and dwell); a transition seen but not yet confirmed waits here, so every service instance
-- continues the same run of fixes. Both or none of the pending columns are set.
ALTER TABLE truck_last_positions
    ADD COLUMN geofence_pending_campus_id uuid REFERENCES campuses (id) ON DELETE SET NULL,
    ADD COLUMN geofence_pending_kind      text CHECK (geofence_pending_kind IN ('arrive', 'depart')),
    ADD COLUMN geofence_pending_since     timestamptz,
    ADD CONSTRAINT truck_last_positions_geofence_pending_check
        CHECK ((geofence_pending_campus_id IS NULL) = (geofence_pending_kind IS NULL)
               AND (geofence_pending_kind IS NULL) = (geofence_pending_since IS NULL));
