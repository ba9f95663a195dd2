import ArgumentParser
import TacoKit

@main
struct TacoJobs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taco-jobs",
        abstract: "TacoTracker's batch jobs and services, for cron and systemd.",
        discussion: HelpText.root(
            "Run as a login in taco_jobs, from cron or systemd. Jobs that must not overlap take a PostgreSQL advisory lock.",
            examples: ["taco-jobs locations partitions --ahead 7d", "taco-jobs hr-sync --feed /srv/hr/export.xml"]),
        version: TacoTracker.version,
        subcommands: [HRSyncCommand.self, Locations.self, Orders.self, Outbox.self, Payouts.self, Saml.self, Serve.self]
    )
}
