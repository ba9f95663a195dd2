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
