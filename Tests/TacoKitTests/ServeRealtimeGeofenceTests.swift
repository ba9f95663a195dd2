import Foundation
import TacoKit
import Testing

/// The geofence state machine alone: sequences of signed distances in, arrivals/departures out.
@Suite("Geofence hysteresis")
struct ServeRealtimeGeofenceTests {
    static let campus = UUID()
    static let other = UUID()
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let machine = GeofenceHysteresis(rules: GeofenceRules(enterMarginM: 25, exitMarginM: 50, dwell: 60))

    /// One fix every `step` seconds with these signed distances to `campus`.
    static func samples(_ distances: [Double], step: TimeInterval = 10, from offset: TimeInterval = 0,
                        campus: UUID = campus) -> [GeofenceSample] {
        distances.enumerated().map { index, distance in
            GeofenceSample(at: start.addingTimeInterval(offset + Double(index) * step), signedDistanceM: [campus: distance])
        }
    }

    @Test func jitterAtTheEdgeGivesExactlyOneArrival() {
        // Approach, cross the edge back and forth (±20 m), go 40 m inside for 70 s, then jitter at the edge for 10 min.
        var distances: [Double] = [300, 200, 100, 40, 20, -10, 15, -20, 10, -15]
        distances += Array(repeating: -40, count: 8)
        distances += (0..<60).map { $0 % 2 == 0 ? 20 : -20 }
        let (state, events) = machine.advance(GeofenceState(), with: Self.samples(distances))
        #expect(events.count == 1)
        #expect(events.first?.kind == .arrive)
        #expect(events.first?.campusID == Self.campus)
        // The arrival time is the first fix of the qualifying run (index 10).
        #expect(events.first?.at == Self.start.addingTimeInterval(100))
        #expect(state.campusID == Self.campus)
        #expect(state.pending == nil)
    }

    @Test func edgeJitterWithoutDepthNeverArrives() {
        let distances = (0..<100).map { $0 % 3 == 0 ? -24.0 : 30.0 }
        let (state, events) = machine.advance(GeofenceState(), with: Self.samples(distances))
        #expect(events.isEmpty)
        #expect(state == GeofenceState())
    }

    @Test func crossingAndStayingOutGivesOneDeparture() {
        let inside = GeofenceState(campusID: Self.campus)
        // Jitter across the edge first (never 50 m out), then leave and stay 200 m out for 3 minutes.
        var distances: [Double] = [-30, 10, 45, -5, 49, 30]
        distances += [60, 120] + Array(repeating: 200, count: 18)
        let (state, events) = machine.advance(inside, with: Self.samples(distances))
        #expect(events == [GeofenceEvent(campusID: Self.campus, kind: .depart, at: Self.start.addingTimeInterval(60))])
        #expect(state == GeofenceState())
    }

    @Test func briefExcursionIsNotADeparture() {
        let inside = GeofenceState(campusID: Self.campus)
        // 50 s outside (6 fixes, 10 s apart: the run spans 50 s < 60 s), then back inside.
        let distances: [Double] = [80, 90, 100, 90, 80, 70, 0, -30]
        let (state, events) = machine.advance(inside, with: Self.samples(distances))
        #expect(events.isEmpty)
        #expect(state == inside)
    }

    @Test func pendingStateCarriesAcrossBatches() {
        // The same fixes fed in three batches (as three POSTs would) give the same result as one batch.
        let all = Self.samples([-30, -30, -30, -30, -30, -30, -30, -30])
        let whole = machine.advance(GeofenceState(), with: all)
        var state = GeofenceState()
        var events: [GeofenceEvent] = []
        for chunk in [all[0..<3], all[3..<5], all[5...]] {
            let result = machine.advance(state, with: Array(chunk))
            state = result.state
            events += result.events
        }
        #expect(events == whole.events)
        #expect(state == whole.state)
        #expect(events.count == 1)
        // After two fixes the arrival is pending since the first one.
        let partial = machine.advance(GeofenceState(), with: Array(all[0..<2]))
        #expect(partial.state.pending == .init(campusID: Self.campus, kind: .arrive, since: Self.start))
        #expect(partial.events.isEmpty)
    }

    @Test func leavingOneCampusForAnother() {
        let inside = GeofenceState(campusID: Self.campus)
        // Far outside the first campus and deep inside the second from the first fix on.
        let samples = (0..<20).map { index in
            GeofenceSample(at: Self.start.addingTimeInterval(Double(index) * 10),
                           signedDistanceM: [Self.campus: 500, Self.other: -100])
        }
        let (state, events) = machine.advance(inside, with: samples)
        #expect(events.map(\.kind) == [.depart, .arrive])
        #expect(events.map(\.campusID) == [Self.campus, Self.other])
        #expect(state.campusID == Self.other)
    }

    @Test func aCampusThatDisappearsIsLeft() {
        // A boundary removed (or the campus deactivated): no distance at all counts as far outside.
        let inside = GeofenceState(campusID: Self.campus)
        let samples = (0..<8).map { GeofenceSample(at: Self.start.addingTimeInterval(Double($0) * 10), signedDistanceM: [:]) }
        let (state, events) = machine.advance(inside, with: samples)
        #expect(events.map(\.kind) == [.depart])
        #expect(state.campusID == nil)
    }

    @Test func zeroDwellFiresOnTheFirstQualifyingFix() {
        let instant = GeofenceHysteresis(rules: GeofenceRules(enterMarginM: 25, exitMarginM: 50, dwell: 0))
        let (state, events) = instant.advance(GeofenceState(), with: Self.samples([10, -26]))
        #expect(events == [GeofenceEvent(campusID: Self.campus, kind: .arrive, at: Self.start.addingTimeInterval(10))])
        #expect(state.campusID == Self.campus)
    }
}
