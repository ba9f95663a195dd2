import ArgumentParser
import Foundation
import TacoKit

extension AnalyticsReport: ExpressibleByArgument {}
extension AnalyticsGrouping: ExpressibleByArgument {}

/// Who may read analytics.
private let analyticsReaders = ["taco_sysadmin", "taco_food_services", "taco_reporting"]

extension TacoAdmin {
    struct Analytics: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "analytics",
            abstract: "Read the numbers: orders, heatmap, prep-times, late-orders, cancellations, top-items, subsidies, vendor-scorecard.",
            discussion: """
                Days are counted in each campus's own time zone: an order belongs to the campus-local day (and hour, \
                weekday, week) of its placed_at in its campus's time zone. --from and --to are campus-local dates, \
                both included: YYYY-MM-DD, today, or a span back from today (UTC) such as 30d or 2w; --to defaults \
                to today. Weeks are ISO weeks, Monday to Sunday, campus-local; a week row is named by its Monday. \
                Hours are 0-23, campus-local. Every report runs in one READ ONLY transaction, so --database-url may \
                point at a read replica. Money is integer cents. Durations are seconds (minutes where the column \
                says so), rounded to 0.1; p50/p95 are percentile_cont (interpolated) over the orders that have both \
                instants; percentages are rounded to 0.1. An empty range prints [] (a header-only CSV) and exits 0.

                Which orders count:
                  fulfilled = status PICKED_UP or COMPLETED. Revenue, subsidies and top-items count fulfilled \
                orders only; NO_SHOW, CANCELLED and open orders (PENDING, CONFIRMED, PREPARING, READY) bring no revenue.
                  Timing facts are the order_events instants: queue = PENDING (placed) -> CONFIRMED, \
                prep = CONFIRMED -> READY, wait = READY -> PICKED_UP; every order that has both instants counts, \
                whatever its status now.

                Reports (--by: the groupings accepted, default first):
                  orders            --by day|week|hour|campus|vendor|truck. orders (placed, any status), fulfilled, \
                cancelled, no_shows, open; for fulfilled orders gross_cents (subtotal), tax_cents, tip_cents, \
                subsidy_cents (employer), employee_paid_cents (total), refunds_cents (succeeded refunds of those \
                orders, on the order's day), net_cents = gross + tax + tips - refunds (subsidy is who paid, not less \
                revenue).
                  heatmap           orders placed (any status) by campus-local ISO weekday (1 = Monday) and hour; \
                only non-empty cells.
                  prep-times        --by vendor|day|week|hour|campus|truck. queue and prep p50/p95/mean seconds.
                  late-orders       --by vendor|day|week|hour|campus|truck. Over orders that reached READY: on time = \
                READY at or before promised_at; late = after it (late_pct of those with a promise; minutes late: mean \
                and p95 of the late ones); READY -> PICKED_UP wait p50/p95/mean; no-show = status NO_SHOW \
                (no_show_pct of orders that reached READY).
                  cancellations     CANCELLED orders by reason (cancel_reason, "(none)"), by actor (the login that \
                cancelled) and by from_status (the state they were cancelled from); share_pct of the cancellations, \
                orders_pct of all orders placed.
                  top-items         items (vendor + sku) and options (vendor + item sku + option name) of fulfilled \
                orders by quantity and revenue_cents (options: price delta x quantity), with eighty_sixed_seconds: \
                time the menu item (option) was unavailable within the range, from its audit_log history \
                (available = false, or sold_out_until in the future); the range is taken in --campus's time zone, \
                else UTC, and ends at now. Ingredient-level 86-ing is not included.
                  subsidies         --by campus|day|week. Fulfilled orders: order_value_cents (= total + subsidy), \
                employer_cents (subsidy), employee_cents (total), employer_share_pct, cost_per_order_cents (employer \
                cents / fulfilled orders, rounded); participants = currently active employees with a fulfilled order, \
                participation_pct = participants / active employees whose home campus is in scope (that campus with \
                --by campus).
                  vendor-scorecard  per vendor with orders: orders, fulfilled, cancelled, cancellation_pct (of orders), \
                net_cents (as in orders), on_time_pct (as in late-orders), prep_p95_seconds, no_shows, rating (the \
                vendor's current rating).

                Readers: taco_sysadmin, taco_food_services, taco_reporting (vendor logins: 77). Exit 64: --from after \
                --to, an unknown report, a --by the report does not take; 65: an unknown --campus or --vendor.

                Examples:
                  taco-admin analytics orders --from 2026-11-01 --to 2026-11-30 --by week
                  taco-admin analytics prep-times --from 30d --campus SFO-HQ --by truck --format csv
                  taco-admin analytics vendor-scorecard --from 2026-01-01 --to 2026-12-31 --format json
                  taco-admin analytics top-items --from 7d --vendor taco-loco --database-url "$REPLICA_URL"
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: ArgumentHelp("The report: \(AnalyticsReport.allCases.map(\.rawValue).joined(separator: ", ")).",
                                     valueName: "report"))
        var report: AnalyticsReport
        @Option(help: ArgumentHelp("The first campus-local day: YYYY-MM-DD, today, or a span back such as 30d.", valueName: "date"))
        var from: String
        @Option(help: ArgumentHelp("The last campus-local day, included (default: today).", valueName: "date"))
        var to: String = "today"
        @Option(help: ArgumentHelp("Only this campus (its code).", valueName: "code")) var campus: String?
        @Option(help: ArgumentHelp("Only this vendor (its slug).", valueName: "slug")) var vendor: String?
        @Option(help: ArgumentHelp("Group rows by day, week, hour, campus, vendor or truck (see the reports).", valueName: "grouping"))
        var by: AnalyticsGrouping?

        func run(_ context: CommandContext) throws {
            let query = try AnalyticsQuery(report: report,
                                           from: AnalyticsQuery.date(from, option: "--from", now: context.now),
                                           to: AnalyticsQuery.date(to, option: "--to", now: context.now),
                                           grouping: by, campus: campus, vendor: vendor)
            try context.requireRole(analyticsReaders, for: "read analytics")
            let set = try AnalyticsStore(try context.database()).run(query)
            context.emit(set)
            context.summary("\(set.rows.count) row\(set.rows.count == 1 ? "" : "s"), \(query.report.rawValue) \(query.from) to \(query.to)")
        }
    }
}
