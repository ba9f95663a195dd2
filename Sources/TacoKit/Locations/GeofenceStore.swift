import Foundation

/// The geofence's reads: a truck's hysteresis state and the signed distances of fixes to campus boundaries.
/// Its writes go with the position batch (`LocationServiceStore.record`), in the same statement as the NOTIFY.
public struct GeofenceStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The truck's state, its row locked until the transaction ends (no row yet: outside every campus).
    public func lockState(truckID: UUID) throws -> GeofenceState {
        guard let row = try db.queryFirst("""
            SELECT campus_id, geofence_pending_campus_id, geofence_pending_kind, geofence_pending_since
            FROM truck_last_positions WHERE truck_id = $1
            FOR UPDATE
            """, [truckID]) else { return GeofenceState() }
        var pending: GeofenceState.Pending?
        if let campus: UUID = try row.decode("geofence_pending_campus_id", as: UUID?.self),
           let kind = GeofenceKind(rawValue: try row.decode("geofence_pending_kind", as: String?.self) ?? ""),
           let since: Date = try row.decode("geofence_pending_since", as: Date?.self) {
            pending = .init(campusID: campus, kind: kind, since: since)
        }
        return GeofenceState(campusID: try row.decode("campus_id", as: UUID?.self), pending: pending)
    }

    /// What the state machine needs to know of each fix, per campus near it: a signed distance clamped to the
    /// rules' margins — `-enterMarginM` when the fix is at least that far inside the boundary, `exitMarginM` when
    /// it is anywhere else within `exitMarginM` of it, absent when farther out; plus the codes of all campuses seen.
    public struct Distances: Sendable {
        public var perFix: [[UUID: Double]]
        public var codes: [UUID: String]
    }

    /// Distances for the fixes in `fixesJSON` (a JSON array of objects with `lat` and `lon`, `count` of them),
    /// for the active campuses near any of them and the campuses the state refers to. Campuses without a
    /// boundary (or inactive) have no geofence: no distance, so the machine sees them as far away.
    ///
    /// The margins are applied once per campus (geodesic buffers, in/out by the margins) and each fix is then a
    /// point-in-polygon test: a tenth of the cost of a geodesic distance per fix and campus. Inside a margin
    /// the exact depth does not matter, so overlapping campuses tie (and the machine breaks ties by id).
    public func distances(fixesJSON: String, count: Int, state: GeofenceState, rules: GeofenceRules) throws -> Distances {
        let known = [state.campusID, state.pending?.campusID].compactMap { $0?.lowercasedText }
        var result = Distances(perFix: Array(repeating: [:], count: count), codes: [:])
        for row in try db.query("""
            WITH pts AS MATERIALIZED (
                SELECT e.i::int AS i,
                       ST_SetSRID(ST_MakePoint((e.v->>'lon')::float8, (e.v->>'lat')::float8), 4326) AS p
                FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, i)
            ), cand AS MATERIALIZED (
                SELECT c.id, c.code, c.active AND c.boundary IS NOT NULL AS fenced,
                       ST_Buffer(c.boundary, -$4::float8)::geometry AS inner_g, ST_Buffer(c.boundary, $3::float8)::geometry AS outer_g
                FROM campuses c
                WHERE c.id = ANY($2::text[]::uuid[])
                   OR (c.active AND c.boundary IS NOT NULL
                       AND ST_DWithin(c.boundary, (SELECT ST_Collect(p)::geography FROM pts), $3::float8))
            )
            SELECT pts.i, cand.id, cand.code,
                   CASE WHEN NOT cand.fenced THEN NULL
                        WHEN ST_Covers(cand.inner_g, pts.p) THEN -$4::float8
                        WHEN ST_Covers(cand.outer_g, pts.p) THEN $3::float8
                   END AS signed_m
            FROM pts CROSS JOIN cand
            """, [fixesJSON, known, rules.exitMarginM, rules.enterMarginM]) {
            let index: Int = try row.decode("i") - 1
            let campus: UUID = try row.decode("id")
            result.codes[campus] = try row.decode("code")
            if let signed: Double = try row.decode("signed_m", as: Double?.self), result.perFix.indices.contains(index) {
                result.perFix[index][campus] = signed
            }
        }
        return result
    }

    /// The events as the JSON array `LocationServiceStore.record` inserts.
    static func eventsJSON(_ events: [GeofenceEvent]) throws -> String {
        let rows: [[String: String]] = events.enumerated().map { index, event in
            ["n": String(index), "campus_id": event.campusID.lowercasedText, "kind": event.kind.rawValue,
             "at": Timestamp.rfc3339(event.at, fractional: true)]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
    }

    /// A recorded arrival or departure, as listeners read it when a notification carries only the id range.
    public struct StoredEvent: Sendable {
        public let id: Int64
        public let campus: String
        public let kind: GeofenceKind
        public let at: Date
    }

    /// The events with ids in `first...last`, oldest first.
    public func events(from first: Int64, through last: Int64) throws -> [StoredEvent] {
        try db.query("""
            SELECT e.id, c.code, e.kind, e.at FROM geofence_events e JOIN campuses c ON c.id = e.campus_id
            WHERE e.id BETWEEN $1 AND $2 ORDER BY e.id
            """, [first, last]).map { row in
            StoredEvent(id: try row.decode("id"), campus: try row.decode("code"),
                        kind: GeofenceKind(rawValue: try row.decode("kind")) ?? .arrive, at: try row.decode("at"))
        }
    }
}

extension LocationServiceStore {
    /// Whether `code` names an active campus (the WebSocket stream's check before upgrading).
    public func campusIsActive(code: String) throws -> Bool {
        try db.queryFirst("SELECT 1 FROM campuses WHERE code = $1 AND active", [code]) != nil
    }
}
