import Foundation

extension WallClockTime: PostgresEncodable, PostgresDecodable {
    public init(postgresText text: String) throws {
        guard let value = WallClockTime(postgres: text) else { throw decodingError(text, as: WallClockTime.self) }
        self = value
    }
}

/// A weekly slot of one of the vendor's trucks, as stored in `schedules`.
public struct ScheduleSlot: Sendable, Equatable {
    public let id: UUID
    public let truckID: UUID
    public let truckName: String
    public let campusID: UUID
    public let campusCode: String
    /// The campus's IANA time zone; the slot's times are on this clock.
    public let timeZone: String
    public let slot: WeeklySlot
    public let spot: String?

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        truckID = try row.decode("truck_id")
        truckName = try row.decode("truck_name")
        campusID = try row.decode("campus_id")
        campusCode = try row.decode("campus_code")
        timeZone = try row.decode("time_zone")
        let weekday: Int = try row.decode("weekday")
        slot = WeeklySlot(weekday: ISOWeekday(rawValue: weekday) ?? .monday, start: try row.decode("start_local"),
                          end: try row.decode("end_local"), validFrom: try row.decode("valid_from"), validUntil: try row.decode("valid_until"))
        spot = try row.decode("spot")
    }

    /// `HQ mon 11:00-14:00, from 2026-01-05, open-ended`: how errors name a slot.
    public var summary: String {
        "\(campusCode) \(slot.weekday) \(slot.start)-\(slot.end), from \(slot.validFrom)"
            + (slot.validUntil.map { " until \($0)" } ?? ", open-ended")
    }

    /// The slot as a row of the schedule document (what `schedule export` writes).
    public var documentRow: ScheduleDocument.Row {
        ScheduleDocument.Row(place: .element(index: 0), truck: truckName, campus: campusCode, weekday: slot.weekday, start: slot.start,
                             end: slot.end, spot: spot, validFrom: slot.validFrom, validUntil: slot.validUntil)
    }
}

/// One dated occurrence of a slot in a listed week, with the truck's closure on that date if any.
public struct ScheduleOccurrence: Sendable, Equatable {
    public let slot: ScheduleSlot
    public let occurrence: SlotOccurrence
    /// Whether the truck is closed that day (`schedule close`), and why.
    public let closed: Bool
    public let closedReason: String?
}

/// A truck's closure on one local date (`schedule_exceptions`).
public struct ScheduleClosure: Sendable, Equatable {
    public let truckName: String
    public let date: LocalDate
    public let reason: String?
    /// How many of the truck's slots fall on that date.
    public let slotsClosed: Int
}

/// What an import did (or, with --dry-run, would do).
public struct ScheduleImportReport: Sendable {
    public enum Action: String, Sendable { case added, changed, removed }
    public struct Change: Sendable {
        public let action: Action
        public let id: UUID?
        public let row: ScheduleDocument.Row
    }
    public var changes: [Change] = []
    public var unchanged = 0
    public func count(_ action: Action) -> Int { changes.filter { $0.action == action }.count }
    /// `2 added, 1 changed, 5 unchanged, 0 removed`.
    public var summary: String {
        "\(count(.added)) added, \(count(.changed)) changed, \(unchanged) unchanged, \(count(.removed)) removed"
    }
}

/// The weekly schedules of one vendor's trucks. Every query filters by the scope's vendor as well as by row-level
/// security. Times are campus-local wall-clock times; a truck is never in two slots at once (checked here so the
/// refusal names the other slot, and by the `schedules_no_overlap` constraint as the backstop for races).
public struct ScheduleStore {
    let db: PostgresConnection
    let scope: VendorScope

    public init(_ db: PostgresConnection, scope: VendorScope) {
        self.db = db
        self.scope = scope
    }

    struct CampusInfo {
        let id: UUID
        let code: String
        let timeZone: String
        let serviceHours: ClosedRange<WallClockTime>
        let active: Bool
        let localToday: LocalDate

        init(row: PostgresRow) throws {
            id = try row.decode("id")
            code = try row.decode("code")
            timeZone = try row.decode("time_zone")
            let start: WallClockTime = try row.decode("service_start")
            let end: WallClockTime = try row.decode("service_end")
            serviceHours = start...max(start, end)
            active = try row.decode("active")
            localToday = try row.decode("local_today")
        }
    }

