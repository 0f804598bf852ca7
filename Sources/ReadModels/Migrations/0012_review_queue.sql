-- The review queue (issue 13): possible duplicates the probabilistic match tier recorded, and
-- people's verdicts on them. Owned by the patients projection, so a rebuild reproduces it.
ALTER TABLE patients ADD COLUMN merged_into uuid;
ALTER TABLE patients ADD COLUMN merged_at timestamptz;
-- A survivor's History and a merge onward look up the patients merged into one: without this,
-- each History read would scan the organization's patients.
CREATE INDEX patients_merged_into ON patients (organization_id, merged_into) WHERE merged_into IS NOT NULL;

-- One row per PossibleDuplicateFound: the patient an upsert created and the existing one it may
-- duplicate. status: open, merged (either way round), not_duplicate.
CREATE TABLE patient_possible_duplicates (
    organization_id uuid NOT NULL,
    patient_id      uuid NOT NULL,
    candidate_id    uuid NOT NULL,
    probability     double precision NOT NULL,
    weights_version text NOT NULL,
    evidence        jsonb NOT NULL,
    found_at        timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'not_duplicate')),
    resolved_at     timestamptz,
    PRIMARY KEY (organization_id, patient_id, candidate_id)
);
CREATE INDEX patient_possible_duplicates_open ON patient_possible_duplicates (organization_id, probability DESC, found_at)
    WHERE status = 'open';

-- Possible duplicates recorded before this table existed, from the archive (the complete log;
-- one not archived yet when this runs is missed: `clinicledger projections rebuild patients`
-- reproduces them all).
INSERT INTO patient_possible_duplicates (organization_id, patient_id, candidate_id, probability, weights_version, evidence, found_at)
SELECT organization_id, (payload->>'patient_id')::uuid, (payload->>'candidate_id')::uuid, (payload->>'probability')::float8,
       payload->>'weights_version', payload->'evidence', occurred_at
FROM event_archive WHERE event_type = 'clinicledger.patient.possible_duplicate_found.v1'
ON CONFLICT DO NOTHING;
