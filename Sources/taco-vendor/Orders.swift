import ArgumentParser
import Foundation
import TacoKit

extension TacoVendor {
    struct Orders: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "orders",
            abstract: "The live order queue and order status changes.",
            discussion: """
                States: PENDING -> CONFIRMED -> PREPARING -> READY -> PICKED_UP -> COMPLETED; PENDING, CONFIRMED or \
                PREPARING -> CANCELLED. The database enforces them: a move from any other state is refused (exit 65) \
                naming the current state. Every change is recorded with your login. When two people make the same \
                change at once, one wins and the other is told the order is already there (exit 0, "0 changed").

                Examples:
                  taco-vendor orders queue --truck "Truck 1"
                  taco-vendor orders queue --watch
                  taco-vendor orders queue --watch --format ndjson   # kitchen displays
                  taco-vendor orders ready 3f2a91c0
                  taco-vendor orders cancel 3f2a91c0 --reason "out of carnitas"
                """,
            subcommands: [Queue.self, Show.self, Start.self, Ready.self, PickedUp.self, Complete.self, Cancel.self]
        )
    }
}

/// The queue's columns: the JSON/CSV contract.
private let queueColumns = ["id", "truck_id", "truck_name", "status", "customer", "items", "special_requests",
                            "placed_at", "promised_at", "status_changed_at", "age_seconds", "total_cents"]

private func queueCells(_ order: QueuedOrder, format: OutputFormat, status: OrderStatus? = nil) throws -> [Cell] {
    [.text(order.id.lowercasedText), .text(order.truckID.lowercasedText), .text(order.truckName),
     .text((status ?? order.status).rawValue), .text(order.customer),
     format == .json || format == .ndjson ? .json(order.linesJSON) : .text(linesText(try order.lines)),
     .optional(order.specialRequests), .date(order.placedAt), .optional(order.promisedAt), .date(order.statusChangedAt),
     .int(order.ageSeconds), .int(order.totalCents)]
}

/// `2× Al Pastor Taco (Verde, Extra cheese); 1× Horchata`
private func linesText(_ lines: [OrderLine]) -> String {
    lines.map { line in
        "\(line.quantity)× \(line.name)" + (line.options.isEmpty ? "" : " (\(line.options.joined(separator: ", ")))")
    }.joined(separator: "; ")
}

private func minutesText(_ seconds: Int) -> String {
    let minutes = abs(seconds) / 60
    return minutes >= 60 ? "\(minutes / 60)h\(String(format: "%02d", minutes % 60))m" : "\(minutes)m"
}

/// The kitchen's table: short ids, how long until (or since) the promised time, age.
private func queueTable(_ orders: [QueuedOrder], now: Date) throws -> RecordSet {
    var set = RecordSet(columns: ["order", "status", "due", "age", "customer", "items", "special_requests", "truck"])
    for order in orders {
        let due: String
        if let promised = order.promisedAt {
            let seconds = Int(promised.timeIntervalSince(now))
            due = seconds >= 0 ? "in \(minutesText(seconds))" : "\(minutesText(seconds)) late"
        } else {
            due = ""
        }
        set.append([.text(String(order.id.lowercasedText.prefix(8))), .text(order.status.rawValue), .text(due),
                    .text(minutesText(order.ageSeconds)), .text(order.customer), .text(linesText(try order.lines)),
                    .optional(order.specialRequests), .text(order.truckName)])
    }
    return set
}

private func queueSet(_ orders: [QueuedOrder], format: OutputFormat, now: Date) throws -> RecordSet {
    if format == .table { return try queueTable(orders, now: now) }
    return RecordSet(columns: queueColumns, rows: try orders.map { try queueCells($0, format: format) })
}

