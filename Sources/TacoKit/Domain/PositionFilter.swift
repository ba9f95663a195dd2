import Foundation

/// One GPS fix as a truck's device reports it.
public struct PositionFix: Sendable, Equatable, Codable {
    public var recordedAt: Date
    public var lat: Double
    public var lon: Double
    public var accuracyM: Double?
    public var speedMps: Double?
    public var headingDeg: Double?

    public init(recordedAt: Date, lat: Double, lon: Double, accuracyM: Double? = nil, speedMps: Double? = nil,
                headingDeg: Double? = nil) {
        self.recordedAt = recordedAt
        self.lat = lat
        self.lon = lon
        self.accuracyM = accuracyM
        self.speedMps = speedMps
        self.headingDeg = headingDeg
    }

    enum CodingKeys: String, CodingKey {
        case recordedAt = "recorded_at", lat, lon, accuracyM = "accuracy_m", speedMps = "speed_mps", headingDeg = "heading_deg"
    }
}

/// Why a fix was not stored (the wire form is the raw value).
public enum PositionRejection: String, Sendable, CaseIterable, Codable {
    case invalidCoordinates = "invalid_coordinates"
    case nullIsland = "null_island"
    case invalidValue = "invalid_value"
    case poorAccuracy = "poor_accuracy"
    case futureTimestamp = "future_timestamp"
    case staleTimestamp = "stale_timestamp"
    case duplicate
    case outOfOrder = "out_of_order"
    case speedJump = "speed_jump"
}

/// Traccar-style per-truck filtering of a batch of fixes against the last accepted one.
/// Pure: the caller supplies `now` and the truck's last accepted fix.
public struct PositionFilter: Sendable {
    /// A fix whose reported accuracy radius is larger than this is dropped.
    public var maxAccuracyM: Double = 100
    /// Device clocks run a little fast; more than this ahead of the server is a broken clock.
    public var maxFuture: TimeInterval = 300
    /// Older fixes are history, not live positions (and may fall before the oldest partition).
    public var maxAge: TimeInterval = 12 * 3600
    /// Faster than a food truck can plausibly go (≈ 180 km/h): a GPS jump.
    public var maxImpliedSpeedMps: Double = 50
    /// Below this distance an implied speed is noise, not a jump.
    public var minJumpDistanceM: Double = 50

    public init() {}

    /// The outcome for one batch: accepted fixes in order, and each rejected fix's index with its reason.
    public struct Outcome: Sendable, Equatable {
        public var accepted: [PositionFix] = []
        public var rejected: [(index: Int, reason: PositionRejection)] = []

        public static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.accepted == rhs.accepted
                && lhs.rejected.map(\.index) == rhs.rejected.map(\.index)
                && lhs.rejected.map(\.reason) == rhs.rejected.map(\.reason)
        }
    }

    /// Filters `fixes` in the order given; each accepted fix becomes the reference for the next.
    public func filter(_ fixes: [PositionFix], lastAccepted: PositionFix?, now: Date) -> Outcome {
        var outcome = Outcome()
        var last = lastAccepted
        var seen = Set<Date>()
        if let lastAccepted { seen.insert(lastAccepted.recordedAt) }
        for (index, fix) in fixes.enumerated() {
            if let reason = reason(for: fix, last: last, seen: seen, now: now) {
                outcome.rejected.append((index, reason))
            } else {
                outcome.accepted.append(fix)
                seen.insert(fix.recordedAt)
                last = fix
            }
        }
        return outcome
    }

    func reason(for fix: PositionFix, last: PositionFix?, seen: Set<Date>, now: Date) -> PositionRejection? {
        guard fix.lat.isFinite, fix.lon.isFinite, (-90...90).contains(fix.lat), (-180...180).contains(fix.lon) else {
            return .invalidCoordinates
        }
        if fix.lat == 0, fix.lon == 0 { return .nullIsland }
        for value in [fix.accuracyM, fix.speedMps] {
            if let value, !(value.isFinite && value >= 0) { return .invalidValue }
        }
        if let heading = fix.headingDeg, !(heading.isFinite && (0...360).contains(heading)) { return .invalidValue }
        if let accuracy = fix.accuracyM, accuracy > maxAccuracyM { return .poorAccuracy }
        let age = now.timeIntervalSince(fix.recordedAt)
        if age < -maxFuture { return .futureTimestamp }
        if age > maxAge { return .staleTimestamp }
        if seen.contains(fix.recordedAt) { return .duplicate }
        guard let last else { return nil }
        let elapsed = fix.recordedAt.timeIntervalSince(last.recordedAt)
        if elapsed < 0 { return .outOfOrder }
        let distance = Self.distanceMeters(last.lat, last.lon, fix.lat, fix.lon)
        if distance > minJumpDistanceM, distance / elapsed > maxImpliedSpeedMps { return .speedJump }
        return nil
    }

    /// Great-circle distance (haversine, mean Earth radius) in metres.
    public static func distanceMeters(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians, dLon = (lon2 - lon1) * radians
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_008.8 * asin(min(1, a.squareRoot()))
    }
}
