import Foundation

/// The life of an order. The database enforces the same machine (trigger `orders_before`, SQLSTATE TT001);
/// `OrderStatus.allows(_:_:)` mirrors `taco_order_transition_allowed` and a test compares all 64 pairs.
public enum OrderStatus: String, CaseIterable, Sendable, Codable {
    case pending = "PENDING"
    case confirmed = "CONFIRMED"
    case preparing = "PREPARING"
    case ready = "READY"
    case pickedUp = "PICKED_UP"
    case completed = "COMPLETED"
    case cancelled = "CANCELLED"
    case noShow = "NO_SHOW"

    /// Every legal move (from, to):
    /// PENDING → CONFIRMED → PREPARING → READY → PICKED_UP → COMPLETED; PENDING | CONFIRMED | PREPARING → CANCELLED;
    /// READY → NO_SHOW.
    public static let transitions: Set<OrderTransition> = [
        OrderTransition(.pending, .confirmed), OrderTransition(.confirmed, .preparing),
        OrderTransition(.preparing, .ready), OrderTransition(.ready, .pickedUp),
        OrderTransition(.pickedUp, .completed),
        OrderTransition(.pending, .cancelled), OrderTransition(.confirmed, .cancelled),
        OrderTransition(.preparing, .cancelled), OrderTransition(.ready, .noShow),
    ]

    /// True when the state machine allows moving from `from` to `to`.
    public static func allows(_ from: OrderStatus, _ to: OrderStatus) -> Bool {
        transitions.contains(OrderTransition(from, to))
    }

    /// The statuses an order can move to from this one.
    public var successors: [OrderStatus] { OrderStatus.allCases.filter { OrderStatus.allows(self, $0) } }

    /// Statuses of orders that still need the kitchen or the counter.
    public static let open: [OrderStatus] = [.pending, .confirmed, .preparing, .ready]

    /// Orders no status change can follow.
    public var isFinal: Bool { successors.isEmpty }
}

/// One move of the order state machine.
public struct OrderTransition: Hashable, Sendable {
    public let from: OrderStatus
    public let to: OrderStatus
    public init(_ from: OrderStatus, _ to: OrderStatus) {
        self.from = from
        self.to = to
    }
}

/// What vendor staff do to an order (`taco-vendor orders start|ready|picked-up|complete|cancel`).
public enum OrderAction: String, CaseIterable, Sendable {
    case start
    case ready
    case pickedUp = "picked-up"
    case complete
    case cancel

    /// The status the action moves the order to.
    public var target: OrderStatus {
        switch self {
        case .start: return .preparing
        case .ready: return .ready
        case .pickedUp: return .pickedUp
        case .complete: return .completed
        case .cancel: return .cancelled
        }
    }

    /// The statuses the action may start from (those from which the state machine reaches `target`).
    public var sources: [OrderStatus] { OrderStatus.allCases.filter { OrderStatus.allows($0, target) } }

    /// Why the action cannot run on an order in `current` (nil when it can), naming the current state.
    public func refusal(orderID: String, current: OrderStatus) -> String? {
        if sources.contains(current) { return nil }
        if current == target { return "order \(orderID) is already \(current.rawValue)" }
        let needed = sources.map(\.rawValue).joined(separator: " or ")
        return "order \(orderID) is \(current.rawValue): cannot \(rawValue) it (\(rawValue) moves \(needed) to \(target.rawValue))"
    }
}
