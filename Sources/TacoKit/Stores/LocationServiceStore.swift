import Foundation

/// The location service's reads and writes (`taco-jobs serve`), as a taco_jobs login.
public struct LocationServiceStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The NOTIFY channel a position batch is announced on (one notification per batch).
    public static let positionsChannel = "taco_positions"

    /// A truck authenticated by its device token, with its last accepted fix if any.
    public struct DeviceTruck: Sendable {
        public let truckID: UUID
        public let vendorID: UUID
        public let lastFix: PositionFix?
    }

    /// The truck holding this device token. The lookup goes by token hash only (never by the truck id the
    /// client claims), so its timing says nothing about whether some other truck id exists.
    public func truck(forToken token: String) throws -> DeviceTruck? {
        guard let row = try db.queryFirst("""
            SELECT t.id, t.vendor_id, l.recorded_at, l.lat, l.lon, l.accuracy_m, l.speed_mps, l.heading_deg
            FROM trucks t
            LEFT JOIN truck_last_positions l ON l.truck_id = t.id
            WHERE t.device_token_hash = $1 AND t.status <> 'retired'
            LIMIT 1
            """, [TruckStore.tokenHash(token)]) else { return nil }
        var last: PositionFix?
        if let at: Date = try row.decode("recorded_at", as: Date?.self) {
            last = PositionFix(recordedAt: at, lat: try row.decode("lat"), lon: try row.decode("lon"),
                               accuracyM: try row.decode("accuracy_m", as: Float?.self).map(Double.init),
                               speedMps: try row.decode("speed_mps", as: Float?.self).map(Double.init),
                               headingDeg: try row.decode("heading_deg", as: Float?.self).map(Double.init))
        }
        return DeviceTruck(truckID: try row.decode("id"), vendorID: try row.decode("vendor_id"), lastFix: last)
    }

    /// Stores accepted fixes in one transaction: the rows (a fix already stored is skipped), the truck's last
    /// position (only moved forward), its geofence state and events (see `GeofenceHysteresis`), and ONE
    /// notification for the batch. Returns how many rows were new.
    public func record(truck: DeviceTruck, fixes: [PositionFix], geofence rules: GeofenceRules = GeofenceRules()) throws -> Int {
        guard !fixes.isEmpty else { return 0 }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.rfc3339(date, fractional: true))
        }
        let document = String(decoding: try encoder.encode(fixes), as: UTF8.self)
        return try db.transaction { db in
            let geofence = GeofenceStore(db)
            // The row lock serialises batches of one truck across service instances, so each continues the
            // state the previous one left.
            let state = try geofence.lockState(truckID: truck.truckID)
            let distances = try geofence.distances(fixesJSON: document, count: fixes.count, state: state, rules: rules)
            let samples = zip(fixes, distances.perFix).map { GeofenceSample(at: $0.recordedAt, signedDistanceM: $1) }
            let (next, events) = GeofenceHysteresis(rules: rules).advance(state, with: samples)
            // Subscribers of a campus see trucks on it, near it (within the exit margin) and its own events.
            var routed = Set((distances.perFix.last ?? [:]).filter { $0.value <= rules.exitMarginM }.keys)
            if let campus = next.campusID { routed.insert(campus) }
            routed.formUnion(events.map(\.campusID))
            let codes = routed.compactMap { distances.codes[$0] }.sorted()
            return try db.scalar(Self.recordSQL, [
                truck.truckID, truck.vendorID, document, next.campusID, next.pending?.campusID,
                next.pending?.kind.rawValue, next.pending?.since, try GeofenceStore.eventsJSON(events), codes,
            ])
        }
    }

    /// Payloads stay far below NOTIFY's 8000-byte limit: past this many events in one batch, the notification
    /// carries only their id range and listeners read the rows.
    public static let maxEventsInPayload = 16

    private static let recordSQL = """
        WITH fixes AS (
            SELECT * FROM jsonb_to_recordset($3::jsonb)
                AS f(recorded_at timestamptz, lat float8, lon float8, accuracy_m real, speed_mps real, heading_deg real)
        ), ins AS (
            INSERT INTO truck_positions (truck_id, recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg)
            SELECT $1, recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg FROM fixes
            ON CONFLICT (truck_id, recorded_at) DO NOTHING
            RETURNING 1
        ), latest AS (
            SELECT f.* FROM fixes f ORDER BY f.recorded_at DESC LIMIT 1
        ), up AS (
            INSERT INTO truck_last_positions AS l
                (truck_id, vendor_id, recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg, campus_id,
                 geofence_pending_campus_id, geofence_pending_kind, geofence_pending_since)
            SELECT $1, $2, recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg, $4, $5, $6, $7 FROM latest
            ON CONFLICT (truck_id) DO UPDATE
                SET recorded_at = EXCLUDED.recorded_at, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
                    accuracy_m = EXCLUDED.accuracy_m, speed_mps = EXCLUDED.speed_mps,
                    heading_deg = EXCLUDED.heading_deg, campus_id = EXCLUDED.campus_id,
                    geofence_pending_campus_id = EXCLUDED.geofence_pending_campus_id,
                    geofence_pending_kind = EXCLUDED.geofence_pending_kind,
                    geofence_pending_since = EXCLUDED.geofence_pending_since
                WHERE l.recorded_at < EXCLUDED.recorded_at
            RETURNING 1
        ), ev AS (
            INSERT INTO geofence_events (truck_id, vendor_id, campus_id, kind, at)
            SELECT $1, $2, x.campus_id, x.kind, x.at
            FROM jsonb_to_recordset($8::jsonb) AS x(n int, campus_id uuid, kind text, at timestamptz)
            ORDER BY x.n
            RETURNING id, campus_id, kind, at
        ), counted AS (
            SELECT count(*)::int AS inserted FROM ins
        ), truck AS (
            SELECT t.name AS truck_name, v.slug, v.name AS vendor_name,
                   (t.status = 'active' AND v.status = 'approved') AS visible
            FROM trucks t JOIN vendors v ON v.id = t.vendor_id WHERE t.id = $1
        )
        SELECT c.inserted
        FROM counted c
        LEFT JOIN LATERAL (
            SELECT pg_notify('\(positionsChannel)', json_build_object(
                'truck_id', $1::uuid, 'vendor_id', $2::uuid, 'truck_name', tr.truck_name,
                'vendor', tr.slug, 'vendor_name', tr.vendor_name,
                'campus', (SELECT code FROM campuses WHERE id = $4::uuid),
                'campuses', CASE WHEN tr.visible THEN $9::text[] ELSE '{}'::text[] END,
                'recorded_at', la.recorded_at, 'lat', la.lat, 'lon', la.lon,
                'accuracy_m', la.accuracy_m, 'speed_mps', la.speed_mps, 'heading_deg', la.heading_deg,
                'count', c.inserted,
                'event_ids', (SELECT json_build_array(min(id), max(id)) FROM ev HAVING count(*) > 0),
                'events', (SELECT json_agg(json_build_object('id', ev.id, 'kind', ev.kind, 'campus', cc.code,
                                                             'at', ev.at) ORDER BY ev.id)
                           FROM ev JOIN campuses cc ON cc.id = ev.campus_id
                           HAVING count(*) <= \(maxEventsInPayload)))::text)
            FROM latest la CROSS JOIN truck tr
            WHERE c.inserted > 0 OR EXISTS (SELECT 1 FROM ev)
        ) n ON true
        """

    /// Creates the position partitions from yesterday for three days (UTC), as the service does hourly.
    @discardableResult
    public func ensurePartitions() throws -> Int {
        try db.scalar("SELECT taco_ensure_position_partitions(((now() AT TIME ZONE 'UTC')::date) - 1, 3)")
    }

    /// A truck near a point, for the nearby and campus endpoints.
    public struct NearbyTruck: Sendable, Encodable {
        public let truckID: String      // lowercase, as PostgreSQL prints uuids
        public let truckName: String
        public let vendorID: String
        public let vendorName: String
        public let vendorSlug: String
        public let lat: Double
        public let lon: Double
        public let recordedAt: Date
        public internal(set) var distanceM: Double?
        public let campus: String?
        public let hours: [String]

        enum CodingKeys: String, CodingKey {
            case truckID = "truck_id", truckName = "truck_name", vendorID = "vendor_id", vendorName = "vendor_name",
                 vendorSlug = "vendor_slug", lat, lon, recordedAt = "recorded_at", distanceM = "distance_m", campus, hours
        }

        init(row: PostgresRow) throws {
            truckID = try row.decode("truck_id", as: UUID.self).lowercasedText
            truckName = try row.decode("truck_name")
            vendorID = try row.decode("vendor_id", as: UUID.self).lowercasedText
            vendorName = try row.decode("vendor_name")
            vendorSlug = try row.decode("vendor_slug")
            lat = try row.decode("lat")
            lon = try row.decode("lon")
            recordedAt = try row.decode("recorded_at")
            distanceM = try row.decode("distance_m", as: Double?.self)
            campus = try row.decode("campus", as: String?.self)
            let hoursText: String? = try row.decode("hours", as: String?.self)
            hours = hoursText.map { $0.split(separator: ",").map(String.init) } ?? []
        }
    }

    // Today's hours: the truck's schedule slots for today's ISO weekday in the campus's time zone, unless an
    // exception cancels today. Shared by both location reads.
    static let selectTrucks = """
        SELECT t.id AS truck_id, t.name AS truck_name, v.id AS vendor_id, v.name AS vendor_name, v.slug AS vendor_slug,
               l.lat, l.lon, l.recorded_at, c.code AS campus,
               (SELECT string_agg(to_char(s.start_local, 'HH24:MI') || '-' || to_char(s.end_local, 'HH24:MI') ||
                                  ' ' || sc.code, ',' ORDER BY s.start_local)
                FROM schedules s JOIN campuses sc ON sc.id = s.campus_id
                WHERE s.truck_id = t.id
                  AND s.weekday = extract(isodow FROM (now() AT TIME ZONE sc.time_zone))
                  AND (now() AT TIME ZONE sc.time_zone)::date BETWEEN s.valid_from AND coalesce(s.valid_until, 'infinity')
                  AND NOT EXISTS (SELECT 1 FROM schedule_exceptions e
                                  WHERE e.truck_id = t.id AND e.on_date = (now() AT TIME ZONE sc.time_zone)::date)
               ) AS hours
        """

    /// Active trucks of approved vendors whose last position (newer than `freshness`) lies within
    /// `radiusM` metres of the point, nearest first.
    public func nearby(lat: Double, lon: Double, radiusM: Double, freshness: TimeInterval = 3600,
                       limit: Int = 100) throws -> [NearbyTruck] {
        try db.query("""
            WITH here AS (SELECT ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography AS g)
            \(Self.selectTrucks), ST_Distance(l.geog, here.g) AS distance_m
            FROM here, truck_last_positions l
            JOIN trucks t ON t.id = l.truck_id
            JOIN vendors v ON v.id = l.vendor_id
            LEFT JOIN campuses c ON c.id = l.campus_id
            WHERE ST_DWithin(l.geog, here.g, $3)
              AND t.status = 'active' AND v.status = 'approved'
              AND l.recorded_at > now() - make_interval(secs => $4)
            ORDER BY distance_m, t.id
            LIMIT $5
            """, [lat, lon, radiusM, freshness, limit]).map(NearbyTruck.init(row:))
    }

    /// Active trucks of approved vendors whose recent last position lies inside the campus boundary;
    /// nil when there is no such (active) campus.
    public func onCampus(code: String, freshness: TimeInterval = 3600) throws -> [NearbyTruck]? {
        guard try db.queryFirst("SELECT 1 FROM campuses WHERE code = $1 AND active", [code]) != nil else { return nil }
        return try db.query("""
            \(Self.selectTrucks), NULL::float8 AS distance_m
            FROM campuses c
            JOIN truck_last_positions l ON ST_Covers(c.boundary, l.geog)
            JOIN trucks t ON t.id = l.truck_id
            JOIN vendors v ON v.id = l.vendor_id
            WHERE c.code = $1
              AND t.status = 'active' AND v.status = 'approved'
              AND l.recorded_at > now() - make_interval(secs => $2)
            ORDER BY v.name, t.name
            """, [code, freshness]).map(NearbyTruck.init(row:))
    }
}
