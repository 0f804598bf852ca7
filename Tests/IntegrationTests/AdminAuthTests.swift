import Foundation
import Testing

@Suite("Admin authentication")
struct AdminAuthTests {
    @Test("The admin token's scheme is case-insensitive (RFC 7235); a wrong token or scheme is 401 in the Solum envelope")
    func bearerSchemeIsCaseInsensitive() async throws {
        try await withStack { stack in
            for scheme in ["bearer", "BEARER", "Bearer"] {
                let created = try await stack.request(.POST, "/admin/v1/organizations", json: ["name": "Clinic \(scheme)"],
                                                      headers: ["Authorization": "\(scheme) \(stack.adminToken)"])
                #expect(created.status == 201, "\(scheme)")
            }
            for header in ["Bearer wrong-token", "Basic \(stack.adminToken)", stack.adminToken] {
                let refused = try await stack.request(.POST, "/admin/v1/organizations", json: ["name": "Nope"], headers: ["Authorization": header])
                #expect(refused.status == 401, "\(header)")
                #expect(refused.errorCode == "invalid_admin_token")
            }
        }
    }
}
