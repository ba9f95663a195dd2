import Foundation

extension LocationServiceStore {
    /// Every active truck of an approved vendor with a last position newer than `freshness`, with today's hours
    /// (no distance): what `NearbySnapshot` keeps in memory.
    public func openTrucks(freshness: TimeInterval = 3600) throws -> [NearbyTruck] {
        try db.query("""
            \(Self.selectTrucks), NULL::float8 AS distance_m
            FROM truck_last_positions l
            JOIN trucks t ON t.id = l.truck_id
            JOIN vendors v ON v.id = l.vendor_id
            LEFT JOIN campuses c ON c.id = l.campus_id
            WHERE t.status = 'active' AND v.status = 'approved'
              AND l.recorded_at > now() - make_interval(secs => $1)
            """, [freshness]).map(NearbyTruck.init(row:))
    }
}

extension LocationServiceStore.NearbyTruck {
    /// The same truck with its distance from a query point.
    func at(distance: Double) -> Self {
        var copy = self
        copy.distanceM = distance
        return copy
    }
}

/// The open trucks in memory for `GET /api/v1/locations/nearby`, reloaded from PostgreSQL when older than `maxAge`.
///
/// Asking PostGIS on every request made the lookup cost a database round trip and a planner run per phone; at lunch
/// peak thousands of employees ask the same question about the same few hundred trucks. One request at a time
/// reloads (single flight); the others keep answering from the previous copy meanwhile, never from one older than
/// twice `maxAge`. So a new position, a suspended vendor or a truck taken off the road shows within `maxAge` (1 s by
/// default), on every instance alike. Distances are great-circle (haversine, mean Earth radius), within 0.5% of
/// PostGIS's spheroid distance. Each truck's JSON is written once per reload; an answer only adds the distances.
public final class NearbySnapshot: @unchecked Sendable {
    /// One truck as loaded, with its JSON object split around the `distance_m` member.
    struct Entry: Sendable {
        let truck: LocationServiceStore.NearbyTruck
        let head: [UInt8]   // `{` or `{"campus":"…",`
        let tail: [UInt8]   // `"hours":[…],…}`
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    private var loadedAt: ContinuousClock.Instant?
    private var loading = false
    private let maxAge: Duration

    /// A snapshot that reloads when older than `maxAge`.
    public init(maxAge: Duration) { self.maxAge = maxAge }

    /// Trucks within `radiusM` metres of the point, nearest first (ties by truck id), at most `limit`.
    public func nearby(lat: Double, lon: Double, radiusM: Double, limit: Int = 100,
                       load: @Sendable () async throws -> [LocationServiceStore.NearbyTruck]) async throws
        -> [LocationServiceStore.NearbyTruck] {
        try await hits(lat: lat, lon: lon, radiusM: radiusM, limit: limit, load: load).map { $0.1.truck.at(distance: $0.0) }
    }

    /// The same answer as `nearby`, as the response body `{"trucks":[…]}` (what `NearbyTruck.responseJSON` writes).
    public func nearbyJSON(lat: Double, lon: Double, radiusM: Double, limit: Int = 100,
                           load: @Sendable () async throws -> [LocationServiceStore.NearbyTruck]) async throws -> [UInt8] {
        let found = try await hits(lat: lat, lon: lon, radiusM: radiusM, limit: limit, load: load)
        var writer = JSONWriter(capacity: 16 + found.reduce(0) { $0 + $1.1.head.count + $1.1.tail.count + 32 })
        writer.raw("{\"trucks\":[")
        for (index, (distance, entry)) in found.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.raw(entry.head)
            writer.raw("\"distance_m\":")
            writer.value(.double(distance))
            writer.raw(UInt8(ascii: ","))
            writer.raw(entry.tail)
        }
        writer.raw("]}")
        return writer.bytes
    }