extension TacoVendor.Orders {
    struct Queue: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue",
            abstract: "Show the open orders, oldest promised pickup first; --watch follows changes live.",
            discussion: """
                Shows CONFIRMED, PREPARING and READY orders (with --include-pending also PENDING ones, whose payment \
                is not confirmed yet and which cannot be started) with their items, options, special requests, age \
                and promised pickup time. The table shows the first 8 characters of each id; every command accepts \
                them (or any unique prefix of 6 or more).

                --watch follows the queue through PostgreSQL LISTEN/NOTIFY (no polling): on a terminal the table is \
                redrawn on every change; with --format ndjson one JSON line is written per order that changed, with \
                "event" (snapshot, added, changed, removed) before the order's columns — first a snapshot line per \
                open order, then the changes as they happen. Ctrl-C or SIGTERM ends it (exit 0); a lost connection \
                exits 69.

                Examples:
                  taco-vendor orders queue
                  taco-vendor orders queue --truck "Truck 1" --format json
                  taco-vendor orders queue --watch
                  taco-vendor orders queue --truck "Truck 1" --watch --format ndjson | kitchen-display
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        @Option(help: ArgumentHelp("Only this truck (name or id).", valueName: "truck"))
        var truck: String?

        @Flag(name: .customLong("include-pending"), help: "Also show PENDING orders (payment not yet confirmed).")
        var includePending = false

        @Flag(help: "Keep running and redraw (or stream with --format ndjson) on every change.")
        var watch = false

        func run(_ context: CommandContext) throws {
            let db = try context.database()
            let format = context.renderer.format
            // The common case — a vendor login asking for one truck — in one round trip; anything else (or nothing
            // found) resolves the scope first, which also gives the precise error.
            if !watch, vendor.slug == nil, let truck,
               let orders = try OrderStore.ownQueue(db, truckReference: truck, includePending: includePending) {
                context.emit(try queueSet(orders, format: format, now: Date()))
                return
            }
            let scope = try context.vendorScope(vendor)
            guard watch else {
                let store = OrderStore(db, scope: scope)
                let orders = try truck.map { try store.queue(truckReference: $0, includePending: includePending) }
                    ?? store.queue(truck: nil, includePending: includePending)
                context.emit(try queueSet(orders, format: format, now: Date()))
                return
            }
            let truckID = try truck.map { try TruckStore(db, scope: scope).resolve($0).id }
            let stop = try SignalWake()
            let watcher = OrderQueueWatcher(db, scope: scope, truck: truckID, includePending: includePending)
            let redraw = format == .table && Terminal.isTTY(STDOUT_FILENO)
            let initial = try watcher.start()
            if !context.output.quiet {
                context.stderr.write("\(context.tool): watching the queue of \(truck ?? "every truck") (Ctrl-C to stop)\n")
                context.stderr.flush()
            }
            func draw(_ orders: [QueuedOrder]) throws {
                if redraw { context.stdout.write("\u{1B}[H\u{1B}[2J") }
                context.emit(try queueSet(orders, format: format, now: Date()))
                if redraw {
                    context.stdout.write(context.renderer.style.dim("\(orders.count) open · updated \(Timestamp.rfc3339(Date())) · Ctrl-C to stop") + "\n")
                }
                context.stdout.flush()
            }
            if format == .ndjson {
                for order in initial { context.stdout.write(try event(.snapshot, order, status: order.status)) }
                context.stdout.flush()
            } else {
                try draw(initial)
            }
            while let (queue, changes) = try watcher.next(stop: stop.descriptor) {
                if format == .ndjson {
                    for change in changes { context.stdout.write(try event(change.kind, change.order, status: change.status)) }
                    context.stdout.flush()
                } else {
                    try draw(queue)
                }
            }
        }

        private func event(_ kind: QueueChange.Kind, _ order: QueuedOrder, status: OrderStatus) throws -> String {
            JSON.object(["event"] + queueColumns, [.text(kind.rawValue)] + (try queueCells(order, format: .ndjson, status: status))) + "\n"
        }
    }

    struct Show: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one order: lines, money, status history.",
            discussion: """
                Another vendor's order is reported exactly like a missing one ("order … not found", exit 65).

                Examples:
                  taco-vendor orders show 3f2a91c0
                  taco-vendor orders show 3f2a91c0-5b7e-4c1d-9a0e-2b8f6c4d1e7a --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        @Argument(help: "The order id (or a unique prefix of at least 6 characters).")
        var order: String

