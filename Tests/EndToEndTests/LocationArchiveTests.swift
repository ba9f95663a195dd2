import Foundation
import TacoKit
import TacoTestSupport
import Testing

@Suite("taco-jobs locations archive / archives / restore")
struct LocationArchiveTests {
    struct Setup {
        let database: TestDatabase
        let url: String
        let dest: String
        let days: [LocalDate]
        let rowsPerDay: Int
    }

    /// Three old days with positions, a jobs login and an empty destination directory.
    func setup(rowsPerDay: Int = 500) throws -> Setup {
        let database = try TestDatabase.make()
        let owner = try database.connect()
        let days = [LocalDate(year: 2026, month: 1, day: 10), LocalDate(year: 2026, month: 1, day: 11), LocalDate(year: 2026, month: 1, day: 12)]
        try owner.query("SELECT taco_ensure_position_partitions('2026-01-10', 3)")
        for day in days {
            try owner.query("""
                INSERT INTO truck_positions (truck_id, recorded_at, lat, lon, accuracy_m)
                SELECT gen_random_uuid(), $1::date + make_interval(secs => i * (86000.0 / $2)), 37.78 + i / 1e6, -122.39, 5
                FROM generate_series(1, $2) i
                """, [day, rowsPerDay])
        }
        let dest = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
        let jobs = try database.createLogin(group: "taco_jobs", prefix: "jobs")
        return Setup(database: database, url: try database.conninfo(user: jobs), dest: dest, days: days, rowsPerDay: rowsPerDay)
    }

    func archive(_ s: Setup, environment: [String: String] = [:], extra: [String] = []) throws -> ToolRun {
        try ToolRunner.run("taco-jobs", ["locations", "archive", "--older-than", "30d", "--dest", s.dest, "--format", "json", "--database-url", s.url] + extra,
                           environment: environment)
    }

    /// Every day archived exactly once: one verified-then-dropped manifest row, its file with exactly the day's rows,
    /// no partition left, no partial files.
    func expectFullyArchived(_ s: Setup) throws {
        let owner = try s.database.connect()
        for day in s.days {
            let rows = try owner.query("SELECT state, row_count, path, sha256 FROM location_archives WHERE day = $1", [day])
            #expect(rows.count == 1, "\(day)")
            let row = try #require(rows.first)
            #expect(try row.decode("state", as: String.self) == "dropped")
            #expect(try row.decode("row_count", as: Int.self) == s.rowsPerDay)
            let path: String = try row.decode("path")
            let check = try LocationArchiver.verify(path: path)
            #expect(check.rows == s.rowsPerDay)
            #expect(check.sha256 == (try row.decode("sha256", as: String.self)))
            #expect(try owner.scalar("SELECT to_regclass($1) IS NULL", [PositionStore.partitionName(day)], as: Bool.self))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.dest).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "partial files left: \(leftovers)")
    }

    @Test("archives each old day to a verified gzip file, drops the partitions, and a re-run changes nothing")
    func archivesAndIsIdempotent() throws {
        let s = try setup()
        let run = try archive(s)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["day"] as? String } == s.days.map(\.description))
        #expect(rows.allSatisfy { $0["action"] as? String == "archived" && $0["rows"] as? Int == s.rowsPerDay })
        try expectFullyArchived(s)
        // The file is ordinary gzip with the documented header.
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gunzip.arguments = ["-c", "gzip -dc '\(s.dest)/positions-2026-01-10.csv.gz' | head -1"]
        let pipe = Pipe()
        gunzip.standardOutput = pipe
        try gunzip.run()
        gunzip.waitUntilExit()
        #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                == LocationArchiver.columns.joined(separator: ",") + "\n")

