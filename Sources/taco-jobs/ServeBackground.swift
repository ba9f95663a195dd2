import Dispatch
import Foundation
import Logging
import TacoIntegrations
import TacoKit

/// The periodic work `taco-jobs serve` does besides answering requests. Every loop is safe with several service
/// processes on one database: the outbox claims with FOR UPDATE SKIP LOCKED and a lease, expiring PENDING orders is
/// one conditional UPDATE, creating partitions is idempotent.
final class ServeBackground: @unchecked Sendable {
    struct Settings: Sendable {
        var outboxInterval: TimeInterval = 5
        var outboxBatch = 50
        var expirePendingAfter: Int64 = 15 * 60
        var expireInterval: TimeInterval = 60
    }

    private let service: LocationService
    private let conninfo: String?
    private let providers: [any OutboxProvider]
    private let settings: Settings
    private var tasks: [Task<Void, Never>] = []
    private var outbox: OutboxLoop?

    init(service: LocationService, conninfo: String?, providers: [any OutboxProvider], settings: Settings) {
        self.service = service
        self.conninfo = conninfo
        self.providers = providers
        self.settings = settings
    }

    func start() {
        let service = self.service
        let settings = self.settings
        tasks.append(Task { await service.refreshPartitionsHourly() })
        tasks.append(Task {
            while !Task.isCancelled {
                do {
                    let cancelled = try await service.pool.withConnection {
                        try OutboxDispatcher.cancelStalePending($0, olderThan: settings.expirePendingAfter)
                    }
                    if !cancelled.isEmpty {
                        service.logger.info("expired PENDING orders (payment not received)", metadata: [
                            "count": "\(cancelled.count)",
                            "order_ids": "\(cancelled.map { $0.lowercasedText }.joined(separator: ","))"])
                    }
                } catch {
                    service.logger.warning("could not expire PENDING orders", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(settings.expireInterval))
            }
        })
        if providers.isEmpty {
            service.logger.info("outbox dispatcher off: no provider configured (TACO_PUSH_URL, TACO_EMAIL_URL, STRIPE_API_KEY)")
        } else {
            let loop = OutboxLoop(conninfo: conninfo, providers: providers, settings: settings, logger: service.logger,
                                  metrics: service.metrics)
            loop.start()
            outbox = loop
        }
    }

    /// Stops every loop; a delivery in progress finishes first (bounded by the providers' timeouts).
    func stop() {
        for task in tasks { task.cancel() }
        tasks.removeAll()
        outbox?.stop()
        outbox = nil
    }
}

/// The outbox dispatcher on a thread and connection of its own: deliveries block on HTTP for seconds at worst, which
/// must neither hold a pool connection the API needs nor run on the cooperative thread pool.
private final class OutboxLoop: @unchecked Sendable {
    private let conninfo: String?
    private let providers: [any OutboxProvider]
    private let settings: ServeBackground.Settings
    private let logger: Logger
    private let metrics: ServeMetrics
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stopping = false

    init(conninfo: String?, providers: [any OutboxProvider], settings: ServeBackground.Settings, logger: Logger,
         metrics: ServeMetrics) {
        self.conninfo = conninfo
        self.providers = providers
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "tacotracker.outbox"
        thread.start()
    }

    func stop() {
        lock.withLock { stopping = true }
        wake.signal()
        if finished.wait(timeout: .now() + 60) == .timedOut {
            logger.warning("outbox dispatcher did not stop within 60 s")
        }
    }

    private func run() {
        var connection: PostgresConnection?
        var dispatcher: OutboxDispatcher?
        let logger = self.logger
        while !isStopping {
            do {
                if dispatcher == nil || connection?.isUsable != true {
                    let db = try PostgresConnection(conninfo: conninfo, applicationName: "taco-jobs serve outbox")
                    connection = db
                    dispatcher = OutboxDispatcher(db, providers: providers, log: { logger.info("\($0)") })
                }
                if let dispatcher, let connection {
                    let report = try dispatcher.drain(batch: settings.outboxBatch)
                    if report.claimed > 0 {
                        logger.info("outbox pass", metadata: [
                            "delivered": "\(report.delivered)", "rescheduled": "\(report.retried)", "dead": "\(report.dead)",
                            "deferred": "\(report.deferred)"])
                    }
                    metrics.outboxDepth(try ServiceGaugeStore.outboxPending(connection))
                }
            } catch {
                logger.warning("outbox pass failed", metadata: ["error": "\(error)"])
                if connection?.isUsable != true { connection = nil; dispatcher = nil }
            }
            _ = wake.wait(timeout: .now() + settings.outboxInterval)
        }
        finished.signal()
    }
}
