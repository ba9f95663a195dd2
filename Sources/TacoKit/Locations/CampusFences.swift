import Foundation

/// Every campus's geofence as polygons in memory, so the position writer classifies fixes without a PostGIS
/// call per fix. The polygons are PostGIS's own geodesic buffers of the boundary (in by the enter margin, out
/// by the exit margin), read once per boundary change; each fix is then a planar point-in-polygon test on
/// longitude/latitude — what `ST_Covers` on those geometries does.
public struct CampusFences: Sendable {
    /// A (multi)polygon as rings of (lon, lat) vertices; even-odd over all rings handles holes and parts.
    public struct Area: Sendable, Equatable {
        public var rings: [[SIMD2<Double>]]
        let minimum: SIMD2<Double>
        let maximum: SIMD2<Double>

        public init(rings: [[SIMD2<Double>]]) {
            self.rings = rings.filter { $0.count >= 3 }
            let points = self.rings.joined()
            minimum = points.reduce(SIMD2(repeating: .infinity)) { pointwiseMin($0, $1) }
            maximum = points.reduce(SIMD2(repeating: -.infinity)) { pointwiseMax($0, $1) }
        }

        /// Whether the point lies inside (crossing-number test; a point exactly on an edge may go either way).
        public func contains(lon: Double, lat: Double) -> Bool {
            guard lon >= minimum.x, lon <= maximum.x, lat >= minimum.y, lat <= maximum.y else { return false }
            var inside = false
            for ring in rings {
                var previous = ring[ring.count - 1]
                for vertex in ring {
                    if (vertex.y > lat) != (previous.y > lat),
                       lon < (previous.x - vertex.x) * (lat - vertex.y) / (previous.y - vertex.y) + vertex.x {
                        inside.toggle()
                    }
                    previous = vertex
                }
            }
            return inside
        }
    }

    /// One campus: its code, and its buffered boundary when it has a geofence (active, with a boundary).
    public struct Campus: Sendable {
        public var id: UUID
        public var code: String
        public var inner: Area?
        public var outer: Area?

        public init(id: UUID, code: String, inner: Area?, outer: Area?) {
            self.id = id
            self.code = code
            self.inner = inner
            self.outer = outer
        }
    }

    public let rules: GeofenceRules
    public let campuses: [Campus]
    private let codes: [UUID: String]

    public init(rules: GeofenceRules, campuses: [Campus]) {
        self.rules = rules
        self.campuses = campuses
        codes = Dictionary(campuses.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
    }

    /// The campus's code (any campus, active or not).
    public func code(of campus: UUID) -> String? { codes[campus] }

    /// The state machine's view of one fix: `-enterMarginM` for a campus whose inner buffer covers it,
    /// `exitMarginM` for one whose outer buffer does, nothing for the others (far away, or no geofence).
    public func signedDistances(lat: Double, lon: Double) -> [UUID: Double] {
        var result: [UUID: Double] = [:]
        for campus in campuses {
            guard let outer = campus.outer, outer.contains(lon: lon, lat: lat) else { continue }
            result[campus.id] = campus.inner?.contains(lon: lon, lat: lat) == true ? -rules.enterMarginM : rules.exitMarginM
        }
        return result
    }
}

extension GeofenceStore {
    /// A cheap fingerprint of the campuses table: it changes whenever a campus is added, removed or edited.
    public func campusesVersion() throws -> String {
        try db.scalar("SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') FROM campuses")
    }

    /// Every campus with its geofence polygons for `rules`: `ST_Buffer` of the boundary in by the enter margin and
    /// out by the exit margin.
    public func fences(rules: GeofenceRules) throws -> CampusFences {
        struct Building {
            var code: String
            var rings: [String: [[SIMD2<Double>]]] = ["inner": [], "outer": []]
            var fenced: Bool
        }
        var building: [UUID: Building] = [:]
        var order: [UUID] = []
        // One row per vertex; path = {polygon, ring, vertex} of the ST_Multi'd buffer. Rings come whole and in order.
        var lastKey = ""
        for row in try db.query("""
            WITH c AS (
                SELECT id, code, active AND boundary IS NOT NULL AS fenced,
                       ST_Multi(ST_Buffer(boundary, -$1::float8)::geometry) AS inner_g,
                       ST_Multi(ST_Buffer(boundary, $2::float8)::geometry) AS outer_g
                FROM campuses
            )
            SELECT c.id, c.code, c.fenced, s.side, d.path[1] AS part, d.path[2] AS ring, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
            FROM c
            LEFT JOIN LATERAL (VALUES ('inner', c.inner_g), ('outer', c.outer_g)) AS s(side, g) ON c.fenced
            LEFT JOIN LATERAL ST_DumpPoints(s.g) AS d ON true
            ORDER BY c.code, s.side, d.path[1], d.path[2], d.path[3]
            """, [rules.enterMarginM, rules.exitMarginM]) {
            let id: UUID = try row.decode("id")
            if building[id] == nil {
                building[id] = Building(code: try row.decode("code"), fenced: try row.decode("fenced"))
                order.append(id)
            }
            guard let side: String = try row.decode("side", as: String?.self),
                  let part: Int = try row.decode("part", as: Int?.self),
                  let ring: Int = try row.decode("ring", as: Int?.self) else { continue }
            let point = SIMD2<Double>(try row.decode("x"), try row.decode("y"))
            let key = "\(id)/\(side)/\(part)/\(ring)"
            if key != lastKey {
                building[id]?.rings[side, default: []].append([])
                lastKey = key
            }
            let last = (building[id]?.rings[side]?.count ?? 1) - 1
            building[id]?.rings[side]?[last].append(point)
        }
        return CampusFences(rules: rules, campuses: order.compactMap { id in
            guard let campus = building[id] else { return nil }
            guard campus.fenced else { return CampusFences.Campus(id: id, code: campus.code, inner: nil, outer: nil) }
            return CampusFences.Campus(id: id, code: campus.code,
                                       inner: CampusFences.Area(rings: campus.rings["inner"] ?? []),
                                       outer: CampusFences.Area(rings: campus.rings["outer"] ?? []))
        })
    }
}
