import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import TacoKit

/// The WebSocket router's request context: like the basic one, plus the channel, so a consumer that stopped
/// reading can be cut off even while a write to it is stuck.
struct LiveRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<LiveRequestContext>
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}

/// `GET /ws/locations?campus=CODE`: the live stream of a campus. One LISTEN connection per process receives
/// the position batches' notifications and fans each event out to that campus's subscribers, each through a
/// bounded buffer; a subscriber whose buffer is full is dropped (1008), never waited for.
final class LocationHub: Service, @unchecked Sendable {
    enum CloseReason: Sendable {
        case slowConsumer
        case shutdown
        case clientGone
    }

    /// One connected client: the buffer between the listener and its socket.
    final class Subscriber: @unchecked Sendable {
        let campus: String
        let channel: any Channel
        let stream: AsyncStream<String>
        private let continuation: AsyncStream<String>.Continuation
        private let lock = NSLock()
        private var reason: CloseReason?
        private var done = false

        init(campus: String, channel: any Channel, buffer: Int) {
            self.campus = campus
            self.channel = channel
            (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(buffer))
        }

        /// Queues a message; false when the buffer is full.
        func offer(_ text: String) -> Bool {
            if case .dropped = continuation.yield(text) { return false }
            return true
        }

        /// Ends the stream; the first reason given wins.
        func end(_ why: CloseReason) {
            lock.withLock { if reason == nil { reason = why } }
            continuation.finish()
        }

        var closeReason: CloseReason? { lock.withLock { reason } }

        /// The handler has sent its close frame (or the connection is gone).
        func finished() { lock.withLock { done = true } }
        var isFinished: Bool { lock.withLock { done } }
    }

    let conninfo: String?
    let logger: Logger
    let metrics: ServeMetrics
    let bufferSize: Int
    private let lock = NSLock()
    private var subscribers: [String: [ObjectIdentifier: Subscriber]] = [:]
    private var stopping = false
    /// The first LISTEN connection, opened before the server accepts anyone (see `start()`).
    private var initial: PostgresConnection?
    /// Written once at shutdown: wakes the listener thread out of poll(2).
    private let wakeRead: Int32
    private let wakeWrite: Int32

    init(conninfo: String?, logger: Logger, metrics: ServeMetrics, bufferSize: Int) throws {
        self.conninfo = conninfo
        self.logger = logger
        self.metrics = metrics
        self.bufferSize = bufferSize
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ToolError(.failure, "pipe: \(String(cString: strerror(errno)))") }
        (wakeRead, wakeWrite) = (fds[0], fds[1])
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    var clientCount: Int { lock.withLock { subscribers.values.reduce(0) { $0 + $1.count } } }

    // MARK: subscribers

    /// Registers a client of `campus`; nil once the service is shutting down.
    func subscribe(campus: String, channel: any Channel) -> Subscriber? {
        let subscriber = Subscriber(campus: campus, channel: channel, buffer: bufferSize)
        let added: Bool = lock.withLock {
            guard !stopping else { return false }
            subscribers[campus, default: [:]][ObjectIdentifier(subscriber)] = subscriber
            return true
        }
        guard added else { return nil }
        metrics.webSocketClients(delta: 1)
        return subscriber
    }

    func unsubscribe(_ subscriber: Subscriber) {
        let removed: Bool = lock.withLock {
            subscribers[subscriber.campus]?.removeValue(forKey: ObjectIdentifier(subscriber)) != nil
        }
        subscriber.finished()
        if removed { metrics.webSocketClients(delta: -1) }
    }

    /// Sends `text` to every subscriber of `campus`; full buffers get their subscriber dropped.
    func publish(_ text: String, campus: String) {
        let targets: [Subscriber] = lock.withLock { subscribers[campus].map { Array($0.values) } ?? [] }
        for subscriber in targets where !subscriber.offer(text) {
            drop(subscriber)
        }
    }

