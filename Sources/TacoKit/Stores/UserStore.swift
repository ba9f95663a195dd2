import Foundation

/// An employee as IT sees it.
public struct UserRecord: Sendable {
    public let id: UUID
    public let workerID: String
    public let employeeID: String
    public let oktaID: String?
    public let email: String
    public let givenName: String
    public let familyName: String
    public let preferredName: String?
    public let campus: String?
    public let department: String?
    public let mealSubsidyCents: Int
    public let subsidyPeriod: String
    public let active: Bool
    public let hrStatus: String
    public let source: String
    public let manualEditAt: Date?
    public let manualEditBy: String?
    public let deactivatedAt: Date?

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        workerID = try row.decode("worker_id")
        employeeID = try row.decode("employee_id")
        oktaID = try row.decode("okta_id")
        email = try row.decode("email")
        givenName = try row.decode("given_name")
        familyName = try row.decode("family_name")
        preferredName = try row.decode("preferred_name")
        campus = try row.decode("campus")
        department = try row.decode("department_code")
        mealSubsidyCents = try row.decode("meal_subsidy_cents")
        subsidyPeriod = try row.decode("subsidy_period")
        active = try row.decode("active")
        hrStatus = try row.decode("hr_status")
        source = try row.decode("source")
        manualEditAt = try row.decode("manual_edit_at")
        manualEditBy = try row.decode("manual_edit_by")
        deactivatedAt = try row.decode("deactivated_at")
    }
}

/// The fields a manual add or edit may set; nil leaves a field as it is.
public struct UserFields: Sendable {
    public var email: String?
    public var givenName: String?
    public var familyName: String?
    public var preferredName: String?
    public var oktaID: String?
    public var campus: String?
    public var department: String?
    public var mealSubsidyCents: Int?
    public var subsidyPeriod: String?
    public init() {}
}

