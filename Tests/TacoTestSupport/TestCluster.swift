import Foundation
import TacoKit

/// The throwaway PostgreSQL cluster that `scripts/run-tests` starts (as the postgres user, on a Unix socket in a
/// temp dir, plus 127.0.0.1 with scram passwords) and describes through environment variables.
public enum TestCluster {
    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "no test cluster: run the suite with `make test` (scripts/run-tests starts PostgreSQL and sets TACO_TEST_*)"
        }
    }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The socket directory of the test cluster.
    public static func socketDirectory() throws -> String {
        guard let value = environment["TACO_TEST_SOCKET_DIR"], !value.isEmpty else { throw NotConfigured() }
        return value
    }

    /// The port (TCP on 127.0.0.1, and the socket's file name).
    public static func port() throws -> Int {
        guard let value = environment["TACO_TEST_PORT"], let port = Int(value) else { throw NotConfigured() }
        return port
    }

    /// The migrated template database each test clones.
    public static var template: String { environment["TACO_TEST_TEMPLATE"] ?? "taco_template" }
    public static var superuser: String { environment["TACO_TEST_SUPERUSER"] ?? "postgres" }

    /// A keyword/value conninfo for `user` on `database` over the Unix socket (trust authentication).
    public static func conninfo(database: String, user: String) throws -> String {
        "host='\(try socketDirectory())' port=\(try port()) dbname='\(database)' user='\(user)'"
    }

    /// A conninfo over TCP on 127.0.0.1, where passwords are checked (scram-sha-256).
    public static func tcpConninfo(database: String, user: String, password: String) throws -> String {
        "host=127.0.0.1 port=\(try port()) dbname='\(database)' user='\(user)' password='\(password)'"
    }

    /// A superuser connection to the maintenance database, for creating databases and roles.
    public static func superuserConnection(database: String = "postgres") throws -> PostgresConnection {
        try PostgresConnection(conninfo: try conninfo(database: database, user: superuser))
    }

    /// A unique lower-case name with a prefix, for databases and roles (roles are cluster-wide).
    public static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }
}

/// A fresh database cloned from the migrated template, for one test.
public struct TestDatabase: Sendable {
    public let name: String

    /// Clones the template (migrated) or creates an empty database owned by taco_owner (`migrated: false`).
    public static func make(migrated: Bool = true) throws -> TestDatabase {
        let name = TestCluster.uniqueName("t")
        let admin = try TestCluster.superuserConnection()
        if migrated {
            // CREATE DATABASE … TEMPLATE needs the template to be idle; retry briefly if another clone is starting.
            var attempt = 0
            while true {
                do {
                    try admin.execute("CREATE DATABASE \(name) TEMPLATE \(TestCluster.template) OWNER taco_owner")
                    break
                } catch let error as PostgresError where error.sqlState == "55006" && attempt < 50 {
                    attempt += 1
                    usleep(100_000)
                }
            }
        } else {
            try admin.execute("CREATE DATABASE \(name) OWNER taco_owner")
            let inside = try TestCluster.superuserConnection(database: name)
            try inside.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        }
        return TestDatabase(name: name)
    }

    public func conninfo(user: String = "taco_owner") throws -> String {
        try TestCluster.conninfo(database: name, user: user)
    }

    /// A connection as `user` (default: the owner, which runs migrations and loads fixtures).
    public func connect(as user: String = "taco_owner") throws -> PostgresConnection {
        try PostgresConnection(conninfo: try conninfo(user: user))
    }

    /// A superuser connection to this database.
    public func superuser() throws -> PostgresConnection {
        try TestCluster.superuserConnection(database: name)
    }

    /// Creates a real LOGIN role in `group` (e.g. "taco_vendor_admin"), optionally with a password, and returns its name.
    public func createLogin(group: String, prefix: String = "login", password: String? = nil) throws -> String {
        let login = TestCluster.uniqueName(prefix)
        let admin = try superuser()
        try admin.execute("CREATE ROLE \(login) LOGIN IN ROLE \(group)")
        if let password {
            try admin.query("SELECT set_config('taco.test_pw', $1, false)", [password])
            try admin.execute("DO $$ BEGIN EXECUTE format('ALTER ROLE \(login) PASSWORD %L', current_setting('taco.test_pw')); END $$")
        }
        return login
    }
}
