import ArgumentParser
import Crypto
import Foundation
import TacoKit

/// Personal data: only Food Services and sysadmins export or erase it.
private let personalDataRoles = ["taco_sysadmin", "taco_food_services"]
/// Logs, audit trail, financial data and scans: readable by reporting too.
private let complianceReaders = ["taco_sysadmin", "taco_food_services", "taco_reporting"]

extension TacoAdmin {
    struct Compliance: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compliance",
            abstract: "CCPA requests, the audit chain, financial exports for auditors, and a card-data scan.",
            discussion: """
                export-user and erase-user answer CCPA requests (Food Services and sysadmins); every request is kept \
                in the request log (`requests list`, due 45 days after receipt). The audit log is append-only and \
                hash-chained: `audit verify` recomputes it. See docs/compliance.md for the export document, what \
                erasure keeps, and the exit codes.

                Examples:
                  taco-admin compliance export-user --email jane.doe@globex.example --out jane.json
                  taco-admin compliance requests list --open
                  taco-admin compliance audit verify
                """,
            subcommands: [ExportUser.self, EraseUser.self, Requests.self, Audit.self, FinancialExport.self, PCIScan.self]
        )
    }
}

extension TacoAdmin.Compliance {
    struct ExportUser: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-user",
            abstract: "Write everything stored about one employee to a JSON file (a CCPA access request).",
            discussion: """
                The user is found by e-mail, case-insensitively; an unknown e-mail exits 65 (so does the e-mail of \
                an erased person, naming the erasure). The file is written atomically (a temporary file next to it, \
                fsynced, renamed) with mode 0600; exit 73 when it cannot be created. The request is logged in the \
                request log (kind export, completed) and as a DATA_EXPORT audit event in the same transaction as the \
                read: if the file cannot be written, nothing is logged.

                The document (format "tacotracker.user-export", version 1; keys are stable and in this order; times \
                RFC 3339 UTC; money integer cents; ids strings):
                  format, version, generated_at, request_id,
                  subject        the users row: user_id, worker_id, employee_id, okta_id, email, given_name,
                                 family_name, preferred_name, department_code, department_name, campus_code,
                                 job_title, manager_worker_id, meal_subsidy_cents, subsidy_period, active,
                                 hr_status, deactivated_at, source, last_hr_sync_at, created_at, updated_at
                  orders[]       order_id, vendor_slug, vendor_name, truck_name, campus_code, status,
                                 customer_display_name, special_requests, currency, subtotal_cents, tax_cents,
                                 tip_cents, subsidy_cents, total_cents, promised_at, placed_at, status_changed_at,
                                 cancel_reason,
                                 items[] (sku, name, quantity, unit_price_cents, line_total_cents,
                                          options[] (name, price_delta_cents)),
                                 events[] (from_status, to_status, reason, at),
                                 payments[] (payment_id, stripe_payment_intent_id, amount_cents, currency, status, at),
                                 refunds[] (refund_id, amount_cents, reason, status, stripe_refund_id, created_at)
                  hr_history[]   every change to the users row from the audit log (HR sync and manual edits):
                                 audit_id, at, actor, action, source (hr|manual), changed_fields[], old_data, new_data
                  audit_entries[] other audit rows about the person (their orders and refunds, DATA_EXPORT
                                 events): audit_id, at, actor, action, table_name, row_key, old_data, new_data
                  data_requests[] earlier requests: request_id, kind, received_at, due_at, completed_at
                A new key may be added within a version; a key that changes meaning or disappears bumps the version.

                Examples:
                  taco-admin compliance export-user --email jane.doe@globex.example --out /secure/ccpa/jane.json
                  taco-admin compliance export-user --email Jane.Doe@Globex.example --out req-1234.json --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "The employee's e-mail address (matched case-insensitively).") var email: String
        @Option(name: .customLong("out"), help: ArgumentHelp("The JSON file to write (mode 0600).", valueName: "file"))
        var out: String

        func run(_ context: CommandContext) throws {
            try context.requireRole(personalDataRoles, for: "export personal data")
            let target = URL(fileURLWithPath: out)
            let result = try DataRequestStore(try context.database()).exportUser(email: email) { data in
                try AtomicFiles.write(data, to: target, mode: 0o600)
            }
            context.emit(object: ["request_id", "user_id", "file", "orders", "hr_changes", "audit_entries", "bytes"],
                         [.text(result.requestID.lowercasedText), .text(result.userID.lowercasedText),
                          .text(target.path), .int(result.orders), .int(result.hrChanges), .int(result.auditEntries),
                          .int(result.bytes)])
            context.summary("exported 1 user (\(result.orders) orders) to \(target.path); request \(result.requestID.lowercasedText) logged")
        }
    }

    struct EraseUser: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase-user",
            abstract: "Erase an employee's personal data (a CCPA deletion request); financial records are kept.",
            discussion: """
                Irreversible: asks on a TTY; without one, --yes is required (else exit 64). --dry-run reports what \
                would change and rolls back (no --yes needed).

