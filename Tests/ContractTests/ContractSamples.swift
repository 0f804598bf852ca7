import Domain
import EventStore
import Foundation

/// Where the contract files live, found from this file's own path (the test directory may be
/// reached through a symlink, so the path is resolved first).
enum ContractFiles {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let eventSchemas = repositoryRoot.appendingPathComponent("schemas/events")
    static let headersSchemaName = "cloudevents-headers.schema.json"

    static func eventSchema(for type: String) -> URL { eventSchemas.appendingPathComponent("\(type).schema.json") }
    static var headersSchema: URL { eventSchemas.appendingPathComponent(headersSchemaName) }
}

/// Realistic events of every type, produced by the real deciders from real commands, plus
/// hand-built events with every optional field set (deciders never fill some of them yet).
enum ContractSamples {
    static let now = Date(timeIntervalSince1970: 1_750_000_000.250)  // 2025-06-15T15:06:40.250Z
    static let organizationId = UUID(uuidString: "0197722c-a3d0-7c41-9e0b-5a4f3c2d1e0f")!

    static func context(_ seed: String, channel: SourceChannel = .api) -> DecisionContext {
        DecisionContext(organizationId: organizationId, now: now, channel: channel, idSeed: UUID(uuidString: seed)!)
    }

    /// Organization creation, reference data (created, then updated), and a batch of two patients.
    static func decidedEvents() throws -> [DomainEvent] {
        var state = OrganizationState(organizationId: organizationId)
        var all: [DomainEvent] = []
        func run(_ command: Command, _ context: DecisionContext) throws {
            let events = try decide(command, state: state, context: context).events
            for e in events { state.apply(e) }
            all += events
        }

        try run(.organization(.createOrganization(CreateOrganization(
            name: " Riverside Physical Therapy ",
            apiKeyHash: "5f4dcc3b5aa765d61d8327deb882cf99e0a4c3f1b2d6e7a8c9b0d1e2f3a4b5c6", apiKeyPrefix: "ck_9f86d081"))),
            context("0197722c-a3d0-7d15-b6e2-4f0c9a81d3e7", channel: .manual))

        try run(.organization(.applyReferenceData(ReferenceDataDeclaration(
            locations: [LocationDeclaration(name: "Riverside Main", address: "400 N Riverside Plaza, Chicago, IL 60606", timezone: "America/Chicago"),
                        LocationDeclaration(name: "Evanston")],
            workflowStages: [WorkflowStageDeclaration(title: "New referral", order: 1, description: "Referral received, not yet contacted",
                                                      actions: ["verify_insurance", "call_patient"]),
                             WorkflowStageDeclaration(title: "Scheduled")],
            users: [UserDeclaration(name: "Dana Whitfield", email: "Dana.Whitfield@RiversidePT.example")],
            externalIdTypes: [ExternalIdTypeDeclaration(name: "epic_mrn")]))),
            context("0197722c-b1f4-7a2e-8c53-e1d7402b96fa", channel: .manual))

        try run(.organization(.applyReferenceData(ReferenceDataDeclaration(
            locations: [LocationDeclaration(name: "Riverside Main", address: "400 N Riverside Plaza, Suite 200, Chicago, IL 60606",
                                            timezone: "America/Chicago")],
            workflowStages: [WorkflowStageDeclaration(title: "New referral", order: 1, description: "Referral received",
                                                      actions: ["verify_insurance"])],
            users: [UserDeclaration(name: "Dana Whitfield-Ortiz", email: "dana.whitfield@riversidept.example")]))),
            context("0197722d-0c2a-7b8d-9f16-5a3ce8047b21", channel: .manual))

        // Scheduling reference data: a location with a time zone, practitioners with working hours
        // (local wall-clock times), appointment types, tasks, and unavailable blocks.
        let novak = "Dr. Elena Novak, PT"
        let training = UnavailableBlockDeclaration(practitioner: novak, startsAt: "2025-06-16T08:00:00-05:00", endsAt: "2025-06-16T12:00:00-05:00")
        try run(.organization(.applyReferenceData(ReferenceDataDeclaration(
            locations: [LocationDeclaration(name: "Lincoln Square", address: "4745 N Lincoln Ave, Chicago, IL 60625", timezone: "America/Chicago")],
            practitioners: [PractitionerDeclaration(name: novak, email: "Elena.Novak@RiversidePT.example", locations: ["Riverside Main", "Lincoln Square"],
                                                    workingHours: ["monday": ["08:00-12:00", "13:00-17:00"], "wednesday": ["10:00-18:00@Lincoln Square"]]),
                            PractitionerDeclaration(name: "Marcus Bell, PTA", email: "marcus.bell@riversidept.example", locations: ["Lincoln Square"],
                                                    workingHours: ["friday": ["07:30-15:30"]])],
            appointmentTypes: [AppointmentTypeDeclaration(name: "Initial evaluation", durationMinutes: 60, maxAttendees: 1,
                                                          category: "Evaluation", waitlistType: "standard"),
                               AppointmentTypeDeclaration(name: "Follow-up visit", durationMinutes: 45)],
            tasks: [TaskDeclaration(name: "PT initial evaluation", appointmentType: "Initial evaluation", scheduled: true, minPlanDays: 7),
                    TaskDeclaration(name: "Follow-up", appointmentType: "Follow-up visit")],
            unavailableBlocks: [training,
                                UnavailableBlockDeclaration(practitioner: novak, startsAt: "2025-07-04T00:00:00-05:00", endsAt: "2025-07-05T00:00:00-05:00")]))),
            context("0197722d-1b3c-7d4e-8f5a-6b7c8d9e0f11", channel: .manual))

        // The same entities changed (each an updated event), and Monday's training block lifted.
        var lifted = training
        lifted.removed = true
        try run(.organization(.applyReferenceData(ReferenceDataDeclaration(
            practitioners: [PractitionerDeclaration(name: novak, email: "Elena.Novak@RiversidePT.example", locations: ["Riverside Main", "Lincoln Square"],
                                                    workingHours: ["monday": ["08:00-12:00", "13:00-17:00"], "tuesday": ["08:00-12:00"],
                                                                   "wednesday": ["10:00-18:00@Lincoln Square"]])],
            appointmentTypes: [AppointmentTypeDeclaration(name: "Initial evaluation", durationMinutes: 60, maxAttendees: 1, category: "Evaluation"),
                               AppointmentTypeDeclaration(name: "Follow-up visit", durationMinutes: 30)],
            tasks: [TaskDeclaration(name: "PT initial evaluation", appointmentType: "Initial evaluation", scheduled: true, minPlanDays: 14)],
            unavailableBlocks: [lifted]))),
            context("0197722d-2c4d-7e5f-9a6b-7c8d9e0f1a22", channel: .manual))

        let stage = try require(state.reference.workflowStages.values.first { $0.title == "New referral" })
        let user = try require(state.reference.users.values.first)
        let location = try require(state.reference.locations.values.first { $0.name == "Riverside Main" })

        var full = PatientDraft(firstName: " Maria ", lastName: "Garcia")
        full.middleName = "Luisa"
        full.phoneNumber = "(312) 555-0142"
        full.additionalPhoneNumber = "+1 773 555 0199 ext. 4"
        full.email = "maria.garcia@Example.COM"
        full.dateOfBirth = "1984-02-29"
        full.gender = "female"
        full.address = "1520 W Polk St"
        full.address2 = "Apt 3B"
        full.city = "Chicago"
        full.state = "illinois"
        full.zip = "60607-1234"
        full.externalId = "MRN-004217"
        full.comments = "Prefers morning appointments."
        full.workflowStageId = stage.id.uuidString.lowercased()
        full.assignedUserId = user.id.uuidString
        full.tags = ["Post-op", "Spanish speaking"]
        var referral = ReferralDraft()
        referral.physicianName = "Dr. Alan Cho"
        referral.physicianEmail = "acho@northshore.example"
        referral.physicianPhone = "312-555-0100"
        referral.physicianFax = "312.555.0101"
        referral.physicianGroup = "NorthShore Orthopaedics"
        referral.physicianNpi = "1234567893"
        referral.icdCodes = ["m545", "S83.511A"]
        referral.serviceTypes = ["physical_therapy", "occupational_therapy"]
        referral.startDate = "2025-06-01"
        referral.endDate = "2025-09-01"
        referral.locationId = location.id.uuidString
        full.referral = referral

        try run(.patients(.createPatientsBatch(CreatePatientsBatch(items: [full, PatientDraft(firstName: "John", lastName: "Okafor")]))),
                context("0197722d-5e91-7c07-a2d4-8b6f13e9c05d", channel: .bulk_import))

        // Seed 001: upserts through the real decider, then a communication and the phone lock.
        func upsert(_ draft: UpsertDraft, _ seed: String) throws -> UpsertResult {
            let decision = try decideUpsertPatient(UpsertPatient(draft: draft), state: state.patients, reference: state.reference, context: context(seed))
            for e in decision.events { state.apply(e) }
            all += decision.events
            return decision.reply
        }
        let mrn = try require(state.reference.externalIdTypes.values.first { $0.name == "epic_mrn" })

        // 1. A new person, sent sloppily: created, with what could not be used dropped.
        var priya = UpsertDraft()
        priya.externalId = ExternalIdDraft(typeId: mrn.id.uuidString.lowercased(), value: " E1002345 ")
        priya.firstName = "Priya"
        priya.lastName = "Raman"
        priya.dateOfBirth = "07/04/1979"
        priya.gender = "F"
        priya.phoneNumber = "1-646-555-0187"
        priya.additionalPhoneNumber = "call the office"
        priya.email = " Priya.Raman@Gmail.COM "
        priya.address = "410 W 118th St"
        priya.city = "New York"
        priya.state = "NY"
        priya.zip = "10027"
        priya.locationId = UUID(uuidString: "0197722c-0000-7000-8000-000000000001")!.uuidString  // another organization's
        priya.workflowStageId = stage.id.uuidString.lowercased()
        priya.tags = ["Spanish speaking", "self-pay", "Self-Pay "]
        var priyaReferral = UpsertReferralDraft()
        priyaReferral.physicianName = "Dr. Helen Park"
        priyaReferral.physicianNpi = "1234567893"
        priyaReferral.physicianAddress = "622 W 168th St"
        priyaReferral.physicianCity = "New York"
        priyaReferral.physicianZip = "10032"
        priyaReferral.icdCodes = ["M17.11", "not-a-code"]
        priyaReferral.serviceTypes = ["Physical Therapy"]
        priyaReferral.startDate = "2025-06-02"
        priyaReferral.fileId = "file_7Kq2mZ"
        priya.referral = priyaReferral
        priya.payors = [Self.payor(memberId: "XGH448812901", plan: "Empire BCBS PPO", copay: 40)]
        priya.customFields = .object([("intake_source", .string("web_form")), ("preferred_language", .string("ta"))])
        priya.droppedFields = ["comments"]  // the reader drops a value of the wrong JSON type
        let created = try upsert(priya, "0197722e-1a2b-7c3d-8e4f-5a6b7c8d9e01")

        // 2. The same person again, by demographics, with a new MRN, address, payor and custom field:
        //    the MRN is reassigned and every changed field is listed old → new.
        var again = UpsertDraft()
        again.externalId = ExternalIdDraft(typeId: mrn.id.uuidString, value: "E1002399")
        again.firstName = "PRIYA"
        again.lastName = "Raman"
        again.dateOfBirth = "1979-07-04"
        again.address = "88 Morningside Dr"
        again.address2 = "Apt 5C"
        again.assignedUserId = user.id.uuidString
        again.tags = ["Spanish speaking"]
        again.payors = [Self.payor(memberId: "XGH448812901", plan: "Empire BCBS PPO", copay: 30)]
        again.customFields = .object([("preferred_language", .string("en")), ("consents", .object([("sms", .bool(true)), ("email", .bool(false))]))])
        _ = try upsert(again, "0197722e-2b3c-7d4e-8f5a-6b7c8d9e0f12")

        // 3. A batch-created patient gets an MRN of a type it had none of: external-id event only.
        var maria = UpsertDraft()
        maria.externalId = ExternalIdDraft(typeId: mrn.id.uuidString, value: "E0042170")
        maria.firstName = "Maria"
        maria.lastName = "Garcia"
        maria.dateOfBirth = "02/29/1984"
        _ = try upsert(maria, "0197722e-3c4d-7e5f-8a6b-7c8d9e0f1a23")

        // 4. Someone else sends Priya's MRN: the holder plainly is another person, so the MRN is
        //    dropped as a conflict and a patient known only by phone is created.
        var stranger = UpsertDraft()
        stranger.externalId = ExternalIdDraft(typeId: mrn.id.uuidString, value: "E1002399")
        stranger.dateOfBirth = "11/03/62"
        stranger.phoneNumber = "(917) 555-0133 ext. 12"
        _ = try upsert(stranger, "0197722e-4d5e-7f6a-8b7c-8d9e0f1a2b34")

        // 5. A call with Priya starts the phone lock; a later upsert's phone is dropped.
        try run(.patients(.recordCommunication(RecordCommunication(
            patientId: created.patientId, channel: .call, direction: .outbound, occurredAt: now.addingTimeInterval(-7200.5),
            summary: "  Left a voicemail about intake paperwork.  "))), context("0197722e-5e6f-7a7b-8c8d-9e0f1a2b3c45"))
        try run(.patients(.recordCommunication(RecordCommunication(
            patientId: created.patientId, channel: .sms, direction: .inbound, occurredAt: nil, summary: nil))),
            context("0197722e-6f7a-7b8c-9d0e-0f1a2b3c4d56"))
        var locked = UpsertDraft()
        locked.firstName = "Priya"
        locked.lastName = "Raman"
        locked.phoneNumber = "646.555.0187"
        locked.email = "priya.raman@gmail.com"
        locked.comments = "Asked for evening calls."
        _ = try upsert(locked, "0197722e-7a8b-7c9d-8e0f-1a2b3c4d5e67")

        // Heim's appointments (seed 002). Windows are on Monday 2025-06-16, Chicago time (CDT,
        // UTC-5), the day after `now`, in the morning the lifted block had covered.
        let practitioner = try require(state.reference.practitioners.values.first { $0.name == novak })
        let evaluation = try require(state.reference.tasks.values.first { $0.name == "PT initial evaluation" })
        let followUp = try require(state.reference.tasks.values.first { $0.name == "Follow-up" })
        let garcia = try require(state.patients.records.values.first { $0.profile.firstName == "Maria" })
        func appointments(_ command: AppointmentCommand, _ seed: String) throws -> UUID {
            let decision = try decide(.appointments(command), state: state, context: context(seed))
            for e in decision.events { state.apply(e) }
            all += decision.events
            guard case .appointments(.appointment(let id, _)) = decision.reply else { throw MissingSample() }
            return id
        }

        // 1. Booked straight into a window (09:00 CDT = 14:00Z): created, then scheduled, one transaction.
        let booked = try appointments(.createAppointment(CreateAppointment(
            patientId: garcia.id, taskId: evaluation.id, phone: " +13125550142 ",
            location: AppointmentAddress(line1: " 1520 W Polk St ", line2: "Apt 3B", city: "Chicago", postcode: "60607", country: "US"),
            window: WindowRef(practitionerId: practitioner.id, start: try require(RFC3339.parse("2025-06-16T14:00:00Z"))),
            externalReference: "heim-apt-7731", note: "Bring the MRI report.", documentIds: ["doc_4Fq9Lm"],
            planFrom: CalendarDate(year: 2025, month: 6, day: 16), planTo: CalendarDate(year: 2025, month: 7, day: 14),
            metadata: .object([("referral_source", .string("northshore")),
                               ("visit", .object([("interpreter", .bool(true)), ("language", .string("es")), ("priority", .int(2))]))]))),
            "0197722f-1a2b-7c3d-8e4f-5a6b7c8d9e01")

        // 2. Left to the patient to schedule, then scheduled (10:00 CDT), then changed.
        let waiting = try appointments(.createAppointment(CreateAppointment(
            patientId: created.patientId, taskId: followUp.id, phone: "+16465550187",
            location: AppointmentAddress(line1: "410 W 118th St", postcode: "10027"))),
            "0197722f-2b3c-7d4e-8f5a-6b7c8d9e0f12")
        _ = try appointments(.scheduleAppointment(ScheduleAppointment(
            appointmentId: waiting, window: WindowRef(practitionerId: practitioner.id, start: try require(RFC3339.parse("2025-06-16T15:00:00Z"))))),
            "0197722f-3c4d-7e5f-8a6b-7c8d9e0f1a23")
        _ = try appointments(.updateAppointment(UpdateAppointment(
            appointmentId: waiting, note: .set("Prefers a ground-floor room."),
            metadata: .set(.object([("source", .string("patient_portal")), ("tags", .array([.string("knee"), .string("post-op")]))])),
            externalReference: .set("heim-apt-7732"), documentIds: .set(["doc_9Zt1Qa", "doc_9Zt1Qb"]))),
            "0197722f-4d5e-7f6a-8b7c-8d9e0f1a2b34")

        // 3. The booked one loses its note (cleared: omitted from the payload) and is completed.
        _ = try appointments(.updateAppointment(UpdateAppointment(appointmentId: booked, note: .set(nil))), "0197722f-5e6f-7a7b-8c8d-9e0f1a2b3c45")
        _ = try appointments(.completeAppointment(CompleteAppointment(appointmentId: booked)), "0197722f-6f7a-7b8c-9d0e-0f1a2b3c4d56")

        // 4. The other is cancelled: its slot is given back (`freed_slot`).
        _ = try appointments(.cancelAppointment(CancelAppointment(appointmentId: waiting, reason: CancellationReason(
            note: "Patient is travelling that week.", causingEntity: "patient", cancellingEntity: "organisation", reasonCode: "patient_request"))),
            "0197722f-7a8b-7c9d-8e0f-1a2b3c4d5e67")

        // Cliniko's group appointments (seed 003): a weekly class of 8 at Lincoln Square on
        // Wednesdays, 10:00 CDT (15:00Z), the first and two repeats, in one decision.
        try run(.organization(.applyReferenceData(ReferenceDataDeclaration(
            appointmentTypes: [AppointmentTypeDeclaration(name: "Pilates class", durationMinutes: 60, maxAttendees: 8, category: "Classes")]))),
            context("01977230-0a1b-7c2d-8e3f-4a5b6c7d8e90", channel: .manual))
        let pilates = try require(state.reference.appointmentTypes.values.first { $0.name == "Pilates class" })
        let lincoln = try require(state.reference.locations.values.first { $0.name == "Lincoln Square" })
        func group(_ command: GroupAppointmentCommand, _ seed: String) throws -> GroupAppointmentReply {
            let decision = try decide(.groupAppointments(command), state: state, context: context(seed))
            for e in decision.events { state.apply(e) }
            all += decision.events
            guard case .groupAppointments(let reply) = decision.reply else { throw MissingSample() }
            return reply
        }
        guard case .groupAppointments(let classes) = try group(.create(CreateGroupAppointment(
            appointmentTypeId: pilates.id, locationId: lincoln.id, practitionerId: practitioner.id,
            startsAt: try require(RFC3339.parse("2025-06-18T15:00:00Z")), notes: "Bring a mat.",
            telehealthUrl: "https://meet.example.org/pilates-wed", repeatRule: RepeatRule(repeatType: .weekly, numberOfRepeats: 2, repeatingInterval: 1))),
            "01977230-1a2b-7c3d-8e4f-5a6b7c8d9e01"), classes.count == 3 else { throw MissingSample() }
        // The first moves an hour later (its old slot freed), takes 10 and loses its link.
        _ = try group(.update(UpdateGroupAppointment(
            groupAppointmentId: classes[0], startsAt: .set(try require(RFC3339.parse("2025-06-18T16:00:00Z"))), maxAttendees: .set(10),
            notes: .set("Bring a mat and water."), telehealthUrl: .set(nil))), "01977230-2b3c-7d4e-8f5a-6b7c8d9e0f12")
        func attend(_ groupAppointmentId: UUID, _ patientId: UUID, _ notes: String?, _ seed: String) throws -> UUID {
            guard case .attendees(let ids) = try group(.addAttendee(AddAttendee(groupAppointmentId: groupAppointmentId, patientId: patientId, notes: notes)),
                                                       seed), let id = ids.first else { throw MissingSample() }
            return id
        }
        let garciaFirst = try attend(classes[0], garcia.id, "First class; knee brace.", "01977230-3c4d-7e5f-8a6b-7c8d9e0f1a23")
        _ = try attend(classes[0], created.patientId, nil, "01977230-4d5e-7f6a-8b7c-8d9e0f1a2b34")
        _ = try attend(classes[1], garcia.id, nil, "01977230-5e6f-7a7b-8c8d-9e0f1a2b3c45")
        // Garcia cancels the first and every later class of the series (one event each).
        _ = try group(.cancelAttendee(CancelAttendee(attendeeId: garciaFirst, reason: 20, note: "Knee surgery scheduled.", applyToRepeats: true)),
                      "01977230-6f7a-7b8c-9d0e-0f1a2b3c4d56")
        // The first is archived with Raman still booked.
        _ = try group(.archive(groupAppointmentId: classes[0]), "01977230-7a8b-7c9d-8e0f-1a2b3c4d5e67")

        // The accounting of disclosures: a batch in which one key read Garcia's record and her
        // History, and another listed both patients — one event per patient.
        func read(_ patient: UUID, _ key: String, _ route: String, _ seconds: Double) -> PatientRecordAccess {
            PatientRecordAccess(patientId: patient, access: RecordAccess(accessedAt: now.addingTimeInterval(-seconds), actor: "api_key:\(key)",
                                                                        credential: "x-api-key", channel: .api, route: route))
        }
        let frontDesk = "0197722c-a3d0-7c41-9e0b-5a4f3c2d1e10", billing = "0197722c-a3d0-7c41-9e0b-5a4f3c2d1e11"
        try run(.disclosures(.recordAccesses(RecordAccesses(accesses: [
            read(garcia.id, frontDesk, "solum.patients.get", 3), read(garcia.id, frontDesk, "solum.patients.history", 2),
            read(garcia.id, billing, "solum.patients.list", 1), read(created.patientId, billing, "solum.patients.list", 1),
        ]))), context("01977230-8b9c-7d0e-8f1a-2b3c4d5e6f78"))
        // SPRY's waitlist (seed 004): Lincoln Square runs one with an evaluation category; Garcia
        // asks for mornings with Novak, changes her mind about the days, then withdraws; Raman's
        // request runs out at the end of its range.
        try run(.organization(.applyReferenceData(ReferenceDataDeclaration(waitlists: [ClinicWaitlistDeclaration(
            clinic: "Lincoln Square", maxSpanDays: 45, holdMinutes: 20,
            categories: [WaitlistCategoryDeclaration(label: "Physical Therapy", appointmentType: "Initial evaluation", kind: "Initial Evaluation"),
                         WaitlistCategoryDeclaration(label: "Follow-up", appointmentType: "Follow-up visit", kind: "FOLLOW_UP", durationMinutes: 30)])]))),
            context("01977231-0a1b-7c2d-8e3f-4a5b6c7d8e90", channel: .manual))
        let therapyCategory = try require(state.reference.waitlists[lincoln.id]?.categories.first)
        func waitlist(_ command: WaitlistCommand, _ seed: String) throws -> WaitlistReply {
            let decision = try decide(.waitlist(command), state: state, context: context(seed))
            for e in decision.events { state.apply(e) }
            all += decision.events
            guard case .waitlist(let reply) = decision.reply else { throw MissingSample() }
            return reply
        }
        let staff = WaitlistActor.staff(userId: "user-123")
        guard case .request(let garciaRequest) = try waitlist(.create(CreateWaitlistRequest(
            actor: staff, patientId: garcia.id, clinicId: lincoln.id, preferredProviders: [practitioner.id], preferredTimeSlots: [.morning, .afternoon],
            preferredDays: [.monday, .wednesday], dateRangeStart: try require(CalendarDate(iso: "2025-06-16")),
            dateRangeEnd: try require(CalendarDate(iso: "2025-07-15")), categoryId: therapyCategory.id, categoryLabel: "physical therapy",
            appointmentKind: .initialEvaluation, paymentType: .insurancePay, priority: 2, notes: "Prefers mornings.")),
            "01977231-1a2b-7c3d-8e4f-5a6b7c8d9e01") else { throw MissingSample() }
        let garciaSelf = WaitlistActor.patient(userId: "user-garcia", patientId: garcia.id)
        _ = try waitlist(.update(UpdateWaitlistRequest(actor: garciaSelf, requestId: garciaRequest, preferredDays: [.wednesday], notes: .set(nil))),
                         "01977231-2b3c-7d4e-8f5a-6b7c8d9e0f12")
        _ = try waitlist(.update(UpdateWaitlistRequest(actor: garciaSelf, requestId: garciaRequest, status: .cancelled)),
                         "01977231-3c4d-7e5f-8a6b-7c8d9e0f1a23")
        _ = try waitlist(.create(CreateWaitlistRequest(
            actor: staff, patientId: created.patientId, clinicId: lincoln.id, dateRangeStart: try require(CalendarDate(iso: "2025-06-16")),
            dateRangeEnd: try require(CalendarDate(iso: "2025-06-20")), categoryId: therapyCategory.id, paymentType: .selfPay)),
            "01977231-4d5e-7f6a-8b7c-8d9e0f1a2b34")
        _ = try waitlist(.expireRequests(asOf: try require(RFC3339.parse("2025-06-21T05:00:00Z"))), "01977231-5e6f-7a7b-8c8d-9e0f1a2b3c45")

        // Garcia asks again, for a follow-up; three hours of Novak's Wednesday free up one after
        // another: the first she declines, the second she lets expire, the third she accepts.
        let followUpCategory = try require(state.reference.waitlists[lincoln.id]?.categories.last)
        guard case .request(let again) = try waitlist(.create(CreateWaitlistRequest(
            actor: garciaSelf, patientId: garcia.id, clinicId: lincoln.id, preferredTimeSlots: [.afternoon],
            dateRangeStart: try require(CalendarDate(iso: "2025-06-23")), dateRangeEnd: try require(CalendarDate(iso: "2025-06-27")),
            categoryId: followUpCategory.id, appointmentKind: .followUp, paymentType: .selfPay, priority: 1)),
            "01977232-0a1b-7c2d-8e3f-4a5b6c7d8e90") else { throw MissingSample() }
        func offer(_ start: String, _ cause: String, _ seed: String) throws -> UUID {
            let begin = try require(RFC3339.parse(start))
            let open = OpenSlot(slot: TimeSlot(practitionerId: practitioner.id, locationId: lincoln.id, start: begin,
                                               end: begin.addingTimeInterval(3600)))
            guard case .invite(let id?) = try waitlist(.offerSlot(OfferSlot(open: open, causeEventId: try require(UUID(uuidString: cause)))), seed)
            else { throw MissingSample() }
            return id
        }
        let first = try offer("2025-06-25T17:00:00Z", "01977232-1111-7c2d-8e3f-4a5b6c7d8e90", "01977232-1a2b-7c3d-8e4f-5a6b7c8d9e01")
        _ = try waitlist(.declineInvite(InviteAnswer(actor: garciaSelf, requestId: again, inviteId: first)), "01977232-2b3c-7d4e-8f5a-6b7c8d9e0f12")
        _ = try offer("2025-06-25T19:00:00Z", "01977232-2222-7c2d-8e3f-4a5b6c7d8e90", "01977232-3c4d-7e5f-8a6b-7c8d9e0f1a23")
        _ = try waitlist(.expireInvites(asOf: now.addingTimeInterval(20 * 60)), "01977232-4d5e-7f6a-8b7c-8d9e0f1a2b34")
        let third = try offer("2025-06-25T21:00:00Z", "01977232-3333-7c2d-8e3f-4a5b6c7d8e90", "01977232-5e6f-7a7b-8c8d-9e0f1a2b3c45")
        _ = try waitlist(.acceptInvite(InviteAnswer(actor: staff, requestId: again, inviteId: third)), "01977232-6f7a-7b8c-9d0e-0f1a2b3c4d56")

        // Issue 13: a Priya Raman born a year apart is created, and recorded as a possible
        // duplicate of the first; then the organization adopts estimated match weights.
        var nearly = UpsertDraft()
        nearly.firstName = "Priya"
        nearly.lastName = "Raman"
        nearly.dateOfBirth = "1978-07-04"
        let secondPriya = try upsert(nearly, "01977233-1a2b-7c3d-8e4f-5a6b7c8d9e01")
        // The review queue: Garcia is not the first Priya; the second Priya is merged into the first.
        let firstPriya = try require(secondPriya.possibleDuplicateOf)
        try run(.patients(.markNotDuplicate(MarkNotDuplicate(patientId: garcia.id, otherPatientId: firstPriya))),
                context("01977233-3c4d-7e5f-8a6b-7c8d9e0f1a23"))
        try run(.patients(.mergePatients(MergePatients(survivorId: firstPriya, mergedId: secondPriya.patientId))),
                context("01977233-4d5e-7f6a-8b7c-8d9e0f1a2b34"))
        try run(.organization(.adoptMatchWeights(MatchWeightsAdopted(
            weights: MatchWeights.defaults.withFields(MatchWeights.defaults.fields, prior: 0.004, version: "em-2025-06-15"),
            pairs: 48_000, iterations: 12))), context("01977233-2b3c-7d4e-8f5a-6b7c8d9e0f12", channel: .manual))
        return all
    }