    private func drop(_ subscriber: Subscriber) {
        guard subscriber.closeReason == nil else { return }
        subscriber.end(.slowConsumer)
        metrics.webSocketDroppedSlow()
        logger.warning("websocket consumer too slow: closing it", metadata: [
            "campus": "\(subscriber.campus)", "buffer": "\(bufferSize)",
            "remote": "\(subscriber.channel.remoteAddress.map { "\($0)" } ?? "?")"])
        // A consumer that stopped reading may never take the close frame: give it a moment, then cut it off.
        let channel = subscriber.channel
        Task {
            try? await Task.sleep(for: .seconds(2))
            if !subscriber.isFinished { try? await channel.close() }
        }
    }

    /// The WebSocket handler: writes the subscriber's events until it is dropped, the service stops or the
    /// client leaves, then closes with the matching code.
    func serve(campus: String, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
               channel: any Channel) async throws {
        guard let subscriber = subscribe(campus: campus, channel: channel) else {
            try await outbound.close(.goingAway, reason: "server shutting down")
            return
        }
        defer { unsubscribe(subscriber) }
        let metrics = self.metrics
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Clients only listen; reading keeps ping/pong and their close handshake going.
                for try await _ in inbound {}
                subscriber.end(.clientGone)
            }
            group.addTask {
                for await text in subscriber.stream {
                    if subscriber.closeReason != nil { break }
                    try await outbound.write(.text(text))
                    metrics.webSocketSent()
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
        switch subscriber.closeReason {
        case .slowConsumer:
            try await outbound.close(.policyViolation, reason: "slow consumer: more than \(bufferSize) events waiting")
        case .shutdown:
            try await outbound.close(.goingAway, reason: "server shutting down")
        case .clientGone, nil:
            break
        }
    }

    // MARK: service

    /// Runs the listener until graceful shutdown, then closes every WebSocket with 1001 and waits (bounded)
    /// for the close frames to go out before the HTTP server stops.
    func run() async throws {
        let thread = ListenerThread { [self] in listen() }
        await withGracefulShutdownHandler {
            await thread.run()
        } onGracefulShutdown: { [self] in
            stop()
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while clientCount > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        logger.info("websockets closed", metadata: ["left": "\(clientCount)"])
    }

    func stop() {
        let all: [Subscriber] = lock.withLock {
            stopping = true
            return subscribers.values.flatMap(\.values)
        }
        for subscriber in all { subscriber.end(.shutdown) }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    /// Opens the LISTEN connection before the server starts, so a client served after "listening" misses no
    /// event; a database that is down now is retried by the loop instead.
    func start() {
        do {
            let db = try openListener()
            lock.withLock { initial = db }
        } catch {
            logger.warning("position listener cannot reach the database yet; retrying", metadata: ["error": "\(error)"])
        }
    }

    private func openListener() throws -> PostgresConnection {
        let db = try PostgresConnection(conninfo: conninfo, applicationName: "taco-jobs serve (listen)")
        try db.listen(LocationServiceStore.positionsChannel)
        return db
    }

    /// The LISTEN loop (on its own thread: libpq blocks). Reconnects with backoff after a lost connection.
    private func listen() {
        var backoff = 0.25
        var connectedBefore = false
        while !isStopping {
            do {
                let opened: PostgresConnection? = lock.withLock {
                    defer { initial = nil }
                    return initial
                }
                let db = try opened ?? openListener()
                if connectedBefore {
                    metrics.listenerReconnected()
                    logger.info("position listener reconnected")
                } else {
                    logger.debug("position listener started")
                }
                connectedBefore = true
                backoff = 0.25
                while !isStopping {
                    guard let notes = try db.waitForNotifications(timeout: .seconds(30), orUntilReadable: wakeRead) else { break }
                    // A quiet half-open connection would wait forever: probe it now and then.
                    if notes.isEmpty { _ = try db.execute("SELECT 1"); continue }
                    for note in notes { dispatch(note.payload, db: db) }
                }
            } catch {
                guard !isStopping else { break }
                logger.warning("position listener lost the database; reconnecting", metadata: [
                    "error": "\(error)", "retry_in_ms": "\(Int(backoff * 1000))"])
                var descriptor = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, Int32(backoff * 1000))
                backoff = min(backoff * 2, 10)
            }
        }
    }

    // MARK: events

    struct Notice: Decodable {
        struct Event: Decodable {
            let id: Int64
            let kind: String
            let campus: String
            let at: String
        }
        let truck_id: String
        let vendor_id: String
        let truck_name: String?
        let vendor: String?
        let vendor_name: String?
        let campus: String?
        let campuses: [String]?
        let recorded_at: String
        let lat: Double
        let lon: Double
        let accuracy_m: Double?
        let speed_mps: Double?
        let heading_deg: Double?
        let event_ids: [Int64]?
        let events: [Event]?
    }

    /// One message on the wire.
    struct LiveEvent: Encodable {
        let type: String
        let truck_id: String
        let truck_name: String?
        let vendor_id: String
        let vendor: String?
        let vendor_name: String?
        let campus: String?
        let lat: Double
        let lon: Double
        let at: String
        let recorded_at: String
        let accuracy_m: Double?
        let speed_mps: Double?
        let heading_deg: Double?
        let event_id: Int64?
    }

    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private func dispatch(_ payload: String, db: PostgresConnection) {
        // Trucks report all day; with nobody watching, a notification is not worth decoding.
        guard lock.withLock({ subscribers.values.contains { !$0.isEmpty } }) else { return }
        guard let notice = try? JSONDecoder().decode(Notice.self, from: Data(payload.utf8)) else {
            logger.warning("unreadable position notification", metadata: ["payload": "\(payload.prefix(200))"])
            return
        }
        var events = notice.events ?? []
        if events.isEmpty, let ids = notice.event_ids, ids.count == 2 {
            // Too many for the payload: read them (the listener's connection is free between notifications).
            do {
                events = try GeofenceStore(db).events(from: ids[0], through: ids[1]).map {
                    Notice.Event(id: $0.id, kind: $0.kind.rawValue, campus: $0.campus,
                                 at: Timestamp.rfc3339($0.at, fractional: true))
                }
            } catch {
                logger.warning("could not read geofence events", metadata: ["error": "\(error)"])
            }
        }
        func message(_ type: String, campus: String?, at: String, id: Int64?) -> String? {
            let event = LiveEvent(type: type, truck_id: notice.truck_id, truck_name: notice.truck_name,
                                  vendor_id: notice.vendor_id, vendor: notice.vendor, vendor_name: notice.vendor_name,
                                  campus: campus, lat: notice.lat, lon: notice.lon, at: at,
                                  recorded_at: notice.recorded_at, accuracy_m: notice.accuracy_m,
                                  speed_mps: notice.speed_mps, heading_deg: notice.heading_deg, event_id: id)
            return (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) }
        }
        let routed = Set(notice.campuses ?? [])
        for event in events where routed.contains(event.campus) {
            let type = event.kind == GeofenceKind.depart.rawValue ? "departure" : "arrival"
            if let text = message(type, campus: event.campus, at: event.at, id: event.id) {
                publish(text, campus: event.campus)
            }
        }
        guard !routed.isEmpty, let text = message("position", campus: notice.campus, at: notice.recorded_at, id: nil) else {
            return
        }
        for campus in routed.sorted() { publish(text, campus: campus) }
    }
}

/// Runs a blocking loop on a dedicated thread and lets async code await its end.
private final class ListenerThread: @unchecked Sendable {
    private let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    func run() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread { [body] in
                body()
                continuation.resume()
            }
            thread.name = "tacotracker.listen"
            thread.start()
        }
    }
}

