import ArgumentParser
import Dispatch
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import TacoKit

extension TacoJobs {
    struct Serve: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Run the location service (HTTP JSON API and WebSocket stream) until SIGTERM or SIGINT.",
            discussion: HelpText.root(
                """
                Serves position ingest from trucks' GPS units (bearer device token from `taco-vendor trucks token`), \
                nearby and campus truck lookups, /healthz, /readyz and /metrics. Logs one JSON object per line on \
                stderr, each request with its request id. Run as a taco_jobs login. SIGTERM or SIGINT stops accepting \
                connections, closes every WebSocket with 1001 (going away), finishes in-flight requests and exits 0.

                Geofences: a truck arrives at a campus once its fixes stay at least --geofence-enter-m inside the \
                boundary for --geofence-dwell, and departs once they stay at least --geofence-exit-m outside for \
                --geofence-dwell (defaults 25 m, 50 m, 60s), so GPS jitter at the edge never flaps. Campuses \
                without a boundary have no geofence. Events go to geofence_events and out with the batch's one \
                notification; the state lives in the database, so several instances agree.

                Live stream: GET /ws/locations?campus=CODE (WebSocket) sends JSON text messages {"type": \
                "position"|"arrival"|"departure", "truck_id", "vendor", "lat", "lon", "at", "campus", …} for trucks \
                on or near that campus (404 for an unknown campus). Each subscriber has a buffer of --ws-buffer \
                events; a subscriber that falls further behind is closed with 1008 and counted in /metrics. One \
                LISTEN connection per process feeds all subscribers (taco_positions) and reconnects after a \
                database restart.
                """,
                examples: ["taco-jobs serve --listen 127.0.0.1:8080 --pool-size 8",
                           "taco-jobs serve --listen 0.0.0.0:8080 --max-body 512KB --database-url postgresql:///taco",
                           "taco-jobs serve --geofence-enter-m 30 --geofence-exit-m 80 --geofence-dwell 90s --ws-buffer 512"]),
            aliases: []
        )

        @Option(name: .long, help: "Address and port to listen on (host:port).")
        var listen = "127.0.0.1:8080"

        @Option(name: .customLong("max-body"), help: "Largest request body accepted (bytes, or with KB/MB).")
        var maxBody = "1MB"

        @Option(name: .customLong("pool-size"), help: "Database connections in the pool.")
        var poolSize = 4

        @Option(name: .customLong("geofence-enter-m"), help: "Metres inside a campus boundary a truck must be to arrive.")
        var geofenceEnterM = GeofenceRules().enterMarginM

        @Option(name: .customLong("geofence-exit-m"), help: "Metres outside a campus boundary a truck must be to depart.")
        var geofenceExitM = GeofenceRules().exitMarginM

        @Option(name: .customLong("geofence-dwell"),
                help: "How long fixes must stay past a margin before an arrival or departure counts (e.g. 60s, 2m, 0).")
        var geofenceDwell = "60s"

        @Option(name: .customLong("ws-buffer"),
                help: "Events queued per WebSocket subscriber; a subscriber that falls further behind is closed (1008).")
        var wsBuffer = 256

        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let (host, port) = try Self.parseListen(listen)
            guard let maxBodyBytes = Self.parseSize(maxBody), maxBodyBytes > 0 else {
                throw ToolError.usage("--max-body \"\(maxBody)\" is not a size", hint: "e.g. 1MB, 512KB or 65536")
            }
            guard (1...256).contains(poolSize) else {
                throw ToolError.usage("--pool-size must be 1..256 (got \(poolSize))")
            }
            let rules = try geofenceRules()
            guard (1...100_000).contains(wsBuffer) else {
                throw ToolError.usage("--ws-buffer must be 1..100000 events (got \(wsBuffer))")
            }
            // Vendor logins would see a row-level-security-filtered world and fail on every write: refuse them up front.
            try context.requireRole(["taco_jobs", "taco_sysadmin"], for: "run the location service")
            let handler = StderrLogHandler(tool: context.tool, format: .json,
                                           level: output.quiet ? .error : (output.verbose ? .debug : .info),
                                           style: context.errorStyle, stream: context.stderr)
            let logger = Logger(label: "tacotracker.serve") { _ in handler }
            // An unreachable host would otherwise hold a pool slot for the kernel's TCP timeout; libpq reads this
            // default unless the conninfo or the environment sets one.
            setenv("PGCONNECT_TIMEOUT", "5", 0)
            // PostGIS functions carry high planner costs, so short geofence queries crossed jit_above_cost and
            // spent more time compiling than running: JIT never pays off for this service's small statements.
            let pool = ConnectionPool(conninfo: connection.resolvedConninfo(), size: poolSize,
                                      prepare: { _ = try $0.execute("SET jit = off") })
            var configured = LocationService(pool: pool, logger: logger, maxBody: maxBodyBytes)
            configured.geofence = rules
            let service = configured
            let hub = try LocationHub(conninfo: connection.resolvedConninfo(), logger: logger, metrics: service.metrics,
                                      bufferSize: wsBuffer)
            let app = Application(
                router: service.router(),
                server: LiveServerChannel.builder(
                    webSocketRouter: service.webSocketRouter(hub: hub),
                    configuration: .init(ws: .init(autoPing: .enabled(timePeriod: .seconds(30))))),
                // WebSocket clients reconnect in bursts (after a deploy, at lunch): 256 pending connections overflowed.
                configuration: .init(address: .hostname(host, port: port), serverName: nil, backlog: 2048),
                onServerRunning: { channel in
                    logger.info("listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? listen)"])
                },
                logger: logger)
            hub.start()
            let outcome = RunOutcome()
            let done = DispatchSemaphore(value: 0)
            // The root command is synchronous (argument-parser would refuse an async subcommand under it), so the
            // server runs in a Task while this thread waits; nothing here is MainActor-bound.
            Task {
                let refresher = Task { await service.refreshPartitionsHourly() }
                // The hub is listed last so graceful shutdown reaches it first: it closes every WebSocket with
                // 1001 before the HTTP server stops (which would otherwise close them with a plain 1000).
                let group = ServiceGroup(configuration: .init(services: [app, hub],
                                                              gracefulShutdownSignals: [.sigterm, .sigint],
                                                              logger: logger))
                do {
                    try await group.run()
                } catch {
                    outcome.set(error)
                }
                refresher.cancel()
                done.signal()
            }
            done.wait()
            pool.close()
            if let error = outcome.error {
                throw ToolError(.unavailable, "the service stopped: \(error)")
            }
            logger.info("stopped")
        }

        func geofenceRules() throws -> GeofenceRules {
            for (flag, value) in [("--geofence-enter-m", geofenceEnterM), ("--geofence-exit-m", geofenceExitM)]
            where !(value.isFinite && (0...10_000).contains(value)) {
                throw ToolError.usage("\(flag) must be 0..10000 metres (got \(value))")
            }
            guard let dwell = Self.parseDuration(geofenceDwell), (0...3600).contains(dwell) else {
                throw ToolError.usage("--geofence-dwell \"\(geofenceDwell)\" is not a duration of 0..3600 s",
                                      hint: "e.g. 60s, 2m or 0")
            }
            return GeofenceRules(enterMarginM: geofenceEnterM, exitMarginM: geofenceExitM, dwell: dwell)
        }

        /// Seconds from "90", "90s", "2m" or "1h".
        static func parseDuration(_ text: String) -> TimeInterval? {
            let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
            for (suffix, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where lower.hasSuffix(suffix) {
                return Double(lower.dropLast(suffix.count)).flatMap { $0.isFinite ? $0 * factor : nil }
            }
            return Double(lower).flatMap { $0.isFinite ? $0 : nil }
        }

        static func parseListen(_ text: String) throws -> (String, Int) {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                  (0...65535).contains(port) else {
                throw ToolError.usage("--listen \"\(text)\" is not host:port", hint: "e.g. 127.0.0.1:8080")
            }
            var host = String(text[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return (host.isEmpty ? "0.0.0.0" : host, port)
        }

        static func parseSize(_ text: String) -> Int? {
            let upper = text.uppercased().trimmingCharacters(in: .whitespaces)
            for (suffix, factor) in [("MB", 1 << 20), ("KB", 1 << 10), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
            where upper.hasSuffix(suffix) {
                return Int(upper.dropLast(suffix.count)).map { $0 * factor }
            }
            return Int(upper)
        }
    }
}

/// The error (if any) the server task ended with, handed to the waiting thread.
private final class RunOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}
