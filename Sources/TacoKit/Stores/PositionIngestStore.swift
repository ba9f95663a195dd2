import Foundation

/// One request's fixes, as the service's position writer hands them over.
public struct PositionBatch: Sendable {
    public var truckID: UUID
    /// SHA-256 of the device token the request carried; checked against the truck's row under its lock.
    public var tokenHash: Data
    public var fixes: [PositionFix]

    public init(truckID: UUID, tokenHash: Data, fixes: [PositionFix]) {
        self.truckID = truckID
        self.tokenHash = tokenHash
        self.fixes = fixes
    }
}

/// What became of one batch.
public enum PositionBatchResult: Sendable, Equatable {
    /// Filtered against the truck's stored last fix; the accepted fixes are stored.
    case recorded(PositionFilter.Outcome)
    /// The truck is gone or retired, or the token is no longer its own (rotated): nothing stored.
    case unauthorized
}

/// Writes the fixes of many requests in one transaction (the service's group commit): every truck's row is
/// locked (in id order, so instances never deadlock), each batch is filtered against the stored last fix, the
/// geofence state machine advances in memory, the accepted fixes go in through one binary COPY into a session
/// temp table and one INSERT … SELECT (COPY cannot write a table under row-level security directly), and one
/// statement moves the last positions, stores geofence events and sends one notification per truck.
public struct PositionIngestStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// Creates the session's staging table; run once on every connection the writer uses.
    public static func prepare(_ db: PostgresConnection) throws {
        _ = try db.execute("""
            SET client_min_messages = warning;
            CREATE TEMP TABLE IF NOT EXISTS taco_position_stage (
                truck_id uuid, recorded_at timestamptz, lat float8, lon float8,
                accuracy_m real, speed_mps real, heading_deg real
            ) ON COMMIT DELETE ROWS;
            RESET client_min_messages
            """)
    }

    /// A fix the database already holds collided with a new one (only possible when something other than the
    /// service wrote positions past a truck's last one): `record` runs again with `tolerateStored`.
    public static func isStoredFixConflict(_ error: any Error) -> Bool {
        (error as? PostgresError)?.sqlState == "23505"
    }

    /// Records `batches` (in arrival order; several may be for one truck). `tolerateStored` skips fixes already
    /// stored instead of failing on them (slower: each row is checked).
    public func record(_ batches: [PositionBatch], filter: PositionFilter, fences: CampusFences, now: Date,
                       tolerateStored: Bool = false) throws -> [PositionBatchResult] {
        guard !batches.isEmpty else { return [] }
        var seen = Set<UUID>()
        let truckIDs = batches.map(\.truckID).filter { seen.insert($0).inserted }
        return try db.transaction { db in
            var trucks: [UUID: LockedTruck] = [:]
            for row in try db.query(Self.lockSQL, [truckIDs.map(\.lowercasedText)]) {
                let truck = try LockedTruck(row: row)
                trucks[truck.id] = truck
            }
            var results = [PositionBatchResult](repeating: .unauthorized, count: batches.count)
            var accepted: [UUID: [PositionFix]] = [:]
            var order: [UUID] = []
            for (index, batch) in batches.enumerated() {
                guard var truck = trucks[batch.truckID], !truck.retired, truck.tokenHash == batch.tokenHash else { continue }
                let outcome = filter.filter(batch.fixes, lastAccepted: truck.last, now: now)
                results[index] = .recorded(outcome)
                guard let newest = outcome.accepted.last else { continue }
                truck.last = newest
                trucks[truck.id] = truck
                if accepted[truck.id] == nil { order.append(truck.id) }
                accepted[truck.id, default: []] += outcome.accepted
            }
            guard !order.isEmpty else { return results }

            var stage = PositionCopy()
            for id in order { for fix in accepted[id] ?? [] { stage.append(truckID: id, fix) } }
            try db.copyIn("COPY taco_position_stage FROM STDIN (FORMAT binary)") { writer in
                try stage.finish().withUnsafeBytes { try writer.write(contentsOf: $0) }
            }
            var inserted: [UUID: Int] = [:]
            if tolerateStored {
                for row in try db.query(Self.insertTolerantSQL) {
                    inserted[try row.decode("truck_id")] = try row.decode("n")
                }
            } else {
                _ = try db.query(Self.insertSQL)
                for id in order { inserted[id] = accepted[id]?.count ?? 0 }
            }

            let hysteresis = GeofenceHysteresis(rules: fences.rules)
            var trucksJSON = JSONWriter(capacity: 256 * order.count)
            var eventsJSON = JSONWriter(capacity: 256)
            trucksJSON.raw(UInt8(ascii: "["))
            eventsJSON.raw(UInt8(ascii: "["))
            var eventCount = 0
            for (position, id) in order.enumerated() {
                guard let truck = trucks[id], let fixes = accepted[id], let newest = fixes.last else { continue }
                var lastDistances: [UUID: Double] = [:]
                let samples = fixes.map { fix in
                    lastDistances = fences.signedDistances(lat: fix.lat, lon: fix.lon)
                    return GeofenceSample(at: fix.recordedAt, signedDistanceM: lastDistances)
                }
                let (next, events) = hysteresis.advance(truck.geofence, with: samples)
                // Subscribers of a campus see trucks on it, near it (within the exit margin) and its own events.
                var routed = Set(lastDistances.keys)
                if let campus = next.campusID { routed.insert(campus) }
                routed.formUnion(events.map(\.campusID))
                let codes = routed.compactMap { fences.code(of: $0) }.sorted()
                if position > 0 { trucksJSON.raw(UInt8(ascii: ",")) }
                trucksJSON.object(Self.truckKeys, [
                    .int(position), .text(id.lowercasedText), .text(truck.vendorID.lowercasedText), .date(newest.recordedAt),
                    .double(newest.lat), .double(newest.lon), Self.cell(newest.accuracyM), Self.cell(newest.speedMps),
                    Self.cell(newest.headingDeg), Self.cell(next.campusID), Self.cell(next.pending?.campusID),
                    next.pending.map { .text($0.kind.rawValue) } ?? .null, next.pending.map { .date($0.since) } ?? .null,
                    .json(Self.stringArray(codes)), .int(inserted[id] ?? 0),
                ])
                for event in events {
                    if eventCount > 0 { eventsJSON.raw(UInt8(ascii: ",")) }
                    eventsJSON.object(Self.eventKeys, [.int(eventCount), .int(position), .text(event.campusID.lowercasedText),
                                                       .text(event.kind.rawValue), .date(event.at)])
                    eventCount += 1
                }
            }
            trucksJSON.raw(UInt8(ascii: "]"))
            eventsJSON.raw(UInt8(ascii: "]"))
            _ = try db.query(Self.summarySQL, [trucksJSON.text, eventsJSON.text])
            return results
        }
    }

    // MARK: rows

    struct LockedTruck {
        let id: UUID
        let vendorID: UUID
        let tokenHash: Data?
        let retired: Bool
        var last: PositionFix?
        let geofence: GeofenceState

        init(row: PostgresRow) throws {
            id = try row.decode("id")
            vendorID = try row.decode("vendor_id")
            tokenHash = try row.decode("device_token_hash", as: Data?.self)
            retired = try row.decode("retired")
            if let at: Date = try row.decode("recorded_at", as: Date?.self) {
                last = PositionFix(recordedAt: at, lat: try row.decode("lat"), lon: try row.decode("lon"),
                                   accuracyM: try row.decode("accuracy_m", as: Float?.self).map(Double.init),
                                   speedMps: try row.decode("speed_mps", as: Float?.self).map(Double.init),
                                   headingDeg: try row.decode("heading_deg", as: Float?.self).map(Double.init))
            }
            var pending: GeofenceState.Pending?
            if let campus: UUID = try row.decode("geofence_pending_campus_id", as: UUID?.self),
               let kind = GeofenceKind(rawValue: try row.decode("geofence_pending_kind", as: String?.self) ?? ""),
               let since: Date = try row.decode("geofence_pending_since", as: Date?.self) {
                pending = .init(campusID: campus, kind: kind, since: since)
            }
            geofence = GeofenceState(campusID: try row.decode("campus_id", as: UUID?.self), pending: pending)
        }
    }

    private static func cell(_ value: Double?) -> Cell { value.map { .double($0) } ?? .null }
    private static func cell(_ value: UUID?) -> Cell { value.map { .text($0.lowercasedText) } ?? .null }

    private static func stringArray(_ values: [String]) -> String {
        var json = JSONWriter(capacity: 16 * values.count + 2)
        json.raw(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { json.raw(UInt8(ascii: ",")) }
            json.string(value)
        }
        json.raw(UInt8(ascii: "]"))
        return json.text
    }

    private static let truckKeys = ["i", "truck_id", "vendor_id", "recorded_at", "lat", "lon", "accuracy_m", "speed_mps",
                                    "heading_deg", "campus_id", "pending_campus_id", "pending_kind", "pending_since",
                                    "codes", "inserted"].map { "\"\($0)\"" }
    private static let eventKeys = ["n", "i", "campus_id", "kind", "at"].map { "\"\($0)\"" }

    // MARK: SQL

    // The lateral subquery locks each truck's last-position row in the outer (id) order. A truck's first batch
    // ever has no row to lock: two instances racing on it both insert, and the last-position upsert keeps one.
    static let lockSQL = """
        SELECT t.id, t.vendor_id, t.device_token_hash, t.status = 'retired' AS retired,
               l.recorded_at, l.lat, l.lon, l.accuracy_m, l.speed_mps, l.heading_deg, l.campus_id,
               l.geofence_pending_campus_id, l.geofence_pending_kind, l.geofence_pending_since
        FROM (SELECT id, vendor_id, device_token_hash, status FROM trucks
              WHERE id = ANY($1::text[]::uuid[]) ORDER BY id) t
        LEFT JOIN LATERAL (SELECT * FROM truck_last_positions p WHERE p.truck_id = t.id FOR UPDATE) l ON true
        """

    static let insertSQL = """
        INSERT INTO truck_positions (truck_id, recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg)
        SELECT truck_id, recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg FROM taco_position_stage
        """

    static let insertTolerantSQL = """
        WITH ins AS (
            \(insertSQL)
            ON CONFLICT (truck_id, recorded_at) DO NOTHING
            RETURNING truck_id
        )
        SELECT truck_id, count(*)::int AS n FROM ins GROUP BY truck_id
        """

    static let summarySQL = """
        WITH t AS (
            SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(
                i int, truck_id uuid, vendor_id uuid, recorded_at timestamptz, lat float8, lon float8,
                accuracy_m real, speed_mps real, heading_deg real, campus_id uuid, pending_campus_id uuid,
                pending_kind text, pending_since timestamptz, codes text[], inserted int)
        ), up AS (
            INSERT INTO truck_last_positions AS l
                (truck_id, vendor_id, recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg, campus_id,
                 geofence_pending_campus_id, geofence_pending_kind, geofence_pending_since)
            SELECT truck_id, vendor_id, recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg, campus_id,
                   pending_campus_id, pending_kind, pending_since
            FROM t
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
            SELECT t.truck_id, t.vendor_id, x.campus_id, x.kind, x.at
            FROM jsonb_to_recordset($2::jsonb) AS x(n int, i int, campus_id uuid, kind text, at timestamptz)
            JOIN t ON t.i = x.i
            ORDER BY x.n
            RETURNING id, truck_id, campus_id, kind, at
        ), info AS (
            SELECT t.i, tr.name AS truck_name, v.slug, v.name AS vendor_name,
                   (tr.status = 'active' AND v.status = 'approved') AS visible
            FROM t JOIN trucks tr ON tr.id = t.truck_id JOIN vendors v ON v.id = tr.vendor_id
        )
        SELECT count(pg_notify('\(LocationServiceStore.positionsChannel)', json_build_object(
            'truck_id', t.truck_id, 'vendor_id', t.vendor_id, 'truck_name', info.truck_name,
            'vendor', info.slug, 'vendor_name', info.vendor_name,
            'campus', (SELECT code FROM campuses WHERE id = t.campus_id),
            'campuses', CASE WHEN info.visible THEN t.codes ELSE '{}'::text[] END,
            'recorded_at', t.recorded_at, 'lat', t.lat, 'lon', t.lon,
            'accuracy_m', t.accuracy_m, 'speed_mps', t.speed_mps, 'heading_deg', t.heading_deg,
            'count', t.inserted,
            'event_ids', (SELECT json_build_array(min(id), max(id)) FROM ev WHERE ev.truck_id = t.truck_id HAVING count(*) > 0),
            'events', (SELECT json_agg(json_build_object('id', ev.id, 'kind', ev.kind, 'campus', cc.code, 'at', ev.at)
                                       ORDER BY ev.id)
                       FROM ev JOIN campuses cc ON cc.id = ev.campus_id
                       WHERE ev.truck_id = t.truck_id
                       HAVING count(*) <= \(LocationServiceStore.maxEventsInPayload)))::text))
        FROM t JOIN info ON info.i = t.i
        WHERE t.inserted > 0 OR EXISTS (SELECT 1 FROM ev WHERE ev.truck_id = t.truck_id)
        """
}

