import Foundation
import TacoKit
import Testing

private func date(_ text: String) throws -> LocalDate { try #require(LocalDate(text)) }
private func time(_ text: String) throws -> WallClockTime { try #require(WallClockTime(parsing: text)) }
private func instant(_ text: String) throws -> Date { try #require(Timestamp.parsePostgres(text)) }

@Suite("Schedule domain: weekdays, wall-clock times, ISO weeks")
struct ScheduleParsingTests {
    @Test("weekdays: abbreviations, full names, any case, ISO numbers; anything else refused")
    func weekdays() {
        #expect(ISOWeekday(parsing: "mon") == .monday)
        #expect(ISOWeekday(parsing: "MON") == .monday)
        #expect(ISOWeekday(parsing: "Sunday") == .sunday)
        #expect(ISOWeekday(parsing: "wEdNeSdAy") == .wednesday)
        #expect(ISOWeekday(parsing: "1") == .monday)
        #expect(ISOWeekday(parsing: "7") == .sunday)
        for bad in ["0", "8", "", "mo", "funday", "monday2", "-1"] {
            #expect(ISOWeekday(parsing: bad) == nil, "\(bad)")
        }
        #expect(ISOWeekday.allCases.map(\.abbreviation) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    }

    @Test("the weekday of a date (checked against Foundation's ISO calendar)")
    func weekdayOfDate() throws {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for offset in stride(from: -800, through: 800, by: 37) {
            let day = LocalDate(daysSinceEpoch: 20_000 + offset)
            let foundation = calendar.component(.weekday, from: Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400))
            // Foundation numbers Sunday 1 … Saturday 7.
            #expect(ISOWeekday(of: day).rawValue == (foundation + 5) % 7 + 1, "\(day)")
        }
        #expect(ISOWeekday(of: try date("1969-12-29")) == .monday)
        #expect(ISOWeekday(of: try date("2026-11-26")) == .thursday)
    }

    @Test("wall-clock times HH:MM from 00:00 to 23:59; 24:00 and malformed times refused")
    func wallClock() throws {
        #expect(try time("00:00").secondsSinceMidnight == 0)
        #expect(try time("23:59").secondsSinceMidnight == 86_340)
        #expect(try time("9:05").description == "09:05")
        for bad in ["24:00", "23:60", "12", "12:5", "12:005", "-1:00", "ab:cd", "12:00:00", "", "11h00", "１１:００"] {
            #expect(WallClockTime(parsing: bad) == nil, "\(bad)")
        }
        #expect(WallClockTime(postgres: "11:00:00") == (try time("11:00")))
        #expect(WallClockTime(postgres: "11:00:30.5")?.description == "11:00:30")
        #expect(try time("11:00") < (try time("11:01")))
    }

    @Test("ISO weeks parse and print; weeks a year does not have are refused")
    func isoWeekParsing() throws {
        let week = try #require(ISOWeek(parsing: "2026-W48"))
        #expect(week.monday == (try date("2026-11-23")))
        #expect(week.sunday == (try date("2026-11-29")))
        #expect(week.description == "2026-W48")
        #expect(ISOWeek(parsing: "2026-w05")?.description == "2026-W05")
        #expect(ISOWeek.weeks(in: 2026) == 53)   // starts on a Thursday
        #expect(ISOWeek.weeks(in: 2025) == 52)
        #expect(ISOWeek.weeks(in: 2020) == 53)   // leap year starting on a Wednesday
        #expect(ISOWeek(parsing: "2026-W53") != nil)
        for bad in ["2025-W53", "2026-W00", "2026-W54", "2026W48", "2026-48", "26-W48", "2026-W4", "2026-W480", ""] {
            #expect(ISOWeek(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("ISO weeks at year boundaries: week 1 may start in December, week 53 may end in January")
    func isoWeekBoundaries() throws {
        // 2026-W53 runs Mon 2026-12-28 .. Sun 2027-01-03; 2027-W01 starts 2027-01-04.
        let w53 = try #require(ISOWeek(parsing: "2026-W53"))
        #expect(w53.monday == (try date("2026-12-28")))
        #expect(w53.sunday == (try date("2027-01-03")))
        #expect(ISOWeek(containing: try date("2027-01-01")) == w53)
        #expect(ISOWeek(containing: try date("2027-01-04")).description == "2027-W01")
        // 2025-W01 starts on Monday 2024-12-30.
        #expect(ISOWeek(parsing: "2025-W01")?.monday == (try date("2024-12-30")))
        #expect(ISOWeek(containing: try date("2024-12-31")).description == "2025-W01")
        #expect(ISOWeek(containing: try date("2025-12-28")).description == "2025-W52")
        // Cross-check every day of several years against Foundation's ISO 8601 calendar.
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var day = try date("2019-12-20")
        while day < (try date("2028-01-10")) {
            let components = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400))
            let week = ISOWeek(containing: day)
            #expect(week.year == components.yearForWeekOfYear && week.week == components.weekOfYear, "\(day)")
            #expect(week.days.contains(day))
            day = day.adding(days: 1)
        }
    }
}

@Suite("Schedule domain: campus clock and DST")
struct ScheduleClockTests {
    let losAngeles = CampusClock(identifier: "America/Los_Angeles")
    let phoenix = CampusClock(identifier: "America/Phoenix")

    func slot(_ day: ISOWeekday, _ start: String, _ end: String, from: String = "2026-01-01", until: String? = nil) throws -> WeeklySlot {
        WeeklySlot(weekday: day, start: try time(start), end: try time(end), validFrom: try date(from), validUntil: try until.map(date))
    }

    @Test("a Sunday 11:00-14:00 slot stays 11:00-14:00 local across spring-forward (2026-03-08, Los Angeles)")
    func springForward() throws {
        let clock = try #require(losAngeles)
        let occurrences = try slot(.sunday, "11:00", "14:00").occurrences(from: try date("2026-03-01"), through: try date("2026-03-15"), clock: clock)
        #expect(occurrences.map(\.date.description) == ["2026-03-01", "2026-03-08", "2026-03-15"])
        #expect(occurrences.map(\.startsAt) == [try instant("2026-03-01T19:00:00Z"), try instant("2026-03-08T18:00:00Z"), try instant("2026-03-15T18:00:00Z")])
        #expect(occurrences.map(\.endsAt) == [try instant("2026-03-01T22:00:00Z"), try instant("2026-03-08T21:00:00Z"), try instant("2026-03-15T21:00:00Z")])
        #expect(occurrences.allSatisfy { $0.start.description == "11:00" && $0.end.description == "14:00" })
        #expect(occurrences.allSatisfy { $0.endsAt.timeIntervalSince($0.startsAt) == 3 * 3600 })
    }

    @Test("and across fall-back (2026-11-01, Los Angeles)")
    func fallBack() throws {
        let clock = try #require(losAngeles)
        let occurrences = try slot(.sunday, "11:00", "14:00").occurrences(from: try date("2026-10-25"), through: try date("2026-11-01"), clock: clock)
        #expect(occurrences.map(\.startsAt) == [try instant("2026-10-25T18:00:00Z"), try instant("2026-11-01T19:00:00Z")])
    }

    @Test("Phoenix has no DST: the same UTC hours all year")
    func phoenixNoDST() throws {
        let clock = try #require(phoenix)
        for day in ["2026-01-04", "2026-03-08", "2026-07-05", "2026-11-01"] {
            let occurrence = try #require(try slot(.sunday, "11:00", "14:00").occurrences(from: try date(day), through: try date(day), clock: clock).first)
            #expect(Timestamp.rfc3339(occurrence.startsAt) == "\(day)T18:00:00Z")
            #expect(Timestamp.rfc3339(occurrence.endsAt) == "\(day)T21:00:00Z")
        }
    }

    @Test("a nonexistent local time (02:30 on spring-forward day) is moved forward by the gap: 03:30 PDT")
    func nonexistentTime() throws {
        let clock = try #require(losAngeles)
        let resolved = clock.instant(on: try date("2026-03-08"), at: try time("02:30"))
        #expect(resolved == (try instant("2026-03-08T10:30:00Z")))   // = 03:30 PDT
        // Foundation agrees on the offset in force at that instant.
        #expect(clock.timeZone.secondsFromGMT(for: resolved) == -7 * 3600)
        // The times either side of the gap are exact.
        #expect(clock.instant(on: try date("2026-03-08"), at: try time("01:59")) == (try instant("2026-03-08T09:59:00Z")))
        #expect(clock.instant(on: try date("2026-03-08"), at: try time("03:00")) == (try instant("2026-03-08T10:00:00Z")))
    }

    @Test("a repeated local time (01:30 on fall-back day) is its first occurrence: 01:30 PDT")
    func repeatedTime() throws {
        let clock = try #require(losAngeles)
        #expect(clock.instant(on: try date("2026-11-01"), at: try time("01:30")) == (try instant("2026-11-01T08:30:00Z")))
        #expect(clock.instant(on: try date("2026-11-01"), at: try time("02:00")) == (try instant("2026-11-01T10:00:00Z")))
    }

    @Test("instants agree with Foundation's Calendar for ordinary times in several zones")
    func agreesWithCalendar() throws {
        for zone in ["America/Los_Angeles", "America/Chicago", "America/New_York", "America/Phoenix", "America/Halifax", "UTC"] {
            let clock = try #require(CampusClock(identifier: zone))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = clock.timeZone
            for offset in stride(from: 0, to: 365, by: 11) {
                let day = (try date("2026-01-01")).adding(days: offset)
                let expected = try #require(calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 11, minute: 30)))
                #expect(clock.instant(on: day, at: try time("11:30")) == expected, "\(zone) \(day)")
                #expect(clock.date(at: expected) == day)
            }
        }
    }
}

@Suite("Schedule domain: slots, overlaps and rules")
struct ScheduleSlotRuleTests {
    func slot(_ day: ISOWeekday, _ start: String, _ end: String, from: String = "2026-01-01", until: String? = nil) throws -> WeeklySlot {
        WeeklySlot(weekday: day, start: try time(start), end: try time(end), validFrom: try date(from), validUntil: try until.map(date))
    }

    @Test("overlap needs the same weekday, overlapping times (half-open) and overlapping validity")
    func overlaps() throws {
        let base = try slot(.monday, "11:00", "14:00")
        #expect(base.overlaps(try slot(.monday, "13:00", "15:00")))
        #expect(base.overlaps(try slot(.monday, "11:30", "12:00")))
        #expect(!base.overlaps(try slot(.monday, "14:00", "16:00")))       // back to back is fine
        #expect(!base.overlaps(try slot(.monday, "09:00", "11:00")))
        #expect(!base.overlaps(try slot(.tuesday, "11:00", "14:00")))
        let bounded = try slot(.monday, "11:00", "14:00", from: "2026-01-01", until: "2026-03-31")
        #expect(!bounded.overlaps(try slot(.monday, "11:00", "14:00", from: "2026-04-01")))
        #expect(bounded.overlaps(try slot(.monday, "11:00", "14:00", from: "2026-03-31")))   // inclusive
        #expect(try slot(.monday, "11:00", "14:00", from: "2026-05-01").overlaps(base))      // open-ended base
    }

    @Test("problems: ending before starting, validity reversed, outside service hours")
    func problems() throws {
        let hours = try time("11:00")...(try time("14:00"))
        #expect(try slot(.monday, "11:00", "14:00").problems(serviceHours: hours).isEmpty)
        let backwards = try slot(.monday, "14:00", "11:00").problems(serviceHours: hours)
        #expect(backwards.map(\.field) == ["end"])
        #expect(backwards.first?.message.contains("ends (11:00) before it starts (14:00)") == true)
        #expect(try slot(.monday, "12:00", "12:00").problems().map(\.field) == ["end"])
        #expect(try slot(.monday, "10:30", "13:00").problems(serviceHours: hours).map(\.field) == ["start"])
        #expect(try slot(.monday, "12:00", "14:30").problems(serviceHours: hours).map(\.field) == ["end"])
        #expect(try slot(.monday, "12:00", "14:30").problems(serviceHours: hours).first?.message.contains("service hours 11:00-14:00") == true)
        #expect(try slot(.monday, "11:00", "14:00", from: "2026-05-01", until: "2026-04-01").problems().map(\.field) == ["valid_until"])
    }

    @Test("dates: only the slot's weekday, only within its validity")
    func dates() throws {
        let bounded = try slot(.wednesday, "11:00", "14:00", from: "2026-11-04", until: "2026-11-18")
        #expect(bounded.dates(from: try date("2026-11-01"), through: try date("2026-11-30")).map(\.description)
                == ["2026-11-04", "2026-11-11", "2026-11-18"])
        #expect(bounded.dates(from: try date("2026-11-30"), through: try date("2026-11-01")).isEmpty)
    }
}

@Suite("Schedule documents: parsing and checking with places")
struct ScheduleDocumentTests {
    @Test("CSV: every problem listed with its line; good rows kept")
    func csvProblems() throws {
        let csv = #"""
            truck,campus,day,start,end,spot,valid_from,valid_until
            Truck 1,HQ,mon,11:00,14:00,Lot B,2026-01-05,
            Truck 1,HQ,funday,11:00,14:00,,,
            Truck 1,HQ,tue,14:00,11:00,,,
            Truck 1,HQ,wed,24:00,25:00,,2026-13-01,
            ,HQ,thu,11:00,12:00,,,
            "Truck, the second",hq,5,11:00,12:00,"Lot ""C""",2026-01-01,2026-01-01
            """#
        let entries = try ScheduleFile.parse(Data(csv.utf8), format: .csv, source: "schedule.csv")
        let (rows, issues) = ScheduleDocument.check(entries)
        #expect(rows.count == 2)
        #expect(rows.last?.truck == "Truck, the second")
        #expect(rows.last?.campus == "HQ")
        #expect(rows.last?.spot == "Lot \"C\"")
        #expect(rows.last?.weekday == .friday)
        let locations = issues.map(\.location)
        #expect(locations == ["schedule.csv:3", "schedule.csv:4", "schedule.csv:5", "schedule.csv:5", "schedule.csv:5", "schedule.csv:6"])
        #expect(issues[0].message.hasPrefix("day: \"funday\" is not valid"))
        #expect(issues[1].message.contains("ends (11:00) before it starts (14:00)"))
        #expect(issues[2].message.hasPrefix("start: \"24:00\" is not valid; expected a local time HH:MM from 00:00 to 23:59"))
        #expect(issues[5].message == "truck: missing; it is required")
    }

    @Test("CSV structure: unknown columns, wrong field counts, unclosed quotes, empty file")
    func csvStructure() {
        func errors(_ text: String) -> [ValidationErrors.Issue] {
            do {
                _ = try ScheduleFile.parse(Data(text.utf8), format: .csv, source: "s.csv")
                return []
            } catch let error as ValidationErrors {
                return error.issues
            } catch {
                return [.init("?", "\(error)")]
            }
        }
        #expect(errors("truck,campus,day,start,end,colour\nT,HQ,mon,11:00,14:00,red\n").map(\.location) == ["s.csv:1"])
        #expect(errors("truck,campus,day,start\nT,HQ,mon,11:00\n").first?.message == "the column \"end\" is missing")
        #expect(errors("truck,campus,day,start,end\nT,HQ,mon,11:00\nT,HQ,mon,11:00,12:00,x\n").map(\.location) == ["s.csv:2", "s.csv:3"])
        #expect(errors("truck,campus,day,start,end\n\"T,HQ,mon,11:00,14:00\n").first?.message == "a quoted field is never closed")
        #expect(errors("").first?.message.contains("empty") == true)
        // CRLF and a quoted field spanning lines keep line numbers right.
        #expect(errors("truck,campus,day,start,end,spot\r\nT,HQ,mon,11:00,14:00,\"a\nb\"\r\nT,HQ,mon,11:00\r\n").map(\.location) == ["s.csv:4"])
    }

    @Test("JSON: paths name the element and field; unknown fields and wrong types are listed")
    func jsonProblems() throws {
        let json = #"""
            {"slots": [
              {"truck": "Truck 1", "campus": "HQ", "day": 1, "start": "11:00", "end": "14:00", "valid_until": null},
              {"truck": "Truck 1", "campus": "HQ", "day": "mon", "start": "11:00", "end": "10:00", "colour": "red"},
              {"truck": "Truck 1", "campus": "HQ", "day": "tue", "start": ["11:00"], "end": "12:00"}
            ]}
            """#
        do {
            _ = try ScheduleFile.parse(Data(json.utf8), format: .json, source: "s.json")
            Issue.record("a non-scalar start must be refused")
        } catch let error as ValidationErrors {
            #expect(error.issues.map(\.location) == ["slots[2].start"])
        }
        let fixed = json.replacingOccurrences(of: #"["11:00"]"#, with: #""11:00""#)
        let (rows, issues) = ScheduleDocument.check(try ScheduleFile.parse(Data(fixed.utf8), format: .json, source: "s.json"))
        #expect(rows.count == 2)
        #expect(rows.first?.weekday == .monday)
        #expect(issues.map(\.location).sorted() == ["slots[1].colour", "slots[1].end"])
        #expect(throws: ValidationErrors.self) { try ScheduleFile.parse(Data("{\"slots\": [".utf8), format: .json, source: "s.json") }
        #expect(throws: ValidationErrors.self) { try ScheduleFile.parse(Data("{\"slot\": []}".utf8), format: .json, source: "s.json") }
    }

    @Test("YAML: 11:00 stays a time and dates stay dates (no YAML 1.1 sexagesimal surprises)")
    func yaml() throws {
        let yaml = """
            slots:
              - truck: Truck 1
                campus: HQ
                day: Monday
                start: 11:00
                end: 14:00
                valid_from: 2026-01-05
                valid_until: ~
              - {truck: Truck 1, campus: HQ, day: tue, start: 11:00, end: 10:00}
            """
        let (rows, issues) = ScheduleDocument.check(try ScheduleFile.parse(Data(yaml.utf8), format: .yaml, source: "s.yaml"))
        #expect(rows.count == 1)
        #expect(rows.first?.start.description == "11:00")
        #expect(rows.first?.validFrom?.description == "2026-01-05")
        #expect(rows.first?.validUntil == nil)
        #expect(issues.map(\.location) == ["slots[1].end"])
        #expect(throws: ValidationErrors.self) { try ScheduleFile.parse(Data("slots: [\n  - {".utf8), format: .yaml, source: "s.yaml") }
    }

    @Test("invalid UTF-8 is refused with its line")
    func invalidUTF8() {
        var bytes = Data("truck,campus,day,start,end\nT,HQ,mon,11:00,14:00\nT".utf8)
        bytes.append(contentsOf: [0xC3, 0x28])
        do {
            _ = try ScheduleFile.parse(bytes, format: .csv, source: "s.csv")
            Issue.record("invalid UTF-8 accepted")
        } catch let error as ValidationErrors {
            #expect(error.issues.first?.location == "s.csv:3")
            #expect(error.issues.first?.message.contains("invalid UTF-8") == true)
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("export renders re-importable JSON and CSV")
    func roundTrip() throws {
        let row = ScheduleDocument.Row(place: .element(index: 0), truck: "Truck, 1", campus: "HQ", weekday: .friday, start: try time("11:30"),
                                       end: try time("13:30"), spot: "Lot \"B\"", validFrom: try date("2026-01-02"), validUntil: nil)
        for (format, text) in [(ScheduleFileFormat.json, ScheduleDocument.json([row])), (.csv, ScheduleDocument.csv([row]))] {
            let (rows, issues) = ScheduleDocument.check(try ScheduleFile.parse(Data(text.utf8), format: format, source: "x"))
            #expect(issues.isEmpty)
            var expected = row
            expected.place = rows.first?.place ?? row.place
            #expect(rows == [expected], "\(format)")
        }
        #expect(ScheduleDocument.json([]) == "{\n  \"slots\": []\n}\n")
        #expect(ScheduleDocument.csv([]) == "truck,campus,day,start,end,spot,valid_from,valid_until\r\n")
    }
}