/// Employees: normally maintained by HR sync; IT can add and correct them by hand (marked and audited).
public struct UserStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    static let select = """
        SELECT u.id, u.worker_id, u.employee_id, u.okta_id, u.email, u.given_name, u.family_name, u.preferred_name,
               c.code AS campus, u.department_code, u.meal_subsidy_cents, u.subsidy_period, u.active, u.hr_status,
               u.source, u.manual_edit_at, u.manual_edit_by, u.deactivated_at
        FROM users u LEFT JOIN campuses c ON c.id = u.campus_id
        """

    /// Users matching the filters, by e-mail; `search` matches names, e-mail and ids (case-insensitive).
    public func list(campus: String?, active: Bool?, search: String?, limit: Int) throws -> [UserRecord] {
        if let campus { _ = try CampusStore(db).find(campus) }
        return try db.query(Self.select + """
             WHERE ($1::text IS NULL OR c.code = $1) AND ($2::boolean IS NULL OR u.active = $2)
               AND ($3::text IS NULL OR u.email ILIKE '%' || $3 || '%' OR u.given_name ILIKE '%' || $3 || '%'
                    OR u.family_name ILIKE '%' || $3 || '%' OR u.employee_id = $3 OR u.worker_id = $3)
             ORDER BY lower(u.email) LIMIT $4
            """, [campus, active, search, limit]).map(UserRecord.init(row:))
    }

    /// Finds a user by e-mail (case-insensitive), employee id or worker id; 65 when none matches.
    public func find(_ reference: String) throws -> UserRecord {
        guard let row = try db.queryFirst(Self.select + """
             WHERE lower(u.email) = lower($1) OR u.employee_id = $1 OR u.worker_id = $1
             ORDER BY (lower(u.email) = lower($1)) DESC LIMIT 1
            """, [reference]) else {
            throw ToolError.data("unknown user \"\(reference)\"", hint: "name a user by e-mail, employee id or worker id")
        }
        return try UserRecord(row: row)
    }

    /// Refuses (65) a user erased under CCPA: their row is frozen under a pseudonym.
    private func refuseErased(_ user: UserRecord) throws {
        if try db.scalar("SELECT erased_at IS NOT NULL FROM users WHERE id = $1", [user.id], as: Bool.self) {
            throw ToolError.data("this user was erased (CCPA) and cannot be edited")
        }
    }

    private func resolveReferences(_ fields: UserFields) throws -> (campusID: UUID?, department: String?) {
        var campusID: UUID?
        if let campus = fields.campus { campusID = try CampusStore(db).find(campus).id }
        if let department = fields.department,
           try db.queryFirst("SELECT 1 FROM departments WHERE code = $1", [department]) == nil {
            throw ToolError.data("unknown department \"\(department)\"")
        }
        return (campusID, fields.department)
    }

    /// Adds an employee by hand (source 'manual'). The worker id defaults to `manual:<employee id>`.
    public func add(employeeID: String, workerID: String?, fields: UserFields) throws -> UserRecord {
        guard let email = fields.email, let given = fields.givenName, let family = fields.familyName else {
            throw ToolError.usage("users add needs --email, --given-name and --family-name")
        }
        return try db.transaction { tx in
            let store = UserStore(tx)
            let refs = try store.resolveReferences(fields)
            if let row = try tx.queryFirst("SELECT email FROM users WHERE lower(email) = lower($1) OR employee_id = $2", [email, employeeID]) {
                throw ToolError.data("a user with that e-mail or employee id exists (\(try row.decode("email", as: String.self)))",
                                     hint: "use `taco-admin users update`")
            }
            try tx.query("""
                INSERT INTO users (worker_id, employee_id, okta_id, email, given_name, family_name, preferred_name, department_code,
                                   campus_id, meal_subsidy_cents, subsidy_period, source, manual_edit_at, manual_edit_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, 0), coalesce($11, 'per-day'), 'manual', now(), session_user)
                """, [workerID ?? "manual:\(employeeID)", employeeID, fields.oktaID, email, given, family, fields.preferredName,
                      refs.department, refs.campusID, fields.mealSubsidyCents, fields.subsidyPeriod])
            return try store.find(employeeID)
        }
    }

    /// Applies a manual edit; marks the user as manually edited when something changed.
    public func update(_ reference: String, fields: UserFields) throws -> (user: UserRecord, changed: Bool) {
        try db.transaction { tx in
            let store = UserStore(tx)
            let current = try store.find(reference)
            try store.refuseErased(current)
            let refs = try store.resolveReferences(fields)
            let changed = try tx.query("""
                UPDATE users u SET email = coalesce($2, u.email), given_name = coalesce($3, u.given_name),
                       family_name = coalesce($4, u.family_name), preferred_name = coalesce($5, u.preferred_name),
                       okta_id = coalesce($6, u.okta_id), campus_id = coalesce($7, u.campus_id),
                       department_code = coalesce($8, u.department_code), meal_subsidy_cents = coalesce($9, u.meal_subsidy_cents),
                       subsidy_period = coalesce($10, u.subsidy_period), manual_edit_at = now(), manual_edit_by = session_user
                WHERE u.id = $1
                  AND (u.email, u.given_name, u.family_name, u.preferred_name, u.okta_id, u.campus_id, u.department_code,
                       u.meal_subsidy_cents, u.subsidy_period)
                      IS DISTINCT FROM (coalesce($2, u.email), coalesce($3, u.given_name), coalesce($4, u.family_name),
                       coalesce($5, u.preferred_name), coalesce($6, u.okta_id), coalesce($7, u.campus_id),
                       coalesce($8, u.department_code), coalesce($9, u.meal_subsidy_cents), coalesce($10, u.subsidy_period))
                """, [current.id, fields.email, fields.givenName, fields.familyName, fields.preferredName, fields.oktaID,
                      refs.campusID, refs.department, fields.mealSubsidyCents, fields.subsidyPeriod]).affectedRows > 0
            return (try store.find(current.employeeID), changed)
        }
    }

    /// Deactivates or reactivates a user by hand; a terminated employee cannot be reactivated by hand.
    public func setActive(_ reference: String, active: Bool) throws -> (user: UserRecord, changed: Bool) {
        try db.transaction { tx in
            let store = UserStore(tx)
            let current = try store.find(reference)
            try store.refuseErased(current)
            if active, current.hrStatus == "terminated" {
                throw ToolError.data("\(current.email) is terminated in HR and cannot be reactivated by hand",
                                     hint: "HR sync reactivates employees who are rehired")
            }
            let changed = try tx.query("""
                UPDATE users SET active = $2, manual_edit_at = now(), manual_edit_by = session_user
                WHERE id = $1 AND active <> $2
                """, [current.id, active]).affectedRows > 0
            return (try store.find(current.employeeID), changed)
        }
    }
}