                What happens (one transaction, SQL function taco_erase_user):
                  users row   e-mail, names, okta id, employee id replaced by a stable pseudonym derived from the id
                              (erased-<16 hex>); job title and manager cleared; deactivated; erased_at set. The row
                              is then frozen: HR sync or manual edits cannot put an identity back.
                  orders      customer_display_name becomes "Erased customer", special_requests is cleared.
                  kept        amounts, items, order events, payments, refunds and payouts (financial records, kept
                              --retention-years, default 7, after the person's last order): they point at the
                              pseudonymised users row by id and name nobody.
                  request log the erase request is logged; the subject of this and earlier requests is kept only as
                              sha256:<hex of the lower-cased e-mail>, so a later request for the e-mail is recognised.
                  audit log   append-only: earlier rows are kept as written (chain intact); the erasure itself and
                              every later change are logged without the personal fields, plus an ERASURE event.
                Erasing again is "0 changed" (exit 0). An unknown e-mail exits 65.

                Examples:
                  taco-admin compliance erase-user --email jane.doe@globex.example --dry-run
                  taco-admin compliance erase-user --email jane.doe@globex.example --yes
                  taco-admin compliance erase-user --email jane.doe@globex.example --retention-years 10 --yes --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions
        @Option(help: "The employee's e-mail address (matched case-insensitively).") var email: String
        @Option(name: .customLong("retention-years"), help: "How long financial records are kept after the person's last order (1-100).")
        var retentionYears = 7

        func validate() throws {
            guard (1...100).contains(retentionYears) else {
                throw ValidationError("--retention-years must be between 1 and 100 (got \(retentionYears))")
            }
        }

        func run(_ context: CommandContext) throws {
            try context.requireRole(personalDataRoles, for: "erase personal data")
            if !safety.dryRun {
                try context.confirm("irreversibly erase the personal data of \(email)", yes: safety.yes)
            }
            let result = try DataRequestStore(try context.database())
                .eraseUser(email: email, retentionYears: retentionYears, dryRun: safety.dryRun)
            context.emit(object: ["user_id", "pseudonym", "changed", "request_id", "erased_at", "orders_scrubbed",
                                  "requests_pseudonymised", "outbox_deleted", "retain_financial_until"],
                         [.text(result.userID.lowercasedText), .text(result.pseudonym), .bool(result.changed),
                          .optional(result.requestID?.lowercasedText), .date(result.erasedAt),
                          .int(result.ordersScrubbed), .int(result.requestsPseudonymised), .int(result.outboxDeleted),
                          .optional(result.retainFinancialUntil?.description)])
            let prefix = safety.dryRun ? "dry run, rolled back: would be " : ""
            if result.changed {
                context.summary("\(prefix)1 changed (user erased as \(result.pseudonym); \(result.ordersScrubbed) orders scrubbed, "
                                + "\(result.requestsPseudonymised) earlier requests pseudonymised)")
            } else {
                context.summary("0 changed (already erased on \(Timestamp.rfc3339(result.erasedAt)))")
            }
        }
    }