/// The server's connections: hummingbird-websocket's HTTP/1 + upgrade channel, plus `RefusedUpgradeStatus`.
struct LiveServerChannel: ServerChildChannel {
    let inner: HTTP1WebSocketUpgradeChannel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1WebSocketUpgradeChannel.Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(RefusedUpgradeStatus(), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1WebSocketUpgradeChannel.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }

    /// HTTP/1 with WebSocket upgrades through `webSocketRouter`.
    static func builder(webSocketRouter: Router<LiveRequestContext>,
                        configuration: HTTP1WebSocketUpgradeChannel.Configuration) -> HTTPServerBuilder {
        let webSocketResponder = webSocketRouter.buildResponder()
        return HTTPServerBuilder { responder in
            LiveServerChannel(inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder,
                                                                  configuration: configuration))
        }
    }
}

/// hummingbird-websocket answers every refused upgrade with a bare 400, whatever the reason. Ours refuses only
/// unknown campuses (and paths), so on a connection whose first request asked for an upgrade, a first response
/// of exactly that 400 becomes 404. Works on the raw bytes at the front of the pipeline, so it is the same
/// handler before and after an upgrade; after the first response it only passes data through.
final class RefusedUpgradeStatus: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private static let refused = Array("HTTP/1.1 400 Bad Request\r\n".utf8)
    private static let notFound = "HTTP/1.1 404 Not Found\r\n"
    private var head: [UInt8] = []
    private var upgradeRequested = false
    private var done = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !done, head.count < 8192 {
            head += unwrapInboundIn(data).readableBytesView.prefix(8192 - head.count)
            let text = String(decoding: head, as: UTF8.self).lowercased()
            if let end = text.range(of: "\r\n\r\n") {
                upgradeRequested = text[..<end.lowerBound].contains("\r\nupgrade: websocket")
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !done else { return context.write(data, promise: promise) }
        done = true
        var buffer = unwrapOutboundIn(data)
        guard upgradeRequested, buffer.readableBytesView.starts(with: Self.refused) else {
            return context.write(data, promise: promise)
        }
        buffer.moveReaderIndex(forwardBy: Self.refused.count)
        var rewritten = context.channel.allocator.buffer(capacity: buffer.readableBytes + Self.notFound.utf8.count)
        rewritten.writeString(Self.notFound)
        rewritten.writeBuffer(&buffer)
        context.write(wrapOutboundOut(rewritten), promise: promise)
    }
}

