import Crypto
import Domain
import Foundation
import JWTKit
import ReadModels

/// SPRY's bearer tokens (JWT, through jwt-kit): the claims ClinicLedger reads, the organization's
/// declared key (`jwt:` in the org file: `hs256_secret` or `public_key_pem` for RS256/ES256), and
/// signing with a declared secret for `clinicledger token issue`.
public enum SpryTokens {
    /// What a token says: `sub` (the user), `org` (the organization's id), `roles` (USER for a
    /// patient, with `patient_id`; staff roles such as ADMIN, DOCTOR, STAFF), `exp`.
    public struct Claims: JWTPayload, Equatable {
        public var sub: SubjectClaim
        public var org: String
        public var roles: [String]
        public var patientId: String?
        public var exp: ExpirationClaim

        public init(sub: String, org: UUID, roles: [String], patientId: UUID?, expires: Date) {
            self.sub = SubjectClaim(value: sub); self.org = org.lowercased; self.roles = roles
            self.patientId = patientId?.lowercased; self.exp = ExpirationClaim(value: expires)
        }

        enum CodingKeys: String, CodingKey { case sub, org, roles, patientId = "patient_id", exp }

        public func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
    }

    /// SPRY's patient role; every other role listed here acts as staff of the organization.
    public static let patientRole = "USER"
    public static let staffRoles: Set<String> = ["ADMIN", "SUPER_ADMIN", "DOCTOR", "CLINICIAN", "THERAPIST", "STAFF", "FRONT_DESK"]

    /// Shortest HS256 secret accepted: the hash's own size (RFC 7518 §3.2).
    public static let minimumSecretBytes = 32

    /// The key an org file's `jwt:` declares, checked: a secret long enough, or a PEM that is an
    /// RSA or P-256 public key. The message names the field (`jwt.hs256_secret`, `jwt.public_key_pem`).
    public static func declaredKey(secret: String?, publicKeyPEM: String?) throws(DomainError) -> JWTVerificationKey {
        switch (secret, publicKeyPEM) {
        case (let secret?, nil):
            guard secret.utf8.count >= minimumSecretBytes else {
                throw DomainError(.invalidValue, "jwt.hs256_secret must be at least \(minimumSecretBytes) bytes", field: "jwt.hs256_secret")
            }
            return JWTVerificationKey(algorithm: .hs256, material: secret, fingerprint: fingerprint(secret))
        case (nil, let pem?):
            let algorithm: JWTVerificationKey.Algorithm
            if (try? Insecure.RSA.PublicKey(pem: pem)) != nil {
                algorithm = .rs256
            } else if (try? ES256PublicKey(pem: pem)) != nil {
                algorithm = .es256
            } else {
                throw DomainError(.invalidValue, "jwt.public_key_pem must be an RSA (RS256) or P-256 (ES256) public key in PEM",
                                  field: "jwt.public_key_pem")
            }
            return JWTVerificationKey(algorithm: algorithm, material: pem, fingerprint: fingerprint(pem))
        default:
            throw DomainError(.invalidValue, "jwt must hold exactly one of hs256_secret and public_key_pem", field: "jwt")
        }
    }

    static func fingerprint(_ material: String) -> String {
        SHA256.hash(data: Data(material.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A key collection holding only the organization's key, so a token is checked with that
    /// key's algorithm whatever its header claims (an `alg: none` or HS256-over-a-public-key
    /// token does not verify).
    static func collection(for key: JWTVerificationKey) async throws -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        switch key.algorithm {
        case .hs256: await keys.add(hmac: HMACKey(from: key.material), digestAlgorithm: .sha256)
        case .rs256: await keys.add(rsa: try Insecure.RSA.PublicKey(pem: key.material), digestAlgorithm: .sha256)
        case .es256: await keys.add(ecdsa: try ES256PublicKey(pem: key.material))
        }
        return keys
    }

    /// A token signed with the organization's HS256 secret (development and tests; an
    /// organization that declared a public key signs its tokens with its own private key).
    public static func issue(_ claims: Claims, secret: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(claims)
    }
}