    static let slotSelect = """
        SELECT s.id, s.truck_id, t.name AS truck_name, s.campus_id, c.code AS campus_code, c.time_zone,
               s.weekday, s.start_local, s.end_local, s.spot, s.valid_from, s.valid_until
        FROM schedules s
        JOIN trucks t ON t.id = s.truck_id AND t.vendor_id = s.vendor_id
        JOIN campuses c ON c.id = s.campus_id
        """
    static let slotOrder = "ORDER BY t.name, s.weekday, s.start_local, c.code"

    static let campusSelect = """
        SELECT id, code, time_zone, service_start, service_end, active, (now() AT TIME ZONE time_zone)::date AS local_today
        FROM campuses
        """

    /// Every slot of the vendor (or of one truck), by truck, weekday and start.
    public func slots(truck: String? = nil) throws -> [ScheduleSlot] {
        let truckID = try truck.map { try TruckStore(db, scope: scope).resolve($0).id }
        return try db.query("""
            \(Self.slotSelect)
            WHERE s.vendor_id = $1 AND ($2::uuid IS NULL OR s.truck_id = $2)
            \(Self.slotOrder)
            """, [scope.vendorID, truckID]).map(ScheduleSlot.init(row:))
    }

    /// One slot by id; another vendor's id is reported exactly like a missing one.
    public func slot(id reference: String) throws -> ScheduleSlot {
        let notFound = ToolError.data("schedule slot \"\(reference)\" not found", hint: "`taco-vendor schedule list` shows the slot ids")
        guard let id = UUID(uuidString: reference.trimmingCharacters(in: .whitespaces)) else { throw notFound }
        guard let row = try db.queryFirst("\(Self.slotSelect) WHERE s.vendor_id = $1 AND s.id = $2", [scope.vendorID, id]) else {
            throw notFound
        }
        return try ScheduleSlot(row: row)
    }

    /// Every occurrence in an ISO week, in date and time order, marked closed where the truck is closed that day.
    public func week(_ week: ISOWeek, truck: String? = nil) throws -> [ScheduleOccurrence] {
        let truckID = try truck.map { try TruckStore(db, scope: scope).resolve($0).id }
        let slots = try db.query("""
            \(Self.slotSelect)
            WHERE s.vendor_id = $1 AND ($2::uuid IS NULL OR s.truck_id = $2)
              AND s.valid_from <= $4 AND (s.valid_until IS NULL OR s.valid_until >= $3)
            \(Self.slotOrder)
            """, [scope.vendorID, truckID, week.monday, week.sunday]).map(ScheduleSlot.init(row:))
        var closures: [String: String?] = [:]
        for row in try db.query("""
            SELECT truck_id, on_date, reason FROM schedule_exceptions
            WHERE vendor_id = $1 AND ($2::uuid IS NULL OR truck_id = $2) AND on_date BETWEEN $3 AND $4
            """, [scope.vendorID, truckID, week.monday, week.sunday]) {
            let truck: UUID = try row.decode("truck_id")
            let date: LocalDate = try row.decode("on_date")
            closures["\(truck) \(date)"] = .some(try row.decode("reason", as: String?.self))
        }
        var result: [ScheduleOccurrence] = []
        for slot in slots {
            let clock = try Self.clock(slot.timeZone, campus: slot.campusCode)
            for occurrence in slot.slot.occurrences(from: week.monday, through: week.sunday, clock: clock) {
                let closure = closures["\(slot.truckID) \(occurrence.date)"]
                result.append(ScheduleOccurrence(slot: slot, occurrence: occurrence, closed: closure != nil, closedReason: closure ?? nil))
            }
        }
        return result.sorted {
            ($0.occurrence.startsAt, $0.slot.truckName, $0.slot.campusCode) < ($1.occurrence.startsAt, $1.slot.truckName, $1.slot.campusCode)
        }
    }