extension LocationService {
    /// The WebSocket routes (their own router: only upgrades go through it).
    func webSocketRouter(hub: LocationHub) -> Router<LiveRequestContext> {
        let router = Router(context: LiveRequestContext.self)
        router.ws("/ws/locations") { request, _ in
            // Refusing here hands the request to the HTTP router, which answers 404 (or 426).
            guard let campus = request.uri.queryParameters["campus"].map(String.init),
                  try await campusExists(campus) else { return .dontUpgrade }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let campus = context.request.uri.queryParameters["campus"].map(String.init) ?? ""
            try await hub.serve(campus: campus, inbound: inbound, outbound: outbound,
                                channel: context.requestContext.channel)
        }
        return router
    }

    /// `/ws/locations` without an upgrade: unknown campus → 404, otherwise 426 Upgrade Required.
    func addWebSocketFallback(to router: Router<BasicRequestContext>) {
        router.get("/ws/locations") { request, _ -> Response in
            let campus = request.uri.queryParameters["campus"].map(String.init) ?? ""
            guard try await campusExists(campus) else {
                throw HTTPError(.notFound, message: "campus \"\(campus)\" not found")
            }
            return Response(status: .upgradeRequired, headers: [.upgrade: "websocket", .connection: "Upgrade"])
        }
    }

    func campusExists(_ code: String) async throws -> Bool {
        guard !code.isEmpty, code.count <= 16 else { return false }
        return try await database { try LocationServiceStore($0).campusIsActive(code: code) }
    }
}
