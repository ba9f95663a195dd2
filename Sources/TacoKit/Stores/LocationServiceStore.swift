import Foundation

/// The location service's reads and writes (`taco-jobs serve`), as a taco_jobs login.
public struct LocationServiceStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The NOTIFY channel a position batch is announced on (one notification per batch).
    public static let positionsChannel = "taco_positions"

    /// The truck holding the device token with this SHA-256 (retired trucks hold none). The lookup goes by
    /// token hash only (never by the truck id the client claims), so its timing says nothing about whether some
    /// other truck id exists.
    public func truck(forTokenHash hash: Data) throws -> UUID? {
        try db.queryFirst("SELECT id FROM trucks WHERE device_token_hash = $1 AND status <> 'retired' LIMIT 1", [hash])?
            .decode("id")
    }

    /// Payloads stay far below NOTIFY's 8000-byte limit: past this many events in one batch, the notification
    /// carries only their id range and listeners read the rows.
    public static let maxEventsInPayload = 16

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

    /// Today's schedule slots `s` (with their campus `sc`) of the truck `t`: today's ISO weekday in the campus's
    /// time zone, within the slot's validity, unless an exception cancels today. Each slot reads "HH:MM-HH:MM CODE"
    /// as `todaysSlotText`. Shared by the location reads and the employee API's vendor list.
    static let todaysSlotsOfTruck = """
        FROM schedules s JOIN campuses sc ON sc.id = s.campus_id
        WHERE s.truck_id = t.id
          AND s.weekday = extract(isodow FROM (now() AT TIME ZONE sc.time_zone))
          AND (now() AT TIME ZONE sc.time_zone)::date BETWEEN s.valid_from AND coalesce(s.valid_until, 'infinity')
          AND NOT EXISTS (SELECT 1 FROM schedule_exceptions e
                          WHERE e.truck_id = t.id AND e.on_date = (now() AT TIME ZONE sc.time_zone)::date)
        """
    static let todaysSlotText = "to_char(s.start_local, 'HH24:MI') || '-' || to_char(s.end_local, 'HH24:MI') || ' ' || sc.code"

    static let selectTrucks = """
        SELECT t.id AS truck_id, t.name AS truck_name, v.id AS vendor_id, v.name AS vendor_name, v.slug AS vendor_slug,
               l.lat, l.lon, l.recorded_at, c.code AS campus,
               (SELECT string_agg(\(todaysSlotText), ',' ORDER BY s.start_local)
                \(todaysSlotsOfTruck)) AS hours
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