    static func clock(_ timeZone: String, campus: String) throws -> CampusClock {
        guard let clock = CampusClock(identifier: timeZone) else {
            throw ToolError.data("campus \(campus) is in the time zone \"\(timeZone)\", which this machine's time zone data does not know",
                                 hint: "update the system's tzdata")
        }
        return clock
    }

    /// A slot to add (`schedule add`).
    public struct NewSlot: Sendable {
        public var truck: String
        public var campus: String
        public var weekday: ISOWeekday
        public var start: WallClockTime
        public var end: WallClockTime
        public var spot: String?
        /// nil: today on the campus's clock.
        public var validFrom: LocalDate?
        public var validUntil: LocalDate?

        public init(truck: String, campus: String, weekday: ISOWeekday, start: WallClockTime, end: WallClockTime,
                    spot: String? = nil, validFrom: LocalDate? = nil, validUntil: LocalDate? = nil) {
            self.truck = truck
            self.campus = campus
            self.weekday = weekday
            self.start = start
            self.end = end
            self.spot = spot
            self.validFrom = validFrom
            self.validUntil = validUntil
        }
    }

    func campuses() throws -> [String: CampusInfo] {
        var result: [String: CampusInfo] = [:]
        for row in try db.query(Self.campusSelect) {
            let campus = try CampusInfo(row: row)
            result[campus.code] = campus
        }
        return result
    }

    func campus(_ code: String) throws -> CampusInfo {
        let key = code.trimmingCharacters(in: .whitespaces).uppercased()
        if let row = try db.queryFirst("\(Self.campusSelect) WHERE code = $1", [key]) {
            let campus = try CampusInfo(row: row)
            guard campus.active else {
                throw ToolError.data("campus \(campus.code) is not active", hint: "Food Services reactivates campuses")
            }
            return campus
        }
        throw ToolError.data("campus \"\(code)\" not found", hint: try Self.knownCampusesHint(db))
    }

    static func knownCampusesHint(_ db: PostgresConnection) throws -> String {
        let codes = try db.query("SELECT code FROM campuses WHERE active ORDER BY code").map { try $0.decode("code", as: String.self) }
        return codes.isEmpty ? "no campus is set up yet" : "campus codes: " + codes.joined(separator: ", ")
    }

    /// The slots of a truck that overlap `slot` (same weekday, overlapping times and validity), on any campus.
    func conflicts(truckID: UUID, with slot: WeeklySlot, excluding: [UUID] = []) throws -> [ScheduleSlot] {
        try db.query("""
            \(Self.slotSelect)
            WHERE s.vendor_id = $1 AND s.truck_id = $2 AND s.weekday = $3
              AND timerange(s.start_local, s.end_local) && timerange($4::time, $5::time)
              AND daterange(s.valid_from, s.valid_until, '[]') && daterange($6::date, $7::date, '[]')
              AND NOT (s.id = ANY($8::uuid[]))
            \(Self.slotOrder)
            """, [scope.vendorID, truckID, slot.weekday.rawValue, slot.start, slot.end, slot.validFrom, slot.validUntil,
                  excluding.map { $0.lowercasedText }]).map(ScheduleSlot.init(row:))
    }

    static func conflictError(truck: String, new: String, existing: ScheduleSlot) -> ToolError {
        ToolError.data("truck \"\(truck)\" cannot be in two places at once: \(new) conflicts with slot \(existing.id.lowercasedText) (\(existing.summary))",
                       hint: "choose other times or days, or remove that slot with `taco-vendor schedule remove \(existing.id.lowercasedText)`")
    }

