import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TacoKit

/// The HTTP side of `taco-jobs serve`: routes, auth, body limits; all SQL lives in `LocationServiceStore`.
struct LocationService: Sendable {
    let pool: ConnectionPool
    let logger: Logger
    let maxBody: Int
    let metrics = ServeMetrics()
    /// The group commit every positions request goes through.
    let positionWriter: PositionWriter
    /// Device token (SHA-256) → truck, filled on first use.
    let devices = DeviceTokens()
    /// The in-memory copy nearby answers from (nil: ask PostGIS on every request, `--nearby-cache 0`).
    var nearbySnapshot: NearbySnapshot? = nil
    /// More fixes than this in one request is a client bug, not a batch.
    static let maxFixes = 1000
    /// Bodies go through `PositionBatchJSON` first; `TACO_NO_FAST_PARSE` (read at start-up) sends all to JSONDecoder.
    var fastParse = ProcessInfo.processInfo.environment["TACO_NO_FAST_PARSE"] == nil

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger, metrics: metrics))
        router.get("/healthz") { _, _ in try Self.json(["status": "ok"]) }
        router.get("/readyz") { _, _ in try await readiness() }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.render(poolInUse: pool.inUse, poolSize: pool.size,
                                                                           writer: positionWriter.currentTotals))))
        }
        router.post("/api/v1/trucks/:truck_id/positions") { request, context in
            try await positions(request, context)
        }
        router.get("/api/v1/locations/nearby") { request, _ in try await nearby(request) }
        addWebSocketFallback(to: router)
        router.get("/api/v1/locations/campus/:code") { _, context in
            let code = context.parameters.get("code") ?? ""
            guard let trucks = try await database({ try LocationServiceStore($0).onCampus(code: code) }) else {
                throw HTTPError(.notFound, message: "campus \"\(code)\" not found")
            }
            return Self.json(bytes: LocationServiceStore.NearbyTruck.responseJSON(campus: code, trucks: trucks))
        }
        return router
    }

    /// Runs blocking database work on the pool; an unreachable database becomes 503 (fail fast, retry later).
    func database<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        do {
            return try await pool.withConnection(body)
        } catch let error as DatabaseUnavailable {
            throw unavailable(error)
        }
    }

    func unavailable(_ error: DatabaseUnavailable) -> HTTPError {
        logger.warning("database unavailable", metadata: ["reason": "\(error.reason)"])
        return HTTPError(.serviceUnavailable, message: "database unavailable")
    }

    /// The truck a device token belongs to: from memory after the first request (the position writer checks
    /// the token against the truck's row again under its lock, so a rotated or retired token stops at once).
    func deviceTruck(tokenHash: Data) async throws -> UUID? {
        if let known = devices.truck(for: tokenHash) { return known }
        guard let truck = try await database({ try LocationServiceStore($0).truck(forTokenHash: tokenHash) }) else { return nil }
        devices.remember(tokenHash, truck: truck)
        return truck
    }

    func readiness() async throws -> Response {
        do {
            let current = try await pool.withConnection { db in
                _ = try db.scalar("SELECT 1", as: Int.self)
                return try Migrator().isCurrent(db)
            }
            if current { return try Self.json(["status": "ready"]) }
            return try Self.json(["status": "not ready", "reason": "migrations are not current"], status: .serviceUnavailable)
        } catch {
            return try Self.json(["status": "not ready", "reason": "database unavailable"], status: .serviceUnavailable)
        }
    }

    /// Creates position partitions at start-up and then every hour until cancelled.
    func refreshPartitionsHourly() async {
        while !Task.isCancelled {
            do {
                let created = try await pool.withConnection { try LocationServiceStore($0).ensurePartitions() }
                logger.info("position partitions ensured", metadata: ["created": "\(created)"])
            } catch {
                logger.warning("could not ensure position partitions", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    // MARK: positions

    struct Rejected: Encodable {
        let index: Int
        let reason: String
    }

    struct PositionsReply: Encodable {
        let accepted: Int
        let rejected: [Rejected]
    }

    func positions(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let token = Self.bearerToken(request), let claimed = context.parameters.get("truck_id").flatMap(UUID.init(uuidString:)) else {
            throw Self.unauthorized
        }
        var request = request
        let body = try await request.collectBody(upTo: maxBody)
        let fixes: [PositionFix]
        // The byte-level reader declines (nil) anything it does not read exactly as below; that path owns the errors.
        if fastParse, let fast = body.withUnsafeReadableBytes(PositionBatchJSON.parse), fast.count <= Self.maxFixes {
            fixes = fast
        } else {
            let document: PositionBatchJSON.Body
            do {
                document = try JSONDecoder().decode(PositionBatchJSON.Body.self, from: Data(body.readableBytesView))
            } catch {
                throw HTTPError(.badRequest, message: "malformed JSON: expected {\"fixes\":[{\"recorded_at\",\"lat\",\"lon\",…}]}")
            }
            guard document.fixes.count <= Self.maxFixes else {
                throw HTTPError(.badRequest, message: "at most \(Self.maxFixes) fixes per request (got \(document.fixes.count))")
            }
            switch document.positionFixes() {
            case .success(let read): fixes = read
            case .failure(let bad): throw HTTPError(.badRequest, message: "fixes[\(bad.index)].recorded_at is not an RFC 3339 time")
            }
        }
        let tokenHash = TruckStore.tokenHash(token)
        guard let truckID = try await deviceTruck(tokenHash: tokenHash), truckID == claimed else { throw Self.unauthorized }
        let result: PositionBatchResult
        do {
            result = try await positionWriter.submit(PositionBatch(truckID: truckID, tokenHash: tokenHash, fixes: fixes))
        } catch let error as DatabaseUnavailable {
            throw unavailable(error)
        }
        guard case .recorded(let outcome) = result else {
            devices.forget(tokenHash)
            throw Self.unauthorized
        }
        metrics.positions(accepted: outcome.accepted.count, rejected: outcome.rejected.map(\.reason))
        for rejection in outcome.rejected {
            logger.info("position rejected", metadata: [
                "request_id": "\(context.id)", "truck_id": "\(claimed)", "index": "\(rejection.index)",
                "reason": "\(rejection.reason.rawValue)"])
        }
        return try Self.json(PositionsReply(
            accepted: outcome.accepted.count,
            rejected: outcome.rejected.map { Rejected(index: $0.index, reason: $0.reason.rawValue) }))
    }

    static let unauthorized = HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"])

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    // MARK: locations

    func nearby(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        func number(_ name: String, _ range: ClosedRange<Double>) throws -> Double {
            guard let text = query[name[...]], let value = Double(String(text)), value.isFinite, range.contains(value) else {
                throw HTTPError(.badRequest, message: "\(name) must be a number in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }
        let lat = try number("lat", -90...90)
        let lon = try number("lon", -180...180)
        let radius = try number("radius_m", 1...5000)
        if let nearbySnapshot {
            return Self.json(bytes: try await nearbySnapshot.nearbyJSON(lat: lat, lon: lon, radiusM: radius) {
                try await database { try LocationServiceStore($0).openTrucks() }
            })
        }
        let trucks = try await database { try LocationServiceStore($0).nearby(lat: lat, lon: lon, radiusM: radius) }
        return Self.json(bytes: LocationServiceStore.NearbyTruck.responseJSON(campus: nil, trucks: trucks))
    }

    static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.rfc3339(date, fractional: true))
        }
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// One JSON log line and the metrics per request, with the request id echoed in `X-Request-Id`.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let logger: Logger
    let metrics: ServeMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let id = context.id
        func finish(_ status: Int) {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let route = context.endpointPath ?? "unmatched"
            metrics.record(route: route, method: request.method.rawValue, status: status, seconds: seconds)
            logger.info("request", metadata: [
                "request_id": "\(id)", "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
                "route": "\(route)", "status": "\(status)", "duration_ms": "\(Int((seconds * 1000).rounded()))"])
        }
        do {
            var response = try await next(request, context)
            if let name = HTTPField.Name("X-Request-Id") { response.headers[name] = id }
            finish(response.status.code)
            return response
        } catch {
            finish((error as? any HTTPResponseError)?.status.code ?? 500)
            throw error
        }
    }
}
