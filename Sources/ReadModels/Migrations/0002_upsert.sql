-- Upsert (seed 001): patients known only by phone, payors, communications.
ALTER TABLE patients ALTER COLUMN first_name DROP NOT NULL;
ALTER TABLE patients ALTER COLUMN last_name DROP NOT NULL;
ALTER TABLE patients ADD COLUMN payors jsonb NOT NULL DEFAULT '[]';

CREATE TABLE patient_communications (
    organization_id  uuid NOT NULL,
    id               uuid NOT NULL,
    patient_id       uuid NOT NULL,
    channel          text NOT NULL,
    direction        text NOT NULL,
    occurred_at      timestamptz NOT NULL,
    summary          text,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX patient_communications_by_patient ON patient_communications (organization_id, patient_id, occurred_at);