    /// Adds a slot after checking the truck, the campus, the times against the campus's service hours and every other
    /// slot of the truck. With `ifNotExists`, an identical existing slot is returned unchanged (created: false).
    public func add(_ new: NewSlot, ifNotExists: Bool = false) throws -> (slot: ScheduleSlot, created: Bool) {
        let truck = try TruckStore(db, scope: scope).resolve(new.truck)
        let campus = try campus(new.campus)
        let slot = WeeklySlot(weekday: new.weekday, start: new.start, end: new.end,
                              validFrom: new.validFrom ?? campus.localToday, validUntil: new.validUntil)
        let problems = slot.problems(serviceHours: campus.serviceHours)
        if !problems.isEmpty {
            throw ToolError.data("cannot schedule \(truck.name) at \(campus.code) on \(slot.weekday) \(slot.start)-\(slot.end): "
                                 + problems.map(\.message).joined(separator: "; "))
        }
        let described = "\(campus.code) \(slot.weekday) \(slot.start)-\(slot.end)"
        let spot = new.spot.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        do {
            return try db.transaction { tx in
                let store = ScheduleStore(tx, scope: scope)
                if let existing = try store.conflicts(truckID: truck.id, with: slot).first {
                    let identical = existing.campusID == campus.id && existing.slot.weekday == slot.weekday && existing.slot.start == slot.start
                        && existing.slot.end == slot.end && existing.spot == spot && existing.slot.validUntil == slot.validUntil
                        && (new.validFrom == nil || existing.slot.validFrom == slot.validFrom)
                    if identical && ifNotExists { return (existing, false) }
                    var error = Self.conflictError(truck: truck.name, new: described, existing: existing)
                    if identical { error.hint = "it is the same slot; pass --if-not-exists to accept it" }
                    throw error
                }
                let id: UUID = try tx.scalar("""
                    INSERT INTO schedules (vendor_id, truck_id, campus_id, weekday, start_local, end_local, spot, valid_from, valid_until)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
                    """, [scope.vendorID, truck.id, campus.id, slot.weekday.rawValue, slot.start, slot.end, spot, slot.validFrom, slot.validUntil])
                return (try store.slot(id: id.uuidString), true)
            }
        } catch let error as PostgresError where error.sqlState == "23P01" {
            // Another session inserted an overlapping slot after our check: name it like the check would have.
            if let existing = try conflicts(truckID: truck.id, with: slot).first {
                throw Self.conflictError(truck: truck.name, new: described, existing: existing)
            }
            throw ToolError.data("truck \"\(truck.name)\" cannot be in two places at once: \(described) conflicts with a slot added at the same time")
        }
    }

    /// Removes a slot (with `dryRun`, only finds it). Another vendor's id is reported exactly like a missing one.
    public func remove(id reference: String, dryRun: Bool = false) throws -> ScheduleSlot {
        try db.transaction { tx in
            let slot = try ScheduleStore(tx, scope: scope).slot(id: reference)
            if !dryRun {
                try tx.query("DELETE FROM schedules WHERE vendor_id = $1 AND id = $2", [scope.vendorID, slot.id])
            }
            return slot
        }
    }

    /// Closes a truck on a local date. Closing again changes nothing (a new reason replaces the old one).
    public func close(truck reference: String, date: LocalDate, reason: String?) throws -> (closure: ScheduleClosure, changed: Bool) {
        let reason = reason.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        return try db.transaction { tx in
            let truck = try TruckStore(tx, scope: scope).resolve(reference)
            let written = try tx.queryFirst("""
                INSERT INTO schedule_exceptions (vendor_id, truck_id, on_date, reason) VALUES ($1, $2, $3, $4)
                ON CONFLICT (truck_id, on_date) DO UPDATE SET reason = EXCLUDED.reason
                WHERE $4::text IS NOT NULL AND schedule_exceptions.reason IS DISTINCT FROM EXCLUDED.reason
                RETURNING reason
                """, [scope.vendorID, truck.id, date, reason])
            let stored: String? = try tx.scalar("SELECT reason FROM schedule_exceptions WHERE vendor_id = $1 AND truck_id = $2 AND on_date = $3",
                                                [scope.vendorID, truck.id, date])
            let slots = try ScheduleStore(tx, scope: scope).slots(truck: truck.id.uuidString).filter { $0.slot.runs(on: date) }
            return (ScheduleClosure(truckName: truck.name, date: date, reason: stored, slotsClosed: slots.count), written != nil)
        }
    }

    /// Reopens a truck on a local date; returns whether it was closed.
    public func reopen(truck reference: String, date: LocalDate) throws -> Bool {
        try db.transaction { tx in
            let truck = try TruckStore(tx, scope: scope).resolve(reference)
            return try tx.query("DELETE FROM schedule_exceptions WHERE vendor_id = $1 AND truck_id = $2 AND on_date = $3",
                                [scope.vendorID, truck.id, date]).affectedRows > 0
        }
    }

