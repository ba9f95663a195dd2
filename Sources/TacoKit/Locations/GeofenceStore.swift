import Foundation

/// The geofence's reads: campus polygons (`fences`, in CampusFences.swift) and stored events. Its writes go with
/// the position batch (`PositionIngestStore.record`), in the same statement as the NOTIFY.
public struct GeofenceStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

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
