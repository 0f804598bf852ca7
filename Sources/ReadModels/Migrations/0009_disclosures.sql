-- The accounting of disclosures (docs/audit.md): one row per read of a patient's record, from the
-- PatientRecordAccessed events. An event lists a patient's reads within one batch; its rows are
-- keyed by (event, position in it), so a redelivered event adds nothing. No PHI: who (actor, a key
-- id), how (credential kind, channel), where (a route name) and when.
CREATE TABLE patient_disclosures (
    organization_id uuid NOT NULL,
    event_id        uuid NOT NULL,
    seq             integer NOT NULL,
    patient_id      uuid NOT NULL,
    accessed_at     timestamptz NOT NULL,
    actor           text NOT NULL,
    credential      text NOT NULL,
    channel         text NOT NULL,
    route           text NOT NULL,
    PRIMARY KEY (organization_id, event_id, seq)
);
CREATE INDEX patient_disclosures_patient ON patient_disclosures (organization_id, patient_id, accessed_at);

INSERT INTO projections (name) VALUES ('patient_disclosures') ON CONFLICT DO NOTHING;