    private func hits(lat: Double, lon: Double, radiusM: Double, limit: Int,
                      load: @Sendable () async throws -> [LocationServiceStore.NearbyTruck]) async throws -> [(Double, Entry)] {
        let all = try await current(load: load)
        // A latitude band first (one degree of latitude is at least 110,574 m anywhere): most trucks are rejected
        // with a subtraction instead of a haversine.
        let band = radiusM / 110_000
        var found: [(Double, Entry)] = []
        for entry in all where abs(entry.truck.lat - lat) <= band {
            let distance = Self.distance(lat, lon, entry.truck.lat, entry.truck.lon)
            if distance <= radiusM { found.append((distance, entry)) }
        }
        found.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.truck.truckID < $1.1.truck.truckID }
        return Array(found.prefix(limit))
    }

    private func current(load: @Sendable () async throws -> [LocationServiceStore.NearbyTruck]) async throws -> [Entry] {
        let now = ContinuousClock.now
        enum Plan { case use([Entry]), reload }
        let plan: Plan = lock.withLock {
            guard let loadedAt else { return .reload }
            let age = now - loadedAt
            if age <= maxAge || (loading && age <= maxAge * 2) { return .use(entries) }
            loading = true
            return .reload
        }
        switch plan {
        case .use(let entries):
            return entries
        case .reload:
            do {
                let fresh = try await load().map(Self.entry)
                lock.withLock {
                    entries = fresh
                    loadedAt = now
                    loading = false
                }
                return fresh
            } catch {
                lock.withLock { loading = false }
                throw error
            }
        }
    }

    private static func entry(_ truck: LocationServiceStore.NearbyTruck) -> Entry {
        var head = JSONWriter(capacity: 48)
        head.raw(UInt8(ascii: "{"))
        if let campus = truck.campus { head.raw("\"campus\":"); head.string(campus); head.raw(UInt8(ascii: ",")) }
        var tail = JSONWriter(capacity: 320)
        truck.writeMembersAfterDistance(to: &tail)
        return Entry(truck: truck, head: head.bytes, tail: tail.bytes)
    }

    /// Great-circle distance in metres (haversine on the mean Earth radius, 6,371,008.8 m).
    public static func distance(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians
        let dLon = (lon2 - lon1) * radians
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_008.8 * asin(min(1, a.squareRoot()))
    }
}

extension LocationServiceStore.NearbyTruck {
    /// `{"campus"?:…,"trucks":[…]}` with sorted keys, absent optionals left out — what JSONEncoder with
    /// `.sortedKeys` writes for the same values, at a fraction of its cost (nearby is the busiest read).
    public static func responseJSON(campus: String?, trucks: [Self]) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + 320 * trucks.count)
        writer.raw(UInt8(ascii: "{"))
        if let campus {
            writer.raw("\"campus\":")
            writer.string(campus)
            writer.raw(UInt8(ascii: ","))
        }
        writer.raw("\"trucks\":[")
        for (index, truck) in trucks.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.raw(UInt8(ascii: "{"))
            if let campus = truck.campus { writer.raw("\"campus\":"); writer.string(campus); writer.raw(UInt8(ascii: ",")) }
            if let distance = truck.distanceM { writer.raw("\"distance_m\":"); writer.value(.double(distance)); writer.raw(UInt8(ascii: ",")) }
            truck.writeMembersAfterDistance(to: &writer)
        }
        writer.raw("]}")
        return writer.bytes
    }

    /// `"hours":[…],"lat":…,…,"vendor_slug":"…"}`: the members after `distance_m`, in sorted order, and the `}`.
    func writeMembersAfterDistance(to writer: inout JSONWriter) {
        writer.raw("\"hours\":[")
        for (index, hours) in hours.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.string(hours)
        }
        writer.raw("],\"lat\":"); writer.value(.double(lat))
        writer.raw(",\"lon\":"); writer.value(.double(lon))
        writer.raw(",\"recorded_at\":"); writer.value(.date(recordedAt))
        writer.raw(",\"truck_id\":"); writer.string(truckID)
        writer.raw(",\"truck_name\":"); writer.string(truckName)
        writer.raw(",\"vendor_id\":"); writer.string(vendorID)
        writer.raw(",\"vendor_name\":"); writer.string(vendorName)
        writer.raw(",\"vendor_slug\":"); writer.string(vendorSlug)
        writer.raw(UInt8(ascii: "}"))
    }
}
