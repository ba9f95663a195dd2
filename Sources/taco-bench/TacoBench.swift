import ArgumentParser
import Foundation
import TacoIntegrations
import TacoKit

/// Benchmark drivers for `make bench`: each loads or queries through TacoKit exactly as the tools do,
/// so scripts/bench can time it against a psql baseline in the same run.
@main
struct TacoBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taco-bench",
        abstract: "Benchmark drivers for make bench (not an end-user tool).",
        subcommands: [CopyPositions.self, JWTTokens.self, PostPositions.self]
    )
}

extension TacoBench {
    struct CopyPositions: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy-positions",
            abstract: "Load a positions CSV through TacoKit's COPY path and print the row count."
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "CSV file with a header: truck_id,recorded_at,lat,lon,accuracy_m,speed_mps,heading_deg")
        var file: String

        func run(_ context: CommandContext) throws {
            let descriptor = open(file, O_RDONLY)
            guard descriptor >= 0 else { throw ToolError(.noInput, "\(file): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            let rows = try PositionStore(try context.database()).copyCSV(fromFileDescriptor: descriptor)
            context.stdout.write("\(rows)\n")
        }
    }
}

extension TacoBench {
    struct JWTTokens: TacoCommand {
        static let configuration = CommandConfiguration(
            commandName: "jwt-tokens",
            abstract: "Make a signing key, write its JWKS, and print one RS256 token per e-mail read from stdin."
        )
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "The tokens' iss.") var issuer: String
        @Option(help: "The tokens' aud.") var audience: String
        @Option(name: .customLong("jwks-out"), help: "Where to write the JWKS.") var jwksOut: String
        @Option(help: "Token lifetime in seconds.") var lifetime = 3600

        func run(_ context: CommandContext) throws {
            let issuer = try JWTTestIssuer(kid: "bench")
            try issuer.jwks().write(to: URL(fileURLWithPath: jwksOut))
            var out = ""
            while let line = readLine() {
                let email = line.trimmingCharacters(in: .whitespaces)
                guard !email.isEmpty else { continue }
                out += try issuer.token(JWTTestIssuer.claims(issuer: self.issuer, audience: audience, email: email,
                                                             lifetime: TimeInterval(lifetime))) + "\n"
            }
            context.stdout.write(out)
        }
    }
}
