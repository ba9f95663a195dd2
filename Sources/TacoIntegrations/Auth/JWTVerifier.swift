import _CryptoExtras
import Crypto
import Foundation
import TacoKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why a bearer token was refused. Only logged: every case answers the same bare 401.
public enum JWTError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    /// Any `alg` but RS256 (none, HS256, RS512, …): never verified at all.
    case unsupportedAlgorithm(String)
    /// The key id is not in the key set (even after a refresh).
    case unknownKey(String?)
    case badSignature
    case wrongIssuer
    case wrongAudience
    case expired
    case notYetValid
    /// The identity claim (e.g. `email`) is missing or not a string.
    case missingClaim(String)

    public var description: String {
        switch self {
        case .malformed(let why): return "malformed token: \(why)"
        case .unsupportedAlgorithm(let alg): return "unsupported alg \"\(alg.prefix(20))\""
        case .unknownKey(let kid): return "unknown key id \"\(kid?.prefix(64) ?? "(none)")\""
        case .badSignature: return "bad signature"
        case .wrongIssuer: return "wrong issuer"
        case .wrongAudience: return "wrong audience"
        case .expired: return "expired"
        case .notYetValid: return "not yet valid"
        case .missingClaim(let name): return "no string claim \"\(name)\""
        }
    }
}

/// RSA public keys of a JSON Web Key Set (RFC 7517), by key id. Keys that are not RSA signature keys are skipped.
public struct JWKSet: Sendable {
    public let keys: [String: _RSA.Signing.PublicKey]
    /// Keys published without a `kid` (usable only when the token names none).
    public let anonymous: [_RSA.Signing.PublicKey]

    public init(keys: [String: _RSA.Signing.PublicKey] = [:], anonymous: [_RSA.Signing.PublicKey] = []) {
        self.keys = keys
        self.anonymous = anonymous
    }

    /// Parses `{"keys":[{"kty":"RSA","kid":…,"n":…,"e":…}, …]}`; refuses a document with no usable RSA key.
    public init(json: Data) throws {
        guard let root = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any],
              let entries = root["keys"] as? [[String: Any]] else {
            throw ToolError.data("not a JWKS document: expected {\"keys\": [...]}")
        }
        var keys: [String: _RSA.Signing.PublicKey] = [:]
        var anonymous: [_RSA.Signing.PublicKey] = []
        for entry in entries {
            guard entry["kty"] as? String == "RSA" else { continue }
            if let use = entry["use"] as? String, use != "sig" { continue }
            if let alg = entry["alg"] as? String, alg != "RS256" { continue }
            guard let n = (entry["n"] as? String).flatMap(Base64URL.decode),
                  let e = (entry["e"] as? String).flatMap(Base64URL.decode) else {
                throw ToolError.data("JWKS key \(entry["kid"] as? String ?? "(no kid)") has no valid n/e")
            }
            let key: _RSA.Signing.PublicKey
            do { key = try _RSA.Signing.PublicKey(n: n, e: e) } catch {
                throw ToolError.data("JWKS key \(entry["kid"] as? String ?? "(no kid)") is not a usable RSA key: \(error)")
            }
            if let kid = entry["kid"] as? String { keys[kid] = key } else { anonymous.append(key) }
        }
        guard !keys.isEmpty || !anonymous.isEmpty else { throw ToolError.data("the JWKS holds no RSA signing key") }
        self.init(keys: keys, anonymous: anonymous)
    }

    /// The candidate keys for a token's `kid` (nil: the token names none).
    func candidates(kid: String?) -> [_RSA.Signing.PublicKey] {
        if let kid { return keys[kid].map { [$0] } ?? [] }
        return anonymous.isEmpty && keys.count == 1 ? Array(keys.values) : anonymous
    }
}

/// A verified token: who it names and when it runs out.
public struct VerifiedJWT: Sendable, Equatable {
    /// The identity claim's value (e.g. the employee's e-mail).
    public let identity: String
    public let subject: String?
    public let expiresAt: Date
}

/// Verifies Okta-style access/ID tokens: compact JWS, RS256 only, issuer and audience exact, `exp` required and
/// `nbf` honoured with a small leeway.
public struct JWTVerifier: Sendable {
    public let issuer: String
    public let audience: String
    /// The claim naming the employee (`email` by default).
    public let identityClaim: String
    public let leeway: TimeInterval

    public init(issuer: String, audience: String, identityClaim: String = "email", leeway: TimeInterval = 60) {
        self.issuer = issuer
        self.audience = audience
        self.identityClaim = identityClaim
        self.leeway = leeway
    }

    /// The parts of a token before its signature is checked.
    public struct Parsed: Sendable {
        public let kid: String?
        let signingInput: Data
        let signature: Data
        let claims: [String: any Sendable]
    }

