import Foundation

/// A change in a watched queue.
public struct QueueChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// In the queue when watching began.
        case snapshot
        /// Entered the queue (placed, or became CONFIRMED while PENDING is hidden).
        case added
        /// Still in the queue, with another status, promised time or special request.
        case changed
        /// Left the queue (picked up, cancelled …); `status` is its status now.
        case removed
    }
    public let kind: Kind
    public let order: QueuedOrder
    /// The order's status now (for `removed`, the status it left the queue with).
    public let status: OrderStatus
}

/// Follows a truck's queue through LISTEN on the vendor's own channel (see migration 0015: one notification per
/// vendor per statement): on a notification for this truck, re-reads the queue with the one queue query and
/// reports what changed. The payload is only a hint; the queue is always re-read through the caller's own privileges.
public final class OrderQueueWatcher {
    /// The vendor's channel migration 0015's trigger notifies: `taco_orders_` and the vendor id's 32 hex digits.
    public static func channel(for vendorID: UUID) -> String {
        "taco_orders_" + vendorID.lowercasedText.replacingOccurrences(of: "-", with: "")
    }

    private let db: PostgresConnection
    private let store: OrderStore
    private let vendorID: UUID
    private let truck: UUID?
    private let includePending: Bool
    private var current: [QueuedOrder] = []

    public init(_ db: PostgresConnection, scope: VendorScope, truck: UUID?, includePending: Bool) {
        self.db = db
        store = OrderStore(db, scope: scope)
        vendorID = scope.vendorID
        self.truck = truck
        self.includePending = includePending
    }

    /// LISTENs first (so nothing between the read and the wait is missed), then reads the queue.
    public func start() throws -> [QueuedOrder] {
        try db.listen(Self.channel(for: vendorID))
        current = try store.queue(truck: truck, includePending: includePending)
        return current
    }

    /// Blocks until the queue changed (returns the new queue and the changes, never empty) or until `stop` is readable
    /// (returns nil). Throws `connectionLost` when the server goes away.
    public func next(stop: Int32) throws -> (queue: [QueuedOrder], changes: [QueueChange])? {
        while true {
            guard var notes = try db.waitForNotifications(timeout: nil, orUntilReadable: stop) else { return nil }
            // A burst of statements arrives as several notifications: take them all before re-reading.
            while let more = try db.waitForNotifications(timeout: .zero, orUntilReadable: stop), !more.isEmpty {
                notes += more
            }
            guard notes.contains(where: isRelevant) else { continue }
            let fresh = try store.queue(truck: truck, includePending: includePending)
            let changes = try diff(from: current, to: fresh)
            current = fresh
            if !changes.isEmpty { return (fresh, changes) }
        }
    }

    func isRelevant(_ note: PostgresNotification) -> Bool {
        guard note.channel == Self.channel(for: vendorID),
              let payload = try? JSONSerialization.jsonObject(with: Data(note.payload.utf8)) as? [String: Any],
              let vendor = (payload["vendor_id"] as? String).flatMap(UUID.init(uuidString:)) else { return true }
        guard vendor == vendorID else { return false }
        guard let truck, payload["truncated"] as? Bool != true, let trucks = payload["truck_ids"] as? [String] else { return true }
        return trucks.compactMap(UUID.init(uuidString:)).contains(truck)
    }

    private func diff(from old: [QueuedOrder], to new: [QueuedOrder]) throws -> [QueueChange] {
        let before = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(new.map(\.id))
        var changes: [QueueChange] = []
        for order in new {
            if let previous = before[order.id] {
                if previous.status != order.status || previous.promisedAt != order.promisedAt
                    || previous.specialRequests != order.specialRequests || previous.truckID != order.truckID {
                    changes.append(QueueChange(kind: .changed, order: order, status: order.status))
                }
            } else {
                changes.append(QueueChange(kind: .added, order: order, status: order.status))
            }
        }
        let gone = old.filter { !after.contains($0.id) }
        if !gone.isEmpty {
            var statuses: [UUID: OrderStatus] = [:]
            for row in try db.query("SELECT id, status FROM orders WHERE vendor_id = $1 AND id = ANY($2::uuid[])",
                                    [vendorID, gone.map(\.id.postgresText)]) {
                statuses[try row.decode("id")] = try OrderStatus.decode(row)
            }
            for order in gone {
                changes.append(QueueChange(kind: .removed, order: order, status: statuses[order.id] ?? order.status))
            }
        }
        return changes
    }
}