/// Rows for `COPY … FROM STDIN (FORMAT binary)` into the staging table: no number or time is ever printed as
/// text, and the server parses nothing but fixed-width fields.
struct PositionCopy {
    private(set) var bytes: [UInt8]
    /// Seconds between 1970-01-01 and PostgreSQL's epoch, 2000-01-01.
    private static let postgresEpochOffset: Double = 946_684_800

    init() {
        bytes = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
        bytes.reserveCapacity(1 << 16)
        append(Int32(0))   // flags
        append(Int32(0))   // header extension length
    }

    mutating func append(truckID: UUID, _ fix: PositionFix) {
        append(Int16(7))
        append(Int32(16))
        withUnsafeBytes(of: truckID.uuid) { bytes.append(contentsOf: $0) }
        append(Int32(8))
        append(Int64(((fix.recordedAt.timeIntervalSince1970 - Self.postgresEpochOffset) * 1_000_000).rounded()))
        append(Int32(8))
        append(fix.lat.bitPattern)
        append(Int32(8))
        append(fix.lon.bitPattern)
        appendReal(fix.accuracyM)
        appendReal(fix.speedMps)
        appendReal(fix.headingDeg)
    }

    private mutating func appendReal(_ value: Double?) {
        guard let value else { return append(Int32(-1)) }
        append(Int32(4))
        append(Float(value).bitPattern)
    }

    /// The bytes with the end-of-data marker.
    mutating func finish() -> [UInt8] {
        append(Int16(-1))
        return bytes
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