    private struct DryRunRollback: Error { let report: ScheduleImportReport }

    /// Imports a schedule document: upserts slots by (truck, campus, day, start) in one transaction, writing only what
    /// differs; with `prune`, removes the vendor's slots absent from the file (after `confirmRemoval(count)`).
    /// Every problem (unknown truck or campus, service hours, conflicts within the file or with kept slots) is
    /// reported with its place and nothing is written. With `dryRun` the same report is returned and rolled back.
    public func importDocument(_ rows: [ScheduleDocument.Row], source: String, prune: Bool, dryRun: Bool,
                               confirmRemoval: (Int) throws -> Void = { _ in }) throws -> ScheduleImportReport {
        do {
            return try db.transaction { tx in
                let report = try ScheduleStore(tx, scope: scope).applyImport(rows, source: source, prune: prune, dryRun: dryRun,
                                                                              confirmRemoval: confirmRemoval)
                if dryRun { throw DryRunRollback(report: report) }
                return report
            }
        } catch let rollback as DryRunRollback {
            return rollback.report
        } catch let error as PostgresError where error.sqlState == "23P01" {
            throw ToolError.data("\(source): a slot conflicts with another slot of the same truck: \(error.detail ?? error.message)",
                                 hint: "another session changed the schedule meanwhile; run the import again to see the conflict named")
        }
    }

    private struct Planned {
        let order: Int
        let row: ScheduleDocument.Row
        let truckID: UUID
        let campus: CampusInfo
        let slot: WeeklySlot
        let existing: ScheduleSlot?
    }

