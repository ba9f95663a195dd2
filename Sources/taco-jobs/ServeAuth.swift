import Foundation
import Hummingbird
import Logging
import TacoIntegrations
import TacoKit

/// Employee sign-in for the order API: an Okta-issued RS256 JWT as a bearer token, mapped to an active employee.
/// Every refusal is the same bare 401 with `WWW-Authenticate: Bearer`; the reason goes to the log only.
struct EmployeeAuth: Sendable {
    let verifier: JWTVerifier
    let keys: JWKSCache
    let logger: Logger

    /// The verified token of the request, or a 401.
    func verify(_ request: Request, _ context: BasicRequestContext) async throws -> VerifiedJWT {
        guard let token = LocationService.bearerToken(request) else { throw LocationService.unauthorized }
        do {
            let parsed = try verifier.parse(token)
            let keySet = await keys.keys(for: parsed.kid)
            return try verifier.verify(parsed, keys: keySet)
        } catch {
            logger.info("token refused", metadata: ["request_id": "\(context.id)", "reason": "\(error)"])
            throw LocationService.unauthorized
        }
    }
}

/// Thrown inside a database closure when a valid token names nobody who may order (answered 401).
struct NotAnEmployee: Error {}

/// Trucks' device tokens seen so far (by SHA-256), so a GPS unit's requests skip the token query. Only a
/// shortcut: the position writer compares the token with the truck's row under its lock on every batch, and a
/// refusal there forgets the entry. Bounded: when full it starts over.
final class DeviceTokens: @unchecked Sendable {
    private let lock = NSLock()
    private var trucks: [Data: UUID] = [:]
    private let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    func truck(for tokenHash: Data) -> UUID? { lock.withLock { trucks[tokenHash] } }

    func remember(_ tokenHash: Data, truck: UUID) {
        lock.withLock {
            if trucks.count >= capacity { trucks.removeAll(keepingCapacity: true) }
            trucks[tokenHash] = truck
        }
    }

    func forget(_ tokenHash: Data) { _ = lock.withLock { trucks.removeValue(forKey: tokenHash) } }
}