    /// Splits and decodes a token; refuses every `alg` but RS256 before any key is looked at.
    public func parse(_ token: String) throws(JWTError) -> Parsed {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("expected three dot-separated parts") }
        guard let headerData = Base64URL.decode(String(parts[0])),
              let header = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any] else {
            throw .malformed("header is not base64url JSON")
        }
        guard let alg = header["alg"] as? String else { throw .malformed("no alg") }
        guard alg == "RS256" else { throw .unsupportedAlgorithm(alg) }
        if header["crit"] != nil { throw .malformed("crit header parameters are not supported") }
        guard let payloadData = Base64URL.decode(String(parts[1])),
              let payload = (try? JSONSerialization.jsonObject(with: payloadData)) as? [String: Any] else {
            throw .malformed("payload is not base64url JSON")
        }
        guard let signature = Base64URL.decode(String(parts[2])), !signature.isEmpty else {
            throw .malformed("signature is not base64url")
        }
        var claims: [String: any Sendable] = [:]
        for (key, value) in payload {
            switch value {
            case let text as String: claims[key] = text
            case let number as NSNumber: claims[key] = number.doubleValue
            case let list as [Any]: claims[key] = list.compactMap { $0 as? String }
            default: break
            }
        }
        return Parsed(kid: header["kid"] as? String, signingInput: Data(parts[0].utf8) + Data(".".utf8) + Data(parts[1].utf8),
                      signature: signature, claims: claims)
    }

    /// Checks the signature against `keys` and the claims at `now`.
    public func verify(_ parsed: Parsed, keys: JWKSet, now: Date = Date()) throws(JWTError) -> VerifiedJWT {
        let candidates = keys.candidates(kid: parsed.kid)
        guard !candidates.isEmpty else { throw .unknownKey(parsed.kid) }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: parsed.signature)
        let digest = SHA256.hash(data: parsed.signingInput)
        guard candidates.contains(where: { $0.isValidSignature(signature, for: digest, padding: .insecurePKCS1v1_5) }) else {
            throw .badSignature
        }
        let claims = parsed.claims
        guard claims["iss"] as? String == issuer else { throw .wrongIssuer }
        let audiences: [String]
        switch claims["aud"] {
        case let single as String: audiences = [single]
        case let list as [String]: audiences = list
        default: audiences = []
        }
        guard audiences.contains(audience) else { throw .wrongAudience }
        guard let exp = claims["exp"] as? Double else { throw .malformed("no exp") }
        let time = now.timeIntervalSince1970
        guard time <= exp + leeway else { throw .expired }
        if let nbf = claims["nbf"] as? Double, time + leeway < nbf { throw .notYetValid }
        guard let identity = claims[identityClaim] as? String, !identity.isEmpty else { throw .missingClaim(identityClaim) }
        return VerifiedJWT(identity: identity, subject: claims["sub"] as? String, expiresAt: Date(timeIntervalSince1970: exp))
    }
}

/// Where the signing keys come from, cached: loaded once, reloaded when a token names an unknown `kid`
/// (key rotation), at most once per `minimumRefreshInterval` however many such tokens arrive.
public actor JWKSCache {
    private let load: @Sendable () async throws -> Data
    private let minimumRefreshInterval: TimeInterval
    private let now: @Sendable () -> Date
    private var current = JWKSet()
    private var lastLoad: Date?
    private var inFlight: Task<JWKSet, any Error>?

    /// `load` returns the JWKS document (a file's contents or a URL's body).
    public init(minimumRefreshInterval: TimeInterval = 60, now: @escaping @Sendable () -> Date = { Date() },
                load: @escaping @Sendable () async throws -> Data) {
        self.load = load
        self.minimumRefreshInterval = minimumRefreshInterval
        self.now = now
    }

    /// Keys from a JWKS file.
    public static func file(_ path: String) -> JWKSCache {
        JWKSCache { try Data(contentsOf: URL(fileURLWithPath: path)) }
    }

    /// Keys from a JWKS URL (Okta: `https://…/oauth2/default/v1/keys`), fetched with a 10 s timeout.
    public static func url(_ url: URL) -> JWKSCache {
        JWKSCache { try await JWKSFetch.get(url) }
    }

    /// Loads the keys now (at start-up: a bad file or URL is reported before serving).
    @discardableResult
    public func refresh() async throws -> JWKSet {
        if let inFlight { return try await inFlight.value }
        let task = Task { [load] in try JWKSet(json: try await load()) }
        inFlight = task
        lastLoad = now()
        defer { inFlight = nil }
        let keys = try await task.value
        current = keys
        return keys
    }

    /// The keys to check a token naming `kid` with: the cached set, refreshed first when it lacks that key and
    /// the last load is old enough.
    public func keys(for kid: String?) async -> JWKSet {
        if !current.candidates(kid: kid).isEmpty { return current }
        if let inFlight { return (try? await inFlight.value) ?? current }
        if let lastLoad, now().timeIntervalSince(lastLoad) < minimumRefreshInterval { return current }
        return (try? await refresh()) ?? current
    }
}

enum JWKSFetch {
    static func get(_ url: URL) async throws -> Data {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: ToolError(.unavailable, "JWKS \(url): \(error.localizedDescription)"))
                } else if let status = (response as? HTTPURLResponse)?.statusCode, status != 200 {
                    continuation.resume(throwing: ToolError(.unavailable, "JWKS \(url): HTTP \(status)"))
                } else {
                    continuation.resume(returning: data ?? Data())
                }
            }.resume()
        }
    }
}

/// base64url without padding (RFC 7515 §2).
public enum Base64URL {
    public static func decode(_ text: String) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let remainder = base64.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { base64 += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: base64)
    }

    public static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
