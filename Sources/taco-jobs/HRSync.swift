import ArgumentParser
import Foundation
import TacoIntegrations
import TacoKit

extension DeactivationLimit: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension TacoJobs {
    struct HRSyncCommand: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "hr-sync",
            abstract: "Apply the nightly HR export: employees, campuses, departments (validated, guarded, one transaction).",
            discussion: """
                Streams the export (docs/hr-feed.md) in constant memory and refuses hostile XML — a DOCTYPE, an entity, \
                a text node over 10 MB, nesting over 256 levels, malformed UTF-8 — before using any of it. Then every \
                record is checked (namespace and schemaVersion 1.x, mode, both recordCounts and the Trailer, unique \
                workerId/employeeId/e-mail/SsoSubject, known campus/department codes, subsidies 0–100.00 with an ISO \
                currency, managers that resolve, statuses, dates); any problem lists all of them with their lines and \
                applies nothing (exit 65).

                A valid export is applied in one transaction: campuses, departments, then users by workerId. Rows \
                whose values did not change are not written, so the same export again reports 0 changed. Terminated \
                employees, and in full mode active HR users missing from the export, are deactivated (never deleted); \
                a delta export never deactivates by absence. More deactivations than --max-deactivate (default 5% of \
                the active users) stop the run before any write (exit 75) unless --allow-deactivations is given. \
                Every run, refused ones included, is recorded in hr_sync_runs with the export's SHA-256.

                One run at a time: a second run exits 75 at once, or waits with --wait. Exit codes: 0 applied (or \
                dry run), 65 invalid or hostile export, 66 missing file or 4xx URL, 69 database or HR server \
                unreachable (5xx), 75 locked or too many deactivations, 77 not a taco_jobs/taco_sysadmin login.

                Signed exports: with --hr-cert PEM (or TACO_HR_CERT), the export must carry a valid enveloped XML \
                signature by that certificate (the root's last child, RSA-SHA256 or stronger, exclusive C14N, URI=""); an \
                unsigned or badly signed export is refused (65) before anything is applied. The check reads the file \
                again into memory (about 7 bytes per byte of export) and requires the bytes to be the ones streamed.

                SAML: --saml FILE... applies verified SAML assertions instead of an export (trust settings as for \
                `taco-jobs saml verify`: --idp or --idp-cert, --audience, --destination, --at). Every response must \
                verify or nothing is applied. Each one creates or updates its employee — matched by okta_id = NameID, \
                else employee id, else e-mail — and never deactivates anyone; erased (CCPA) users are skipped.

                Examples:
                  taco-jobs hr-sync --feed /srv/hr/export-20261121.xml
                  taco-jobs hr-sync --feed /srv/hr/export-20261121.xml --hr-cert /etc/taco/hr-signing.pem
                  taco-jobs hr-sync --saml resp1.xml resp2.b64 --idp http://www.okta.com/exk659 --audience https://tacos.globex.example/saml
                  taco-jobs hr-sync --feed https://hr.example.com/exports/latest.xml --log-format json
                  taco-jobs hr-sync --feed export.xml --dry-run --format json > diff.json
                  curl -s https://hr.example.com/latest.xml | taco-jobs hr-sync --feed - --report /var/log/taco/hr-diff.json
                  taco-jobs hr-sync --feed export.xml --max-deactivate 250 --allow-deactivations
                """
        )

        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions

        @Option(help: ArgumentHelp("The export: a file, an http(s) URL, or - for standard input.", valueName: "path|url|-"))
        var feed: String?

        @Option(name: .customLong("hr-cert"),
                help: ArgumentHelp("Require a valid enveloped signature by the HR certificate in this PEM file (env: TACO_HR_CERT).", valueName: "pem"))
        var hrCert: String?

        @Option(parsing: .upToNextOption, help: ArgumentHelp("Apply verified SAML responses (raw XML or base64) instead of an export.", valueName: "file"))
        var saml: [String] = []

        @OptionGroup(title: "SAML trust (with --saml)") var trust: SAMLTrustOptions

        @Option(name: .customLong("max-deactivate"),
                help: ArgumentHelp("Stop (exit 75) when more users would be deactivated than this: a count or a share of the active users.",
                                   valueName: "N|P%"))
        var maxDeactivate: DeactivationLimit = .standard

        @Flag(name: .customLong("allow-deactivations"), help: "Apply even when --max-deactivate is exceeded.")
        var allowDeactivations = false

        @Option(help: ArgumentHelp("Also write the per-employee diff to this file (JSON; CSV or NDJSON by its extension).", valueName: "file"))
        var report: String?

        @Flag(help: "Wait for a running sync to finish instead of exiting 75.")
        var wait = false

        @Option(help: ArgumentHelp("Seconds to wait for the HR server when --feed is a URL.", valueName: "seconds"))
        var timeout: Int = 60

        func validate() throws {
            guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
            guard (feed == nil) != saml.isEmpty else { throw ValidationError("give either --feed or --saml FILE...") }
        }

        func run(_ context: CommandContext) throws {
            let db = try context.database()
            try context.requireRole(["taco_jobs", "taco_sysadmin"], for: "run the HR sync")
            guard let feed else { return try applySAML(context) }
            let source = try HRFeedSource.open(feed, timeout: TimeInterval(timeout))

            var reportWriter: DiffWriter?
            if let report {
                let descriptor = open(report, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
                guard descriptor >= 0 else {
                    throw ToolError(.cannotCreate, "\(report): \(String(cString: strerror(errno)))")
                }
                let format: OutputFormat = report.hasSuffix(".csv") ? .csv : report.hasSuffix(".ndjson") ? .ndjson : .json
                reportWriter = DiffWriter(stream: OutputStream(descriptor: descriptor), format: format, descriptor: descriptor)
            }
            var stdoutWriter: DiffWriter?
            if let format = output.format, format != .table {
                stdoutWriter = DiffWriter(stream: context.stdout, format: format, descriptor: nil)
            }
            let writers = [reportWriter, stdoutWriter].compactMap { $0 }

            var options = HRSync.Options()
            options.dryRun = safety.dryRun
            options.limit = maxDeactivate
            options.allowDeactivations = allowDeactivations
            options.wait = wait
            let progress = context.progress("hr-sync \(source.displayName)")
            var sync = HRSync(db, logger: context.logger)
            if let pem = hrCert ?? ProcessInfo.processInfo.environment["TACO_HR_CERT"].flatMap({ $0.isEmpty ? nil : $0 }) {
                sync.verifications.append(HRSignatureVerification(certificatePEM: try InputFile.read(pem, limit: 1 << 20).data,
                                                                  source: source.displayName))
            }
            let outcome: HRSync.Outcome
            do {
                outcome = try sync.run(
                    source: source, options: options,
                    progress: { done, total in progress.update(done, total: total) },
                    diff: writers.isEmpty ? nil : { row in writers.forEach { $0.write(row) } })
            } catch {
                progress.clear()
                reportWriter?.abandon()
                throw error
            }
            writers.forEach { $0.finish() }

            let counts = outcome.counts
            let exportID = outcome.header.exportID ?? "?"
            let mode = outcome.header.mode ?? "?"
            if output.logFormat == .json {
                context.logger.notice("hr-sync \(outcome.decision)", metadata: [
                "export_id": "\(exportID)", "mode": "\(mode)", "feed_sha256": "\(outcome.sha256 ?? "")",
                "created": "\(counts.created)", "updated": "\(counts.updated)", "deactivated": "\(counts.deactivated)",
                "reactivated": "\(counts.reactivated)", "unchanged": "\(counts.unchanged)", "rejected": "0",
                "campuses_changed": "\(outcome.campusesChanged)", "departments_changed": "\(outcome.departmentsChanged)",
                    "dry_run": "\(outcome.dryRun)", "run_id": "\(outcome.runID?.lowercasedText ?? "")",
                ])
            }
            let verb = outcome.applied ? "" : (outcome.dryRun && outcome.refusal == nil ? " (dry run, rolled back)" : " (nothing applied)")
            progress.finish("""
                \(counts.created) created, \(counts.updated) updated, \(counts.deactivated) deactivated, \
                \(counts.reactivated) reactivated, \(counts.unchanged) unchanged, 0 rejected — \(outcome.changed) changed\(verb); \
                campuses \(outcome.campusesChanged) changed, departments \(outcome.departmentsChanged) changed \
                (export \(exportID), \(mode))
                """)
            if let refusal = outcome.refusal { throw refusal }
        }
    }
}

