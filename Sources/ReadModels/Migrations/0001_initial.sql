-- The first schema: projector bookkeeping, the event archive, reference data, patients and their history.
-- Every read-model table carries `organization_id` and leads its keys with it: every query is tenant-scoped.
CREATE TABLE projection_positions (
    projector   text    NOT NULL,
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projector, topic, partition)
);

-- Every event with its envelope, for audit and for replay once Kafka retention has run out.
CREATE TABLE event_archive (
    event_id          uuid PRIMARY KEY,
    organization_id   uuid NOT NULL,
    topic             text NOT NULL,
    partition         integer NOT NULL,
    "offset"          bigint NOT NULL,
    event_type        text NOT NULL,
    aggregate_type    text NOT NULL,
    aggregate_id      uuid NOT NULL,
    aggregate_version integer NOT NULL,
    command_id        uuid NOT NULL,
    occurred_at       timestamptz NOT NULL,
    record_key        bytea NOT NULL,
    headers           jsonb NOT NULL,
    payload           jsonb NOT NULL,
    archived_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_archive_log_order ON event_archive (topic, partition, "offset");
CREATE INDEX event_archive_aggregate ON event_archive (organization_id, aggregate_id, aggregate_version);

CREATE TABLE organizations (
    organization_id uuid PRIMARY KEY,
    name            text NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE TABLE api_keys (
    organization_id uuid NOT NULL,
    key_id          uuid NOT NULL,
    key_hash        text NOT NULL UNIQUE,
    key_prefix      text NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, key_id)
);

CREATE TABLE locations (
    organization_id uuid NOT NULL,
    id              uuid NOT NULL,
    name            text NOT NULL,
    address         text,
    timezone        text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE TABLE workflow_stages (
    organization_id uuid NOT NULL,
    id              uuid NOT NULL,
    title           text NOT NULL,
    "order"         integer NOT NULL,
    description     text,
    actions         jsonb NOT NULL DEFAULT '[]',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE TABLE users (
    organization_id uuid NOT NULL,
    id              uuid NOT NULL,
    name            text NOT NULL,
    email           text NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE TABLE external_id_types (
    organization_id uuid NOT NULL,
    id              uuid NOT NULL,
    name            text NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE TABLE tags (
    organization_id uuid NOT NULL,
    id              uuid NOT NULL,
    name            text NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE TABLE patients (
    organization_id         uuid NOT NULL,
    id                      uuid NOT NULL,
    first_name              text NOT NULL,
    last_name               text NOT NULL,
    middle_name             text,
    phone_number            text,
    additional_phone_number text,
    email                   text,
    date_of_birth           date,
    gender                  text,
    address                 text,
    address2                text,
    city                    text,
    state                   text,
    zip                     text,
    comments                text,
    workflow_stage_id       uuid,
    assigned_user_id        uuid,
    location_id             uuid,
    created_from            text NOT NULL,
    -- Offset of the creating event: orders patients created in the same instant as they were sent.
    created_offset          bigint NOT NULL,
    active                  boolean NOT NULL DEFAULT true,
    version                 integer NOT NULL,
    first_communication_at  timestamptz,
    custom_fields           jsonb NOT NULL DEFAULT '{}',
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX patients_by_created ON patients (organization_id, created_at, created_offset);
CREATE INDEX patients_by_stage ON patients (organization_id, workflow_stage_id);
CREATE INDEX patients_by_state ON patients (organization_id, state);

CREATE TABLE patient_tags (
    organization_id uuid NOT NULL,
    patient_id      uuid NOT NULL,
    tag_id          uuid NOT NULL,
    PRIMARY KEY (organization_id, patient_id, tag_id)
);
CREATE INDEX patient_tags_by_tag ON patient_tags (organization_id, tag_id);

CREATE TABLE patient_referrals (
    organization_id     uuid NOT NULL,
    id                  uuid NOT NULL,
    patient_id          uuid NOT NULL,
    physician_name      text,
    physician_email     text,
    physician_phone     text,
    physician_fax       text,
    physician_group     text,
    physician_npi       text,
    physician_address   text,
    physician_address_2 text,
    physician_city      text,
    physician_zip       text,
    icd_codes           text[] NOT NULL DEFAULT '{}',
    service_types       text[] NOT NULL DEFAULT '{}',
    start_date          date,
    end_date            date,
    location_id         uuid,
    file_id             text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX patient_referrals_by_patient ON patient_referrals (organization_id, patient_id);

CREATE TABLE patient_external_ids (
    organization_id uuid NOT NULL,
    patient_id      uuid NOT NULL,
    type_id         uuid NOT NULL,
    value           text NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, patient_id, type_id),
    UNIQUE (organization_id, type_id, value)
);

-- The History view: one row per event that touched a patient.
CREATE TABLE patient_history (
    organization_id uuid NOT NULL,
    event_id        uuid NOT NULL,
    patient_id      uuid NOT NULL,
    occurred_at     timestamptz NOT NULL,
    event_type      text NOT NULL,
    action          text NOT NULL,
    actor           text NOT NULL,
    channel         text NOT NULL,
    changes         jsonb NOT NULL,
    PRIMARY KEY (organization_id, event_id)
);
CREATE INDEX patient_history_by_patient ON patient_history (organization_id, patient_id, occurred_at, event_id);
