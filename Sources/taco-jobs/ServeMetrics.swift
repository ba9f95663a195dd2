import Foundation
import TacoKit

/// Counters for /metrics, written by hand in the Prometheus text format.
final class ServeMetrics: @unchecked Sendable {
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: ServeMetrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private let lock = NSLock()
    private var requests: [String: Int] = [:]          // "route\u{0}method\u{0}status"
    private var latency: [String: Histogram] = [:]     // route
    private var accepted = 0
    private var rejected: [PositionRejection: Int] = [:]
    private var outboxPending: Int?
    private var wsClients = 0
    private var wsDroppedSlow = 0
    private var wsSent = 0
    private var listenerReconnects = 0

    func record(route: String, method: String, status: Int, seconds: Double) {
        lock.withLock {
            requests["\(route)\u{0}\(method)\u{0}\(status)", default: 0] += 1
            var histogram = latency[route] ?? Histogram()
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            latency[route] = histogram
        }
    }

    func positions(accepted count: Int, rejected reasons: [PositionRejection]) {
        lock.withLock {
            accepted += count
            for reason in reasons { rejected[reason, default: 0] += 1 }
        }
    }

    /// Set by the outbox loop after each pass (absent from /metrics until then).
    func outboxDepth(_ pending: Int) {
        lock.withLock { outboxPending = pending }
    }
    func webSocketClients(delta: Int) { lock.withLock { wsClients += delta } }
    func webSocketDroppedSlow() { lock.withLock { wsDroppedSlow += 1 } }
    func webSocketSent() { lock.withLock { wsSent += 1 } }
    func listenerReconnected() { lock.withLock { listenerReconnects += 1 } }

    func render(poolInUse: Int, poolSize: Int, writer: PositionWriter.Totals) -> String {
        lock.withLock {
            var out = "# HELP taco_http_requests_total HTTP requests by route, method and status.\n"
            out += "# TYPE taco_http_requests_total counter\n"
            for (key, count) in requests.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
                out += "taco_http_requests_total{route=\(Self.quote(parts[0])),method=\(Self.quote(parts[1])),status=\(Self.quote(parts[2]))} \(count)\n"
            }
            out += "# HELP taco_http_request_duration_seconds HTTP request latency by route.\n"
            out += "# TYPE taco_http_request_duration_seconds histogram\n"
            for (route, histogram) in latency.sorted(by: { $0.key < $1.key }) {
                let label = "route=\(Self.quote(route))"
                for (index, bound) in Self.buckets.enumerated() {
                    out += "taco_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(histogram.counts[index])\n"
                }
                out += "taco_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
                out += "taco_http_request_duration_seconds_sum{\(label)} \(histogram.sum)\n"
                out += "taco_http_request_duration_seconds_count{\(label)} \(histogram.count)\n"
            }
            out += "# HELP taco_positions_accepted_total Position fixes stored.\n# TYPE taco_positions_accepted_total counter\n"
            out += "taco_positions_accepted_total \(accepted)\n"
            out += "# HELP taco_positions_rejected_total Position fixes rejected, by reason.\n# TYPE taco_positions_rejected_total counter\n"
            for reason in PositionRejection.allCases {
                out += "taco_positions_rejected_total{reason=\"\(reason.rawValue)\"} \(rejected[reason] ?? 0)\n"
            }
            out += "# HELP taco_position_flushes_total Position writer transactions (group commits).\n"
            out += "# TYPE taco_position_flushes_total counter\ntaco_position_flushes_total \(writer.flushes)\n"
            out += "# HELP taco_position_flush_batches_total Requests' batches written by those transactions.\n"
            out += "# TYPE taco_position_flush_batches_total counter\ntaco_position_flush_batches_total \(writer.batches)\n"
            out += "# HELP taco_position_stored_conflicts_total Flushes redone because a fix was already stored.\n"
            out += "# TYPE taco_position_stored_conflicts_total counter\ntaco_position_stored_conflicts_total \(writer.storedConflicts)\n"
            out += "# HELP taco_db_pool_in_use Database connections lent out.\n# TYPE taco_db_pool_in_use gauge\n"
            out += "taco_db_pool_in_use \(poolInUse)\n"
            out += "# HELP taco_db_pool_size Database connections in the pool.\n# TYPE taco_db_pool_size gauge\n"
            out += "taco_db_pool_size \(poolSize)\n"
            if let outboxPending {
                out += "# HELP taco_outbox_pending Outbox jobs waiting for delivery.\n# TYPE taco_outbox_pending gauge\n"
                out += "taco_outbox_pending \(outboxPending)\n"
            }
            out += "# HELP taco_websocket_clients WebSocket subscribers connected.\n# TYPE taco_websocket_clients gauge\n"
            out += "taco_websocket_clients \(wsClients)\n"
            out += "# HELP taco_websocket_slow_consumers_dropped_total Subscribers closed because their buffer was full.\n"
            out += "# TYPE taco_websocket_slow_consumers_dropped_total counter\n"
            out += "taco_websocket_slow_consumers_dropped_total \(wsDroppedSlow)\n"
            out += "# HELP taco_websocket_events_sent_total Events written to WebSocket subscribers.\n"
            out += "# TYPE taco_websocket_events_sent_total counter\n"
            out += "taco_websocket_events_sent_total \(wsSent)\n"
            out += "# HELP taco_position_listener_reconnects_total Times the LISTEN connection was re-established.\n"
            out += "# TYPE taco_position_listener_reconnects_total counter\n"
            out += "taco_position_listener_reconnects_total \(listenerReconnects)\n"
            return out
        }
    }

    private static func quote(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
