import Crypto
import Domain
import Foundation
@testable import HTTPAPI
import JWTKit
import Testing

/// SPRY's waitlist requests over HTTP (seed 004): bearer tokens verified with the organization's
/// declared key, roles, every 400 of the seed in `{code, message, data}`, lists, and a freed slot
/// offered, accepted and declined through the dialect.
@Suite("SPRY waitlist requests over HTTP", .serialized)
struct SpryWaitlistTests {
    static let secret = "a-development-secret-of-at-least-32-bytes"

    struct Clinic {
        let org: TestStack.Organization
        let orgId: UUID
        let clinic: String
        let category: String
        let practitioner: String
        let patients: [String]
        let task: String
        let staff: String
        func user(_ i: Int) async throws -> String { try await SpryWaitlistTests.token(orgId, role: "USER", patient: patients[i]) }
        var heimKey: [String: String] { ["Authorization": org.apiKey] }
    }

    static func token(_ org: UUID, role: String, patient: String? = nil, secret: String = secret, expires: Date = Date().addingTimeInterval(3600),
                      sub: String = "user-1") async throws -> String {
        try await SpryTokens.issue(SpryTokens.Claims(sub: sub, org: org, roles: [role], patientId: patient.flatMap(UUID.init(uuidString:)),
                                                     expires: expires), secret: secret)
    }

