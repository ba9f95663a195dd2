import Foundation
import Logging
import TacoKit

/// A check on the export that must pass before anything is applied — the XML signature by a pinned HR
/// certificate (`--hr-cert`) is one. It runs after the export streamed through the hostile-XML and data checks
/// and before the deactivation guard and any write; throwing refuses the run (recorded in hr_sync_runs).
public protocol HRFeedVerification {
    /// `path` holds the bytes that were parsed (standard input is spooled to a private file first); `sha256` is the
    /// hash of the bytes the streaming parser read, so a verifier can prove it checks those very bytes.
    func verify(path: String, sha256: String?, header: HRExportHeader) throws
}

/// The nightly HR sync: stream the export, validate everything, plan, guard against mass deactivation, apply in
/// one transaction under an advisory lock, and record the run. See docs/hr-feed.md.
public struct HRSync {
    /// What the caller asked for.
    public struct Options: Sendable {
        public var dryRun = false
        public var limit = DeactivationLimit.standard
        public var allowDeactivations = false
        public var wait = false
        /// How many problems an invalid export lists (all are counted).
        public var issueLimit = 200
        public init() {}
    }

    /// What happened (also for a refused guard or a dry run; invalid exports throw instead).
    public struct Outcome: Sendable {
        public var header: HRExportHeader
        public var counts: HRSyncStore.PlanCounts
        public var campusesChanged = 0
        public var departmentsChanged = 0
        public var activeBefore = 0
        public var applied = false
        public var dryRun = false
        public var decision: String
        /// The guard's refusal (exit 75) when it stopped the run.
        public var refusal: ToolError?
        public var sha256: String?
        public var runID: UUID?
        public var seconds: Double = 0

        /// Users written: created + updated + deactivated + reactivated.
        public var changed: Int { counts.created + counts.updated + counts.deactivated + counts.reactivated }
    }

    /// The job's lock: one sync at a time across every host.
    public static let lock = AdvisoryLock("tacotracker:hr-sync")

    let db: PostgresConnection
    let logger: Logger
    /// Steps run before the apply (see `HRFeedVerification`).
    public var verifications: [any HRFeedVerification] = []

    public init(_ db: PostgresConnection, logger: Logger) {
        self.db = db
        self.logger = logger
    }

    private struct RolledBack: Error {
        let outcome: Outcome
    }

    private final class RunState {
        var header: HRExportHeader?
        var reader: HRFeedReader?
        var counts = HRSyncStore.PlanCounts()
        var rejected = 0
    }

    /// Runs the sync on `source`. `progress` gets (employees read, declared total); `diff` gets every changed
    /// employee (only asked for when non-nil). Throws `ValidationErrors`/`ToolError` (65) for an invalid or hostile
    /// export, `LockUnavailable` (75) when another run holds the lock; a guard refusal is returned in the outcome.
    public func run(source: HRFeedSource, options: Options,
                    progress: ((Int, Int?) -> Void)? = nil,
                    diff: ((HRSyncStore.DiffRow) throws -> Void)? = nil) throws -> Outcome {
        try db.withLock(Self.lock, wait: options.wait) {
            let started = Date()
            let clock = ContinuousClock.now
            let state = RunState()
            func elapsed() -> Double {
                let duration = ContinuousClock.now - clock
                return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            }
            func record(decision: String, error: String?, outcome: Outcome?) throws -> UUID {
                var run = HRSyncStore.RunRecord(startedAt: started, decision: decision, dryRun: options.dryRun,
                                                durationMS: Int(elapsed() * 1000), limit: options.limit.description)
                let header = outcome?.header ?? state.header
                run.sha256 = outcome?.sha256 ?? state.reader?.sha256Hex
                run.exportID = header?.exportID.map { String($0.prefix(200)) }
                run.mode = header?.mode
                run.recordCount = header?.employeeCount
                run.counts = outcome?.counts ?? state.counts
                run.rejected = state.rejected
                run.campusesChanged = outcome?.campusesChanged ?? 0
                run.departmentsChanged = outcome?.departmentsChanged ?? 0
                run.error = error
                return try HRSyncStore(db).recordRun(run)
            }

            if !verifications.isEmpty { _ = try source.rereadablePath() }
            do {
                var outcome: Outcome
                do {
                    outcome = try db.transaction(retries: 0) { tx in
                        try apply(tx, source: source, options: options, state: state, progress: progress, diff: diff, elapsed: elapsed)
                    }
                } catch let rolledBack as RolledBack {
                    outcome = rolledBack.outcome
                }
                if !outcome.applied {
                    outcome.runID = try record(decision: outcome.decision, error: outcome.refusal?.message, outcome: outcome)
                }
                outcome.seconds = elapsed()
                return outcome
            } catch {
                if let reader = state.reader, source.kind != .stdin { reader.finishHash() }
                let report = ErrorReport.describe(error)
                let decision: String
                switch error {
                case is ValidationErrors: decision = "refused: invalid export"
                case let error as ToolError where error.status == .dataError: decision = "refused: \(error.message.hasPrefix("the users changed") ? "concurrent change" : "invalid export")"
                default: decision = "failed"
                }
                if db.isUsable, !db.inTransaction {
                    do {
                        _ = try record(decision: decision, error: report.message, outcome: nil)
                    } catch let logError {
                        logger.warning("could not record the refused run in hr_sync_runs: \(ErrorReport.describe(logError).message)")
                    }
                }
                throw error
            }
        }
    }

