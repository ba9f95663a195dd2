import Foundation

/// The HR sync's SQL: staging the parsed export in temporary tables (COPY), the set-wide checks, the plan
/// (what would change, compared with IS DISTINCT FROM), the set-based apply, and the run log.
/// Everything but `recordRun` must run inside one transaction (the temporary tables drop at its end).
public struct HRSyncStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// What the plan would do, by action.
    public struct PlanCounts: Sendable, Equatable {
        public var created = 0, updated = 0, deactivated = 0, reactivated = 0, unchanged = 0
        public init() {}
    }

    /// One changed employee of the plan, identified by worker id only (no names or e-mail unless they changed).
    public struct DiffRow: Sendable {
        public let line: Int?
        public let workerID: String
        public let action: String
        public let reason: String?
        /// `{"field": {"old": …, "new": …}}` for updates, deactivations and reactivations; nil for creations.
        public let changesJSON: String?
    }

    // MARK: - staging

    /// Creates the session's staging tables (dropped at commit or rollback).
    public func createStaging() throws {
        try db.execute("""
            CREATE TEMP TABLE hr_stage_employees (
                line integer NOT NULL, worker_id text, employee_id text, email text, given_name text, family_name text,
                preferred_name text, department_code text, campus_code text, manager_employee_id text, job_title text,
                meal_subsidy_cents integer, subsidy_period text, hr_status text, okta_id text
            ) ON COMMIT DROP;
            CREATE TEMP TABLE hr_stage_campuses (
                line integer NOT NULL, code text, name text, time_zone text, active boolean
            ) ON COMMIT DROP;
            CREATE TEMP TABLE hr_stage_departments (
                line integer NOT NULL, code text, parent_code text, cost_center text, name text, status text
            ) ON COMMIT DROP;
            """)
    }

    /// Streams employees into the staging table; `body` writes each with `writeEmployee`.
    public func copyEmployees(_ body: (CopyInWriter) throws -> Void) throws {
        try db.copyIn("""
            COPY hr_stage_employees (line, worker_id, employee_id, email, given_name, family_name, preferred_name,
                                     department_code, campus_code, manager_employee_id, job_title, meal_subsidy_cents,
                                     subsidy_period, hr_status, okta_id) FROM STDIN
            """, body)
    }

    /// One staged employee as a COPY text line.
    public static func writeEmployee(_ e: HRStagedEmployee, to writer: CopyInWriter) throws {
        var line = String(e.line)
        for field in [e.workerID, e.employeeID, e.email, e.givenName, e.familyName, e.preferredName, e.departmentCode,
                      e.campusCode, e.managerEmployeeID, e.jobTitle, e.subsidyCents.map(String.init), e.subsidyPeriod,
                      e.hrStatus, e.oktaID] {
            line += "\t"
            appendCopyField(field, to: &line)
        }
        line += "\n"
        try writer.write(line)
    }

    /// Stages the campuses and departments defined in the export (a few thousand at most).
    public func stage(campuses: [HRCampus], departments: [HRDepartment]) throws {
        try db.copyIn("COPY hr_stage_campuses (line, code, name, time_zone, active) FROM STDIN") { writer in
            for campus in campuses {
                var line = String(campus.line)
                for field in [HRFeedRules.nonBlank(campus.code), HRFeedRules.nonBlank(campus.name),
                              HRFeedRules.nonBlank(campus.timeZone), campus.status == "inactive" ? "f" : "t"] {
                    line += "\t"
                    Self.appendCopyField(field, to: &line)
                }
                try writer.write(line + "\n")
            }
        }
        try db.copyIn("COPY hr_stage_departments (line, code, parent_code, cost_center, name, status) FROM STDIN") { writer in
            for department in departments {
                var line = String(department.line)
                for field in [HRFeedRules.nonBlank(department.code), HRFeedRules.nonBlank(department.parentCode),
                              HRFeedRules.nonBlank(department.costCenter), HRFeedRules.nonBlank(department.name),
                              department.status ?? "active"] {
                    line += "\t"
                    Self.appendCopyField(field, to: &line)
                }
                try writer.write(line + "\n")
            }
        }
        // Temporary tables are never analyzed automatically; without statistics the checks' joins go nested-loop.
        try db.execute("ANALYZE hr_stage_employees; ANALYZE hr_stage_campuses; ANALYZE hr_stage_departments")
    }

    static func appendCopyField(_ value: String?, to line: inout String) {
        guard let value else {
            line += "\\N"
            return
        }
        if !value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            line += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": line += "\\\\"
            case "\t": line += "\\t"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            default: line.unicodeScalars.append(scalar)
            }
        }
    }

    // MARK: - set-wide checks

    /// The checks that need the whole export or the database: duplicates (workerId, employeeId, e-mail ignoring
    /// case, SSO subject, campus and department codes), unknown campus/department/manager references, values
    /// held by another existing user, unknown time zones. Returns the first `limit` problems by line, the total,
    /// and the lines concerned.
    public func setIssues(limit: Int) throws -> (issues: [HRFeedIssue], total: Int, lines: Set<Int>) {
        try db.execute("""
            CREATE TEMP TABLE hr_issues ON COMMIT DROP AS
            SELECT line, format('Employee %s: workerId is also on line %s', worker_id, first_line) AS message
              FROM (SELECT line, worker_id, min(line) OVER (PARTITION BY worker_id) AS first_line
                      FROM hr_stage_employees WHERE worker_id IS NOT NULL) d WHERE line <> first_line
            UNION ALL
            SELECT line, format('Employee %s: employeeId %s is also on line %s', worker_id, employee_id, first_line)
              FROM (SELECT line, worker_id, employee_id, min(line) OVER (PARTITION BY employee_id) AS first_line
                      FROM hr_stage_employees WHERE employee_id IS NOT NULL) d WHERE line <> first_line
            UNION ALL
            SELECT line, format('Employee %s: Email %s is also on line %s (e-mail addresses are compared ignoring case)', worker_id, email, first_line)
              FROM (SELECT line, worker_id, email, min(line) OVER (PARTITION BY lower(email)) AS first_line
                      FROM hr_stage_employees WHERE email IS NOT NULL) d WHERE line <> first_line
            UNION ALL
            SELECT line, format('Employee %s: SsoSubject %s is also on line %s', worker_id, okta_id, first_line)
              FROM (SELECT line, worker_id, okta_id, min(line) OVER (PARTITION BY okta_id) AS first_line
                      FROM hr_stage_employees WHERE okta_id IS NOT NULL) d WHERE line <> first_line
            UNION ALL
            SELECT s.line, format('Employee %s: campus %s is neither defined in the export nor known', s.worker_id, s.campus_code)
              FROM hr_stage_employees s
             WHERE s.campus_code IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM hr_stage_campuses c WHERE c.code = s.campus_code)
               AND NOT EXISTS (SELECT 1 FROM campuses c WHERE c.code = s.campus_code)
            UNION ALL
            SELECT s.line, format('Employee %s: department %s is neither defined in the export nor known', s.worker_id, s.department_code)
              FROM hr_stage_employees s
             WHERE s.department_code IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM hr_stage_departments d WHERE d.code = s.department_code)
               AND NOT EXISTS (SELECT 1 FROM departments d WHERE d.code = s.department_code)
            UNION ALL
            SELECT s.line, format('Employee %s: manager %s is neither in the export nor an existing user', s.worker_id, s.manager_employee_id)
              FROM hr_stage_employees s
             WHERE s.manager_employee_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM hr_stage_employees m WHERE m.employee_id = s.manager_employee_id)
               AND NOT EXISTS (SELECT 1 FROM users u WHERE u.employee_id = s.manager_employee_id)
            UNION ALL
            SELECT s.line, format('Employee %s: employeeId %s belongs to another user (workerId %s)', s.worker_id, s.employee_id, u.worker_id)
              FROM hr_stage_employees s JOIN users u ON u.employee_id = s.employee_id AND u.worker_id <> s.worker_id
             WHERE NOT EXISTS (SELECT 1 FROM hr_stage_employees o
                                WHERE o.worker_id = u.worker_id AND o.employee_id IS DISTINCT FROM u.employee_id)
            UNION ALL
            SELECT s.line, format('Employee %s: Email %s belongs to another user (workerId %s)', s.worker_id, s.email, u.worker_id)
              FROM hr_stage_employees s JOIN users u ON lower(u.email) = lower(s.email) AND u.worker_id <> s.worker_id
             WHERE NOT EXISTS (SELECT 1 FROM hr_stage_employees o
                                WHERE o.worker_id = u.worker_id AND lower(o.email) IS DISTINCT FROM lower(u.email))
            UNION ALL
            SELECT s.line, format('Employee %s: SsoSubject %s belongs to another user (workerId %s)', s.worker_id, s.okta_id, u.worker_id)
              FROM hr_stage_employees s JOIN users u ON u.okta_id = s.okta_id AND u.worker_id <> s.worker_id
             WHERE NOT EXISTS (SELECT 1 FROM hr_stage_employees o
                                WHERE o.worker_id = u.worker_id AND o.okta_id IS DISTINCT FROM u.okta_id)
            UNION ALL
            SELECT line, format('Campus %s is also defined on line %s', code, first_line)
              FROM (SELECT line, code, min(line) OVER (PARTITION BY code) AS first_line
                      FROM hr_stage_campuses WHERE code IS NOT NULL) d WHERE line <> first_line
            UNION ALL
            SELECT c.line, format('Campus %s: unknown time zone "%s" (expected an IANA name such as America/Chicago)', c.code, c.time_zone)
              FROM hr_stage_campuses c
             WHERE c.time_zone IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_timezone_names z WHERE z.name = c.time_zone)
            UNION ALL
            SELECT line, format('Department %s is also defined on line %s', code, first_line)
              FROM (SELECT line, code, min(line) OVER (PARTITION BY code) AS first_line
                      FROM hr_stage_departments WHERE code IS NOT NULL) d WHERE line <> first_line
            UNION ALL
            SELECT d.line, format('Department %s: parent %s is neither defined in the export nor known', d.code, d.parent_code)
              FROM hr_stage_departments d
             WHERE d.parent_code IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM hr_stage_departments p WHERE p.code = d.parent_code)
               AND NOT EXISTS (SELECT 1 FROM departments p WHERE p.code = d.parent_code)
            """)
        let summary = try db.query("SELECT count(*) AS total FROM hr_issues")
        let total: Int = try summary.first.map { try $0.decode("total") } ?? 0
        guard total > 0 else { return ([], 0, []) }
        let issues = try db.query("SELECT line, message FROM hr_issues ORDER BY line, message LIMIT $1", [limit]).map {
            HRFeedIssue(line: try $0.decode("line"), try $0.decode("message"))
        }
        let lines = try db.query("SELECT DISTINCT line FROM hr_issues").map { try $0.decode("line", as: Int.self) }
        return (issues, total, Set(lines))
    }

    // MARK: - plan

    /// Resolves managers (to worker ids) and classifies every employee of the export, plus — in full mode — every
    /// active HR-sourced user missing from it. Nothing outside the temporary tables is written.
    public func plan(mode: HRSyncMode) throws -> PlanCounts {
        try db.execute("""
            CREATE TEMP TABLE hr_incoming ON COMMIT DROP AS
            SELECT s.line, s.worker_id, s.employee_id, s.okta_id, s.email, s.given_name, s.family_name, s.preferred_name,
                   s.department_code, s.campus_code, s.job_title, s.meal_subsidy_cents, s.subsidy_period, s.hr_status,
                   s.hr_status <> 'terminated' AS active,
                   coalesce(m.worker_id, mu.worker_id) AS manager_worker_id
              FROM hr_stage_employees s
              LEFT JOIN hr_stage_employees m ON m.employee_id = s.manager_employee_id
              LEFT JOIN users mu ON mu.employee_id = s.manager_employee_id;
            ANALYZE hr_incoming;
            CREATE TEMP TABLE hr_plan (line integer, worker_id text NOT NULL, user_id uuid, action text NOT NULL, reason text)
                ON COMMIT DROP;
            """)
        try db.query("""
            INSERT INTO hr_plan (line, worker_id, user_id, action, reason)
            SELECT i.line, i.worker_id, u.id,
                   CASE WHEN u.id IS NULL THEN 'created'
                        WHEN u.active AND NOT i.active THEN 'deactivated'
                        WHEN NOT u.active AND i.active THEN 'reactivated'
                        WHEN (u.employee_id, u.okta_id, u.email, u.given_name, u.family_name, u.preferred_name,
                              u.department_code, uc.code, u.job_title, u.meal_subsidy_cents, u.subsidy_period,
                              u.hr_status, u.manager_worker_id)
                             IS DISTINCT FROM
                             (i.employee_id, i.okta_id, i.email, i.given_name, i.family_name, i.preferred_name,
                              i.department_code, i.campus_code, i.job_title, i.meal_subsidy_cents, i.subsidy_period,
                              i.hr_status, i.manager_worker_id)
                        THEN 'updated' ELSE 'unchanged' END,
                   CASE WHEN u.active AND NOT i.active THEN 'terminated' END
              FROM hr_incoming i
              LEFT JOIN users u ON u.worker_id = i.worker_id
              LEFT JOIN campuses uc ON uc.id = u.campus_id
            UNION ALL
            SELECT NULL, u.worker_id, u.id, 'deactivated', 'missing from the full export'
              FROM users u
             WHERE $1 = 'full' AND u.active AND u.source = 'hr'
               AND NOT EXISTS (SELECT 1 FROM hr_incoming i WHERE i.worker_id = u.worker_id)
            """, [mode.rawValue])
        var counts = PlanCounts()
        for row in try db.query("SELECT action, count(*) AS n FROM hr_plan GROUP BY action") {
            let n: Int = try row.decode("n")
            switch try row.decode("action", as: String.self) {
            case "created": counts.created = n
            case "updated": counts.updated = n
            case "deactivated": counts.deactivated = n
            case "reactivated": counts.reactivated = n
            default: counts.unchanged = n
            }
        }
        return counts
    }

    /// Users that are active now (the base of a percentage --max-deactivate).
    public func activeUserCount() throws -> Int {
        try db.scalar("SELECT count(*) FROM users WHERE active")
    }

    /// Keeps the per-employee diff of the plan (old values are read before the apply overwrites them).
    public func prepareDiff() throws {
        try db.execute("""
            CREATE TEMP TABLE hr_report ON COMMIT DROP AS
            SELECT p.line, p.worker_id, p.action, p.reason,
                   CASE WHEN p.action <> 'created' THEN jsonb_strip_nulls(
                       jsonb_build_object(
                         'active', CASE WHEN u.active IS DISTINCT FROM coalesce(i.active, false)
                                        THEN jsonb_build_object('old', u.active, 'new', coalesce(i.active, false)) END)
                       || CASE WHEN p.line IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(
                         'employee_id', CASE WHEN u.employee_id IS DISTINCT FROM i.employee_id
                                             THEN jsonb_build_object('old', u.employee_id, 'new', i.employee_id) END,
                         'sso_subject', CASE WHEN u.okta_id IS DISTINCT FROM i.okta_id
                                             THEN jsonb_build_object('old', u.okta_id, 'new', i.okta_id) END,
                         'email', CASE WHEN u.email IS DISTINCT FROM i.email
                                       THEN jsonb_build_object('old', u.email, 'new', i.email) END,
                         'given_name', CASE WHEN u.given_name IS DISTINCT FROM i.given_name
                                            THEN jsonb_build_object('old', u.given_name, 'new', i.given_name) END,
                         'family_name', CASE WHEN u.family_name IS DISTINCT FROM i.family_name
                                             THEN jsonb_build_object('old', u.family_name, 'new', i.family_name) END,
                         'preferred_name', CASE WHEN u.preferred_name IS DISTINCT FROM i.preferred_name
                                                THEN jsonb_build_object('old', u.preferred_name, 'new', i.preferred_name) END,
                         'department', CASE WHEN u.department_code IS DISTINCT FROM i.department_code
                                            THEN jsonb_build_object('old', u.department_code, 'new', i.department_code) END,
                         'campus', CASE WHEN uc.code IS DISTINCT FROM i.campus_code
                                        THEN jsonb_build_object('old', uc.code, 'new', i.campus_code) END,
                         'job_title', CASE WHEN u.job_title IS DISTINCT FROM i.job_title
                                           THEN jsonb_build_object('old', u.job_title, 'new', i.job_title) END,
                         'meal_subsidy_cents', CASE WHEN u.meal_subsidy_cents IS DISTINCT FROM i.meal_subsidy_cents
                                                    THEN jsonb_build_object('old', u.meal_subsidy_cents, 'new', i.meal_subsidy_cents) END,
                         'subsidy_period', CASE WHEN u.subsidy_period IS DISTINCT FROM i.subsidy_period
                                                THEN jsonb_build_object('old', u.subsidy_period, 'new', i.subsidy_period) END,
                         'hr_status', CASE WHEN u.hr_status IS DISTINCT FROM i.hr_status
                                           THEN jsonb_build_object('old', u.hr_status, 'new', i.hr_status) END,
                         'manager_worker_id', CASE WHEN u.manager_worker_id IS DISTINCT FROM i.manager_worker_id
                                                   THEN jsonb_build_object('old', u.manager_worker_id, 'new', i.manager_worker_id) END
                       ) END) END AS changes
              FROM hr_plan p
              LEFT JOIN hr_incoming i ON p.line IS NOT NULL AND i.worker_id = p.worker_id
              LEFT JOIN users u ON u.id = p.user_id
              LEFT JOIN campuses uc ON uc.id = u.campus_id
             WHERE p.action <> 'unchanged'
            """)
    }

    /// Streams the diff kept by `prepareDiff`, in file order (absent users last), through a cursor: constant memory.
    public func forEachDiffRow(_ body: (DiffRow) throws -> Void) throws {
        try db.execute("""
            DECLARE hr_report_rows NO SCROLL CURSOR FOR
            SELECT line, worker_id, action, reason, changes::text AS changes FROM hr_report ORDER BY line NULLS LAST, worker_id
            """)
        while true {
            let batch = try db.query("FETCH 2000 FROM hr_report_rows")
            if batch.isEmpty { break }
            for row in batch {
                try body(DiffRow(line: try row.decode("line"), workerID: try row.decode("worker_id"), action: try row.decode("action"),
                                 reason: try row.decode("reason"), changesJSON: try row.decode("changes")))
            }
        }
        try db.execute("CLOSE hr_report_rows")
    }

    // MARK: - apply

    /// Applies the plan: campuses, departments, then users — inserts for new workers, one UPDATE for the rows the
    /// plan found different (clearing the manual-edit mark), one for absent users. Rows that did not change are
    /// not touched. Returns the campuses and departments changed.
    public func apply(expected: PlanCounts) throws -> (campuses: Int, departments: Int) {
        var campuses = try db.query("""
            INSERT INTO campuses (code, name, time_zone, active)
            SELECT sc.code, sc.name, sc.time_zone, sc.active FROM hr_stage_campuses sc
             WHERE NOT EXISTS (SELECT 1 FROM campuses c WHERE c.code = sc.code)
            """).affectedRows
        campuses += try db.query("""
            UPDATE campuses c SET name = sc.name, time_zone = sc.time_zone, active = sc.active
              FROM hr_stage_campuses sc
             WHERE c.code = sc.code AND (c.name, c.time_zone, c.active) IS DISTINCT FROM (sc.name, sc.time_zone, sc.active)
            """).affectedRows
        var departments = try db.query("""
            INSERT INTO departments (code, parent_code, cost_center, name, status)
            SELECT sd.code, sd.parent_code, sd.cost_center, sd.name, sd.status FROM hr_stage_departments sd
             WHERE NOT EXISTS (SELECT 1 FROM departments d WHERE d.code = sd.code)
            """).affectedRows
        departments += try db.query("""
            UPDATE departments d SET parent_code = sd.parent_code, cost_center = sd.cost_center, name = sd.name, status = sd.status
              FROM hr_stage_departments sd
             WHERE d.code = sd.code
               AND (d.parent_code, d.cost_center, d.name, d.status) IS DISTINCT FROM (sd.parent_code, sd.cost_center, sd.name, sd.status)
            """).affectedRows
        let inserted = try db.query("""
            INSERT INTO users (worker_id, employee_id, okta_id, email, given_name, family_name, preferred_name, department_code,
                               campus_id, job_title, meal_subsidy_cents, subsidy_period, active, hr_status, manager_worker_id,
                               source, last_hr_sync_at)
            SELECT i.worker_id, i.employee_id, i.okta_id, i.email, i.given_name, i.family_name, i.preferred_name, i.department_code,
                   c.id, i.job_title, i.meal_subsidy_cents, i.subsidy_period, i.active, i.hr_status, i.manager_worker_id,
                   'hr', now()
              FROM hr_plan p
              JOIN hr_incoming i ON i.worker_id = p.worker_id
              LEFT JOIN campuses c ON c.code = i.campus_code
             WHERE p.action = 'created'
             ORDER BY i.line
            """).affectedRows
        let updated = try db.query("""
            UPDATE users u
               SET employee_id = i.employee_id, okta_id = i.okta_id, email = i.email, given_name = i.given_name,
                   family_name = i.family_name, preferred_name = i.preferred_name, department_code = i.department_code,
                   campus_id = c.id, job_title = i.job_title, meal_subsidy_cents = i.meal_subsidy_cents,
                   subsidy_period = i.subsidy_period, active = i.active, hr_status = i.hr_status,
                   manager_worker_id = i.manager_worker_id, manual_edit_at = NULL, manual_edit_by = NULL,
                   last_hr_sync_at = now()
              FROM hr_plan p
              JOIN hr_incoming i ON i.worker_id = p.worker_id
              LEFT JOIN campuses c ON c.code = i.campus_code
             WHERE u.id = p.user_id AND p.line IS NOT NULL AND p.action IN ('updated', 'deactivated', 'reactivated')
            """).affectedRows
        let absent = try db.query("""
            UPDATE users u SET active = false, last_hr_sync_at = now()
              FROM hr_plan p
             WHERE u.id = p.user_id AND p.line IS NULL AND p.action = 'deactivated' AND u.active
            """).affectedRows
        // Deferred foreign keys (departments) are checked now rather than at COMMIT, so a report is never
        // printed for a transaction that then fails.
        try db.execute("SET CONSTRAINTS ALL IMMEDIATE")
        let expectedWrites = expected.updated + expected.deactivated + expected.reactivated
        guard inserted == expected.created, updated + absent == expectedWrites else {
            throw ToolError(.temporaryFailure,
                            "the users changed while the sync ran (planned \(expected.created) new and \(expectedWrites) changed, wrote \(inserted) and \(updated + absent)); nothing was applied",
                            hint: "run it again")
        }
        return (campuses, departments)
    }

    // MARK: - run log

    /// One hr_sync_runs row (also for refused runs and dry runs).
    public struct RunRecord: Sendable {
        public var startedAt: Date
        public var sha256: String?
        public var exportID: String?
        public var mode: String?
        public var counts = PlanCounts()
        public var rejected = 0
        public var recordCount: Int?
        public var campusesChanged = 0
        public var departmentsChanged = 0
        public var decision: String
        public var dryRun: Bool
        public var error: String?
        public var durationMS: Int
        public var limit: String
        public init(startedAt: Date, decision: String, dryRun: Bool, durationMS: Int, limit: String) {
            self.startedAt = startedAt
            self.decision = decision
            self.dryRun = dryRun
            self.durationMS = durationMS
            self.limit = limit
        }
    }

    /// Appends the run to hr_sync_runs and returns its id.
    @discardableResult
    public func recordRun(_ run: RunRecord) throws -> UUID {
        try db.scalar("""
            INSERT INTO hr_sync_runs (started_at, finished_at, feed_sha256, export_id, mode, created_count, updated_count,
                                      deactivated_count, reactivated_count, unchanged_count, rejected_count, decision, dry_run,
                                      error, record_count, duration_ms, campuses_changed, departments_changed, deactivation_limit)
            VALUES ($1, now(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            RETURNING id
            """, [run.startedAt, run.sha256, run.exportID, run.mode.flatMap(HRSyncMode.init(rawValue:))?.rawValue,
                  run.counts.created, run.counts.updated, run.counts.deactivated, run.counts.reactivated, run.counts.unchanged,
                  run.rejected, run.decision, run.dryRun, run.error.map { String($0.prefix(4000)) }, run.recordCount,
                  run.durationMS, run.campusesChanged, run.departmentsChanged, run.limit])
    }
}