    struct Requests: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "requests",
            abstract: "The CCPA data-request log.",
            discussion: "Examples:\n  taco-admin compliance requests list --open",
            subcommands: [List.self]
        )

        struct List: DatabaseCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "List data requests with received, due (45 days) and completed dates.",
                discussion: """
                    overdue is true for an open request past its due date and for one completed after it. The subject \
                    is the e-mail, or sha256:<hex> once the person was erased.

                    Examples:
                      taco-admin compliance requests list
                      taco-admin compliance requests list --open --format csv
                    """,
                aliases: ["ls"]
            )
            @OptionGroup(title: "Connection") var connection: ConnectionOptions
            @OptionGroup(title: "Output") var output: OutputOptions
            @Flag(help: "Only requests not completed yet.") var open = false

            func run(_ context: CommandContext) throws {
                try context.requireRole(complianceReaders, for: "read the data-request log")
                let requests = try DataRequestStore(try context.database()).requests(openOnly: open)
                var set = RecordSet(columns: ["request_id", "kind", "subject", "user_id", "received_at", "due_at", "completed_at",
                                              "overdue", "actor", "notes"])
                for request in requests {
                    set.append([.text(request.id.lowercasedText), .text(request.kind), .text(request.subject),
                                .optional(request.userID?.lowercasedText), .date(request.receivedAt), .date(request.dueAt),
                                .optional(request.completedAt), .bool(request.overdue), .text(request.actor), .optional(request.notes)])
                }
                context.emit(set)
                context.summary("\(requests.count) request\(requests.count == 1 ? "" : "s"), \(requests.filter { $0.completedAt == nil }.count) open, "
                                + "\(requests.filter(\.overdue).count) overdue")
            }
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Export and verify the hash-chained audit log.",
            discussion: """
                Examples:
                  taco-admin compliance audit verify
                  taco-admin compliance audit export --from 2026-01-01 --to 2026-12-31 --format ndjson
                """,
            subcommands: [Export.self, Verify.self]
        )
    }

    struct FinancialExport: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "financial-export",
            abstract: "Write a year's orders, payments, refunds and payouts as monthly CSVs with SHA-256 manifests.",
            discussion: """
                Files: <kind>-<year>-<MM>.csv for kind orders, payments, refunds, payouts and every month (an empty \
                month is a header-only file), manifest.json (format "tacotracker.financial-export" version 1: year, \
                time_zone, generated_at, files[] with name, kind, month, rows, bytes, sha256, and totals per kind) and \
                SHA256SUMS over all of them (check with `sha256sum -c SHA256SUMS` inside DIR).
                Months are UTC calendar months: orders by placed_at, payments by at, refunds by created_at, payouts by \
                period_end. CSV: RFC 4180 quoting with LF line ends (PostgreSQL's COPY), a header row, money in \
                integer cents, times RFC 3339 UTC. No personal data: orders carry user_id, never names or requests.
                All files come from one snapshot. Nothing is half-written: the files go into a temporary directory \
                next to DIR, are fsynced, and the directory is renamed into place. Exit 73 when DIR cannot be \
                created, or exists and is not empty (unless --overwrite).

                Examples:
                  taco-admin compliance financial-export --year 2026 --out /audit/2026
                  taco-admin compliance financial-export --year 2026 --out /audit/2026 --overwrite --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "The calendar year (UTC).") var year: Int
        @Option(name: .customLong("out"), help: ArgumentHelp("The directory to create.", valueName: "dir")) var out: String
        @Flag(help: "Replace DIR when it exists and is not empty.") var overwrite = false

        func validate() throws {
            guard (2000...2100).contains(year) else { throw ValidationError("--year must be between 2000 and 2100 (got \(year))") }
        }

        func run(_ context: CommandContext) throws {
            try context.requireRole(complianceReaders, for: "export financial records")
            let target = URL(fileURLWithPath: out).standardizedFileURL
            let directory = try AtomicFiles.beginDirectory(target, overwrite: overwrite)
            let progress = context.progress("financial export \(year)", total: 48)
            var done = 0
            let files = try FinancialExportStore(try context.database()).export(year: year, into: directory) { _ in
                done += 1
                progress.update(done)
            }
            let totals = FinancialExportStore.kinds.map { kind in (kind, files.filter { $0.kind == kind }.reduce(0) { $0 + $1.rows }) }
            let manifest = JSON.object(
                ["format", "version", "year", "time_zone", "generated_at", "files", "totals"],
                [.text("tacotracker.financial-export"), .int(1), .int(year), .text("UTC"), .date(context.now),
                 .json("[\n" + files.map { "    " + JSON.object(["name", "kind", "month", "rows", "bytes", "sha256"],
                                                             [.text($0.name), .text($0.kind), .text($0.month), .int($0.rows),
                                                              .int($0.bytes), .text($0.sha256)]) }.joined(separator: ",\n") + "\n  ]"),
                 .json(JSON.object(totals.map(\.0), totals.map { .int($0.1) }))], pretty: true) + "\n"
            let manifestData = Data(manifest.utf8)
            try directory.write("manifest.json") { try $0.write(contentsOf: manifestData) }
            let manifestHash = SHA256.hash(data: manifestData).map { String(format: "%02x", $0) }.joined()
            let sums = (files.map { "\($0.sha256)  \($0.name)\n" } + ["\(manifestHash)  manifest.json\n"]).joined()
            try directory.write("SHA256SUMS") { try $0.write(contentsOf: Data(sums.utf8)) }
            try directory.commit()

            var set = RecordSet(columns: ["name", "kind", "month", "rows", "bytes", "sha256"])
            for file in files {
                set.append([.text(file.name), .text(file.kind), .text(file.month), .int(file.rows), .int(file.bytes), .text(file.sha256)])
            }
            context.emit(set)
            finish(progress, context, "wrote \(files.count) CSV files (" + totals.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
                   + "), manifest.json and SHA256SUMS to \(target.path)")
        }
    }

    struct PCIScan: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "pci-scan",
            abstract: "Scan every text column for card numbers; report where, never the digits.",
            discussion: """
                Every text, varchar, char, json and jsonb column of every table in the schema is searched for \
                13-19 digit runs (single spaces or hyphens allowed between digit groups) that pass the Luhn check. \
                A finding names the table, the column and the row's primary key, with the number masked \
                (************4242). Digit runs glued to letters or hyphenated tokens (UUIDs, SKUs) and runs longer \
                than 19 digits in one group (order or tracking numbers) are not reported.

                Exit status: 0 clean; 1 card-number-like data found (this command's documented meaning of 1, so \
                cron and CI can alert on it); the usual codes for errors.

                Examples:
                  taco-admin compliance pci-scan
                  taco-admin compliance pci-scan --format json || alert "card data found"
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            try context.requireRole(complianceReaders, for: "scan for card data")
            let progress = context.progress("pci-scan")
            var tables = 0
            let report = try PCIScanStore(try context.database()).scan { _ in
                tables += 1
                progress.update(tables)
            }
            var set = RecordSet(columns: ["table", "column", "row_id", "masked", "digits"])
            for finding in report.findings {
                set.append([.text(finding.table), .text(finding.column), .text(finding.rowID), .text(finding.masked), .int(finding.digits)])
            }
            context.emit(set)
            finish(progress, context, "scanned \(report.tables) tables, \(report.columns) columns, \(report.candidates) candidate values: "
                            + "\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s")")
            if !report.findings.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Ends a progress line with the summary (which the reporter prints with the elapsed time); with --quiet
/// or --log-format json the reporter is silent, so the summary goes the usual way.
private func finish(_ progress: ProgressReporter, _ context: CommandContext, _ summary: String) {
    if context.output.quiet || context.output.logFormat == .json {
        context.summary(summary)
    } else {
        context.stdout.flush()
        progress.finish(summary)
    }
}

extension TacoAdmin.Compliance.Audit {
    struct Export: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export audit rows in a time range, in id order, with their hashes.",
            discussion: """
                --from is inclusive; --to is exclusive, and a bare date means the end of that day (UTC). Rows stream \
                from one snapshot with --format ndjson, json or csv (use these for large ranges); table collects \
                the rows first. Columns: id, at, actor, action, table_name, row_key, vendor_id, old_data, new_data \
                (the stored JSON), prev_hash, hash (hex). hash = sha256(prev_hash || canonical text), see \
                docs/schema.md. --from after --to exits 64.

                Examples:
                  taco-admin compliance audit export --from 2026-01-01 --to 2026-12-31 --format ndjson > audit-2026.ndjson
                  taco-admin compliance audit export --from 7d --to 2026-11-22T12:00:00Z --format csv
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "Start: a date (UTC midnight), an RFC 3339 time, or a span ago such as 30d.") var from: String
        @Option(help: "End: a date (the end of that day, UTC), an RFC 3339 time, or a span ago.") var to: String

        func run(_ context: CommandContext) throws {
            guard let start = DateInput(from, now: context.now) else {
                throw ToolError.usage("--from \"\(from)\": expected a date (2026-11-01), an RFC 3339 time or a span such as 30d")
            }
            guard let endInput = DateInput(to, now: context.now) else {
                throw ToolError.usage("--to \"\(to)\": expected a date (2026-11-30), an RFC 3339 time or a span such as 1d")
            }
            let end: Date
            if case .day = endInput { end = endInput.utcInstant.addingTimeInterval(86_400) } else { end = endInput.utcInstant }
            guard start.utcInstant < end else {
                throw ToolError.usage("--from \(from) is after --to \(to)", hint: "the range is [from, to)")
            }
            try context.requireRole(complianceReaders, for: "export the audit log")
            let columns = ["id", "at", "actor", "action", "table_name", "row_key", "vendor_id", "old_data", "new_data", "prev_hash", "hash"]
            let format = context.renderer.format
            let textual = format == .csv || format == .table
            func cells(_ row: AuditRow) -> [Cell] {
                func data(_ text: String?) -> Cell { text.map { textual ? .text($0) : .json($0) } ?? .null }
                return [.text(String(row.id)), .date(row.at), .text(row.actor), .text(row.action), .text(row.tableName),
                        .optional(row.rowKey), .optional(row.vendorID?.lowercasedText), data(row.oldData), data(row.newData),
                        .text(row.prevHash), .text(row.hash)]
            }
            var table = RecordSet(columns: columns)
            var written = 0
            switch format {
            case .csv: context.stdout.write(columns.joined(separator: ",") + "\r\n")
            case .json: break
            case .ndjson, .table, .yaml: break
            }
            let count = try AuditStore(try context.database()).export(from: start.utcInstant, to: end) { batch in
                for row in batch {
                    switch format {
                    case .ndjson: context.stdout.write(JSON.object(columns, cells(row)) + "\n")
                    case .json: context.stdout.write((written == 0 ? "[\n  " : ",\n  ") + JSON.object(columns, cells(row)))
                    case .csv: context.stdout.write(cells(row).map { CSV.field($0.plain) }.joined(separator: ",") + "\r\n")
                    case .table, .yaml: table.append(cells(row))
                    }
                    written += 1
                }
            }
            switch format {
            case .json: context.stdout.write(written == 0 ? "[]\n" : "\n]\n")
            case .table, .yaml: context.emit(table)
            case .csv, .ndjson: break
            }
            context.summary("\(count) audit row\(count == 1 ? "" : "s") from \(Timestamp.rfc3339(start.utcInstant)) to \(Timestamp.rfc3339(end))")
        }
    }

    struct Verify: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute the audit hash chain; exit 65 naming the first broken row.",
            discussion: """
                Recomputes every row's hash with the database's own definition (taco_audit_verify), from --from-id \
                (linked to the row before it) or from the first row. Prints rows_checked, first_id, last_id, \
                head_hash (note it: a later run can show the tail was not cut), broken_id and problem.
                Exit status: 0 intact; 65 (data error) when a row was altered, removed or inserted out of chain, \
                with the first broken row's id and the reason on stderr.

                Examples:
                  taco-admin compliance audit verify
                  taco-admin compliance audit verify --from-id 1200000 --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(name: .customLong("from-id"), help: "Start at this audit row id (default: the first row).") var fromID: Int64?

        func validate() throws {
            if let fromID, fromID < 1 { throw ValidationError("--from-id must be 1 or more (got \(fromID))") }
        }

        func run(_ context: CommandContext) throws {
            try context.requireRole(complianceReaders, for: "verify the audit log")
            let result = try AuditStore(try context.database()).verify(fromID: fromID)
            context.emit(object: ["status", "rows_checked", "first_id", "last_id", "head_hash", "broken_id", "problem"],
                         [.text(result.brokenID == nil ? "intact" : "broken"), .int(result.checked),
                          .optional(result.firstID.map { String($0) }), .optional(result.lastID.map { String($0) }),
                          .optional(result.headHash), .optional(result.brokenID.map { String($0) }), .optional(result.problem)])
            if let broken = result.brokenID {
                throw ToolError.data("audit chain broken at id \(broken): \(result.problem ?? "unknown problem")",
                                     hint: "rows before id \(broken) verify; compare with a backup or an earlier export from that id on")
            }
            context.summary("audit chain intact: \(result.checked) rows checked")
        }
    }
}
