-- Scheduling (seed 002): the organization's practitioners, appointment types, tasks and
-- unavailable blocks (reference_data), and Heim's appointments (their own projection).
CREATE TABLE practitioners (
    organization_id uuid NOT NULL,
    id              uuid NOT NULL,
    name            text NOT NULL,
    email           text NOT NULL,
    location_ids    jsonb NOT NULL DEFAULT '[]',
    working_hours   jsonb NOT NULL DEFAULT '[]',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE TABLE appointment_types (
    organization_id  uuid NOT NULL,
    id               uuid NOT NULL,
    name             text NOT NULL,
    duration_minutes integer NOT NULL,
    max_attendees    integer NOT NULL,
    category         text,
    waitlist_type    text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE TABLE tasks (
    organization_id     uuid NOT NULL,
    id                  uuid NOT NULL,
    name                text NOT NULL,
    appointment_type_id uuid NOT NULL,
    scheduled           boolean NOT NULL,
    min_plan_days       integer NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);

-- Blocks in force; a lifted block's row is deleted.
CREATE TABLE unavailable_blocks (
    organization_id uuid NOT NULL,
    id              uuid NOT NULL,
    practitioner_id uuid NOT NULL,
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);

-- One row per appointment, its state after the newest event applied (`version` is that
-- event's aggregate version: an older or repeated event changes nothing).
CREATE TABLE appointments (
    organization_id     uuid NOT NULL,
    appointment_id      uuid NOT NULL,
    version             integer NOT NULL,
    patient_id          uuid NOT NULL,
    task_id             uuid NOT NULL,
    appointment_type_id uuid NOT NULL,
    status              text NOT NULL,
    phone               text NOT NULL,
    location            jsonb NOT NULL,
    external_reference  text,
    note                text,
    document_ids        jsonb NOT NULL DEFAULT '[]',
    plan_from           date,
    plan_to             date,
    metadata            jsonb,
    practitioner_id     uuid,
    location_id         uuid,
    starts_at           timestamptz,
    ends_at             timestamptz,
    cancellation        jsonb,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    scheduled_at        timestamptz,
    completed_at        timestamptz,
    cancelled_at        timestamptz,
    PRIMARY KEY (organization_id, appointment_id)
);
CREATE INDEX appointments_by_created ON appointments (organization_id, created_at, appointment_id);
CREATE INDEX appointments_by_patient ON appointments (organization_id, patient_id);
CREATE INDEX appointments_by_reference ON appointments (organization_id, external_reference);
CREATE INDEX appointments_by_start ON appointments (organization_id, starts_at);

INSERT INTO projections (name) VALUES ('appointments') ON CONFLICT DO NOTHING;
