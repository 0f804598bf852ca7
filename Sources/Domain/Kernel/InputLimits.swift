import Foundation

/// Every limit on what a client may send, in one place: the strict batch rules, the forgiving
/// upsert rules, the admin API and the HTTP layer all read their numbers from here, and
/// docs/limits.md lists them with the error each one gives.
///
/// Why limits at all: a command is decided by its partition's single writer, one at a time, and
/// its events must fit in one Kafka message (1 MB by default). So input is bounded *before* the
/// decision — a list of 100,000 tags or a 10 MB custom field is refused at the door, not after
/// it has held up every other organization on the partition or failed at the broker.
///
/// Lengths count Unicode code points (`unicodeScalars`), as PostgreSQL's `char_length` does, not
/// grapheme clusters: one "character" of combining marks can be any number of code points, so a
/// grapheme count would bound nothing. A code point is at most 4 bytes of UTF-8.
public enum InputLimits {
    // MARK: Text, in characters (code points)

    /// first_name, last_name, middle_name.
    public static let name = 100
    /// address, address2, referral.physician_address(_2), a location's address.
    public static let addressLine = 500
    /// city, referral.physician_city.
    public static let city = 200
    /// comments, and a communication's summary.
    public static let comments = 10_000
    /// An e-mail address (RFC 5321's path limit).
    public static let email = 254
    /// Text the service parses into a value — phone numbers, dates, gender, state, zip, ids,
    /// ICD codes, service types: nothing valid is longer.
    public static let code = 100
    /// external_id values (batch `external_id`, upsert `external_id.value`).
    public static let externalId = 200
    /// A tag's name.
    public static let tagName = 100
    /// referral.physician_name, referral.physician_group, referral.file_id.
    public static let physicianText = 200
    /// referral.physician_zip.
    public static let physicianZip = 20
    /// An organization's name; names of reference data (location, stage title, user, external-id type).
    public static let referenceName = 200
    /// A workflow stage's description.
    public static let description = 2000
    /// One action of a workflow stage.
    public static let stageAction = 200
    /// The `Idempotency-Key` header (as Stripe's).
    public static let idempotencyKey = 255

    // MARK: Lists, in items

    /// Patients in one batch (seed 000).
    public static let batchItems = 500
    /// Tags of one patient (batch item or upsert).
    public static let tags = 100
    /// referral.icd_codes.
    public static let icdCodes = 50
    /// referral.service_types (the enum has 31 values; repeats count too).
    public static let serviceTypes = 50
    /// Payors of one patient (upsert).
    public static let payors = 20
    /// Referrals one patient may hold: an upsert appends one each time it sends a new one.
    public static let referralsPerPatient = 20
    /// Keys of a patient's custom_fields, after an upsert's merge.
    public static let customFieldKeys = 100
    /// Entries of one kind (locations, workflow_stages, users, external_id_types) in one declaration.
    public static let referenceDataEntries = 1000
    /// External-id types one organization may hold (each patient holds at most one value per type).
    public static let externalIdTypes = 50
    /// Actions of one workflow stage.
    public static let stageActions = 50
    /// Values of one filter of `GET /v1/patients` (`tags=a,b,…`).
    public static let queryValues = 100

    // MARK: Free-form JSON (payors, custom fields), in bytes of compact UTF-8 JSON

    /// A custom field's key, in characters.
    public static let customFieldKey = 100
    /// One custom field's value.
    public static let customFieldValueBytes = 16 << 10
    /// A patient's whole custom_fields object (keys included), after an upsert's merge.
    public static let customFieldsBytes = 64 << 10
    /// One payor.
    public static let payorBytes = 16 << 10
    /// All payors of a patient together.
    public static let payorsBytes = 64 << 10
    /// Nesting of a free-form value: a payor (object → services → service → location_rates →
    /// rate is 5 levels) or a custom field value.
    public static let jsonDepth = 8

    // MARK: Scheduling

    /// An appointment type's duration, in minutes (a day).
    public static let appointmentMinutes = 24 * 60
    /// An appointment type's max_attendees.
    public static let maxAttendees = 1000
    /// A task's min_plan_days, and the widest planFrom…planTo range.
    public static let planDays = 366
    /// The longest unavailable block, in days.
    public static let blockDays = 366
    /// Working-hour ranges of one practitioner on one weekday.
    public static let periodsPerDay = 24
    /// Widest availability query (`from`…`to`), in days, both included.
    public static let availabilitySpanDays = 21
    /// How far ahead availability may be asked and booked, in days from today.
    public static let bookingHorizonDays = 366
    /// documentIds of one appointment.
    public static let documentIds = 50
    /// An appointment's metadata object, in bytes of compact JSON.
    public static let metadataBytes = 16 << 10
    /// A group appointment's max_attendees (Cliniko: 1 to 100).
    public static let groupAttendees = 100
    /// A group appointment's telehealth_url, in characters (the common URL length browsers and proxies accept).
    public static let url = 2048
    /// A repeat rule's number_of_repeats (Cliniko: 1 to 51, a year of weekly classes).
    public static let repeats = 51
    /// A repeat rule's repeating_interval (Cliniko: 1 to 100).
    public static let repeatInterval = 100
    /// How far ahead the last occurrence of a repeating series may start, in days from today (five years).
    public static let seriesDays = 5 * 366
    /// How far in the past a group appointment may start, in days (a class entered after it took place).
    public static let pastStartDays = 30

    // MARK: Waitlist

    /// A clinic's max_span_days: the widest date_range_start…date_range_end a request may ask (a year).
    public static let waitlistSpanDays = 366
    /// A clinic's hold_minutes: how long an invite may hold its slot (a day).
    public static let waitlistHoldMinutes = 24 * 60
    /// Appointment categories of one clinic.
    public static let waitlistCategories = 100
    /// preferred_providers of one request.
    public static let preferredProviders = 50
    /// A request's notes.
    public static let waitlistNotes = 2000

    // MARK: Requests

    /// Largest request body, in bytes: a 500-patient batch averaging 8 KiB a patient fits; the
    /// largest upsert (64 KiB of payors, 64 KiB of custom fields, every text at its limit) is
    /// well under 1 MiB.
    public static let requestBodyBytes = 4 << 20

    // MARK: Times

    /// The earliest instant a communication may have taken place (as the earliest birth date).
    public static let earliestInstant = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01T00:00:00Z
    /// How far in the future a communication's `occurred_at` may lie (clock skew).
    public static let futureTolerance: TimeInterval = 300

    /// A text's length as the limits count it: code points.
    public static func length(_ text: some StringProtocol) -> Int { text.unicodeScalars.count }
}
