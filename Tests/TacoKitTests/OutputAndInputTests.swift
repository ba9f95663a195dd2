import Foundation
import TacoIntegrations
import TacoKit
import Testing

@Suite("Rendering records")
struct RendererTests {
    let set = RecordSet(columns: ["id", "name", "price_cents", "at", "note"], rows: [
        [.text("1"), .text("Zoë \"Z\" O'Brien, Jr."), .int(450), .date(Date(timeIntervalSince1970: 1_795_219_200)), .null],
        [.text("2"), .text("line\nbreak\ttab"), .int(-5), .date(Date(timeIntervalSince1970: 1_795_219_200.25)), .bool(true)],
    ])

    @Test("JSON is an array of ordered objects with escaped strings, RFC 3339 UTC times and null")
    func json() throws {
        let text = Renderer(format: .json, style: Style(enabled: false)).render(set)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[0]["name"] as? String == "Zoë \"Z\" O'Brien, Jr.")
        #expect(parsed[1]["name"] as? String == "line\nbreak\ttab")
        #expect(parsed[0]["price_cents"] as? Int == 450)
        #expect(parsed[0]["at"] as? String == "2026-11-21T00:00:00Z")
        #expect(parsed[1]["at"] as? String == "2026-11-21T00:00:00.250000Z")
        #expect(parsed[0]["note"] is NSNull)
        #expect(text.range(of: "\"id\"")!.lowerBound < text.range(of: "\"name\"")!.lowerBound)
    }

    @Test("empty results are [] in JSON, nothing in NDJSON and a header-only CSV")
    func empty() {
        let empty = RecordSet(columns: ["a", "b"])
        #expect(Renderer(format: .json, style: Style(enabled: false)).render(empty) == "[]\n")
        #expect(Renderer(format: .ndjson, style: Style(enabled: false)).render(empty) == "")
        #expect(Renderer(format: .csv, style: Style(enabled: false)).render(empty) == "a,b\r\n")
    }

    @Test("CSV quotes fields with commas, quotes and newlines (RFC 4180)")
    func csv() {
        let text = Renderer(format: .csv, style: Style(enabled: false)).render(set)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "id,name,price_cents,at,note")
        #expect(lines[1] == "1,\"Zoë \"\"Z\"\" O'Brien, Jr.\",450,2026-11-21T00:00:00Z,")
        #expect(lines[2].hasPrefix("2,\"line\nbreak\ttab\",-5,"))
    }

    @Test("NDJSON is one compact object per line")
    func ndjson() {
        let lines = Renderer(format: .ndjson, style: Style(enabled: false)).render(set).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"id\":") && $0.hasSuffix("}") })
    }

    @Test("tables align columns, right-align numbers, and carry no escape codes without colour")
    func table() {
        let text = Renderer(format: .table, style: Style(enabled: false)).render(
            RecordSet(columns: ["sku", "price_cents"], rows: [[.text("A"), .int(5)], [.text("LONGER"), .int(12345)]]))
        #expect(text == "SKU     PRICE_CENTS\nA                 5\nLONGER        12345\n")
        #expect(!text.contains("\u{1B}"))
        let coloured = Renderer(format: .table, style: Style(enabled: true)).render(RecordSet(columns: ["a"], rows: [[.text("x")]]))
        #expect(coloured.contains("\u{1B}[1m"))
    }
}

@Suite("Terminal colour and progress")
struct TerminalTests {
    @Test("colour is off with NO_COLOR, TERM=dumb, --no-color, or when the stream is not a TTY")
    func colour() {
        let pipe = Pipe()
        let descriptor = pipe.fileHandleForWriting.fileDescriptor
        #expect(!Terminal.colorEnabled(descriptor: descriptor, noColorFlag: false, environment: [:]))
        #expect(!Terminal.colorEnabled(descriptor: descriptor, noColorFlag: true, environment: [:]))
        // A pseudo-terminal is a TTY: colour is on unless something says otherwise.
        var master: Int32 = 0, slave: Int32 = 0
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { return }
        defer { close(master); close(slave) }
        #expect(Terminal.colorEnabled(descriptor: slave, noColorFlag: false, environment: [:]))
        #expect(!Terminal.colorEnabled(descriptor: slave, noColorFlag: false, environment: ["NO_COLOR": "1"]))
        #expect(!Terminal.colorEnabled(descriptor: slave, noColorFlag: false, environment: ["TERM": "dumb"]))
        #expect(!Terminal.colorEnabled(descriptor: slave, noColorFlag: true, environment: [:]))
    }

