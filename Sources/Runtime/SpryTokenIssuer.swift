import Foundation
import HTTPAPI
import Logging
import ReadModels

/// `clinicledger token issue`: a SPRY token signed with the organization's declared HS256 secret,
/// read from DATABASE_URL's credential store. For development and tests: an organization that
/// declared a public key signs its tokens with its own private key, which ClinicLedger never holds.
public enum SpryTokenIssuer {
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    public static func issue(_ configuration: RuntimeConfiguration, claims: SpryTokens.Claims, organizationId: UUID,
                             logger: Logger) async throws -> String {
        let key = try await ProjectionsAdmin.withPostgres(configuration, logger: logger, migrate: false) { client in
            try await ReadModelQueries(client: client, logger: logger).jwtKey(org: organizationId)
        }
        guard let key else {
            throw Refusal(description: "organization \(organizationId.lowercased) declares no jwt key: add jwt: {hs256_secret: …} to its org file and apply it")
        }
        guard key.algorithm == .hs256 else {
            throw Refusal(description: "organization \(organizationId.lowercased) declares a \(key.algorithm.rawValue) public key: "
                + "sign its tokens with the matching private key; token issue signs only with an hs256_secret")
        }
        return try await SpryTokens.issue(claims, secret: key.material)
    }
}