    /// A payor as an integrator sends it (seed 001's request shape), keys in sorted order.
    static func payor(memberId: String, plan: String, copay: Int) -> JSONValue {
        .object([
            ("coverage_from", .string("2025-01-01")),
            ("group_number", .string("0091827")),
            ("insurance_id", .string("60054")),
            ("insured_member_id", .string(memberId)),
            ("payor_responsibility", .string("primary")),
            ("plan_name", .string(plan)),
            ("services", .array([.object([
                ("location_rates", .array([.object([
                    ("co_insurance_in_network", .double(0.2)),
                    ("copay_in_network", .int(copay)),
                    ("covered_in_network", .bool(true)),
                    ("visit_limit_in_network", .int(30)),
                ])])),
                ("pre_cert_phone_number", .string("+18005550111")),
                ("verification_benefits_status", .string("pending")),
            ])])),
            ("subscriber", .object([("dob", .string("1979-07-04T00:00:00Z")), ("first_name", .string("Priya")), ("last_name", .string("Raman"))])),
        ])
    }

    /// Events with every optional field present, including ones no decider fills yet.
    static func handBuiltEvents() -> [DomainEvent] {
        var profile = PatientProfile(firstName: "Ana", lastName: "Silva")
        profile.middleName = "M"
        profile.phoneNumber = "+442079460958"
        profile.additionalPhoneNumber = "+12125550123"
        profile.email = "ana@example.org"
        profile.dateOfBirth = CalendarDate(year: 1990, month: 12, day: 31)
        profile.gender = .other
        profile.address = "1 Main St"
        profile.address2 = "Floor 2"
        profile.city = "San Juan"
        profile.state = .puerto_rico
        profile.zip = "00901"
        profile.comments = "-"
        profile.workflowStageId = UUID()
        profile.assignedUserId = UUID()
        profile.locationId = UUID()
        var referral = Referral(id: UUID())
        referral.physicianName = "Dr. Who"
        referral.physicianEmail = "who@example.org"
        referral.physicianPhone = "+12125550100"
        referral.physicianFax = "+12125550101"
        referral.physicianGroup = "Group"
        referral.physicianNpi = "1245319599"
        referral.physicianAddress = "2 Side St"
        referral.physicianAddress2 = "Suite 9"
        referral.physicianCity = "Boston"
        referral.physicianZip = "02110"
        referral.icdCodes = ["E11", "Z79.4"]
        referral.serviceTypes = ServiceType.allCases
        referral.startDate = CalendarDate(year: 2025, month: 1, day: 1)
        referral.endDate = CalendarDate(year: 2025, month: 12, day: 31)
        referral.locationId = UUID()
        referral.fileId = "file_01HZX"
        let slot = TimeSlot(practitionerId: UUID(), locationId: UUID(), start: Date(timeIntervalSince1970: 1_751_288_400.125),
                            end: Date(timeIntervalSince1970: 1_751_291_100.125))
        let at = Date(timeIntervalSince1970: 1_750_000_000.999)
        return [
            .organization(.locationCreated(Location(id: UUID(), name: "Annex"))),
            .organization(.locationUpdated(Location(id: UUID(), name: "Annex", address: "", timezone: "UTC"))),
            .organization(.workflowStageCreated(WorkflowStage(id: UUID(), title: "Done", order: 99))),
            .organization(.workflowStageUpdated(WorkflowStage(id: UUID(), title: "Done", order: -1, description: "", actions: []))),
            .organization(.userUpdated(StaffUser(id: UUID(), name: "X", email: "x@y.example"))),
            .organization(.apiKeyIssued(ApiKeyIssued(keyId: UUID(), keyHash: String(repeating: "0", count: 64), keyPrefix: "ck_00000000"))),
            .patients(.patientCreated(PatientCreated(patientId: UUID(), profile: profile, tagIds: [UUID(), UUID()], referrals: [referral],
                                           externalIds: [ExternalIdValue(typeId: UUID(), value: "A-1"), ExternalIdValue(typeId: UUID(), value: "B 2")],
                                           createdFrom: .eligibility))),
            .patients(.patientCreated(PatientCreated(patientId: UUID(), profile: PatientProfile(firstName: "A", lastName: "B"), tagIds: [],
                                           referrals: [Referral(id: UUID())], externalIds: [], createdFrom: .form))),
            .patients(.patientCreated(PatientCreated(patientId: UUID(), profile: profile, tagIds: [], referrals: [referral], externalIds: [],
                                           createdFrom: .api, payors: [.object([("id", .string("payor-7")), ("plan_name", .string("x"))])],
                                           customFields: .object([]), droppedFields: []))),
            .patients(.patientUpdated(PatientUpdated(
                patientId: UUID(), changes: [
                    FieldChange(field: "gender", old: .null, new: .string("other")),
                    FieldChange(field: "custom_fields.score", old: .double(1.5), new: .int(2)),
                    FieldChange(field: "custom_fields.flags", old: .array([.bool(true), .null]), new: .object([("a", .null)])),
                ],
                profile: PatientProfile(firstName: nil, lastName: nil), tagIds: [], referrals: [], payors: [],
                customFields: .object([("flags", .object([("a", .null)])), ("score", .int(2))]), matchTier: nil, droppedFields: []))),
            .patients(.externalIdReassigned(ExternalIdReassigned(patientId: UUID(), typeId: UUID(), oldValue: "A-1", newValue: "A-2"))),
            .patients(.patientUpdated(PatientUpdated(
                patientId: UUID(), changes: [FieldChange(field: "last_name", old: .string("Garsia"), new: .string("Garcia"))],
                profile: PatientProfile(firstName: "Maria", lastName: "Garcia"), tagIds: [], referrals: [], payors: [],
                customFields: .object([]), matchTier: .probabilistic, droppedFields: [],
                matchProbability: 0.99997, matchWeightsVersion: "default-1"))),
            .patients(.possibleDuplicateFound(PossibleDuplicateFound(
                patientId: UUID(), candidateId: UUID(), probability: 0.82, weightsVersion: "default-1", evidence: [
                    FieldEvidence(field: .givenName, level: .exact, weight: 6.2),
                    FieldEvidence(field: .familyName, level: .high, weight: 4.3),
                    FieldEvidence(field: .dateOfBirth, level: .yearOffByOne, weight: 5.3),
                    FieldEvidence(field: .city, level: .different, weight: -3.3),
                ]))),
            .patients(.patientsMerged(PatientsMerged(patientId: UUID(), mergedPatientId: UUID(),
                                                     externalIds: [ExternalIdValue(typeId: UUID(), value: "MRN-77")]))),
            .patients(.patientsMarkedNotDuplicate(PatientsMarkedNotDuplicate(patientId: UUID(), otherPatientId: UUID()))),
            .organization(.matchWeightsAdopted(MatchWeightsAdopted(weights: MatchWeights.defaults.withFields(
                MatchWeights.defaults.fields, prior: 0.004, version: "em-2025-06-15"), pairs: 48_000, iterations: 12))),
            .patients(.communicationRecorded(CommunicationRecorded(patientId: UUID(), communicationId: UUID(), channel: .in_person,
                                                         direction: .inbound, occurredAt: Date(timeIntervalSince1970: 0), summary: "x"))),
            // Scheduling reference data: a week that ends at midnight (24:00), and a practitioner with no hours yet.
            .organization(.practitionerCreated(Practitioner(id: UUID(), name: "P", email: "p@example.org", locationIds: [], workingHours: []))),
            .organization(.practitionerUpdated(Practitioner(id: UUID(), name: "Q", email: "q@example.org", locationIds: [UUID(), UUID()], workingHours: [
                WorkingPeriod(weekday: .sunday, start: LocalTime(minutes: 0)!, end: LocalTime(minutes: 24 * 60)!, locationId: UUID()),
                WorkingPeriod(weekday: .saturday, start: LocalTime("07:05")!, end: LocalTime("23:59")!, locationId: UUID()),
            ]))),
            .organization(.appointmentTypeCreated(AppointmentType(id: UUID(), name: "Group class", durationMinutes: 1440, maxAttendees: 12,
                                                                  category: "Classes", waitlistType: "priority"))),
            .organization(.appointmentTypeUpdated(AppointmentType(id: UUID(), name: "T", durationMinutes: 1, maxAttendees: 1))),
            .organization(.taskCreated(CareTask(id: UUID(), name: "Task", appointmentTypeId: UUID(), scheduled: false, minPlanDays: 0))),
            .organization(.taskUpdated(CareTask(id: UUID(), name: "Task", appointmentTypeId: UUID(), scheduled: true, minPlanDays: 366))),
            .organization(.unavailableBlockAdded(UnavailableBlock(id: UUID(), practitionerId: UUID(), startsAt: slot.start, endsAt: slot.end))),
            .organization(.unavailableBlockRemoved(UnavailableBlockRemoved(blockId: UUID(), practitionerId: UUID(), startsAt: slot.start, endsAt: slot.end))),
            .organization(.unavailableBlockRemoved(UnavailableBlockRemoved(blockId: UUID(), practitionerId: UUID()))),  // as written before the times
            // Appointments: every optional field set, then every optional field left out.
            .appointments(.appointmentCreated(AppointmentCreated(
                appointmentId: UUID(), patientId: UUID(), taskId: UUID(), appointmentTypeId: UUID(), phone: "+442079460958",
                location: AppointmentAddress(line1: "1 Main St", line2: "Floor 2", city: "London", postcode: "SW1A 1AA", country: "GB"),
                externalReference: "ext-1", note: "n", documentIds: ["d1", "d2"],
                planFrom: CalendarDate(year: 2025, month: 6, day: 30), planTo: CalendarDate(year: 2026, month: 6, day: 30),
                metadata: .object([("z", .null), ("a", .object([("nested", .array([.int(1), .double(1.5), .bool(false), .string("s"), .object([])]))]))]),
                createdAt: at))),
            .appointments(.appointmentCreated(AppointmentCreated(
                appointmentId: UUID(), patientId: UUID(), taskId: UUID(), appointmentTypeId: UUID(), phone: "+1212555",
                location: AppointmentAddress(line1: "x", postcode: "0"), externalReference: nil, note: nil, documentIds: [],
                planFrom: nil, planTo: nil, metadata: nil, createdAt: Date(timeIntervalSince1970: 0)))),
            .appointments(.appointmentScheduled(AppointmentScheduled(appointmentId: UUID(), patientId: UUID(), slot: slot, scheduledAt: at))),
            .appointments(.appointmentUpdated(AppointmentUpdated(
                appointmentId: UUID(), patientId: UUID(), changed: ["note", "metadata", "externalReference", "documentIds"], note: "n",
                metadata: .object([("b", .array([])), ("a", .object([("c", .null)]))]), externalReference: "e", documentIds: ["d"], updatedAt: at))),
            .appointments(.appointmentUpdated(AppointmentUpdated(
                appointmentId: UUID(), patientId: UUID(), changed: ["note", "metadata", "externalReference", "documentIds"], note: nil,
                metadata: nil, externalReference: nil, documentIds: [], updatedAt: at))),
            .appointments(.appointmentCompleted(AppointmentCompleted(appointmentId: UUID(), patientId: UUID(), completedAt: at))),
            .appointments(.appointmentCancelled(AppointmentCancelled(
                appointmentId: UUID(), patientId: UUID(),
                reason: CancellationReason(note: "n", causingEntity: "patient_not_present", cancellingEntity: "patient", reasonCode: "no_show"),
                freedSlot: slot, cancelledAt: at))),
            .appointments(.appointmentCancelled(AppointmentCancelled(appointmentId: UUID(), patientId: UUID(), reason: CancellationReason(),
                                                                     freedSlot: nil, cancelledAt: at))),
            // Group appointments: a repeat with every optional field, a bare one; an update that gave a rule.
            .groupAppointments(.groupAppointmentCreated(GroupAppointmentCreated(
                groupAppointmentId: UUID(), appointmentTypeId: UUID(), locationId: slot.locationId, practitionerId: slot.practitionerId,
                startsAt: slot.start, endsAt: slot.end, maxAttendees: 100, notes: "n", telehealthUrl: "HTTP://video.example/x?y=1",
                repeatRule: RepeatRule(repeatType: .monthly, numberOfRepeats: 51, repeatingInterval: 100), repeatedFrom: UUID(), createdAt: at))),
            .groupAppointments(.groupAppointmentCreated(GroupAppointmentCreated(
                groupAppointmentId: UUID(), appointmentTypeId: UUID(), locationId: UUID(), practitionerId: UUID(), startsAt: slot.start,
                endsAt: slot.end, maxAttendees: 1, notes: nil, telehealthUrl: nil, repeatRule: nil, repeatedFrom: nil, createdAt: at))),
            .groupAppointments(.groupAppointmentUpdated(GroupAppointmentUpdated(
                groupAppointmentId: UUID(), appointmentTypeId: UUID(), locationId: UUID(), practitionerId: UUID(), startsAt: slot.start,
                endsAt: slot.end, maxAttendees: 2, notes: "n", telehealthUrl: "https://v.example", repeatRule: RepeatRule(repeatType: .daily, numberOfRepeats: 1, repeatingInterval: 1),
                changed: ["appointment_type_id", "business_id", "practitioner_id", "starts_at", "ends_at", "max_attendees", "notes", "telehealth_url", "repeat_rule"],
                freedSlot: slot, updatedAt: at))),
            .groupAppointments(.appointmentArchived(AppointmentArchived(appointmentId: UUID(), freedSlot: slot, patientIds: [], archivedAt: at))),
            .groupAppointments(.attendeeAdded(AttendeeAdded(attendeeId: UUID(), groupAppointmentId: UUID(), patientId: UUID(), notes: nil, addedAt: at))),
            .groupAppointments(.attendeeCancelled(AttendeeCancelled(
                attendeeId: UUID(), groupAppointmentId: UUID(), patientId: UUID(), reason: 60, note: nil, cancelledAt: at,
                freedPlace: FreedPlace(groupAppointmentId: UUID(), appointmentTypeId: UUID(), locationId: UUID(), practitionerId: UUID(),
                                       startsAt: slot.start, endsAt: slot.end, placesLeft: 100)))),
        ]
    }

