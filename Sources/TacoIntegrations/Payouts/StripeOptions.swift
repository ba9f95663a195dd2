import ArgumentParser
import Foundation
import TacoKit

/// How to reach Stripe. The API key is read from STRIPE_API_KEY or a file, never from the command line.
public struct StripeOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("stripe-base-url"),
            help: ArgumentHelp("Stripe's API base URL (env: TACO_STRIPE_BASE_URL; default https://api.stripe.com).", valueName: "url"))
    public var baseURL: String?

    @Option(name: .customLong("stripe-key-file"),
            help: ArgumentHelp("Read the Stripe secret key from this file's first line (otherwise env STRIPE_API_KEY).", valueName: "file"))
    public var keyFile: String?

    @Option(name: .customLong("stripe-timeout"), help: ArgumentHelp("Seconds to wait for Stripe's answer.", valueName: "seconds"))
    public var timeout: Double = 30

    @Option(name: .customLong("stripe-retries"),
            help: ArgumentHelp("Retries on 429, 5xx and timeouts (exponential backoff with full jitter).", valueName: "n"))
    public var retries: Int = 3

    public init() {}

    /// Validates the options and reads the key; `nil` key file and no STRIPE_API_KEY is a usage error.
    public func configuration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StripeConfiguration {
        guard timeout > 0, timeout <= 600 else { throw ToolError.usage("--stripe-timeout \(timeout): expected 0 < seconds <= 600") }
        guard (0...10).contains(retries) else { throw ToolError.usage("--stripe-retries \(retries): expected 0 to 10") }
        let url = try StripeConfiguration.baseURL(option: baseURL, environment: environment)
        let key = try StripeConfiguration.apiKey(keyFile: keyFile, environment: environment)
        // Test servers may shorten the backoff (TACO_STRIPE_BACKOFF_MS); the default suits Stripe's rate limits.
        let base = environment["TACO_STRIPE_BACKOFF_MS"].flatMap(Double.init).map { $0 / 1000 } ?? 0.5
        return StripeConfiguration(baseURL: url, apiKey: key, timeout: timeout, maxRetries: retries,
                                   backoffBase: base, backoffCap: max(base, 8 * base))
    }
}

extension PayoutPeriod.Kind: ExpressibleByArgument {}
