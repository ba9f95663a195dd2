import ArgumentParser
import Dispatch
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import TacoIntegrations
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
                connections, closes every WebSocket with 1001 (going away), finishes in-flight requests, stops the \
                background loops and exits 0.

                Position ingest: a request is answered once its fixes are committed. One writer per process groups \
                the requests waiting into one transaction (trucks' rows locked in id order, each batch filtered \
                against the stored last fix, one binary COPY + INSERT, one notification per truck), so under load \
                many requests share a commit. Device tokens are looked up once and re-checked under the lock on \
                every batch (a rotated token or retired truck gets 401 at once).

                Geofences: a truck arrives at a campus once its fixes stay at least --geofence-enter-m inside the \
                boundary for --geofence-dwell, and departs once they stay at least --geofence-exit-m outside for \
                --geofence-dwell (defaults 25 m, 50 m, 60s), so GPS jitter at the edge never flaps. Campuses \
                without a boundary have no geofence. Events go to geofence_events and out with the batch's one \
                notification; the state lives in the database, so several instances agree. Boundaries are tested \
                in memory (PostGIS's buffers by both margins, re-read within a second of a campus change).

                Live stream: GET /ws/locations?campus=CODE (WebSocket) sends JSON text messages {"type": \
                "position"|"arrival"|"departure", "truck_id", "vendor", "lat", "lon", "at", "campus", …} for trucks \
                on or near that campus (404 for an unknown campus). Each subscriber has a buffer of --ws-buffer \
                events; a subscriber that falls further behind is closed with 1008 and counted in /metrics. One \
                LISTEN connection per process feeds all subscribers (taco_positions) and reconnects after a \
                database restart.

                GET /api/v1/locations/nearby?lat=&lon=&radius_m= (radius 1-5000 m) answers from an in-memory copy of \
                the open trucks (active, approved vendor, position under an hour old, with today's hours) reloaded \
                from PostgreSQL when older than --nearby-cache (default 1s; one request reloads, the others keep \
                answering): a new position or a suspended vendor shows within that time on every instance. Distances \
                are great-circle metres, within 0.5% of PostGIS's. --nearby-cache 0 asks PostGIS (ST_DWithin) on \
                every request. GET /api/v1/locations/campus/{code} always asks PostGIS (ST_Covers on the boundary).

                Employee order API (only with --jwt-issuer, --jwt-audience and --jwks or --jwks-url): bearer tokens \
                are Okta-issued JWTs, RS256 only, issuer and audience exact, exp/nbf with --jwt-leeway; the \
                --jwt-user-claim (default email; `sub` matches users.okta_id) must name an active employee. Any \
                failure answers 401 with WWW-Authenticate: Bearer and no detail. GET /api/v1/users/me, \
                GET /api/v1/vendors[?campus=CODE], GET /api/v1/vendors/{id}/menu, POST /api/v1/orders (header \
                Idempotency-Key required: the same key and body answer the same order, 200; a new order 201; the \
                key with another body 409; invalid input 422 with {"errors":[{"path","message"}]}), \
                GET /api/v1/orders/{id} (own orders only: another employee's is 404 like a missing one), \
                POST /api/v1/orders/{id}/cancel (PENDING or CONFIRMED; optional {"reason"}).

                POST /webhooks/stripe (only with --stripe-webhook-secret-file or TACO_STRIPE_WEBHOOK_SECRET): \
                Stripe-Signature verified (bad or stale: 400), each event applied once (a replay answers 200), \
                payment_intent.succeeded confirms a PENDING order, failed/canceled cancel it.

                Background loops (off with --no-background), safe with several instances: the outbox dispatcher \
                every --outbox-interval (providers from TACO_PUSH_URL, TACO_EMAIL_URL, STRIPE_API_KEY as for \
                `taco-jobs outbox run`), cancelling PENDING orders unpaid after --expire-pending-after (checked every \
                minute), creating position partitions hourly.
                """,
                examples: ["taco-jobs serve --listen 127.0.0.1:8080 --pool-size 8",
                           "taco-jobs serve --listen 0.0.0.0:8080 --max-body 512KB --database-url postgresql:///taco",
                           "taco-jobs serve --geofence-enter-m 30 --geofence-exit-m 80 --geofence-dwell 90s --ws-buffer 512",
                           "taco-jobs serve --jwt-issuer https://example.okta.com/oauth2/default --jwt-audience api://tacotracker --jwks-url https://example.okta.com/oauth2/default/v1/keys --stripe-webhook-secret-file /etc/tacotracker/stripe-whsec"]),
            aliases: []
        )

        @Option(name: .long, help: "Address and port to listen on (host:port).")
        var listen = "127.0.0.1:8080"

        @Option(name: .customLong("max-body"), help: "Largest request body accepted (bytes, or with KB/MB).")
        var maxBody = "1MB"

        @Option(name: .customLong("pool-size"), help: "Database connections in the pool.")
        var poolSize = 4

        @Option(name: .customLong("nearby-cache"),
                help: "Answer nearby from an in-memory copy of the open trucks at most this old, e.g. 1s or 500ms; 0 asks PostGIS per request.")
        var nearbyCache = "1s"

        @Option(name: .customLong("jwt-issuer"), help: "Required `iss` of employee tokens (the Okta authorization server URL).")
        var jwtIssuer: String?

        @Option(name: .customLong("jwt-audience"), help: "Required `aud` of employee tokens.")
        var jwtAudience: String?

        @Option(name: .customLong("jwks"), help: "JWKS file with the token signing keys.")
        var jwksFile: String?

        @Option(name: .customLong("jwks-url"), help: "JWKS URL (cached; re-fetched on an unknown kid at most once a minute).")
        var jwksURL: String?

        @Option(name: .customLong("jwt-user-claim"), help: "Token claim naming the employee: users.email (or okta_id for `sub`).")
        var jwtUserClaim = "email"

        @Option(name: .customLong("jwt-leeway"), help: "Clock leeway for exp/nbf, e.g. 60s.")
        var jwtLeeway: RelativeSpan = RelativeSpan("60s")!

        @Option(name: .customLong("stripe-webhook-secret-file"),
                help: "File holding the Stripe endpoint secret (whsec_…); or set TACO_STRIPE_WEBHOOK_SECRET.")
        var stripeWebhookSecretFile: String?

        @Option(name: .customLong("outbox-interval"), help: "Pause between outbox dispatcher passes, e.g. 5s.")
        var outboxInterval: RelativeSpan = RelativeSpan("5s")!

        @Option(name: .customLong("expire-pending-after"), help: "Cancel PENDING orders unpaid for this long, e.g. 15m.")
        var expirePendingAfter: RelativeSpan = RelativeSpan("15m")!

        @Flag(name: .customLong("no-background"), help: "Run no background loops (outbox, expiry, partitions): API only.")
        var noBackground = false

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
            guard let cacheSeconds = Self.parseDuration(nearbyCache), (0...3600).contains(cacheSeconds) else {
                throw ToolError.usage("--nearby-cache \"\(nearbyCache)\" is not a duration of 0..3600 s", hint: "e.g. 1s, 500ms or 0")
            }
            let employeeAuth = try employeeAuthSettings()
            let webhookSecret = try stripeWebhookSecret()
            let providers = noBackground ? [] : try OutboxProviders.fromEnvironment()
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
                                      prepare: { connection in
                                          _ = try connection.execute("SET jit = off")
                                          // The pool runs the same statements all day: parse and plan each once per
                                          // connection (order placement spent most of PostgreSQL's CPU re-parsing).
                                          connection.preparesStatements = true
                                      })
            let cacheMillis = Int((cacheSeconds * 1000).rounded())
            // Position fixes go through one group-commit writer with a connection of its own (its staging table).
            let writerPool = ConnectionPool(conninfo: connection.resolvedConninfo(), size: 1,
                                            applicationName: "taco-jobs serve positions", prepare: PositionWriter.connectionSetup)
            let positionWriter = PositionWriter(pool: writerPool, rules: rules)
            let service = LocationService(pool: pool, logger: logger, maxBody: maxBodyBytes, positionWriter: positionWriter,
                                          nearbySnapshot: cacheMillis > 0 ? NearbySnapshot(maxAge: .milliseconds(cacheMillis)) : nil)
            let router = service.router()
            if let (verifier, keys) = employeeAuth {
                do {
                    try Self.waitFor { try await keys.refresh() }
                } catch {
                    throw ToolError(.noInput, "cannot load the token signing keys: \(error)",
                                    hint: "--jwks FILE or --jwks-url URL must give a JWKS with an RSA key")
                }
                OrderAPI(service: service, auth: EmployeeAuth(verifier: verifier, keys: keys, logger: logger)).addRoutes(to: router)
            } else {
                logger.info("order API off: no --jwt-issuer/--jwt-audience/--jwks")
            }
            if let webhookSecret {
                StripeWebhookRoute(service: service, verifier: StripeWebhookVerifier(secret: webhookSecret)).addRoutes(to: router)
            } else {
                logger.info("stripe webhook off: no --stripe-webhook-secret-file or TACO_STRIPE_WEBHOOK_SECRET")
            }
            var settings = ServeBackground.Settings()
            settings.outboxInterval = TimeInterval(outboxInterval.seconds)
            settings.expirePendingAfter = expirePendingAfter.seconds
            let background = ServeBackground(service: service, conninfo: connection.resolvedConninfo(), providers: providers,
                                             settings: settings)
            let hub = try LocationHub(conninfo: connection.resolvedConninfo(), logger: logger, metrics: service.metrics,
                                      bufferSize: wsBuffer)
            let app = Application(
                router: router,
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
            let runBackground = !noBackground
            Task {
                if runBackground { background.start() }
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
                done.signal()
            }
            done.wait()
            // Here, not in the task: stopping waits (bounded) for a delivery in progress, which must not block a
            // cooperative thread.
            background.stop()
            pool.close()
            writerPool.close()
            if let error = outcome.error {
                throw ToolError(.unavailable, "the service stopped: \(error)")
            }
            logger.info("stopped")
        }

        /// The verifier and key cache when the order API is configured; all of issuer, audience and keys or none.
        func employeeAuthSettings() throws -> (JWTVerifier, JWKSCache)? {
            let given = [jwtIssuer, jwtAudience, jwksFile, jwksURL].compactMap { $0 }
            guard !given.isEmpty else { return nil }
            guard let issuer = jwtIssuer, !issuer.isEmpty, let audience = jwtAudience, !audience.isEmpty else {
                throw ToolError.usage("the order API needs both --jwt-issuer and --jwt-audience",
                                      hint: "plus --jwks FILE or --jwks-url URL")
            }
            guard !jwtUserClaim.isEmpty else { throw ToolError.usage("--jwt-user-claim must not be empty") }
            let keys: JWKSCache
            switch (jwksFile, jwksURL) {
            case (let file?, nil):
                keys = .file(file)
            case (nil, let text?):
                guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                    throw ToolError.usage("--jwks-url \(text) is not an http(s) URL")
                }
                keys = .url(url)
            default:
                throw ToolError.usage("give exactly one of --jwks FILE and --jwks-url URL")
            }
            return (JWTVerifier(issuer: issuer, audience: audience, identityClaim: jwtUserClaim,
                                leeway: TimeInterval(jwtLeeway.seconds)), keys)
        }

        /// The webhook signing secret from --stripe-webhook-secret-file, else TACO_STRIPE_WEBHOOK_SECRET; nil: none.
        func stripeWebhookSecret() throws -> String? {
            if let path = stripeWebhookSecretFile {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ToolError(.noInput, "cannot read --stripe-webhook-secret-file \(path)")
                }
                let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !secret.isEmpty else { throw ToolError.data("\(path) is empty", hint: "it holds the whsec_… secret") }
                return secret
            }
            let secret = ProcessInfo.processInfo.environment["TACO_STRIPE_WEBHOOK_SECRET"]?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return secret.isEmpty ? nil : secret
        }

        /// Runs async start-up work from this synchronous command and waits for it.
        static func waitFor(_ work: @escaping @Sendable () async throws -> Void) throws {
            let outcome = RunOutcome()
            let done = DispatchSemaphore(value: 0)
            Task {
                do { try await work() } catch { outcome.set(error) }
                done.signal()
            }
            done.wait()
            if let error = outcome.error { throw error }
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
