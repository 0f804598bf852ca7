-- The waitlist (seed 004, SPRY): one row per request and one per invite, the state after the
-- newest event of the request's aggregate (`version`; an older or repeated event changes nothing).
-- Invite events belong to the request's aggregate, so they too apply only over an older version
-- of it. Patient names, category labels and provider names are joined when read.
CREATE TABLE waitlist_requests (
    organization_id      uuid NOT NULL,
    request_id           uuid NOT NULL,
    version              bigint NOT NULL,
    patient_id           uuid NOT NULL,
    clinic_id            uuid NOT NULL,
    -- In the order the patient named them.
    preferred_providers  uuid[] NOT NULL DEFAULT '{}',
    preferred_time_slots text[] NOT NULL DEFAULT '{}',
    preferred_days       text[] NOT NULL DEFAULT '{}',
    date_range_start     date NOT NULL,
    date_range_end       date NOT NULL,
    category_id          uuid NOT NULL,
    appointment_type_id  uuid NOT NULL,
    appointment_kind     text NOT NULL,
    duration_minutes     integer NOT NULL,
    payment_type         text NOT NULL,
    priority             integer NOT NULL,
    notes                text,
    created_at           timestamptz NOT NULL,
    created_by           text NOT NULL,
    updated_at           timestamptz NOT NULL,
    updated_by           text NOT NULL,
    status               text NOT NULL,
    -- Set by WaitlistFulfilled: the appointment, or the place in a class.
    appointment_id       uuid,
    group_appointment_id uuid,
    attendee_id          uuid,
    -- When it became FULFILLED, CANCELLED or EXPIRED, and who did it (nil for the scheduler's expiry).
    ended_at             timestamptz,
    ended_by             text,
    PRIMARY KEY (organization_id, request_id)
);
-- The list's sorts, each with the request id that makes paging stable.
CREATE INDEX waitlist_requests_created ON waitlist_requests (organization_id, created_at, request_id);
CREATE INDEX waitlist_requests_updated ON waitlist_requests (organization_id, updated_at, request_id);
CREATE INDEX waitlist_requests_priority ON waitlist_requests (organization_id, priority, request_id);
CREATE INDEX waitlist_requests_range_start ON waitlist_requests (organization_id, date_range_start, request_id);
CREATE INDEX waitlist_requests_range_end ON waitlist_requests (organization_id, date_range_end, request_id);
-- The filters a patient's and a clinic's lists always carry.
CREATE INDEX waitlist_requests_patient ON waitlist_requests (organization_id, patient_id);
CREATE INDEX waitlist_requests_clinic ON waitlist_requests (organization_id, clinic_id, status);

CREATE TABLE waitlist_invites (
    organization_id      uuid NOT NULL,
    invite_id            uuid NOT NULL,
    request_id           uuid NOT NULL,
    status               text NOT NULL,
    -- The slot offered (OpenSlot) and the time the booking takes.
    provider_id          uuid NOT NULL,
    clinic_id            uuid NOT NULL,
    slot_start           timestamptz NOT NULL,
    slot_end             timestamptz NOT NULL,
    appointment_type_id  uuid,
    group_appointment_id uuid,
    sent_at              timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    -- Accepted, declined or expired at.
    answered_at          timestamptz,
    -- Why it matched (WaitlistMatchReason's own coding): match type, priority, waiting since,
    -- the slot's local day, weekday and part of day in the clinic's zone.
    reason               jsonb NOT NULL,
    ranked_above         uuid[] NOT NULL DEFAULT '{}',
    cause_event_id       uuid NOT NULL,
    PRIMARY KEY (organization_id, invite_id)
);
CREATE INDEX waitlist_invites_request ON waitlist_invites (organization_id, request_id, sent_at);

-- The clinics' waitlist categories (ClinicWaitlistConfigured), for their labels: part of
-- reference_data. A category left out of a later declaration keeps its row (`withdrawn_at`), so
-- the requests made under it still show its label.
CREATE TABLE waitlist_categories (
    organization_id     uuid NOT NULL,
    id                  uuid NOT NULL,
    location_id         uuid NOT NULL,
    label               text NOT NULL,
    appointment_type_id uuid NOT NULL,
    duration_minutes    integer NOT NULL,
    kind                text NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    withdrawn_at        timestamptz,
    PRIMARY KEY (organization_id, id)
);

INSERT INTO projections (name) VALUES ('waitlist_requests') ON CONFLICT DO NOTHING;
