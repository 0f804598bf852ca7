import Foundation

/// SPRY's waitlist (seed 004) and what fills it: requests made by patients or staff, slots
/// offered to them one at a time as invites that hold the slot, and the scheduler's expiries.
/// Field names in refusals are SPRY's snake_case wire names.
public enum WaitlistCommand: Sendable, Equatable {
    case create(CreateWaitlistRequest)
    case update(UpdateWaitlistRequest)
    /// The scheduler: every ACTIVE request whose last day has passed in its clinic's zone by `asOf` expires.
    case expireRequests(asOf: Date)
    /// The process manager: a slot freed; offer it to the best-ranked request it fits.
    case offerSlot(OfferSlot)
    case acceptInvite(InviteAnswer)
    case declineInvite(InviteAnswer)
    /// The scheduler: every invite whose hold ended by `asOf` expires, its slot offered on.
    case expireInvites(asOf: Date)

    public func checkLimits() throws(DomainError) {
        switch self {
        case .create(let c): try c.checkLimits()
        case .update(let c): try c.checkLimits()
        case .acceptInvite(let a), .declineInvite(let a): try InputScreen.text(a.actor.userId, field: "sub")
        case .expireRequests, .offerSlot, .expireInvites: return
        }
    }
}

/// Who acts: staff may act on any request of the organization; a patient (SPRY's USER role) only
/// on its own — decided against the request in state, so the rule holds however the call arrived.
public enum WaitlistActor: Sendable, Equatable {
    case staff(userId: String)
    case patient(userId: String, patientId: UUID)

    public var userId: String {
        switch self {
        case .staff(let id), .patient(let id, _): return id
        }
    }
}

/// `POST /apis/v1/waitlist-requests`. Enums and dates are parsed by the dialect (naming the
/// field); the rules that need the clinic, its categories or the calendar are decided here.
public struct CreateWaitlistRequest: Sendable, Equatable {
    public var actor: WaitlistActor
    public var patientId: UUID
    public var clinicId: UUID
    public var preferredProviders: [UUID]
    public var preferredTimeSlots: [PartOfDay]
    public var preferredDays: [Weekday]
    public var dateRangeStart: CalendarDate
    public var dateRangeEnd: CalendarDate
    public var categoryId: UUID
    /// When given, must be the category's label (case-insensitive).
    public var categoryLabel: String?
    /// When given, must be the category's kind; else derived from the category.
    public var appointmentKind: VisitKind?
    public var paymentType: PaymentType
    public var priority: Int?
    public var notes: String?

    public init(actor: WaitlistActor, patientId: UUID, clinicId: UUID, preferredProviders: [UUID] = [], preferredTimeSlots: [PartOfDay] = [],
                preferredDays: [Weekday] = [], dateRangeStart: CalendarDate, dateRangeEnd: CalendarDate, categoryId: UUID,
                categoryLabel: String? = nil, appointmentKind: VisitKind? = nil, paymentType: PaymentType, priority: Int? = nil,
                notes: String? = nil) {
        self.actor = actor; self.patientId = patientId; self.clinicId = clinicId; self.preferredProviders = preferredProviders
        self.preferredTimeSlots = preferredTimeSlots; self.preferredDays = preferredDays; self.dateRangeStart = dateRangeStart
        self.dateRangeEnd = dateRangeEnd; self.categoryId = categoryId; self.categoryLabel = categoryLabel
        self.appointmentKind = appointmentKind; self.paymentType = paymentType; self.priority = priority; self.notes = notes
    }
}

/// `PATCH /apis/v1/waitlist-requests/{id}`: partial; arrays replace; `status: CANCELLED` cancels.
public struct UpdateWaitlistRequest: Sendable, Equatable {
    public var actor: WaitlistActor
    public var requestId: UUID
    public var preferredProviders: [UUID]?
    public var preferredTimeSlots: [PartOfDay]?
    public var preferredDays: [Weekday]?
    public var dateRangeStart: CalendarDate?
    public var dateRangeEnd: CalendarDate?
    public var categoryId: UUID?
    public var appointmentKind: VisitKind?
    public var paymentType: PaymentType?
    public var priority: Int?
    public var notes: FieldUpdate<String>
    /// Only CANCELLED may be asked for; the others are the system's to set.
    public var status: WaitlistStatus?

    public init(actor: WaitlistActor, requestId: UUID, preferredProviders: [UUID]? = nil, preferredTimeSlots: [PartOfDay]? = nil,
                preferredDays: [Weekday]? = nil, dateRangeStart: CalendarDate? = nil, dateRangeEnd: CalendarDate? = nil,
                categoryId: UUID? = nil, appointmentKind: VisitKind? = nil, paymentType: PaymentType? = nil, priority: Int? = nil,
                notes: FieldUpdate<String> = .keep, status: WaitlistStatus? = nil) {
        self.actor = actor; self.requestId = requestId; self.preferredProviders = preferredProviders
        self.preferredTimeSlots = preferredTimeSlots; self.preferredDays = preferredDays; self.dateRangeStart = dateRangeStart
        self.dateRangeEnd = dateRangeEnd; self.categoryId = categoryId; self.appointmentKind = appointmentKind
        self.paymentType = paymentType; self.priority = priority; self.notes = notes; self.status = status
    }
}

extension CreateWaitlistRequest {
    public func checkLimits() throws(DomainError) {
        try WaitlistLimits.check(providers: preferredProviders, notes: notes, priority: priority, status: nil)
        try WaitlistLimits.text(categoryLabel, field: "appointment_category", max: InputLimits.referenceName)
        try InputScreen.text(actor.userId, field: "sub")
    }
}

extension UpdateWaitlistRequest {
    public func checkLimits() throws(DomainError) {
        var notesText: String?
        if case .set(let v) = notes { notesText = v }
        try WaitlistLimits.check(providers: preferredProviders ?? [], notes: notesText, priority: priority, status: status)
        try InputScreen.text(actor.userId, field: "sub")
    }
}

enum WaitlistLimits {
    static func check(providers: [UUID], notes: String?, priority: Int?, status: WaitlistStatus?) throws(DomainError) {
        try InputScreen.count(providers.count, max: InputLimits.preferredProviders, field: "preferred_providers")
        try text(notes, field: "notes", max: InputLimits.waitlistNotes)
        if let priority, !WaitlistRequest.priorities.contains(priority) {
            throw DomainError(.invalidValue, "priority must be an integer from 1 (most urgent) to 5", field: "priority")
        }
        if let status, status != .cancelled {
            throw DomainError(.invalidValue, "status may only be set to CANCELLED", field: "status")
        }
    }

    static func text(_ value: String?, field: String, max: Int) throws(DomainError) {
        try AppointmentLimits.text(value, field: field, max: max)
    }
}