    private func apply(_ tx: PostgresConnection, source: HRFeedSource, options: Options, state: RunState,
                       progress: ((Int, Int?) -> Void)?, diff: ((HRSyncStore.DiffRow) throws -> Void)?,
                       elapsed: () -> Double) throws -> Outcome {
        let store = HRSyncStore(tx)
        try store.createStaging()
        let reader = HRFeedReader(descriptor: source.descriptor, displayName: source.displayName)
        state.reader = reader
        var issues = IssueCollector(limit: options.issueLimit)
        var campuses: [HRCampus] = []
        var departments: [HRDepartment] = []
        var employees = 0
        var declared: Int?
        var header = HRExportHeader()
        try store.copyEmployees { writer in
            header = try reader.read { item in
                switch item {
                case .header(let root):
                    declared = root.recordCount.flatMap { Int($0) }
                    logger.info("reading the HR export", metadata: ["feed": "\(source.displayName)", "export_id": "\(root.exportID ?? "")",
                                                                   "mode": "\(root.mode ?? "")", "records": "\(root.recordCount ?? "")"])
                case .campus(let campus):
                    issues.add(HRFeedRules.campus(campus))
                    campuses.append(campus)
                case .department(let department):
                    issues.add(HRFeedRules.department(department))
                    departments.append(department)
                case .employee(let employee):
                    let (staged, problems) = HRFeedRules.employee(employee)
                    issues.add(problems)
                    try HRSyncStore.writeEmployee(staged, to: writer)
                    employees += 1
                    progress?(employees, declared)
                }
            }
        }
        state.header = header
        issues.add(HRFeedRules.header(header))
        try store.stage(campuses: campuses, departments: departments)
        let setIssues = try store.setIssues(limit: options.issueLimit)
        issues.add(setIssues.issues, total: setIssues.total, lines: setIssues.lines)
        if issues.total > 0 {
            state.rejected = issues.lines.subtracting([header.line] + (header.trailerLine.map { [$0] } ?? [])).count
            throw issues.error(source: source.displayName)
        }
        for verification in verifications {
            try verification.verify(path: try source.rereadablePath(), sha256: reader.sha256Hex, header: header)
        }

        let mode = header.syncMode ?? .full
        let counts = try store.plan(mode: mode)
        state.counts = counts
        let active = try store.activeUserCount()
        var outcome = Outcome(header: header, counts: counts, activeBefore: active, dryRun: options.dryRun, decision: "applied")
        outcome.sha256 = reader.sha256Hex
        if !options.limit.allows(counts.deactivated, ofActive: active) {
            let share = active > 0 ? String(format: "%.1f%%", Double(counts.deactivated) * 100 / Double(active)) : "all"
            let numbers = "\(counts.deactivated) of \(active) active users (\(share)): more than --max-deactivate \(options.limit) allows"
            if options.allowDeactivations {
                outcome.decision = "applied: deactivating \(numbers), allowed by --allow-deactivations"
            } else {
                outcome.decision = "refused: deactivating \(numbers)"
                outcome.refusal = ToolError(.temporaryFailure,
                                            "refusing to deactivate \(numbers); nothing was applied",
                                            hint: "check the export (\(header.exportID ?? source.displayName)); if these deactivations are expected, run again with --allow-deactivations or a higher --max-deactivate")
            }
        }
        if diff != nil { try store.prepareDiff() }
        if outcome.refusal == nil {
            let changed = try store.apply(expected: counts)
            outcome.campusesChanged = changed.campuses
            outcome.departmentsChanged = changed.departments
        }
        if let diff { try store.forEachDiffRow(diff) }
        if outcome.refusal != nil || options.dryRun {
            if options.dryRun { outcome.decision = "dry run: " + outcome.decision.replacingOccurrences(of: "applied", with: "would apply") }
            throw RolledBack(outcome: outcome)
        }
        outcome.applied = true
        var run = HRSyncStore.RunRecord(startedAt: Date(timeIntervalSinceNow: -elapsed()), decision: outcome.decision, dryRun: false,
                                        durationMS: Int(elapsed() * 1000), limit: options.limit.description)
        run.sha256 = outcome.sha256
        run.exportID = header.exportID
        run.mode = header.mode
        run.recordCount = header.employeeCount
        run.counts = counts
        run.campusesChanged = outcome.campusesChanged
        run.departmentsChanged = outcome.departmentsChanged
        outcome.runID = try store.recordRun(run)
        return outcome
    }
}

/// Problems of one export: all counted, the first `limit` (by line) kept for the message.
struct IssueCollector {
    let limit: Int
    private(set) var kept: [HRFeedIssue] = []
    private(set) var total = 0
    private(set) var lines = Set<Int>()

    init(limit: Int) { self.limit = limit }

    mutating func add(_ issues: [HRFeedIssue]) {
        for issue in issues {
            total += 1
            lines.insert(issue.line)
            if kept.count < limit * 2 { kept.append(issue) }
        }
    }

    mutating func add(_ issues: [HRFeedIssue], total: Int, lines: Set<Int>) {
        kept.append(contentsOf: issues)
        self.total += total
        self.lines.formUnion(lines)
    }

    func error(source: String) -> any Error {
        let sorted = kept.sorted { ($0.line, $0.message) < ($1.line, $1.message) }.prefix(limit)
        let listed = sorted.map { ValidationErrors.Issue("\(source):\($0.line)", $0.message) }
        if total <= limit {
            return ValidationErrors(source: source, issues: listed)
        }
        let body = listed.map { "  \($0.location): \($0.message)" }.joined(separator: "\n")
        return ToolError(.dataError,
                         "\(source): \(total) errors in \(lines.count) places; nothing was applied. The first \(listed.count):\n\(body)\n  … and \(total - listed.count) more",
                         hint: "fix the export at its source; nothing is applied until every problem is gone")
    }
}