    /// A Chicago clinic with a waitlist (one 60-minute category), a second clinic without one, a
    /// practitioner working weekdays 08:00–17:00, five patients with phones, and the org's HS256 secret.
    static func clinic(_ stack: TestStack, holdMinutes: Int = 15) async throws -> Clinic {
        let org = try await stack.organization()
        let hours = Dictionary(uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday"].map { ($0, ["08:00-17:00"]) })
        let applied = try await stack.request(.PUT, "/admin/v1/organizations/\(org.id)/reference-data", admin: true, json: [
            "locations": [["name": "Riverside", "address": "1 River Rd, Chicago, IL 60601", "timezone": "America/Chicago"],
                          ["name": "Quiet", "address": "2 Lake St, Chicago, IL 60602", "timezone": "America/Chicago"]],
            "practitioners": [["name": "Dr. Ada Park", "email": "ada@riverside.example", "locations": ["Riverside"], "working_hours": hours]],
            "appointment_types": [["name": "Initial Evaluation", "duration_minutes": 60, "max_attendees": 1]],
            "tasks": [["name": "Clinic visit", "appointment_type": "Initial Evaluation"]],
            "waitlists": [["clinic": "Riverside", "max_span_days": 30, "hold_minutes": holdMinutes,
                           "categories": [["label": "Physical Therapy", "appointment_type": "Initial Evaluation", "kind": "INITIAL_EVAL"]]]],
            "jwt": ["hs256_secret": secret],
        ])
        guard applied.status == 200 else { throw TestFailure("reference data: \(applied.status) \(String(decoding: applied.body, as: UTF8.self))") }
        #expect((applied.json["jwt"] as? [String: Any])?["algorithm"] as? String == "HS256")
        #expect(!String(decoding: applied.body, as: UTF8.self).contains(secret), "the secret is never echoed")
        func id(_ list: String, _ name: String) -> String? {
            (applied.json[list] as? [[String: Any]])?.first { $0["name"] as? String == name }?["id"] as? String
        }
        let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": (0..<5).map {
            patientItem("P\($0)", "Waiting", ["phone_number": "(312) 555-010\($0)"])
        }])
        let patients = batch.json["patient_ids"] as? [String] ?? []
        guard let orgId = UUID(uuidString: org.id), patients.count == 5, let clinic = id("locations", "Riverside"),
              let practitioner = id("practitioners", "Dr. Ada Park"), let task = id("tasks", "Clinic visit").flatMap(UUID.init(uuidString:)) else {
            throw TestFailure("clinic not made")
        }
        // org apply prints each waitlist clinic's categories: the ids SPRY's clients send.
        let waitlist = (applied.json["waitlists"] as? [[String: Any]])?.first
        #expect(waitlist?["clinic_id"] as? String == clinic)
        guard let category = (waitlist?["categories"] as? [[String: Any]])?.first?["id"] as? String else { throw TestFailure("no category") }
        return Clinic(org: org, orgId: orgId, clinic: clinic, category: category, practitioner: practitioner, patients: patients,
                      task: HeimIds.string(task, .task), staff: try await token(orgId, role: "DOCTOR", sub: "dr-park"))
    }

    static func days(_ n: Int) -> String { CalendarDate(utcDayOf: Date()).adding(days: n).description }

    static func body(_ c: Clinic, _ extra: [String: Any] = [:]) -> [String: Any] {
        var b: [String: Any] = ["clinic_id": c.clinic, "date_range_start": days(1), "date_range_end": days(20),
                                "appointment_category_id": c.category, "payment_type": "SELF_PAY"]
        for (k, v) in extra { b[k] = v }
        return b
    }

    static func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

    static func text(_ r: TestStack.Reply) -> String { String(decoding: r.body, as: UTF8.self) }

    @Test("tokens: none, malformed, unsigned, wrongly signed, expired, another organization's, no role → 401/403 in the envelope")
    func tokens() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let path = "/apis/v1/waitlist-requests"
            let none = try await stack.request(.GET, path)
            #expect(none.status == 401 && none.json["code"] as? Int == 4010 && none.json.keys.contains("data"))
            #expect(none.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            let other = try await stack.organization()
            let otherOrg = try #require(UUID(uuidString: other.id))
            let refused: [(String, String)] = [
                ("malformed", "not-a-jwt"),
                ("wrong secret", try await Self.token(c.orgId, role: "ADMIN", secret: "another-secret-that-is-also-32-bytes-long")),
                ("expired", try await Self.token(c.orgId, role: "ADMIN", expires: Date().addingTimeInterval(-60))),
                ("organization without a key", try await Self.token(otherOrg, role: "ADMIN")),
                ("unsigned", Self.unsigned(org: c.orgId)),
            ]
            for (what, token) in refused {
                let r = try await stack.request(.GET, path, headers: Self.bearer(token))
                #expect(r.status == 401 && r.json["code"] as? Int == 4010, "\(what): \(r.status) \(Self.text(r))")
            }
            let basic = try await stack.request(.GET, path, headers: ["Authorization": "Basic Zm9vOg=="])
            #expect(basic.status == 401)
            let billing = try await stack.request(.GET, path, headers: Self.bearer(try await Self.token(c.orgId, role: "BILLING")))
            #expect(billing.status == 403 && billing.json["code"] as? Int == 4030)
            let ok = try await stack.request(.GET, path, headers: Self.bearer(c.staff))
            #expect(ok.status == 200 && ok.json["code"] as? Int == 2000 && ok.json["message"] as? String == "Success")
        }
    }

    @Test("org file jwt: a short secret, a PEM that is no key, or both kinds are refused naming the field; an ES256 key verifies its tokens, an HS256 forgery over it does not")
    func declaredKeys() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let orgId = try #require(UUID(uuidString: org.id))
            func apply(_ jwt: [String: Any]) async throws -> TestStack.Reply {
                try await stack.request(.PUT, "/admin/v1/organizations/\(org.id)/reference-data", admin: true, json: ["jwt": jwt])
            }
            let short = try await apply(["hs256_secret": "too-short"])
            #expect(short.status == 422 && short.errorParam == "jwt.hs256_secret", "\(Self.text(short))")
            let notAKey = try await apply(["public_key_pem": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"])
            #expect(notAKey.status == 422 && notAKey.errorParam == "jwt.public_key_pem", "\(Self.text(notAKey))")
            let both = try await apply(["hs256_secret": Self.secret, "public_key_pem": "x"])
            #expect(both.status == 422 && both.errorParam == "jwt")
            let unknown = try await apply(["hs512_secret": Self.secret])
            #expect(unknown.status == 422, "\(Self.text(unknown))")

            let privateKey = P256.Signing.PrivateKey()
            let applied = try await apply(["public_key_pem": privateKey.publicKey.pemRepresentation])
            #expect(applied.status == 200 && (applied.json["jwt"] as? [String: Any])?["algorithm"] as? String == "ES256", "\(Self.text(applied))")
            let keys = JWTKeyCollection()
            await keys.add(ecdsa: try ES256PrivateKey(pem: privateKey.pemRepresentation))
            let claims = SpryTokens.Claims(sub: "dr", org: orgId, roles: ["ADMIN"], patientId: nil, expires: Date().addingTimeInterval(600))
            let signed = try await stack.request(.GET, "/apis/v1/waitlist-requests", headers: Self.bearer(try await keys.sign(claims)))
            #expect(signed.status == 200, "\(Self.text(signed))")
            // The classic confusion: an HS256 token keyed with the public key's own text.
            let forged = try await SpryTokens.issue(claims, secret: privateKey.publicKey.pemRepresentation)
            #expect(try await stack.request(.GET, "/apis/v1/waitlist-requests", headers: Self.bearer(forged)).status == 401)
        }
    }

    /// A JWT with `alg: none` and no signature, claiming to be staff of the organization.
    static func unsigned(org: UUID) -> String {
        func part(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
        }
        let exp = Int(Date().addingTimeInterval(3600).timeIntervalSince1970)
        return part(#"{"alg":"none","typ":"JWT"}"#) + "." + part(#"{"sub":"x","org":"\#(org.lowercased)","roles":["ADMIN"],"exp":\#(exp)}"#) + "."
    }

    @Test("create: 201 with the seed's data, for a patient from its token and for staff from ?patient_id; each refusal of the seed is 400 naming its field")
    func create() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let path = "/apis/v1/waitlist-requests"
            let user = try await c.user(0)
            let created = try await stack.request(.POST, "\(path)?patient_id=\(c.patients[1])", json: Self.body(c, [
                "preferred_providers": [c.practitioner], "preferred_time_slots": ["MORNING", "AFTERNOON"], "preferred_days": ["MONDAY", "FRIDAY"],
                "appointment_category": "physical therapy", "appointment_type": "Initial Evaluation", "priority": 2, "notes": "mornings",
            ]), headers: Self.bearer(user))
            #expect(created.status == 201, "\(Self.text(created))")
            #expect(created.json["code"] as? Int == 2000)
            let data = try #require(created.json["data"] as? [String: Any])
            #expect(data["patient_id"] as? String == c.patients[0], "a patient's id comes from its token; the query's is ignored")
            #expect(data["status"] as? String == "ACTIVE")
            #expect(data["appointment_type"] as? String == "INITIAL_EVAL")
            #expect(data["appointment_duration"] as? Int == 60)
            #expect(data["priority"] as? Int == 2)
            #expect(data["preferred_days"] as? [String] == ["MONDAY", "FRIDAY"])
            #expect((data["preferred_provider_details"] as? [[String: Any]])?.first?["name"] as? String == "Dr. Ada Park")
            #expect((data["patient"] as? [String: Any])?["first_name"] as? String == "P0")
            #expect(data["created_by"] as? String == "user-1")
            #expect(data["created_at_epoch_ms"] as? Int ?? 0 > 1_700_000_000_000)

            let staffMade = try await stack.request(.POST, "\(path)?patient_id=\(c.patients[1])", json: Self.body(c), headers: Self.bearer(c.staff))
            #expect(staffMade.status == 201)
            let derived = try #require(staffMade.json["data"] as? [String: Any])
            #expect(derived["patient_id"] as? String == c.patients[1])
            #expect(derived["priority"] as? Int == 3, "priority defaults to 3")
            #expect(derived["appointment_type"] as? String == "INITIAL_EVAL", "derived from the category")
            #expect(derived["preferred_provider_details"] == nil, "omitted when no provider is preferred")

            let noPatient = try await stack.request(.POST, path, json: Self.body(c), headers: Self.bearer(c.staff))
            #expect(noPatient.status == 400 && Self.text(noPatient).contains("patient_id"))

            let cases: [(String, [String: Any], String)] = [
                ("clinic_id missing", ["clinic_id": NSNull()], "clinic_id"),
                ("end before start", ["date_range_start": Self.days(5), "date_range_end": Self.days(3)], "date_range_end must be on or after date_range_start"),
                ("span over 30 days", ["date_range_end": Self.days(40)], "date_range_end"),
                ("bad date", ["date_range_start": "15/05/2026"], "date_range_start"),
                ("time slot", ["preferred_time_slots": ["NOON"]], "preferred_time_slots[0]"),
                ("day", ["preferred_days": ["monday"]], "preferred_days[0]"),
                ("payment", ["payment_type": "CASH"], "payment_type"),
                ("type", ["appointment_type": "Surgery"], "appointment_type"),
                ("type against the category", ["appointment_type": "FOLLOW_UP"], "appointment_type"),
                ("label against the category", ["appointment_category": "Massage"], "appointment_category"),
                ("unknown category", ["appointment_category_id": UUID().uuidString], "appointment_category_id"),
                ("priority", ["priority": 9], "priority"),
                ("provider", ["preferred_providers": ["nobody"]], "preferred_providers[0]"),
                ("clinic without a waitlist", ["clinic_id": c.clinic], "waitlist feature not configured for this organization"),
            ]
            for (what, change, named) in cases {
                var body = Self.body(c, change.filter { !($0.value is NSNull) })
                for (k, v) in change where v is NSNull { body[k] = nil }
                if what == "clinic without a waitlist" { body["clinic_id"] = try await Self.quietClinic(stack, c) }
                let r = try await stack.request(.POST, "\(path)?patient_id=\(c.patients[2])", json: body, headers: Self.bearer(c.staff))
                #expect(r.status == 400 && r.json["code"] as? Int == 4000 && r.json.keys.contains("data"), "\(what): \(Self.text(r))")
                #expect((r.json["message"] as? String)?.contains(named) == true, "\(what): \(Self.text(r))")
            }
            let notJSON = try await stack.request(.POST, "\(path)?patient_id=\(c.patients[2])", rawBody: Data("{".utf8), headers: Self.bearer(c.staff))
            #expect(notJSON.status == 400 && notJSON.json["code"] as? Int == 4000)
            let list = try await stack.request(.GET, "\(path)?patient_id=\(c.patients[2])", headers: Self.bearer(c.staff))
            #expect((list.json["data"] as? [String: Any])?["total"] as? Int == 0, "no refused request was written")
        }
    }

    static func quietClinic(_ stack: TestStack, _ c: Clinic) async throws -> String {
        let state = await stack.runtime.services.commands.committedState(of: c.orgId)
        let quiet = try #require(state.reference.locations.values.first { $0.name == "Quiet" })
        return quiet.id.lowercased
    }

    @Test("list: a patient sees only its own (403 asking for another's), filters, sorts both ways, pages; get and patch: 403 for another patient, final states 409")
    func listGetPatch() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let path = "/apis/v1/waitlist-requests"
            var ids: [String] = []
            for (i, priority) in [(0, 5), (1, 1), (2, 3), (0, 2)] {
                let r = try await stack.request(.POST, "\(path)?patient_id=\(c.patients[i])", json: Self.body(c, [
                    "priority": priority, "payment_type": i == 1 ? "INSURANCE_PAY" : "SELF_PAY",
                    "preferred_providers": i == 2 ? [c.practitioner] : [],
                ]), headers: Self.bearer(c.staff))
                ids.append(try #require((r.json["data"] as? [String: Any])?["id"] as? String, "\(Self.text(r))"))
            }
            func list(_ query: String, _ token: String) async throws -> (status: Int, ids: [String], total: Int?) {
                let r = try await stack.request(.GET, "\(path)?\(query)", headers: Self.bearer(token))
                let data = r.json["data"] as? [String: Any]
                return (r.status, (data?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }, data?["total"] as? Int)
            }
            let user0 = try await c.user(0)
            #expect(Set(try await list("", user0).ids) == [ids[0], ids[3]])
            #expect(try await list("patient_id=\(c.patients[1])", user0).status == 403)
            #expect(try await list("sort_by=priority&sort_dir=asc", c.staff).ids == [ids[1], ids[3], ids[2], ids[0]])
            #expect(try await list("sort_by=priority&sort_dir=desc", c.staff).ids == [ids[0], ids[2], ids[3], ids[1]])
            #expect(try await list("sort_by=created_at&sort_dir=asc", c.staff).ids == ids)
            #expect(try await list("priority=1,2", c.staff).ids.count == 2)
            #expect(try await list("payment_type=INSURANCE_PAY", c.staff).ids == [ids[1]])
            #expect(try await list("provider_ids=\(c.practitioner)", c.staff).ids == [ids[2]])
            #expect(try await list("clinic_id=\(c.clinic)&status=ACTIVE", c.staff).total == 4)
            let page2 = try await list("sort_by=created_at&sort_dir=asc&page=2&page_size=3", c.staff)
            #expect(page2.ids == [ids[3]] && page2.total == 4)
            for bad in ["page_size=101", "page=0", "sort_by=name", "sort_dir=up", "status=OPEN", "priority=7", "start_date=tomorrow", "colour=red"] {
                let r = try await list(bad, c.staff)
                #expect(r.status == 400, "\(bad)")
            }

            let mine = try await stack.request(.GET, "\(path)/\(ids[0])", headers: Self.bearer(user0))
            #expect(mine.status == 200)
            let theirs = try await stack.request(.GET, "\(path)/\(ids[1])", headers: Self.bearer(user0))
            #expect(theirs.status == 403 && theirs.json["code"] as? Int == 4030)
            let patchTheirs = try await stack.request(.PATCH, "\(path)/\(ids[1])", json: ["priority": 1], headers: Self.bearer(user0))
            #expect(patchTheirs.status == 403)
            #expect(try await stack.request(.GET, "\(path)/\(UUID().uuidString)", headers: Self.bearer(c.staff)).status == 404)
            #expect(try await stack.request(.GET, "\(path)/req-123", headers: Self.bearer(c.staff)).status == 404)

            let patched = try await stack.request(.PATCH, "\(path)/\(ids[0])", json: [
                "preferred_days": ["TUESDAY"], "priority": 4, "notes": NSNull()], headers: Self.bearer(user0))
            let after = try #require(patched.json["data"] as? [String: Any], "\(Self.text(patched))")
            #expect(after["preferred_days"] as? [String] == ["TUESDAY"] && after["priority"] as? Int == 4)
            let unknown = try await stack.request(.PATCH, "\(path)/\(ids[0])", json: ["colour": "red"], headers: Self.bearer(user0))
            #expect(unknown.status == 400 && Self.text(unknown).contains("colour"))
            let cancelled = try await stack.request(.PATCH, "\(path)/\(ids[0])", json: ["status": "CANCELLED"], headers: Self.bearer(user0))
            let cancelledData = cancelled.json["data"] as? [String: Any]
            #expect(cancelledData?["status"] as? String == "CANCELLED")
            #expect(cancelledData?["updated_at"] as? String != (patched.json["data"] as? [String: Any])?["updated_at"] as? String,
                    "a cancellation is an update")
            let again = try await stack.request(.PATCH, "\(path)/\(ids[0])", json: ["priority": 1], headers: Self.bearer(user0))
            #expect(again.status == 409 && again.json["code"] as? Int == 4090)

            // Another organization's staff token cannot see this organization's requests.
            let other = try await Self.clinic(stack)
            #expect(try await stack.request(.GET, "\(path)/\(ids[1])", headers: Self.bearer(other.staff)).status == 404)
            #expect(try await list("", other.staff).total == 0)
        }
    }

    @Test("a cancellation invites the right one of five requests; decline moves the offer on; accept books it, FULFILLED, the appointment shown by Heim")
    func offerDeclineAccept() async throws {
        try await withStack(background: true) { stack in
            let c = try await Self.clinic(stack)
            let path = "/apis/v1/waitlist-requests"
            let appointment = try await Self.bookFirstWindow(stack, c)

            // Five competing requests: priority decides, then who asked first; one named another provider.
            var ids: [String] = []
            for (i, extra) in [(0, ["priority": 3]), (1, ["priority": 2]), (2, ["priority": 2]), (3, ["priority": 1, "preferred_providers": [UUID().uuidString]]),
                               (0, ["priority": 4])] as [(Int, [String: Any])] {
                var body = Self.body(c, extra)
                if i == 3 { body["preferred_providers"] = nil; body["preferred_time_slots"] = ["EVENING"] }
                let r = try await stack.request(.POST, "\(path)?patient_id=\(c.patients[i])", json: body, headers: Self.bearer(c.staff))
                ids.append(try #require((r.json["data"] as? [String: Any])?["id"] as? String, "\(Self.text(r))"))
            }
            let cancelled = try await stack.request(.POST, "/v1/appointments/\(appointment)/cancel", json: ["note": "moved"], headers: c.heimKey)
            #expect(cancelled.status == 200)

            // Priority 2 twice: the one who asked first (ids[1]) is invited, ranked above the rest that fit.
            let first = try await Self.sentInvite(stack, c, request: ids[1])
            #expect(first["match_type"] as? String == "ANY_PROVIDER")
            #expect(first["ranked_above"] as? [String] == [ids[2], ids[0], ids[4]], "EVENING-only does not fit a daytime slot")
            #expect((first["reason"] as? [String: Any])?["priority"] as? Int == 2)

            let inviteId = try #require(first["invite_id"] as? String)

            // A restart in the middle of the hold: the invite still holds, and nothing is offered again.
            try await stack.restart()
            let again = try await Self.sentInvite(stack, c, request: ids[1])
            #expect(again["invite_id"] as? String == inviteId)
            for other in [ids[0], ids[2], ids[4]] {
                let r = try await stack.request(.GET, "\(path)/\(other)", headers: Self.bearer(c.staff))
                #expect(((r.json["data"] as? [String: Any])?["matched_invites"] as? [Any])?.isEmpty == true)
            }
            let declined = try await stack.request(.POST, "\(path)/\(ids[1])/invites/\(inviteId)/decline",
                                                   headers: Self.bearer(try await c.user(1)))
            #expect(declined.status == 200, "\(Self.text(declined))")
            let statuses = ((declined.json["data"] as? [String: Any])?["matched_invites"] as? [[String: Any]])?.map { $0["status"] as? String }
            #expect(statuses == ["DECLINED"])

            let second = try await Self.sentInvite(stack, c, request: ids[2])
            let secondId = try #require(second["invite_id"] as? String)
            let stranger = try await stack.request(.POST, "\(path)/\(ids[2])/invites/\(secondId)/accept", headers: Self.bearer(try await c.user(0)))
            #expect(stranger.status == 403)
            // The patient and staff accept at once: exactly one wins, the other is told the invite is taken.
            let accept = "\(path)/\(ids[2])/invites/\(secondId)/accept"
            let patientToken = try await c.user(2)
            async let byPatient = stack.request(.POST, accept, headers: Self.bearer(patientToken))
            async let byStaff = stack.request(.POST, accept, headers: Self.bearer(c.staff))
            let answers = try await [byPatient, byStaff]
            #expect(answers.map(\.status).sorted() == [200, 409], "\(answers.map(Self.text))")
            let accepted = try #require(answers.first { $0.status == 200 })
            let data = try #require(accepted.json["data"] as? [String: Any])
            #expect(data["status"] as? String == "FULFILLED")
            let booking = try #require(data["booking"] as? [String: Any])
            let heimId = try #require(booking["appointment_id"] as? String)
            let shown = try await stack.request(.GET, "/v1/appointments/\(heimId)", headers: c.heimKey)
            #expect(shown.status == 200 && shown.json["status"] as? String == "scheduled")
            #expect(shown.json["patientId"] as? String == HeimIds.string(try #require(UUID(uuidString: c.patients[2])), .patient))
            let twice = try await stack.request(.POST, "\(path)/\(ids[2])/invites/\(secondId)/accept", headers: Self.bearer(c.staff))
            #expect(twice.status == 409, "one accept only")

            // The patient's History shows its waitlist life, and the archive's History up to now says the same.
            let history = "/v1/patients/\(c.patients[2])/history"
            let live = try await stack.request(.GET, history, apiKey: c.org.apiKey)
            let asOf = try await stack.request(.GET, "\(history)?as_of=\(RFC3339.format(Date().addingTimeInterval(60)))", apiKey: c.org.apiKey)
            #expect(Self.text(live).contains("waitlist"), "\(Self.text(live))")
            #expect(live.status == 200 && NSDictionary(dictionary: live.json) == NSDictionary(dictionary: asOf.json))
        }
    }

    @Test("new availability: lifting a practitioner's block offers the time it gives back to a waiting request")
    func liftedBlockInvites() async throws {
        try await withStack(background: true) { stack in
            let c = try await Self.clinic(stack)
            let start = "\(Self.days(2))T00:00:00Z", end = "\(Self.days(9))T00:00:00Z"
            let block: [String: Any] = ["practitioner": "Dr. Ada Park", "starts_at": start, "ends_at": end]
            let blocked = try await stack.request(.PUT, "/admin/v1/organizations/\(c.org.id)/reference-data", admin: true,
                                                  json: ["unavailable_blocks": [block]])
            #expect(blocked.status == 200, "\(Self.text(blocked))")
            let r = try await stack.request(.POST, "/apis/v1/waitlist-requests?patient_id=\(c.patients[0])", json: Self.body(c),
                                            headers: Self.bearer(c.staff))
            let id = try #require((r.json["data"] as? [String: Any])?["id"] as? String, "\(Self.text(r))")
            var lifted = block
            lifted["removed"] = true
            let applied = try await stack.request(.PUT, "/admin/v1/organizations/\(c.org.id)/reference-data", admin: true,
                                                  json: ["unavailable_blocks": [lifted]])
            #expect(applied.status == 200 && (applied.json["unavailable_blocks"] as? [Any])?.isEmpty == true)
            let invite = try await Self.sentInvite(stack, c, request: id)
            let slotStart = try #require((invite["slot_start"] as? String).flatMap(RFC3339.parse))
            #expect(slotStart >= RFC3339.parse(start)! && slotStart < RFC3339.parse(end)!, "inside the time the block gave back")
            #expect(invite["provider_id"] as? String == c.practitioner)
        }
    }

    @Test("an invite nobody answers expires at its hold's end (the service's clock) and the slot goes to the next request")
    func expiryMovesTheOffer() async throws {
        try await withStack(background: true) { stack in
            let c = try await Self.clinic(stack, holdMinutes: 1)
            let path = "/apis/v1/waitlist-requests"
            let appointment = try await Self.bookFirstWindow(stack, c)
            var ids: [String] = []
            for (i, priority) in [(0, 1), (1, 2)] {
                let r = try await stack.request(.POST, "\(path)?patient_id=\(c.patients[i])", json: Self.body(c, ["priority": priority]),
                                                headers: Self.bearer(c.staff))
                ids.append(try #require((r.json["data"] as? [String: Any])?["id"] as? String, "\(Self.text(r))"))
            }
            _ = try await stack.request(.POST, "/v1/appointments/\(appointment)/cancel", json: ["note": "moved"], headers: c.heimKey)
            let first = try await Self.sentInvite(stack, c, request: ids[0])
            let expires = try #require((first["expires_at"] as? String).flatMap(RFC3339.parse))
            let sent = try #require((first["sent_at"] as? String).flatMap(RFC3339.parse))
            #expect(abs(expires.timeIntervalSince(sent) - 60) < 1.5, "the clinic's hold_minutes: 1")
            // Nobody answers: within a few seconds of expires_at the scheduler expires it and offers the next request.
            let second = try await Self.sentInvite(stack, c, request: ids[1], within: .seconds(100))
            #expect(second["ranked_above"] as? [String] == [])
            let r = try await stack.request(.GET, "\(path)/\(ids[0])", headers: Self.bearer(c.staff))
            let statuses = ((r.json["data"] as? [String: Any])?["matched_invites"] as? [[String: Any]])?.map { $0["status"] as? String }
            #expect(statuses == ["EXPIRED"], "the first request is not offered the slot it let go")
        }
    }

    /// Books the first free window of the coming week through Heim for the fifth patient: the slot a
    /// test then frees by cancelling it.
    static func bookFirstWindow(_ stack: TestStack, _ c: Clinic) async throws -> String {
        let tomorrow = CalendarDateText.utc(Date().addingTimeInterval(86_400))
        let inAWeek = CalendarDateText.utc(Date().addingTimeInterval(8 * 86_400))
        let windows = try await stack.request(.GET, "/v1/availability?taskId=\(c.task)&from=\(tomorrow)&to=\(inAWeek)", headers: c.heimKey)
        let window = try #require((windows.json["data"] as? [[String: Any]])?.first?["id"] as? String)
        let booked = try await stack.request(.POST, "/v1/appointments", json: [
            "patientId": HeimIds.string(try #require(UUID(uuidString: c.patients[4])), .patient), "taskId": c.task,
            "phone": "+14155550123", "windowId": window, "location": ["line1": "1 River Rd", "postcode": "60601"]], headers: c.heimKey)
        return try #require(booked.json["id"] as? String, "\(text(booked))")
    }

    /// Waits (bounded) until the request shows a SENT invite in GET, and returns it.
    static func sentInvite(_ stack: TestStack, _ c: Clinic, request: String, within: Duration = .seconds(20)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            let r = try await stack.request(.GET, "/apis/v1/waitlist-requests/\(request)", headers: bearer(c.staff))
            let invites = (r.json["data"] as? [String: Any])?["matched_invites"] as? [[String: Any]] ?? []
            if let sent = invites.first(where: { $0["status"] as? String == "SENT" }) { return sent }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("no SENT invite on \(request) within \(within)")
    }
}
