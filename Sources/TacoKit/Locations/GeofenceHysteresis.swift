import Foundation

/// How far inside or outside a campus boundary a truck must be, and for how long, before it arrives or departs.
public struct GeofenceRules: Sendable, Equatable {
    /// Entering needs fixes at least this far inside the boundary (metres).
    public var enterMarginM: Double
    /// Leaving needs fixes at least this far outside the boundary (metres).
    public var exitMarginM: Double
    /// Both need an unbroken run of qualifying fixes spanning at least this long.
    public var dwell: TimeInterval

    /// The service defaults: 25 m inside to enter, 50 m outside to leave, 60 s of fixes either way.
    public init(enterMarginM: Double = 25, exitMarginM: Double = 50, dwell: TimeInterval = 60) {
        self.enterMarginM = enterMarginM
        self.exitMarginM = exitMarginM
        self.dwell = dwell
    }
}

/// A geofence transition.
public enum GeofenceKind: String, Sendable, Codable, Equatable {
    case arrive
    case depart
}

/// One arrival or departure: `at` is the first fix of the run that confirmed it.
public struct GeofenceEvent: Sendable, Equatable {
    public var campusID: UUID
    public var kind: GeofenceKind
    public var at: Date

    public init(campusID: UUID, kind: GeofenceKind, at: Date) {
        self.campusID = campusID
        self.kind = kind
        self.at = at
    }
}

/// A truck's geofence state: the campus it is on (if any) and a transition waiting for its dwell.
public struct GeofenceState: Sendable, Equatable {
    /// A transition seen but not yet confirmed: the run of qualifying fixes started at `since`.
    public struct Pending: Sendable, Equatable {
        public var campusID: UUID
        public var kind: GeofenceKind
        public var since: Date

        public init(campusID: UUID, kind: GeofenceKind, since: Date) {
            self.campusID = campusID
            self.kind = kind
            self.since = since
        }
    }

    public var campusID: UUID?
    public var pending: Pending?

    public init(campusID: UUID? = nil, pending: Pending? = nil) {
        self.campusID = campusID
        self.pending = pending
    }
}

/// One fix as the geofence sees it: its time and the signed distance (metres; negative = inside by that much)
/// to each campus boundary near it. A campus missing from `signedDistanceM` is far away.
public struct GeofenceSample: Sendable, Equatable {
    public var at: Date
    public var signedDistanceM: [UUID: Double]

    public init(at: Date, signedDistanceM: [UUID: Double]) {
        self.at = at
        self.signedDistanceM = signedDistanceM
    }
}

/// The arrival/departure state machine with hysteresis. Pure: the caller loads the state and distances and
/// stores what comes out, so every instance of the service computes the same thing from the database.
///
/// On a campus, a fix more than `exitMarginM` outside starts (or continues) a pending departure; any other fix
/// cancels it. Off campus, a fix more than `enterMarginM` inside some campus starts (or continues) a pending
/// arrival there; any other fix cancels it. A pending transition fires once its run of fixes spans `dwell`.
/// Between the two margins nothing changes, so jitter at the edge never flaps.
public struct GeofenceHysteresis: Sendable {
    public var rules: GeofenceRules

    public init(rules: GeofenceRules = GeofenceRules()) {
        self.rules = rules
    }

    /// Feeds fixes (in time order) through the state machine; returns the new state and the events fired.
    public func advance(_ state: GeofenceState, with samples: [GeofenceSample]) -> (state: GeofenceState, events: [GeofenceEvent]) {
        var state = state
        var events: [GeofenceEvent] = []
        for sample in samples {
            events += step(&state, sample)
        }
        return (state, events)
    }

    private func step(_ state: inout GeofenceState, _ sample: GeofenceSample) -> [GeofenceEvent] {
        var events: [GeofenceEvent] = []
        if let current = state.campusID {
            let distance = sample.signedDistanceM[current] ?? .infinity
            guard distance > rules.exitMarginM else {
                state.pending = nil
                return events
            }
            let since = state.pending.flatMap { $0.kind == .depart && $0.campusID == current ? $0.since : nil } ?? sample.at
            guard sample.at.timeIntervalSince(since) >= rules.dwell else {
                state.pending = .init(campusID: current, kind: .depart, since: since)
                return events
            }
            events.append(GeofenceEvent(campusID: current, kind: .depart, at: since))
            state = GeofenceState()
            // Well outside the old campus, the same fix may already count towards entering another one.
        }
        let candidates = sample.signedDistanceM.filter { $0.value <= -rules.enterMarginM }
        guard !candidates.isEmpty else {
            state.pending = nil
            return events
        }
        let target: UUID
        let since: Date
        if let pending = state.pending, pending.kind == .arrive, candidates[pending.campusID] != nil {
            (target, since) = (pending.campusID, pending.since)
        } else {
            // Overlapping campuses: the one the truck is deepest inside, ties by id, so every instance agrees.
            let deepest = candidates.min { ($0.value, $0.key.uuidString) < ($1.value, $1.key.uuidString) }
            guard let deepest else { return events }
            (target, since) = (deepest.key, sample.at)
        }
        if sample.at.timeIntervalSince(since) >= rules.dwell {
            events.append(GeofenceEvent(campusID: target, kind: .arrive, at: since))
            state = GeofenceState(campusID: target)
        } else {
            state.pending = .init(campusID: target, kind: .arrive, since: since)
        }
        return events
    }
}