        func run(_ context: CommandContext) throws {
            let detail = try OrderStore(try context.database(), scope: try context.vendorScope(vendor)).show(order)
            let json = context.renderer.format == .json || context.renderer.format == .ndjson
            let o = detail.order
            let events = detail.events.map { event in
                "\(event.at) \(event.from ?? "(new)") -> \(event.to) by \(event.actor)" + (event.reason.map { " (\($0))" } ?? "")
            }.joined(separator: "; ")
            context.emit(object: ["id", "status", "truck_id", "truck_name", "campus", "customer", "items", "special_requests",
                                  "placed_at", "promised_at", "status_changed_at", "age_seconds", "subtotal_cents", "tax_cents",
                                  "tip_cents", "subsidy_cents", "total_cents", "cancel_reason", "events"], [
                .text(o.id.lowercasedText), .text(o.status.rawValue), .text(o.truckID.lowercasedText),
                .text(o.truckName), .text(detail.campusCode), .text(o.customer),
                json ? .json(o.linesJSON) : .text(linesText(try o.lines)), .optional(o.specialRequests),
                .date(o.placedAt), .optional(o.promisedAt), .date(o.statusChangedAt), .int(o.ageSeconds),
                .int(detail.subtotalCents), .int(detail.taxCents), .int(detail.tipCents), .int(detail.subsidyCents),
                .int(o.totalCents), .optional(detail.cancelReason), json ? .json(detail.eventsJSON) : .text(events),
            ])
        }
    }

    struct Start: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start preparing an order (CONFIRMED -> PREPARING).",
            discussion: "Examples:\n  taco-vendor orders start 3f2a91c0\n  taco-vendor orders start 3f2a91c0 --format json"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The order id (or a unique prefix of at least 6 characters).") var order: String

        func run(_ context: CommandContext) throws { try transition(.start, order, context, vendor) }
    }

    struct Ready: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "ready",
            abstract: "Mark an order ready for pickup (PREPARING -> READY).",
            discussion: "Examples:\n  taco-vendor orders ready 3f2a91c0\n  taco-vendor orders ready 3f2a91c0 --format json"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The order id (or a unique prefix of at least 6 characters).") var order: String

        func run(_ context: CommandContext) throws { try transition(.ready, order, context, vendor) }
    }

    struct PickedUp: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "picked-up",
            abstract: "Record that the customer collected the order (READY -> PICKED_UP).",
            discussion: "Examples:\n  taco-vendor orders picked-up 3f2a91c0"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The order id (or a unique prefix of at least 6 characters).") var order: String

        func run(_ context: CommandContext) throws { try transition(.pickedUp, order, context, vendor) }
    }

    struct Complete: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "complete",
            abstract: "Close a collected order (PICKED_UP -> COMPLETED).",
            discussion: "Examples:\n  taco-vendor orders complete 3f2a91c0"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The order id (or a unique prefix of at least 6 characters).") var order: String

        func run(_ context: CommandContext) throws { try transition(.complete, order, context, vendor) }
    }

    struct Cancel: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel an order (from PENDING, CONFIRMED or PREPARING); a paid order's refund is queued.",
            discussion: """
                The reason is recorded in the order's history and shown to the customer. When the order's payment was \
                captured, its refund is queued in the same transaction (the refund worker sends it to Stripe); the \
                output names the refund job and amount.

                Examples:
                  taco-vendor orders cancel 3f2a91c0 --reason "out of carnitas"
                  taco-vendor orders cancel 3f2a91c0 --reason "truck breakdown" --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The order id (or a unique prefix of at least 6 characters).") var order: String
        @Option(help: ArgumentHelp("Why the order is cancelled (required).", valueName: "text")) var reason: String

        func run(_ context: CommandContext) throws { try transition(.cancel, order, context, vendor, reason: reason) }
    }
}

private func transition(_ action: OrderAction, _ order: String, _ context: CommandContext, _ vendor: VendorOptions,
                        reason: String? = nil) throws {
    let result = try OrderStore(try context.database(), scope: try context.vendorScope(vendor))
        .apply(action, to: order, reason: reason)
    context.emit(object: ["id", "from", "status", "changed", "at", "actor", "refund_job_id", "refund_cents"], [
        .text(result.id.lowercasedText), .text(result.from.rawValue), .text(result.status.rawValue),
        .bool(result.changed), .date(result.at), .optional(result.actor),
        result.refundJobID.map { .text(String($0)) } ?? .null, .optional(result.refundCents.map(Int.init)),
    ])
    if result.changed {
        var line = "order \(order): \(result.from.rawValue) -> \(result.status.rawValue); 1 changed"
        if let cents = result.refundCents { line += "; refund of \(cents) cents queued" }
        context.summary(line)
    } else {
        let by = result.actor.map { " by \($0)" } ?? ""
        context.summary("order \(order) is already \(result.status.rawValue) (\(Timestamp.rfc3339(result.at))\(by)); 0 changed")
    }
}
