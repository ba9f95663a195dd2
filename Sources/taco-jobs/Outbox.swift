import ArgumentParser
import Foundation
import TacoIntegrations
import TacoKit

extension TacoJobs {
    struct Outbox: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outbox",
            abstract: "Deliver queued push notifications, e-mails and refunds; list the queue.",
            discussion: """
                Jobs are claimed with FOR UPDATE SKIP LOCKED and a lease, so several dispatchers (cron, several \
                hosts, the service) never deliver the same job at once. A failed job is retried with exponential \
                backoff and full jitter and dead-lettered (status dead) after --max-attempts; a provider that keeps \
                failing has its circuit opened and its jobs stay pending.

                Providers come from the environment: TACO_PUSH_URL and TACO_EMAIL_URL (endpoints that receive the \
                job's JSON payload by POST), STRIPE_API_KEY and TACO_STRIPE_BASE_URL for refunds. Kinds without a \
                provider are left pending.

                Examples:
                  taco-jobs outbox run --once --batch 100
                  taco-jobs outbox list --status dead
                """,
            subcommands: [Run.self, List.self]
        )
    }

    struct Orders: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "orders",
            abstract: "Order housekeeping for cron.",
            discussion: """
                Examples:
                  taco-jobs orders expire-pending --older-than 15m
                """,
            subcommands: [ExpirePending.self]
        )
    }
}

extension TacoJobs.Outbox {
    struct Run: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Deliver due outbox jobs (once, or continuously until SIGINT/SIGTERM).",
            discussion: """
                With --once: deliver every job due now, then exit (exit 75 when a provider's circuit is open and \
                work was deferred). Without: keep polling every --interval until SIGINT or SIGTERM.

                Examples:
                  TACO_PUSH_URL=https://push.example/v1/send taco-jobs outbox run --once
                  STRIPE_API_KEY=… taco-jobs outbox run --batch 100 --max-attempts 10 --log-format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Flag(help: "Deliver what is due now, then exit.") var once = false
        @Option(help: "Jobs claimed per pass (1–1000).") var batch = 50
        @Option(name: .customLong("max-attempts"), help: "Attempts before a job is dead-lettered (1–100).") var maxAttempts = 8
        @Option(help: "Pause between passes when idle, e.g. 5s (without --once).") var interval: RelativeSpan = RelativeSpan("5s")!

        func validate() throws {
            guard (1...1_000).contains(batch) else { throw ValidationError("--batch \(batch): expected 1 to 1000") }
            guard (1...100).contains(maxAttempts) else { throw ValidationError("--max-attempts \(maxAttempts): expected 1 to 100") }
        }

        func run(_ context: CommandContext) throws {
            let providers = try OutboxProviders.fromEnvironment()
            guard !providers.isEmpty else {
                throw ToolError.usage("no outbox provider configured",
                                      hint: "set TACO_PUSH_URL, TACO_EMAIL_URL and/or STRIPE_API_KEY")
            }
            var policy = OutboxPolicy()
            policy.maxAttempts = maxAttempts
            let logger = context.logger
            let dispatcher = OutboxDispatcher(try context.database(), providers: providers, policy: policy,
                                              log: { logger.info("\($0)") })
            if once {
                let report = try dispatcher.drain(batch: batch)
                context.summary("\(report.delivered) delivered, \(report.retried) rescheduled, \(report.dead) dead-lettered, \(report.deferred) deferred (circuit open)")
                if report.deferred > 0 {
                    throw ToolError(.temporaryFailure, "\(report.deferred) job(s) deferred: a provider's circuit is open",
                                    hint: "the jobs stay pending; run again later")
                }
                return
            }
            let wake = try SignalWake()
            var total = OutboxPassReport()
            while wake.caughtSignal == nil {
                let pass = try dispatcher.drain(batch: batch)
                total += pass
                var descriptor = pollfd(fd: wake.descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, Int32(clamping: interval.seconds * 1_000))
            }
            context.summary("\(total.delivered) delivered, \(total.retried) rescheduled, \(total.dead) dead-lettered, \(total.deferred) deferred (circuit open)")
        }
    }

    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List outbox jobs, oldest due first.",
            discussion: """
                Examples:
                  taco-jobs outbox list --status dead
                  taco-jobs outbox list --status pending --limit 20 --format json
                """
        )
        enum Status: String, ExpressibleByArgument, CaseIterable { case pending, done, dead }
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "Only jobs in this status: pending, done or dead.") var status: Status?
        @Option(help: "At most this many rows.") var limit = 100

        func run(_ context: CommandContext) throws {
            guard limit > 0 else { throw ToolError.usage("--limit \(limit): expected a positive number") }
            let entries = try OutboxStore.list(try context.database(), status: status?.rawValue, limit: limit)
            var set = RecordSet(columns: ["id", "kind", "status", "attempts", "run_after", "last_error", "dedupe_key", "created_at"])
            for entry in entries {
                set.append([.text(String(entry.id)), .text(entry.kind), .text(entry.status), .int(entry.attempts),
                            .date(entry.runAfter), .optional(entry.lastError), .optional(entry.dedupeKey), .date(entry.createdAt)])
            }
            context.emit(set)
            context.summary("\(entries.count) job\(entries.count == 1 ? "" : "s")")
        }
    }
}

extension TacoJobs.Orders {
    struct ExpirePending: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "expire-pending",
            abstract: "Cancel PENDING orders whose payment never arrived (reason \"payment not received\").",
            discussion: """
                Only orders placed longer ago than --older-than with no succeeded payment; no refund is queued \
                (nothing was captured). A payment that still arrives later is refunded by the webhook handler.

                Examples:
                  taco-jobs orders expire-pending --older-than 15m
                  taco-jobs orders expire-pending --older-than 1h --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(name: .customLong("older-than"), help: "Age of the PENDING orders to cancel, e.g. 15m or 1h.")
        var olderThan: RelativeSpan = RelativeSpan("15m")!

        func run(_ context: CommandContext) throws {
            let ids = try OutboxDispatcher.cancelStalePending(try context.database(), olderThan: olderThan.seconds)
            var set = RecordSet(columns: ["order_id"])
            for id in ids { set.append([.text(id.lowercasedText)]) }
            context.emit(set)
            context.summary("\(ids.count) cancelled (payment not received)")
        }
    }
}
