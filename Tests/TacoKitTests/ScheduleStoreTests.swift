import Foundation
import TacoKit
import TacoTestSupport
import Testing

private func time(_ text: String) throws -> WallClockTime { try #require(WallClockTime(parsing: text)) }
private func date(_ text: String) throws -> LocalDate { try #require(LocalDate(text)) }

/// Runs `body`, expects a ToolError with exit 65, and returns its message and hint.
private func dataError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> ToolError? {
    do {
        try body()
        Issue.record("expected a data error", sourceLocation: sourceLocation)
        return nil
    } catch {
        let described = ErrorReport.describe(error)
        #expect(described.status == .dataError, "\(described.message)", sourceLocation: sourceLocation)
        return described
    }
}

@Suite("ScheduleStore against PostgreSQL through real vendor logins")
struct ScheduleStoreTests {
    func slot(_ fixture: ScheduleFixture, campus: String? = nil, day: ISOWeekday = .monday, _ start: String = "11:00", _ end: String = "14:00",
              from: String? = "2026-01-05", until: String? = nil, spot: String? = nil) throws -> ScheduleStore.NewSlot {
        ScheduleStore.NewSlot(truck: "Truck 1", campus: campus ?? fixture.campusCode, weekday: day, start: try time(start), end: try time(end),
                              spot: spot, validFrom: try from.map(date), validUntil: try until.map(date))
    }

    @Test("add, then list a week: local times, UTC instants in the campus's zone, spot")
    func addAndList() throws {
        let fixture = try ScheduleFixture.make()
        let (db, scope) = try fixture.login(fixture.tenants.a)
        let store = ScheduleStore(db, scope: scope)
        let (added, created) = try store.add(try slot(fixture, spot: "Lot B"))
        #expect(created)
        #expect(added.campusCode == fixture.campusCode && added.spot == "Lot B" && added.slot.start.description == "11:00")
        let week = try store.week(try #require(ISOWeek(parsing: "2026-W48")))
        #expect(week.count == 1)
        let entry = try #require(week.first)
        #expect(entry.occurrence.date.description == "2026-11-23")
        #expect(Timestamp.rfc3339(entry.occurrence.startsAt) == "2026-11-23T17:00:00Z")   // CST = UTC-6
        #expect(Timestamp.rfc3339(entry.occurrence.endsAt) == "2026-11-23T20:00:00Z")
        #expect(!entry.closed)
        // Before the slot's valid_from there is nothing.
        #expect(try store.week(try #require(ISOWeek(parsing: "2026-W01"))).isEmpty)
    }

    @Test("a conflict on another campus is refused, naming the other slot's id, campus, day and times; nothing written")
    func conflictNamed() throws {
        let fixture = try ScheduleFixture.make()
        let (db, scope) = try fixture.login(fixture.tenants.a)
        let store = ScheduleStore(db, scope: scope)
        let (first, _) = try store.add(try slot(fixture))
        let before = try fixture.snapshot()
        let error = dataError { _ = try store.add(try slot(fixture, campus: fixture.westCode, "12:00", "13:00")) }
        let message = error?.message ?? ""
        #expect(message.contains(first.id.uuidString.lowercased()))
        #expect(message.contains("\(fixture.campusCode) mon 11:00-14:00"))
        #expect(message.contains("cannot be in two places at once"))
        #expect(error?.hint?.contains("schedule remove \(first.id.uuidString.lowercased())") == true)
        #expect(try fixture.snapshot() == before)
        // Back to back, another weekday, or disjoint validity are all fine.
        _ = try store.add(try slot(fixture, campus: fixture.westCode, "14:00", "15:00"))
        _ = try store.add(try slot(fixture, day: .tuesday))
        _ = try store.add(try slot(fixture, day: .wednesday, from: "2026-01-01", until: "2026-01-31"))
        _ = try store.add(try slot(fixture, day: .wednesday, from: "2026-02-01"))
        #expect(dataError { _ = try store.add(try slot(fixture, day: .wednesday, "12:00", "13:00", from: "2026-01-31", until: "2026-02-01")) } != nil)
        #expect(try fixture.slotCount(fixture.tenants.a) == 5)
    }

    @Test("the same slot again: refused with a hint, accepted unchanged with ifNotExists")
    func sameSlotAgain() throws {
        let fixture = try ScheduleFixture.make()
        let (db, scope) = try fixture.login(fixture.tenants.a)
        let store = ScheduleStore(db, scope: scope)
        let (first, _) = try store.add(try slot(fixture))
        let before = try fixture.snapshot()
        let error = dataError { _ = try store.add(try slot(fixture)) }
        #expect(error?.hint?.contains("--if-not-exists") == true)
        let (again, created) = try store.add(try slot(fixture), ifNotExists: true)
        #expect(!created && again.id == first.id)
        #expect(try fixture.snapshot() == before)
    }

    @Test("refused with 65 and nothing written: outside service hours, ending before starting, reversed validity, unknown campus or truck")
    func refusals() throws {
        let fixture = try ScheduleFixture.make()
        let (db, scope) = try fixture.login(fixture.tenants.a)
        let store = ScheduleStore(db, scope: scope)
        let before = try fixture.snapshot()
        let early = dataError { _ = try store.add(try slot(fixture, "10:00", "12:00")) }
        #expect(early?.message.contains("outside the campus's service hours 11:00-14:00") == true)
        // The west campus allows 10:30-15:00.
        #expect(dataError { _ = try store.add(try slot(fixture, campus: fixture.westCode, "10:00", "12:00")) }?.message.contains("10:30-15:00") == true)
        let backwards = dataError { _ = try store.add(try slot(fixture, "13:00", "12:00")) }
        #expect(backwards?.message.contains("ends (12:00) before it starts (13:00)") == true)
        let reversed = dataError { _ = try store.add(try slot(fixture, from: "2026-05-01", until: "2026-04-01")) }
        #expect(reversed?.message.contains("valid_until 2026-04-01 is before valid_from 2026-05-01") == true)
        let campus = dataError { _ = try store.add(try slot(fixture, campus: "NOPE-1")) }
        #expect(campus?.message == "campus \"NOPE-1\" not found")
        #expect(campus?.hint?.contains(fixture.westCode) == true)
        let truck = dataError { _ = try store.add(ScheduleStore.NewSlot(truck: "Ghost", campus: fixture.campusCode, weekday: .monday,
                                                                       start: try time("11:00"), end: try time("12:00"))) }
        #expect(truck?.message == "truck \"Ghost\" not found")
        #expect(try fixture.snapshot() == before)
    }

    @Test("an overlapping slot committed by another session after our check is still refused and named (23P01 backstop)")
    func exclusionBackstop() throws {
        let fixture = try ScheduleFixture.make()
        let (db, scope) = try fixture.login(fixture.tenants.a)
        let other = try fixture.tenants.database.connect(as: fixture.tenants.a.adminLogin)
        let campusID = fixture.tenants.campusID
        // The other session inserts an overlapping slot and holds its transaction open, so our check cannot see it
        // and our INSERT waits on the exclusion constraint until it commits.
        try other.execute("BEGIN")
        let otherID: UUID = try other.scalar("""
            INSERT INTO schedules (vendor_id, truck_id, campus_id, weekday, start_local, end_local, valid_from)
            VALUES ($1, $2, $3, 1, '12:00', '13:00', '2026-01-05') RETURNING id
            """, [fixture.tenants.a.vendorID, fixture.tenants.a.truckID, campusID])
        let pid = db.backendPID
        let watcher = try fixture.tenants.database.superuser()
        let newSlot = try slot(fixture)
        let result = ThreadResult()
        let connection = UncheckedBox(db)
        let thread = Thread {
            do {
                _ = try ScheduleStore(connection.value, scope: scope).add(newSlot)
                result.set(nil)
            } catch {
                result.set(error)
            }
        }
        thread.start()
        // Bounded wait until our session is blocked on the other's lock.
        var waited = 0
        while waited < 200 {
            let waiting: Bool = try watcher.scalar("SELECT coalesce(wait_event_type = 'Lock', false) FROM pg_stat_activity WHERE pid = $1", [pid])
            if waiting { break }
            usleep(50_000)
            waited += 1
        }
        try other.execute("COMMIT")
        let error = try #require(result.wait(seconds: 20))
        let described = ErrorReport.describe(error)
        #expect(described.status == .dataError)
        #expect(described.message.contains(otherID.uuidString.lowercased()), "\(described.message)")
        #expect(try fixture.slotCount(fixture.tenants.a) == 1)
    }

    @Test("close is idempotent, shows in the week as closed with its reason, and reopen undoes it")
    func closeAndReopen() throws {
        let fixture = try ScheduleFixture.make()
        let (db, scope) = try fixture.login(fixture.tenants.a)
        let store = ScheduleStore(db, scope: scope)
        _ = try store.add(try slot(fixture, day: .thursday))
        let thanksgiving = try date("2026-11-26")
        let (closure, changed) = try store.close(truck: "truck 1", date: thanksgiving, reason: "Thanksgiving")
        #expect(changed && closure.slotsClosed == 1 && closure.reason == "Thanksgiving")
        let before = try fixture.snapshot()
        #expect(try store.close(truck: "Truck 1", date: thanksgiving, reason: "Thanksgiving").changed == false)
        #expect(try store.close(truck: "Truck 1", date: thanksgiving, reason: nil).changed == false)
        #expect(try fixture.snapshot() == before)
        #expect(try store.close(truck: "Truck 1", date: thanksgiving, reason: "Holiday").changed == true)
        let week = try store.week(try #require(ISOWeek(parsing: "2026-W48")))
        #expect(week.map(\.closed) == [true])
        #expect(week.first?.closedReason == "Holiday")
        #expect(try store.reopen(truck: "Truck 1", date: thanksgiving))
        #expect(try store.reopen(truck: "Truck 1", date: thanksgiving) == false)
        #expect(try store.week(try #require(ISOWeek(parsing: "2026-W48"))).map(\.closed) == [false])
    }

    @Test("vendor isolation: B sees none of A's slots, and A's ids and truck look missing to B")
    func isolation() throws {
        let fixture = try ScheduleFixture.make()
        let (dbA, scopeA) = try fixture.login(fixture.tenants.a)
        let (dbB, scopeB) = try fixture.login(fixture.tenants.b)
        let storeA = ScheduleStore(dbA, scope: scopeA)
        let storeB = ScheduleStore(dbB, scope: scopeB)
        let (slotA, _) = try storeA.add(try slot(fixture))
        // B's own "Truck 1" may take the same time: trucks of different vendors never conflict.
        _ = try storeB.add(try slot(fixture))
        #expect(try storeB.slots().map(\.truckID) == [fixture.tenants.b.truckID])
        #expect(try storeB.week(try #require(ISOWeek(parsing: "2026-W48"))).allSatisfy { $0.slot.truckID == fixture.tenants.b.truckID })
        let before = try fixture.snapshot()
        let theirs = dataError { _ = try storeB.remove(id: slotA.id.uuidString) }
        let missing = dataError { _ = try storeB.remove(id: UUID().uuidString) }
        #expect(theirs?.message == "schedule slot \"\(slotA.id.uuidString)\" not found")
        let missingID = try #require(missing?.message.split(separator: "\"").dropFirst().first.map(String.init))
        #expect(missing?.message.replacingOccurrences(of: missingID, with: slotA.id.uuidString) == theirs?.message)
        #expect(missing?.hint == theirs?.hint)
        #expect(dataError { _ = try storeB.close(truck: fixture.tenants.a.truckID.uuidString, date: try date("2026-11-26"), reason: nil) }?.message
                == "truck \"\(fixture.tenants.a.truckID.uuidString)\" not found")
        #expect(try fixture.snapshot() == before)
        // Even raw SQL through B's login cannot touch A's rows.
        #expect(try dbB.query("DELETE FROM schedules WHERE id = $1", [slotA.id]).affectedRows == 0)
        #expect(try fixture.slotCount(fixture.tenants.a) == 1)
    }

    @Test("a vendor staff login can read the schedule but not change it (77)")
    func staffReadOnly() throws {
        let fixture = try ScheduleFixture.make()
        let (dbA, scopeA) = try fixture.login(fixture.tenants.a)
        _ = try ScheduleStore(dbA, scope: scopeA).add(try slot(fixture))
        let staff = try fixture.tenants.database.createLogin(group: "taco_vendor_staff", prefix: "staff")
        try fixture.tenants.database.connect().query("INSERT INTO vendor_members (login, vendor_id, role) VALUES ($1, $2, 'staff')",
                                                     [staff, fixture.tenants.a.vendorID])
        let db = try fixture.tenants.database.connect(as: staff)
        let store = ScheduleStore(db, scope: try VendorScope.resolve(db, requestedSlug: nil))
        #expect(try store.slots().count == 1)
        do {
            _ = try store.add(try slot(fixture, day: .friday))
            Issue.record("staff added a slot")
        } catch {
            #expect(ErrorReport.describe(error).status == .permissionDenied)
        }
    }
}

/// Hands a connection to one worker thread; the test does not use it meanwhile.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A result handed from a worker thread to the test, with a bounded wait.
final class ThreadResult: @unchecked Sendable {
    private let condition = NSCondition()
    private var done = false
    private var error: (any Error)?

    func set(_ error: (any Error)?) {
        condition.lock()
        self.error = error
        done = true
        condition.signal()
        condition.unlock()
    }

    func wait(seconds: Double) -> (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while !done && condition.wait(until: deadline) {}
        return error
    }
}

@Suite("Schedule import and export against PostgreSQL")
struct ScheduleImportTests {
    func rows(_ text: String, _ format: ScheduleFileFormat = .csv, source: String = "schedule.csv") throws -> [ScheduleDocument.Row] {
        let (rows, issues) = ScheduleDocument.check(try ScheduleFile.parse(Data(text.utf8), format: format, source: source))
        #expect(issues.isEmpty, "\(issues)")
        return rows
    }

    @Test("every problem listed with its line, nothing written")
    func errorsListed() throws {
        let fixture = try ScheduleFixture.make()
        let (db, scope) = try fixture.login(fixture.tenants.a)
        let store = ScheduleStore(db, scope: scope)
        let (existing, _) = try store.add(.init(truck: "Truck 1", campus: fixture.campusCode, weekday: .friday, start: try time("11:00"),
                                                end: try time("14:00"), validFrom: try date("2026-01-05")))
        let before = try fixture.snapshot()
        let csv = """
            truck,campus,day,start,end,spot,valid_from,valid_until
            Truck 1,\(fixture.campusCode),mon,11:00,14:00,,2026-01-05,
            Ghost,\(fixture.campusCode),mon,11:00,14:00,,2026-01-05,
            Truck 1,NOPE-1,tue,11:00,14:00,,2026-01-05,
            Truck 1,\(fixture.campusCode),wed,10:00,14:00,,2026-01-05,
            Truck 1,\(fixture.westCode),mon,12:00,13:00,,2026-01-05,
            Truck 1,\(fixture.westCode),fri,12:00,13:00,,2026-01-05,
            Truck 1,\(fixture.campusCode),mon,11:00,13:00,,2026-01-05,
            """
        do {
            _ = try store.importDocument(try rows(csv), source: "schedule.csv", prune: false, dryRun: false)
            Issue.record("import with errors succeeded")
        } catch let error as ValidationErrors {
            #expect(error.issues.map(\.location) == ["schedule.csv:3", "schedule.csv:4", "schedule.csv:5", "schedule.csv:6", "schedule.csv:7", "schedule.csv:8"])
            #expect(error.issues[0].message.contains("truck \"Ghost\" not found"))
            #expect(error.issues[1].message.contains("campus \"NOPE-1\" not found"))
            #expect(error.issues[2].message.contains("service hours"))
            #expect(error.issues[3].message.contains("overlaps line 2"))
            #expect(error.issues[4].message.contains(existing.id.uuidString.lowercased()))
            #expect(error.issues[5].message.contains("the same truck, campus, day and start as line 2"))
            #expect(ErrorReport.describe(error).status == .dataError)
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test("import adds, re-import changes nothing, export re-imports to zero changes, edits and prune are reported")
    func upsertAndRoundTrip() throws {
        let fixture = try ScheduleFixture.make()
        let (db, scope) = try fixture.login(fixture.tenants.a)
        let store = ScheduleStore(db, scope: scope)
        let yaml = """
            slots:
              - {truck: Truck 1, campus: \(fixture.campusCode), day: mon, start: "11:00", end: "14:00", spot: Lot B, valid_from: 2026-01-05}
              - {truck: truck 1, campus: \(fixture.westCode.lowercased()), day: 3, start: "10:30", end: "15:00"}
            """
        let first = try store.importDocument(try rows(yaml, .yaml, source: "s.yaml"), source: "s.yaml", prune: false, dryRun: false)
        #expect(first.summary == "2 added, 0 changed, 0 unchanged, 0 removed")
        let before = try fixture.snapshot()
        let again = try store.importDocument(try rows(yaml, .yaml, source: "s.yaml"), source: "s.yaml", prune: false, dryRun: false)
        #expect(again.summary == "0 added, 0 changed, 2 unchanged, 0 removed")
        #expect(try fixture.snapshot() == before)   // not even updated_at moved

        let exported = try store.slots().map(\.documentRow)
        for (text, format) in [(ScheduleDocument.json(exported), ScheduleFileFormat.json), (ScheduleDocument.csv(exported), .csv)] {
            let report = try store.importDocument(try rows(text, format), source: "x", prune: true, dryRun: false)
            #expect(report.summary == "0 added, 0 changed, 2 unchanged, 0 removed", "\(format)")
        }
        #expect(try fixture.snapshot() == before)

        // Change one slot's end and drop the other: dry run first (reported, rolled back), then for real.
        let edited = """
            truck,campus,day,start,end,spot,valid_from,valid_until
            Truck 1,\(fixture.campusCode),mon,11:00,13:30,Lot B,2026-01-05,
            """
        let dry = try store.importDocument(try rows(edited), source: "schedule.csv", prune: true, dryRun: true)
        #expect(dry.summary == "0 added, 1 changed, 0 unchanged, 1 removed")
        #expect(try fixture.snapshot() == before)
        var asked: [Int] = []
        let real = try store.importDocument(try rows(edited), source: "schedule.csv", prune: true, dryRun: false) { asked.append($0) }
        #expect(real.summary == "0 added, 1 changed, 0 unchanged, 1 removed")
        #expect(asked == [1])
        #expect(try store.slots().map { "\($0.slot.weekday) \($0.slot.start)-\($0.slot.end)" } == ["mon 11:00-13:30"])
        // A refused confirmation writes nothing.
        let kept = try fixture.snapshot()
        #expect(throws: ToolError.self) {
            try store.importDocument(try rows("truck,campus,day,start,end\n"), source: "empty.csv", prune: true, dryRun: false) { _ in
                throw ToolError.usage("cancelled")
            }
        }
        #expect(try fixture.snapshot() == kept)
    }

    @Test("import as vendor B cannot reach vendor A's trucks or slots")
    func importIsolation() throws {
        let fixture = try ScheduleFixture.make()
        let (dbA, scopeA) = try fixture.login(fixture.tenants.a)
        _ = try ScheduleStore(dbA, scope: scopeA).add(.init(truck: "Truck 1", campus: fixture.campusCode, weekday: .monday,
                                                            start: try time("11:00"), end: try time("14:00")))
        let (dbB, scopeB) = try fixture.login(fixture.tenants.b)
        let storeB = ScheduleStore(dbB, scope: scopeB)
        let before = try fixture.snapshot()
        do {
            _ = try storeB.importDocument(try rows("truck,campus,day,start,end\n\(fixture.tenants.a.truckID),\(fixture.campusCode),tue,11:00,12:00\n"),
                                          source: "schedule.csv", prune: false, dryRun: false)
            Issue.record("B scheduled A's truck")
        } catch let error as ValidationErrors {
            #expect(error.issues.first?.message.contains("not found") == true)
        }
        // Pruning everything as B removes nothing of A's.
        let report = try storeB.importDocument([], source: "empty.csv", prune: true, dryRun: false)
        #expect(report.summary == "0 added, 0 changed, 0 unchanged, 0 removed")
        #expect(try fixture.snapshot() == before)
    }
}

@Suite("PermitStore through real vendor logins")
struct PermitStoreTests {
    @Test("add, idempotent with ifNotExists, refusals (past expiry, unknown kind, duplicate), remove; isolation")
    func permits() throws {
        let fixture = try ScheduleFixture.make()
        let (db, scope) = try fixture.login(fixture.tenants.a)
        let store = PermitStore(db, scope: scope)
        let today = try date("2026-11-21")
        let (permit, created) = try store.add(kind: "business-license", number: "BL-1", expires: try date("2027-01-31"), today: today, ifNotExists: false)
        #expect(created && permit.kind == "business-license")
        let stored: String = try fixture.tenants.database.connect().scalar("SELECT kind FROM permits WHERE id = $1", [permit.id])
        #expect(stored == "business_license")
        let before = try fixture.snapshot()
        #expect(try store.add(kind: "business-license", number: "BL-1", expires: try date("2027-01-31"), today: today, ifNotExists: true).created == false)
        #expect(dataError { _ = try store.add(kind: "business-license", number: "BL-1", expires: try date("2027-01-31"), today: today, ifNotExists: false) }?
            .hint?.contains("--if-not-exists") == true)
        #expect(dataError { _ = try store.add(kind: "health", number: "H-1", expires: try date("2026-11-20"), today: today, ifNotExists: false) }?
            .message.contains("2026-11-20 is in the past") == true)
        #expect(dataError { _ = try store.add(kind: "fishing", number: "F-1", expires: try date("2027-01-01"), today: today, ifNotExists: false) }?
            .message == "unknown permit kind \"fishing\"")
        #expect(try fixture.snapshot() == before)
        #expect(try store.list().map(\.number) == ["BL-1"])

        let (dbB, scopeB) = try fixture.login(fixture.tenants.b)
        let storeB = PermitStore(dbB, scope: scopeB)
        #expect(try storeB.list().isEmpty)
        #expect(dataError { _ = try storeB.remove(id: permit.id.uuidString) }?.message == "permit \"\(permit.id.uuidString)\" not found")
        #expect(try fixture.snapshot() == before)
        _ = try store.remove(id: permit.id.uuidString)
        #expect(try store.list().isEmpty)
    }
}