        let again = try archive(s)
        #expect(again.status == 0)
        #expect(again.stdout == "[]\n")
        let list = try ToolRunner.run("taco-jobs", ["locations", "archives", "--format", "csv", "--database-url", s.url])
        #expect(list.stdout.split(separator: "\r\n").count == 4)
    }

    @Test("a crash at any step (like kill -9) loses nothing and archives nothing twice", arguments: ["after-temp-write", "after-rename", "after-manifest", "after-drop"])
    func crashAtEveryStep(_ step: String) throws {
        let s = try setup(rowsPerDay: 300)
        let crashed = try archive(s, environment: ["TACO_FAULT_INJECT": "archive.\(step)"])
        #expect(crashed.status == 137)
        let owner = try s.database.connect()
        // Nothing lost in between: each day's rows are in its partition or in a verified archive.
        for day in s.days {
            let inPartition: Int = try owner.scalar("SELECT CASE WHEN to_regclass($1) IS NULL THEN 0 ELSE (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', $1), false, true, '')))[1]::text::int END",
                                                    [PositionStore.partitionName(day)])
            let archived: Int = try owner.scalar("SELECT coalesce(max(row_count), 0) FROM location_archives WHERE day = $1 AND state IN ('verified', 'dropped')", [day])
            #expect(inPartition == s.rowsPerDay || archived == s.rowsPerDay, "\(step) \(day): \(inPartition) in partition, \(archived) archived")
        }
        let resumed = try archive(s)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try expectFullyArchived(s)
    }

    @Test("a real kill -9 in the middle of a run, then a re-run, archives every row exactly once")
    func realKill() throws {
        let s = try setup(rowsPerDay: 20_000)
        let process = Process()
        process.executableURL = ToolRunner.binDirectory.appendingPathComponent("taco-jobs")
        process.arguments = ["locations", "archive", "--older-than", "30d", "--dest", s.dest, "--database-url", s.url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32.random(in: 50_000...250_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let resumed = try archive(s)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try expectFullyArchived(s)
    }

    @Test("rows that arrive after the export make the day be archived again, not lost")
    func lateRowsAreNotLost() throws {
        let s = try setup(rowsPerDay: 100)
        // Simulate a late insert between the export's commit and the drop: the crash point stops right there.
        _ = try archive(s, environment: ["TACO_FAULT_INJECT": "archive.after-manifest"])
        try s.database.connect().query("INSERT INTO truck_positions (truck_id, recorded_at, lat, lon) VALUES (gen_random_uuid(), '2026-01-10 23:59:00+00', 1, 1)")
        let resumed = try archive(s)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let owner = try s.database.connect()
        #expect(try owner.scalar("SELECT row_count FROM location_archives WHERE day = '2026-01-10'", as: Int.self) == 101)
        #expect(try LocationArchiver.verify(path: "\(s.dest)/positions-2026-01-10.csv.gz").rows == 101)
    }

    @Test("an unwritable or missing destination is 73 and nothing is dropped; a concurrent run is 75")
    func destinationAndLock() throws {
        let s = try setup(rowsPerDay: 10)
        let missing = try ToolRunner.run("taco-jobs", ["locations", "archive", "--older-than", "30d", "--dest", s.dest + "/nope", "--database-url", s.url])
        #expect(missing.status == 73)
        chmod(s.dest, 0o500)
        defer { chmod(s.dest, 0o700) }
        if getuid() != 0 { // root ignores directory permissions
            let unwritable = try archive(s)
            #expect(unwritable.status == 73)
        }
        chmod(s.dest, 0o700)
        let owner = try s.database.connect()
        #expect(try owner.scalar("SELECT count(*) FROM location_archives", as: Int.self) == 0)
        #expect(try owner.scalar("SELECT to_regclass('truck_positions_20260110') IS NOT NULL", as: Bool.self))

        let holder = try s.database.connect()
        try holder.lock(LocationArchiver.lock, wait: false)
        let blocked = try archive(s)
        #expect(blocked.status == 75)
        #expect(blocked.stderr.contains("--wait"))
        #expect(try owner.scalar("SELECT count(*) FROM location_archives", as: Int.self) == 0)
        try holder.unlock(LocationArchiver.lock)
        #expect(try archive(s).status == 0)
    }

    @Test("dry run reports and writes nothing; --older-than below 1d is a usage error")
    func dryRunAndUsage() throws {
        let s = try setup(rowsPerDay: 10)
        let dry = try archive(s, extra: ["--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would-archive"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.dest).isEmpty)
        #expect(try s.database.connect().scalar("SELECT count(*) FROM location_archives", as: Int.self) == 0)
        let short = try ToolRunner.run("taco-jobs", ["locations", "archive", "--older-than", "12h", "--dest", s.dest, "--database-url", s.url])
        #expect(short.status == 64)
    }

    @Test("restore loads an archive into a new table after checking it; a corrupt archive is 65")
    func restore() throws {
        let s = try setup(rowsPerDay: 250)
        #expect(try archive(s).status == 0)
        let file = "\(s.dest)/positions-2026-01-11.csv.gz"
        let restored = try ToolRunner.run("taco-jobs", ["locations", "restore", file, "--format", "json", "--database-url", s.url])
        #expect(restored.status == 0, "\(restored.stderr)")
        let owner = try s.database.connect()
        #expect(try owner.scalar("SELECT count(*) FROM restored_positions_20260111", as: Int.self) == 250)
        #expect(try owner.scalar("SELECT count(*) FROM truck_positions WHERE recorded_at::date = '2026-01-11'", as: Int.self) == 0)
        let twice = try ToolRunner.run("taco-jobs", ["locations", "restore", file, "--database-url", s.url])
        #expect(twice.status == 65)

        // Flip one byte in the middle of the file.
        var data = try Data(contentsOf: URL(fileURLWithPath: file))
        data[data.count / 2] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: file))
        let corrupt = try ToolRunner.run("taco-jobs", ["locations", "restore", file, "--into", "restored_positions_x", "--database-url", s.url])
        #expect(corrupt.status == 65)
        #expect(try owner.scalar("SELECT to_regclass('restored_positions_x') IS NULL", as: Bool.self))
        #expect(try ToolRunner.run("taco-jobs", ["locations", "restore", "/no/such/positions-2026-01-11.csv.gz", "--database-url", s.url]).status == 66)
    }
}
