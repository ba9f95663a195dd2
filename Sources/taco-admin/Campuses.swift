import ArgumentParser
import Foundation
import TacoKit

private let campusReaders = ["taco_sysadmin", "taco_food_services", "taco_reporting", "taco_jobs"]
private let campusWriters = ["taco_sysadmin", "taco_food_services"]

extension ServiceHours: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension TacoAdmin {
    struct Campuses: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "campuses",
            abstract: "List, add and update campuses: time zone, tax rate, boundary and service hours.",
            subcommands: [List.self, Show.self, Add.self, Update.self]
        )
    }
}

private func campusRecords(_ campuses: [CampusRecord]) -> RecordSet {
    var set = RecordSet(columns: ["code", "name", "time_zone", "currency", "tax_rate_percent", "service_hours", "active", "area_km2"])
    for campus in campuses {
        set.append([.text(campus.code), .text(campus.name), .text(campus.timeZone), .text(campus.currency),
                    .text(campus.taxRatePercent.postgresText), .text(campus.serviceHours), .bool(campus.active),
                    campus.areaSquareMeters.map { .text(String(format: "%.3f", $0 / 1e6)) } ?? .null])
    }
    return set
}

/// The options `add` and `update` share, validated before anything touches the database.
struct CampusFields: ParsableArguments {
    @Option(help: "The campus's display name.") var name: String?
    @Option(name: .customLong("time-zone"), help: "An IANA time zone, e.g. America/Los_Angeles.") var timeZone: String?
    @Option(name: .customLong("tax-rate"), help: "Sales tax in percent, e.g. 8.625 (0 to < 100, at most 4 decimals).") var taxRate: String?
    @Option(help: ArgumentHelp("A GeoJSON file with a Polygon or MultiPolygon (or a Feature holding one); - reads stdin.", valueName: "file"))
    var boundary: String?
    @Option(name: .customLong("service-hours"), help: "When trucks may serve, local time, e.g. 06:00-20:00.") var serviceHours: ServiceHours?

    func changes() throws -> CampusChanges {
        var changes = CampusChanges(name: name, serviceHours: serviceHours)
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { throw ToolError.usage("--name must not be empty") }
        if let timeZone {
            guard TimeZone(identifier: timeZone) != nil, timeZone.contains("/") || timeZone == "UTC" else {
                throw ToolError.usage("unknown time zone \"\(timeZone)\"", hint: "use an IANA name such as America/Chicago")
            }
            changes.timeZone = timeZone
        }
        if let taxRate {
            guard let value = Decimal(string: taxRate, locale: Locale(identifier: "en_US_POSIX")),
                  taxRate.range(of: "^[0-9]{1,2}(\\.[0-9]{1,4})?$", options: .regularExpression) != nil, value >= 0, value < 100 else {
                throw ToolError.usage("--tax-rate \"\(taxRate)\": expected a percentage from 0 to below 100 with at most 4 decimals, e.g. 8.625")
            }
            changes.taxRatePercent = value
        }
        if let boundary { changes.boundary = try GeoJSONBoundary.parse(try InputFile.read(boundary, limit: 4 << 20).data, source: boundary) }
        return changes
    }
}

extension TacoAdmin.Campuses {
    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List campuses.",
            discussion: "Examples:\n  taco-admin campuses list\n  taco-admin campuses list --format json",
            aliases: ["ls"]
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            try context.requireRole(campusReaders, for: "list campuses")
            context.emit(campusRecords(try CampusStore(try context.database()).list()))
        }
    }

    struct Show: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one campus, with its boundary's area, centroid and GeoJSON.",
            discussion: "Example:\n  taco-admin campuses show SFO-HQ --format json"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The campus code.") var code: String

        func run(_ context: CommandContext) throws {
            try context.requireRole(campusReaders, for: "show campuses")
            let campus = try CampusStore(try context.database()).find(code)
            let base = campusRecords([campus])
            let structured = context.renderer.format == .json || context.renderer.format == .ndjson
            context.emit(object: base.columns + ["centroid_lat", "centroid_lon", "boundary"], base.rows[0] + [
                campus.centroid.map { .double($0.lat) } ?? .null, campus.centroid.map { .double($0.lon) } ?? .null,
                campus.boundaryGeoJSON.map { structured ? .json($0) : .text($0) } ?? .null,
            ])
        }
    }

    struct Add: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a campus.",
            discussion: """
                The boundary is checked before anything is written: GeoJSON structure (closed rings of at least four \
                [longitude, latitude] positions), valid geometry (PostGIS: no self-intersection) and a plausible area \
                (0.001 to 100 km²). Service hours default to 11:00-14:00.

                Examples:
                  taco-admin campuses add --code SFO-HQ --name "SF HQ" --time-zone America/Los_Angeles --tax-rate 8.625 \\
                      --boundary sfo-hq.geojson --service-hours 06:00-20:00
                  taco-admin campuses add --code AUS-2 --name "Austin 2" --time-zone America/Chicago --tax-rate 8.25 --if-not-exists
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "Upper-case letters, digits and hyphens, e.g. SFO-HQ.") var code: String
        @OptionGroup(title: "Campus") var fields: CampusFields
        @Flag(name: .customLong("if-not-exists"), help: "Succeed without changes when the code exists.") var ifNotExists = false

        func run(_ context: CommandContext) throws {
            guard code.range(of: "^[A-Z0-9][A-Z0-9-]{1,15}$", options: .regularExpression) != nil else {
                throw ToolError.usage("--code \"\(code)\": use 2-16 upper-case letters, digits and hyphens, e.g. SFO-HQ")
            }
            guard let name = fields.name, let timeZone = fields.timeZone, fields.taxRate != nil else {
                throw ToolError.usage("campuses add needs --name, --time-zone and --tax-rate")
            }
            let changes = try fields.changes()
            try context.requireRole(campusWriters, for: "add campuses")
            let result = try CampusStore(try context.database()).add(code: code, name: name, timeZone: timeZone,
                                                                     taxRatePercent: changes.taxRatePercent ?? 0, changes: changes,
                                                                     boundarySource: fields.boundary ?? "boundary", ifNotExists: ifNotExists)
            context.emit(campusRecords([result.campus]))
            context.summary(result.created ? "1 added" : "0 changed (campus \"\(code)\" exists)")
        }
    }

    struct Update: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change a campus's name, time zone, tax rate, boundary, service hours or active flag.",
            discussion: """
                Only what is given changes; the same values again are "0 changed".

                Examples:
                  taco-admin campuses update SFO-HQ --tax-rate 8.75
                  taco-admin campuses update SFO-HQ --boundary new-lot.geojson
                  taco-admin campuses update OLD-1 --inactive
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The campus code.") var code: String
        @OptionGroup(title: "Campus") var fields: CampusFields
        @Flag(inversion: .prefixedEnableDisable, help: "Whether trucks may be scheduled there.") var active: Bool?

        func run(_ context: CommandContext) throws {
            var changes = try fields.changes()
            changes.active = active
            guard changes.name != nil || changes.timeZone != nil || changes.taxRatePercent != nil || changes.boundary != nil
                    || changes.serviceHours != nil || changes.active != nil else {
                throw ToolError.usage("nothing to change", hint: "pass --name, --time-zone, --tax-rate, --boundary, --service-hours or --enable-active/--disable-active")
            }
            try context.requireRole(campusWriters, for: "update campuses")
            let result = try CampusStore(try context.database()).update(code, changes: changes, boundarySource: fields.boundary ?? "boundary")
            context.emit(campusRecords([result.campus]))
            context.summary(result.changed ? "1 changed" : "0 changed")
        }
    }
}