    /// Names each case without a `default`, so adding a DomainEvent case fails to compile here
    /// until the contract (a sample, a schema file) is extended.
    static func caseName(_ event: DomainEvent) -> String {
        switch event {
        case .organization(.organizationCreated): return "organizationCreated"
        case .organization(.apiKeyIssued): return "apiKeyIssued"
        case .organization(.locationCreated): return "locationCreated"
        case .organization(.locationUpdated): return "locationUpdated"
        case .organization(.workflowStageCreated): return "workflowStageCreated"
        case .organization(.workflowStageUpdated): return "workflowStageUpdated"
        case .organization(.userCreated): return "userCreated"
        case .organization(.userUpdated): return "userUpdated"
        case .organization(.externalIdTypeCreated): return "externalIdTypeCreated"
        case .organization(.tagCreated): return "tagCreated"
        case .patients(.patientCreated): return "patientCreated"
        case .patients(.patientUpdated): return "patientUpdated"
        case .patients(.externalIdAssigned): return "externalIdAssigned"
        case .patients(.externalIdReassigned): return "externalIdReassigned"
        case .patients(.communicationRecorded): return "communicationRecorded"
        case .patients(.possibleDuplicateFound): return "possibleDuplicateFound"
        case .patients(.patientsMerged): return "patientsMerged"
        case .patients(.patientsMarkedNotDuplicate): return "patientsMarkedNotDuplicate"
        case .organization(.matchWeightsAdopted): return "matchWeightsAdopted"
        case .organization(.practitionerCreated): return "practitionerCreated"
        case .organization(.practitionerUpdated): return "practitionerUpdated"
        case .organization(.appointmentTypeCreated): return "appointmentTypeCreated"
        case .organization(.appointmentTypeUpdated): return "appointmentTypeUpdated"
        case .organization(.taskCreated): return "taskCreated"
        case .organization(.taskUpdated): return "taskUpdated"
        case .organization(.unavailableBlockAdded): return "unavailableBlockAdded"
        case .organization(.unavailableBlockRemoved): return "unavailableBlockRemoved"
        case .appointments(.appointmentCreated): return "appointmentCreated"
        case .appointments(.appointmentScheduled): return "appointmentScheduled"
        case .appointments(.appointmentUpdated): return "appointmentUpdated"
        case .appointments(.appointmentCompleted): return "appointmentCompleted"
        case .appointments(.appointmentCancelled): return "appointmentCancelled"
        case .groupAppointments(.groupAppointmentCreated): return "groupAppointmentCreated"
        case .groupAppointments(.groupAppointmentUpdated): return "groupAppointmentUpdated"
        case .groupAppointments(.appointmentArchived): return "appointmentArchived"
        case .groupAppointments(.attendeeAdded): return "attendeeAdded"
        case .groupAppointments(.attendeeCancelled): return "attendeeCancelled"
        case .disclosures(.patientRecordAccessed): return "patientRecordAccessed"
        case .organization(.clinicWaitlistConfigured): return "clinicWaitlistConfigured"
        case .waitlist(.requestCreated): return "waitlistRequestCreated"
        case .waitlist(.requestUpdated): return "waitlistRequestUpdated"
        case .waitlist(.requestCancelled): return "waitlistRequestCancelled"
        case .waitlist(.requestExpired): return "waitlistRequestExpired"
        case .waitlist(.inviteSent): return "waitlistInviteSent"
        case .waitlist(.inviteDeclined): return "waitlistInviteDeclined"
        case .waitlist(.inviteExpired): return "waitlistInviteExpired"
        case .waitlist(.fulfilled): return "waitlistFulfilled"
        }
    }

