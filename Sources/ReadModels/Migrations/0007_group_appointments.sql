-- Group appointments (seed 003, Cliniko) and their attendees: one row each, the state after the
-- newest event of the group appointment's aggregate (`version`; an older or repeated event changes
-- nothing). Attendee events belong to the group appointment's aggregate, so they too apply only
-- over an older version of it.
CREATE TABLE group_appointments (
    organization_id     uuid NOT NULL,
    id                  uuid NOT NULL,
    version             integer NOT NULL,
    appointment_type_id uuid NOT NULL,
    location_id         uuid NOT NULL,
    practitioner_id     uuid NOT NULL,
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    max_attendees       integer NOT NULL,
    notes               text,
    telehealth_url      text,
    repeat_rule         jsonb,
    repeated_from       uuid,
    -- Active attendees' patients, in the order they joined.
    patient_ids         uuid[] NOT NULL DEFAULT '{}',
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    archived_at         timestamptz,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX group_appointments_cliniko_id ON group_appointments (organization_id, cliniko_id(id));
CREATE INDEX group_appointments_created ON group_appointments (organization_id, created_at, id);
CREATE INDEX group_appointments_series ON group_appointments (organization_id, repeated_from) WHERE repeated_from IS NOT NULL;

CREATE TABLE attendees (
    organization_id      uuid NOT NULL,
    id                   uuid NOT NULL,
    group_appointment_id uuid NOT NULL,
    patient_id           uuid NOT NULL,
    notes                text,
    cancellation_reason  integer,
    cancellation_note    text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    cancelled_at         timestamptz,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX attendees_cliniko_id ON attendees (organization_id, cliniko_id(id));
CREATE INDEX attendees_booking ON attendees (organization_id, group_appointment_id);
CREATE INDEX attendees_patient ON attendees (organization_id, patient_id);

-- A Cliniko client names patients by number (docs/ids.md): found through the same function.
CREATE INDEX patients_cliniko_id ON patients (organization_id, cliniko_id(id));

-- An archived group appointment shows in each attendee's History: one event, a row per patient.
ALTER TABLE patient_history DROP CONSTRAINT patient_history_pkey, ADD PRIMARY KEY (organization_id, event_id, patient_id);

INSERT INTO projections (name) VALUES ('group_appointments') ON CONFLICT DO NOTHING;