    private func applyImport(_ rows: [ScheduleDocument.Row], source: String, prune: Bool, dryRun: Bool,
                             confirmRemoval: (Int) throws -> Void) throws -> ScheduleImportReport {
        var trucksByName: [String: Truck] = [:]
        var trucksByID: [UUID: Truck] = [:]
        for truck in try TruckStore(db, scope: scope).list() {
            trucksByName[truck.name.lowercased()] = truck
            trucksByID[truck.id] = truck
        }
        let campuses = try campuses()
        let existing = try slots()
        func key(_ truck: UUID, _ campus: UUID, _ weekday: ISOWeekday, _ start: WallClockTime) -> String {
            "\(truck)|\(campus)|\(weekday.rawValue)|\(start.secondsSinceMidnight)"
        }
        var existingByKey: [String: ScheduleSlot] = [:]
        for slot in existing { existingByKey[key(slot.truckID, slot.campusID, slot.slot.weekday, slot.slot.start)] = slot }

        var issues: [(order: Int, issue: ValidationErrors.Issue)] = []
        var planned: [Planned] = []
        var seenKeys: [String: ScheduleDocument.Place] = [:]
        for (order, row) in rows.enumerated() {
            func problem(_ field: String?, _ message: String) { issues.append((order, row.place.issue(field, message))) }
            let truck = UUID(uuidString: row.truck).flatMap { trucksByID[$0] } ?? trucksByName[row.truck.lowercased()]
            if truck == nil { problem("truck", "truck \"\(row.truck)\" not found; `taco-vendor trucks list` shows your trucks") }
            let campus = campuses[row.campus.uppercased()]
            if campus == nil {
                let known = campuses.values.filter(\.active).map(\.code).sorted().joined(separator: ", ")
                problem("campus", "campus \"\(row.campus)\" not found; campus codes: \(known.isEmpty ? "(none)" : known)")
            } else if campus?.active == false {
                problem("campus", "campus \(row.campus) is not active")
            }
            guard let truck, let campus, campus.active else { continue }
            let rowKey = key(truck.id, campus.id, row.weekday, row.start)
            if let first = seenKeys[rowKey] {
                problem(nil, "the same truck, campus, day and start as \(first.reference); each slot may appear once")
                continue
            }
            seenKeys[rowKey] = row.place
            let current = existingByKey[rowKey]
            let slot = WeeklySlot(weekday: row.weekday, start: row.start, end: row.end,
                                  validFrom: row.validFrom ?? current?.slot.validFrom ?? campus.localToday, validUntil: row.validUntil)
            let problems = slot.problems(serviceHours: campus.serviceHours)
            for found in problems { problem(found.field, found.message) }
            if problems.isEmpty { planned.append(Planned(order: order, row: row, truckID: truck.id, campus: campus, slot: slot, existing: current)) }
        }

        let keptKeys = Set(seenKeys.keys)
        let removed = prune ? existing.filter { !keptKeys.contains(key($0.truckID, $0.campusID, $0.slot.weekday, $0.slot.start)) } : []
        let removedIDs = Set(removed.map(\.id))
        // The schedule after the import: the file's slots plus the stored slots it neither names nor prunes.
        let untouched = existing.filter { slot in
            !removedIDs.contains(slot.id) && !keptKeys.contains(key(slot.truckID, slot.campusID, slot.slot.weekday, slot.slot.start))
        }
        for (index, plan) in planned.enumerated() {
            let order = plan.order
            for earlier in planned[..<index] where earlier.truckID == plan.truckID && earlier.slot.overlaps(plan.slot) {
                issues.append((order, plan.row.place.issue(nil, "truck \"\(plan.row.truck)\" cannot be in two places at once: "
                    + "\(plan.campus.code) \(plan.slot.weekday) \(plan.slot.start)-\(plan.slot.end) overlaps \(earlier.row.place.reference) "
                    + "(\(earlier.campus.code) \(earlier.slot.weekday) \(earlier.slot.start)-\(earlier.slot.end))")))
            }
            for other in untouched where other.truckID == plan.truckID && other.slot.overlaps(plan.slot) {
                issues.append((order, plan.row.place.issue(nil, "truck \"\(plan.row.truck)\" cannot be in two places at once: "
                    + "\(plan.campus.code) \(plan.slot.weekday) \(plan.slot.start)-\(plan.slot.end) conflicts with slot "
                    + "\(other.id.lowercasedText) (\(other.summary)), which the file does not name"
                    + (prune ? "" : "; add it to the file, remove it, or pass --prune"))))
            }
        }
        if !issues.isEmpty {
            throw ValidationErrors(source: source, issues: issues.sorted { $0.order < $1.order }.map(\.issue))
        }

        var report = ScheduleImportReport()
        if !removed.isEmpty && !dryRun { try confirmRemoval(removed.count) }
        for slot in removed {
            try db.query("DELETE FROM schedules WHERE vendor_id = $1 AND id = $2", [scope.vendorID, slot.id])
            report.changes.append(.init(action: .removed, id: slot.id, row: slot.documentRow))
        }
        let spot: (ScheduleDocument.Row) -> String? = { $0.spot.flatMap { $0.isEmpty ? nil : $0 } }
        for plan in planned {
            let row = ScheduleDocument.Row(place: plan.row.place, truck: plan.row.truck, campus: plan.campus.code, weekday: plan.slot.weekday,
                                           start: plan.slot.start, end: plan.slot.end, spot: spot(plan.row),
                                           validFrom: plan.slot.validFrom, validUntil: plan.slot.validUntil)
            if let current = plan.existing {
                if current.slot == plan.slot && current.spot == spot(plan.row) {
                    report.unchanged += 1
                    continue
                }
                try db.query("""
                    UPDATE schedules SET end_local = $3, spot = $4, valid_from = $5, valid_until = $6
                    WHERE vendor_id = $1 AND id = $2
                    """, [scope.vendorID, current.id, plan.slot.end, spot(plan.row), plan.slot.validFrom, plan.slot.validUntil])
                report.changes.append(.init(action: .changed, id: current.id, row: row))
            } else {
                let id: UUID = try db.scalar("""
                    INSERT INTO schedules (vendor_id, truck_id, campus_id, weekday, start_local, end_local, spot, valid_from, valid_until)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
                    """, [scope.vendorID, plan.truckID, plan.campus.id, plan.slot.weekday.rawValue, plan.slot.start, plan.slot.end,
                          spot(plan.row), plan.slot.validFrom, plan.slot.validUntil])
                report.changes.append(.init(action: .added, id: id, row: row))
            }
        }
        return report
    }
}