    @Test("without a TTY progress draws nothing but the summary line is written")
    func progressWithoutTTY() throws {
        let pipe = Pipe()
        let stream = OutputStream(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let progress = ProgressReporter(label: "loading", total: 100, interactive: false, stream: stream)
        for done in stride(from: 0, through: 100, by: 10) { progress.update(done) }
        progress.finish("100 loaded")
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.hasPrefix("100 loaded ("))
        #expect(!text.contains("\r"))
    }

    @Test("on a TTY progress draws a bar and clears it before the summary; --quiet prints nothing")
    func progressOnTTY() throws {
        let pipe = Pipe()
        let stream = OutputStream(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let progress = ProgressReporter(label: "loading", total: 4, interactive: true, stream: stream)
        progress.update(2)
        progress.finish("done")
        let quiet = ProgressReporter(label: "x", total: 4, interactive: true, quiet: true, stream: stream)
        quiet.update(1)
        quiet.finish("never shown")
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("loading: 2/4 ["))
        #expect(text.contains("50%"))
        #expect(text.contains("\r\u{1B}[Kdone ("))
        #expect(!text.contains("never shown"))
    }
}

@Suite("Dates and spans on the command line")
struct DateInputTests {
    let now = Date(timeIntervalSince1970: 1_795_262_747) // 2026-11-21T12:05:47Z

    @Test("a bare day, RFC 3339 with any offset, and relative spans")
    func parses() throws {
        #expect(DateInput("2026-11-21", now: now) == .day(LocalDate(year: 2026, month: 11, day: 21)))
        #expect(DateInput("2026-11-21T04:05:47-08:00", now: now)?.utcInstant == now)
        #expect(DateInput("2026-11-21T12:05:47Z", now: now)?.utcInstant == now)
        #expect(DateInput("90d", now: now)?.utcInstant == now.addingTimeInterval(-90 * 86_400))
        #expect(DateInput("12h", now: now)?.utcInstant == now.addingTimeInterval(-12 * 3600))
    }

    @Test("impossible or malformed input is refused", arguments: ["2026-02-30", "2026-13-01", "21/11/2026", "90x", "-5d", "0d", "d", "", "2026-11-21T25:00:00Z", "2026-11-21 10:00:00"])
    func refuses(_ text: String) {
        #expect(DateInput(text, now: now) == nil)
    }

    @Test("spans count whole days rounded up")
    func spans() {
        #expect(RelativeSpan("7d")?.days == 7)
        #expect(RelativeSpan("12h")?.days == 1)
        #expect(RelativeSpan("2w")?.days == 14)
        #expect(RelativeSpan("7") == nil)
    }

    @Test("calendar arithmetic round-trips across leap years and centuries", arguments: [-719_468, -1, 0, 59, 60, 10_957, 11_016, 20_778, 2_932_896])
    func civil(_ days: Int) {
        let date = LocalDate(daysSinceEpoch: days)
        #expect(date.daysSinceEpoch == days)
        #expect(LocalDate(date.description) == date)
    }

    @Test("RFC 3339 output is UTC with microseconds when asked")
    func rfc3339() {
        let date = Date(timeIntervalSince1970: 1_795_262_747.123456)
        #expect(Timestamp.rfc3339(date) == "2026-11-21T12:05:47Z")
        #expect(Timestamp.rfc3339(date, fractional: true) == "2026-11-21T12:05:47.123456Z")
        #expect(Timestamp.parsePostgres("2026-11-21 12:05:47.123456+00") == date)
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test("the libxml2 shim links against the runtime library")
    func libxml() {
        #expect(LibXML.runtimeVersion.hasPrefix("2"))
    }
}
