import Foundation

/// A patient's wish to be booked when a fitting slot frees (SPRY's waitlist request). The
/// category is copied in (type, kind, duration) when the request is made, so a later change of
/// the clinic's categories never changes what an existing request asks for.
public struct WaitlistRequest: Codable, Sendable, Equatable {
    public var requestId: UUID
    public var patientId: UUID
    public var clinicId: UUID
    /// Empty: any provider.
    public var preferredProviders: [UUID]
    /// Empty or containing ANYTIME: any part of the day.
    public var preferredTimeSlots: [PartOfDay]
    /// Empty: any day.
    public var preferredDays: [Weekday]
    /// Local days of the clinic, both included.
    public var dateRangeStart: CalendarDate
    public var dateRangeEnd: CalendarDate
    public var categoryId: UUID
    public var appointmentTypeId: UUID
    public var appointmentKind: VisitKind
    public var durationMinutes: Int
    public var paymentType: PaymentType
    /// 1 (most urgent) to 5.
    public var priority: Int
    public var notes: String?
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date
    public var updatedBy: String

    public init(requestId: UUID, patientId: UUID, clinicId: UUID, preferredProviders: [UUID], preferredTimeSlots: [PartOfDay],
                preferredDays: [Weekday], dateRangeStart: CalendarDate, dateRangeEnd: CalendarDate, categoryId: UUID,
                appointmentTypeId: UUID, appointmentKind: VisitKind, durationMinutes: Int, paymentType: PaymentType, priority: Int,
                notes: String?, createdAt: Date, createdBy: String, updatedAt: Date, updatedBy: String) {
        self.requestId = requestId; self.patientId = patientId; self.clinicId = clinicId; self.preferredProviders = preferredProviders
        self.preferredTimeSlots = preferredTimeSlots; self.preferredDays = preferredDays; self.dateRangeStart = dateRangeStart
        self.dateRangeEnd = dateRangeEnd; self.categoryId = categoryId; self.appointmentTypeId = appointmentTypeId
        self.appointmentKind = appointmentKind; self.durationMinutes = durationMinutes; self.paymentType = paymentType
        self.priority = priority; self.notes = notes; self.createdAt = createdAt; self.createdBy = createdBy
        self.updatedAt = updatedAt; self.updatedBy = updatedBy
    }

    enum CodingKeys: String, CodingKey {
        case requestId = "request_id", patientId = "patient_id", clinicId = "clinic_id", preferredProviders = "preferred_providers"
        case preferredTimeSlots = "preferred_time_slots", preferredDays = "preferred_days", dateRangeStart = "date_range_start"
        case dateRangeEnd = "date_range_end", categoryId = "category_id", appointmentTypeId = "appointment_type_id"
        case appointmentKind = "appointment_kind", durationMinutes = "duration_minutes", paymentType = "payment_type", priority, notes
        case createdAt = "created_at", createdBy = "created_by", updatedAt = "updated_at", updatedBy = "updated_by"
    }

    public static let defaultPriority = 3
    public static let priorities = 1...5
}
