import Foundation
import TacoKit

/// One employee of a generated HR export (docs/hr-feed.md); every field can be overridden per test.
public struct HRTestEmployee: Sendable {
    public var workerID: String
    public var employeeID: String
    public var email: String
    public var given = "Pat"
    public var family = "Lee"
    public var status = "active"
    public var campus: String? = "HR-SFO"
    public var department: String? = "HR-D1"
    public var manager: String?
    public var subsidy: String? = "10.00"
    public var currency = "USD"
    public var period = "per-day"
    public var sso: String?
    public var jobTitle = "Engineer"
    public var hireDate = "2020-01-15"

    public init(_ index: Int) {
        workerID = String(format: "WD-%06d", index)
        employeeID = String(format: "E%07d", index)
        email = "pat.lee.\(index)@globex.example"
        sso = String(format: "00u%07d", index)
    }

    /// The employee as one line of XML (so a test knows its line number).
    public var xml: String {
        var line = #"<hr:Employee employeeId="\#(employeeID)" workerId="\#(workerID)" lastModified="2026-11-06T12:16:00Z">"#
        line += #"<hr:Status effectiveDate="2020-01-15">\#(status)</hr:Status>"#
        line += "<hr:Name><hr:Given>\(HRFeedFixture.escape(given))</hr:Given><hr:Family>\(HRFeedFixture.escape(family))</hr:Family></hr:Name>"
        line += #"<hr:Email type="work">\#(HRFeedFixture.escape(email))</hr:Email>"#
        line += #"<hr:Employment type="permanent" fte="1.00"><hr:HireDate>\#(hireDate)</hr:HireDate><hr:JobTitle>\#(jobTitle)</hr:JobTitle></hr:Employment>"#
        line += #"<hr:Assignment primary="true">"#
        if let department { line += #"<hr:DepartmentRef code="\#(department)"/>"# }
        if let campus { line += #"<hr:CampusRef code="\#(campus)"/>"# }
        if let manager { line += #"<hr:ManagerRef employeeId="\#(manager)"/>"# }
        line += "</hr:Assignment>"
        if let subsidy { line += #"<hr:MealSubsidy currency="\#(currency)" period="\#(period)" validFrom="2026-01-01">\#(subsidy)</hr:MealSubsidy>"# }
        if let sso { line += "<hr:SsoSubject>\(sso)</hr:SsoSubject>" }
        return line + "</hr:Employee>"
    }
}

/// Generates HR exports for tests: a header, two campuses, two departments, employees one per line, a trailer.
public enum HRFeedFixture {
    public static let campuses = """
          <hr:Campuses>
            <hr:Campus code="HR-SFO" status="active"><hr:Name>SF HQ</hr:Name><hr:TimeZone>America/Los_Angeles</hr:TimeZone></hr:Campus>
            <hr:Campus code="HR-CHI" status="active"><hr:Name>Chicago</hr:Name><hr:TimeZone>America/Chicago</hr:TimeZone></hr:Campus>
          </hr:Campuses>
        """
    public static let departments = """
          <hr:Departments>
            <hr:Department code="HR-D0" costCenter="CC-1" status="active"><hr:Name>Engineering</hr:Name></hr:Department>
            <hr:Department code="HR-D1" parentCode="HR-D0" costCenter="CC-2" status="active"><hr:Name>Payments</hr:Name></hr:Department>
          </hr:Departments>
        """

    /// `count` employees numbered from `start`.
    public static func employees(_ count: Int, start: Int = 1) -> [HRTestEmployee] {
        (start..<(start + count)).map(HRTestEmployee.init)
    }

    /// The export's text. `recordCount`/`trailerCount` default to the number of employees; `trailerCount: .some(nil)`
    /// leaves the trailer out.
    public static func xml(_ employees: [HRTestEmployee], mode: String = "full", schemaVersion: String = "1.0",
                           exportID: String = "TEST-EXPORT", recordCount: Int? = nil, trailerCount: Int?? = .none,
                           campuses: String = campuses, departments: String = departments,
                           namespace: String = hrExportNamespace, extraEmployees: [String] = []) -> String {
        let declared = recordCount ?? employees.count + extraEmployees.count
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <hr:EmployeeExport xmlns:hr="\(namespace)" schemaVersion="\(schemaVersion)" exportId="\(exportID)" mode="\(mode)" sourceSystem="Workday" asOf="2026-11-21" generatedAt="2026-11-21T02:00:03Z" recordCount="\(declared)">
            \(campuses)
            \(departments)
              <hr:Employees>

            """
        for employee in employees { text += "    " + employee.xml + "\n" }
        for extra in extraEmployees { text += "    " + extra + "\n" }
        text += "  </hr:Employees>\n"
        switch trailerCount {
        case .none: text += "  <hr:Trailer recordCount=\"\(employees.count + extraEmployees.count)\"/>\n"
        case .some(.some(let count)): text += "  <hr:Trailer recordCount=\"\(count)\"/>\n"
        case .some(.none): break
        }
        return text + "</hr:EmployeeExport>\n"
    }

    /// Writes `text` to a new temporary file and returns its path.
    public static func write(_ text: String, suffix: String = ".xml") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hr-\(UUID().uuidString)\(suffix)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The 1-based line of the first line of `text` containing `needle`.
    public static func line(of needle: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    /// Row counts of what an HR sync may write (plus the audit log), to prove that nothing was written.
    public static func snapshot(_ db: PostgresConnection) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["users", "campuses", "departments", "audit_log"] {
            counts[table] = try db.scalar("SELECT count(*) FROM \(table)", as: Int.self)
        }
        counts["users_versions"] = try db.scalar("SELECT coalesce(sum(hashtext(ctid::text || xmin::text)), 0)::bigint FROM users", as: Int.self)
        return counts
    }
}

/// A tiny HTTP/1.1 server on 127.0.0.1 for feed-URL tests: answers every request with one canned response and
/// counts the requests it saw. Runs on its own thread until `stop()`.
public final class HRTestHTTPServer: @unchecked Sendable {
    public let port: Int
    private let socket: Int32
    private let lock = NSLock()
    private var requests = 0
    private var stopped = false
    private let status: Int
    private let body: Data
    private let delay: TimeInterval

    public init(status: Int = 200, body: Data, delay: TimeInterval = 0) throws {
        self.status = status
        self.body = body
        self.delay = delay
        let fd = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        socket = fd
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// How many requests arrived so far.
    public var requestCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    public var url: String { "http://127.0.0.1:\(port)/exports/latest.xml" }

    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    private func serve() {
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 {
                lock.lock()
                let done = stopped
                lock.unlock()
                if done { return }
                continue
            }
            lock.lock()
            requests += 1
            lock.unlock()
            var buffer = [UInt8](repeating: 0, count: 8192)
            var received: [UInt8] = []
            while !received.containsHeaderEnd {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                received.append(contentsOf: buffer[0..<n])
            }
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            let reason = status == 200 ? "OK" : "Error"
            var response = Data("HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/xml\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
            response.append(body)
            response.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(client, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(client)
        }
    }
}

extension [UInt8] {
    fileprivate var containsHeaderEnd: Bool {
        guard count >= 4 else { return false }
        for index in 0...(count - 4) where self[index] == 13 && self[index + 1] == 10 && self[index + 2] == 13 && self[index + 3] == 10 {
            return true
        }
        return false
    }
}
