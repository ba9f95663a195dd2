import Foundation

/// A campus as administrators see it.
public struct CampusRecord: Sendable {
    public let id: UUID
    public let code: String
    public let name: String
    public let timeZone: String
    public let currency: String
    public let taxRatePercent: Decimal
    public let serviceHours: String
    public let active: Bool
    public let areaSquareMeters: Double?
    public let centroid: (lat: Double, lon: Double)?
    public let boundaryGeoJSON: String?

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        code = try row.decode("code")
        name = try row.decode("name")
        timeZone = try row.decode("time_zone")
        currency = try row.decode("currency")
        taxRatePercent = try row.decode("tax_rate_percent")
        serviceHours = try row.decode("service_hours")
        active = try row.decode("active")
        areaSquareMeters = try row.decode("area_m2")
        if let lat: Double = try row.decode("centroid_lat"), let lon: Double = try row.decode("centroid_lon") {
            centroid = (lat, lon)
        } else {
            centroid = nil
        }
        boundaryGeoJSON = try row.decode("boundary_geojson")
    }
}

/// The changes `add` and `update` apply; nil leaves a field as it is.
public struct CampusChanges: Sendable {
    public var name: String?
    public var timeZone: String?
    public var taxRatePercent: Decimal?
    public var boundary: GeoJSONBoundary?
    public var serviceHours: ServiceHours?
    public var active: Bool?

    public init(name: String? = nil, timeZone: String? = nil, taxRatePercent: Decimal? = nil, boundary: GeoJSONBoundary? = nil,
                serviceHours: ServiceHours? = nil, active: Bool? = nil) {
        self.name = name
        self.timeZone = timeZone
        self.taxRatePercent = taxRatePercent
        self.boundary = boundary
        self.serviceHours = serviceHours
        self.active = active
    }
}

/// Campuses: codes, time zones, tax rates, boundaries (PostGIS) and service hours.
public struct CampusStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// A boundary must cover at least this much (a parking lot) and at most this much (a city).
    public static let plausibleArea: ClosedRange<Double> = 1_000...100_000_000

    static let select = """
        SELECT c.id, c.code, c.name, c.time_zone, c.currency, c.tax_rate_percent, c.active,
               to_char(c.service_start, 'HH24:MI') || '-' || to_char(c.service_end, 'HH24:MI') AS service_hours,
               ST_Area(c.boundary) AS area_m2,
               ST_Y(ST_Centroid(c.boundary::geometry)) AS centroid_lat, ST_X(ST_Centroid(c.boundary::geometry)) AS centroid_lon,
               ST_AsGeoJSON(c.boundary, 7) AS boundary_geojson
        FROM campuses c
        """

    public func list() throws -> [CampusRecord] {
        try db.query(Self.select + " ORDER BY c.code").map(CampusRecord.init(row:))
    }

    public func find(_ code: String) throws -> CampusRecord {
        guard let row = try db.queryFirst(Self.select + " WHERE c.code = $1", [code]) else {
            throw ToolError.data("unknown campus \"\(code)\"", hint: "`taco-admin campuses list` shows the codes")
        }
        return try CampusRecord(row: row)
    }

    /// Checks a boundary with PostGIS: valid geometry (no self-intersection) and a plausible area.
    public func checkBoundary(_ boundary: GeoJSONBoundary, source: String) throws {
        guard let row = try db.queryFirst("""
            SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason, ST_Area(g::geography) AS area
            FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) s
            """, [boundary.multiPolygonJSON]) else { return }
        if try !row.decode("valid", as: Bool.self) {
            throw ValidationErrors(source: source, issues: [.init("geometry", "invalid: \(try row.decode("reason", as: String.self))")])
        }
        let area: Double = try row.decode("area")
        guard Self.plausibleArea.contains(area) else {
            throw ValidationErrors(source: source, issues: [.init("geometry", String(format: "covers %.3f km², which is not a plausible campus (%.3f to %.0f km²)",
                                                                                         area / 1e6, Self.plausibleArea.lowerBound / 1e6, Self.plausibleArea.upperBound / 1e6))])
        }
    }

    /// Adds a campus; with `ifNotExists` an existing code is accepted unchanged (created: false).
    public func add(code: String, name: String, timeZone: String, taxRatePercent: Decimal, changes: CampusChanges,
                    boundarySource: String, ifNotExists: Bool) throws -> (campus: CampusRecord, created: Bool) {
        try db.transaction { tx in
            let store = CampusStore(tx)
            if try tx.queryFirst("SELECT 1 FROM campuses WHERE code = $1", [code]) != nil {
                guard ifNotExists else { throw ToolError.data("campus \"\(code)\" already exists", hint: "pass --if-not-exists, or use `campuses update`") }
                return (try store.find(code), false)
            }
            if let boundary = changes.boundary { try store.checkBoundary(boundary, source: boundarySource) }
            try tx.query("""
                INSERT INTO campuses (code, name, time_zone, tax_rate_percent, boundary, service_start, service_end)
                VALUES ($1, $2, $3, $4, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5), 4326))::geography,
                        coalesce($6::time, '11:00'), coalesce($7::time, '14:00'))
                """, [code, name, timeZone, taxRatePercent, changes.boundary?.multiPolygonJSON, changes.serviceHours?.start, changes.serviceHours?.end])
            return (try store.find(code), true)
        }
    }

    /// Applies the given changes; returns whether anything changed (no write when nothing did).
    public func update(_ code: String, changes: CampusChanges, boundarySource: String) throws -> (campus: CampusRecord, changed: Bool) {
        try db.transaction { tx in
            let store = CampusStore(tx)
            let current = try store.find(code)
            if let boundary = changes.boundary { try store.checkBoundary(boundary, source: boundarySource) }
            let updated = try tx.query("""
                UPDATE campuses c SET
                    name = coalesce($2, c.name), time_zone = coalesce($3, c.time_zone),
                    tax_rate_percent = coalesce($4::numeric, c.tax_rate_percent),
                    boundary = coalesce(ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5), 4326))::geography, c.boundary),
                    service_start = coalesce($6::time, c.service_start), service_end = coalesce($7::time, c.service_end),
                    active = coalesce($8, c.active)
                WHERE c.id = $1
                  AND ((c.name, c.time_zone, c.tax_rate_percent, c.service_start, c.service_end, c.active)
                       IS DISTINCT FROM (coalesce($2, c.name), coalesce($3, c.time_zone), coalesce($4::numeric, c.tax_rate_percent),
                                         coalesce($6::time, c.service_start), coalesce($7::time, c.service_end), coalesce($8, c.active))
                       OR ($5::text IS NOT NULL AND NOT coalesce(ST_Equals(c.boundary::geometry,
                                                    ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5), 4326))), false)))
                """, [current.id, changes.name, changes.timeZone, changes.taxRatePercent, changes.boundary?.multiPolygonJSON,
                      changes.serviceHours?.start, changes.serviceHours?.end, changes.active]).affectedRows
            return (try store.find(code), updated > 0)
        }
    }
}