/// Writes the per-employee diff as it streams: a JSON array, NDJSON lines or CSV.
final class DiffWriter {
    static let columns = ["line", "worker_id", "action", "reason", "changes"]
    let stream: TacoKit.OutputStream
    let format: OutputFormat
    let descriptor: Int32?
    private var rows = 0

    init(stream: TacoKit.OutputStream, format: OutputFormat, descriptor: Int32?) {
        self.stream = stream
        self.format = format
        self.descriptor = descriptor
        if format == .csv { stream.write(Self.columns.map(CSV.field).joined(separator: ",") + "\r\n") }
    }

    func write(_ row: HRSyncStore.DiffRow) {
        let cells: [Cell] = [.optional(row.line), .text(row.workerID), .text(row.action), .optional(row.reason),
                             row.changesJSON.map(Cell.json) ?? .null]
        switch format {
        case .csv:
            stream.write(cells.map { CSV.field($0.plain) }.joined(separator: ",") + "\r\n")
        case .ndjson:
            stream.write(JSON.object(Self.columns, cells) + "\n")
        default:
            stream.write((rows == 0 ? "[\n  " : ",\n  ") + JSON.object(Self.columns, cells))
        }
        rows += 1
    }

    func finish() {
        if format == .json || format == .table { stream.write(rows == 0 ? "[]\n" : "\n]\n") }
        stream.flush()
        if let descriptor { close(descriptor) }
    }

    func abandon() {
        stream.flush()
        if let descriptor { close(descriptor) }
    }
}

extension TacoJobs.HRSyncCommand {
    /// `--saml`: verify every response first (all or nothing), then create or update the employees in one transaction.
    func applySAML(_ context: CommandContext) throws {
        let (certificates, expectations) = try trust.resolve(context)
        var identities: [(source: String, attributes: SAMLEmployeeAttributes)] = []
        for file in saml {
            let input = try InputFile.read(file, limit: 3 << 20 / 2).data
            let identity = try SAMLVerifier.verify(input, certificates: certificates, expectations: expectations, source: file)
            identities.append((file, try identity.employeeAttributes(SAMLAttributeMapping())))
        }
        if safety.dryRun {
            context.summary("dry run: \(identities.count) verified assertion(s); nothing applied")
            return
        }
        let outcomes = try SAMLProvisioning(try context.database()).apply(identities)
        var set = RecordSet(columns: ["file", "name_id", "email", "action", "detail"])
        for outcome in outcomes {
            set.append([.text(outcome.source), .text(outcome.nameID), .optional(outcome.email), .text(outcome.action), .text(outcome.detail)])
        }
        context.emit(set)
        let changed = outcomes.filter { $0.action == "created" || $0.action == "updated" }.count
        context.summary("\(outcomes.count) assertion(s): \(changed) changed, " + ["created", "updated", "unchanged", "conflict", "skipped-erased", "rejected"]
            .map { action in "\(outcomes.filter { $0.action == action }.count) \(action)" }.joined(separator: ", "))
    }
}