    /// Whether a decoded event is the one encoded: equality (`JSONValue` objects compare their
    /// members as a set, as payloads are written with sorted keys), and for events with free-form
    /// JSON (payors, custom fields, change values) the same bytes when encoded again.
    static func sameEvent(_ decoded: DomainEvent, _ event: DomainEvent) throws -> Bool {
        if decoded == event { return true }
        switch event {
        case .patients(.patientCreated(let c)) where c.payors != nil || c.customFields != nil: break
        case .patients(.patientUpdated): break
        default: return false
        }
        return try EventTypes.encodePayload(decoded) == EventTypes.encodePayload(event)
    }

    /// Wraps an event the way a partition writer does.
    static func envelope(_ event: DomainEvent, version: Int = 1, idempotencyKey: String? = nil,
                         fingerprint: String? = nil, actor: String = "api_key:0197722c-a3d0-7c41-9e0b-5a4f3c2d1e10",
                         channel: SourceChannel = .api, commandReply: String? = nil) -> EventEnvelope {
        let commandId = UUIDv7.make(at: now)
        let subject = event.subject(organizationId: organizationId)
        return EventEnvelope(eventId: UUIDv7.make(at: now), organizationId: organizationId, event: event,
                             aggregateType: subject.type, aggregateId: subject.id, aggregateVersion: version,
                             commandId: commandId, correlationId: commandId, causationId: commandId, actor: actor,
                             channel: channel, time: now, idempotencyKey: idempotencyKey, requestFingerprint: fingerprint,
                             commandReply: commandReply)
    }
}

/// `#require` outside a test function: a plain throwing unwrap.
struct MissingSample: Error, CustomStringConvertible {
    var description: String { "a sample the contract needs was not produced" }
}

func require<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingSample() }
    return value
}
