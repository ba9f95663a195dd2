import _CryptoExtras
import Crypto
import Foundation
import TacoKit

/// Signs RS256 tokens with a key it generates itself, and publishes that key as a JWKS: a stand-in for Okta in
/// tests and benchmarks (production never signs tokens).
public struct JWTTestIssuer: Sendable {
    public let kid: String
    private let key: _RSA.Signing.PrivateKey

    /// A fresh 2048-bit key named `kid`.
    public init(kid: String = "test-\(UUID().uuidString.prefix(8).lowercased())") throws {
        self.kid = kid
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    /// `{"keys":[{"kty":"RSA","kid":…,"use":"sig","alg":"RS256","n":…,"e":…}]}`
    public func jwks() throws -> Data {
        let primitives = try key.publicKey.getKeyPrimitives()
        let entry: [String: String] = ["kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
                                       "n": Base64URL.encode(primitives.modulus), "e": Base64URL.encode(primitives.publicExponent)]
        return try JSONSerialization.data(withJSONObject: ["keys": [entry]], options: [.sortedKeys])
    }

    /// A signed token with these claims (JSON values); `header` entries override the default header.
    public func token(_ claims: [String: Any], header: [String: Any] = [:]) throws -> String {
        var fields: [String: Any] = ["alg": "RS256", "typ": "JWT", "kid": kid]
        for (name, value) in header { fields[name] = value }
        let input = try Self.encode(fields) + "." + Self.encode(claims)
        let signature = try key.signature(for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// Claims as Okta issues them for `email`, valid for `lifetime` seconds from now.
    public static func claims(issuer: String, audience: String, email: String, lifetime: TimeInterval = 3600,
                              now: Date = Date()) -> [String: Any] {
        let issued = Int(now.timeIntervalSince1970)
        return ["iss": issuer, "aud": audience, "sub": "00u\(UUID().uuidString.prefix(12))", "email": email,
                "iat": issued, "nbf": issued, "exp": issued + Int(lifetime)]
    }

    /// An unsigned token (`alg` none, or HS256 signed with `secret`): what an attacker sends.
    public static func forged(_ claims: [String: Any], alg: String, secret: Data = Data()) throws -> String {
        let input = try encode(["alg": alg, "typ": "JWT"]) + "." + encode(claims)
        guard alg == "HS256" else { return input + "." }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: secret))
        return input + "." + Base64URL.encode(Data(mac))
    }

    static func encode(_ object: [String: Any]) throws -> String {
        Base64URL.encode(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}
