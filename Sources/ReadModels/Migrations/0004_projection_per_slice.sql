-- One projection per read model — reference_data, patients, patient_history — instead of the one
-- read_models projection. Each starts exactly where read_models was (its positions and the ids of
-- the events it applied), so an existing database upgrades without replaying and without loss.
-- `projections` holds each projection's lease: a rebuild marks it `rebuilding` and bumps the
-- generation; a running server's runner checks it in every batch transaction (docs/runbook.md).
CREATE TABLE projections (
    name       text PRIMARY KEY,
    status     text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'rebuilding')),
    generation bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO projections (name) VALUES ('event_archive'), ('reference_data'), ('patients'), ('patient_history');
INSERT INTO projection_positions (projector, topic, partition, next_offset, updated_at)
    SELECT s.name, r.topic, r.partition, r.next_offset, r.updated_at
    FROM projection_positions r CROSS JOIN (VALUES ('reference_data'), ('patients'), ('patient_history')) AS s(name)
    WHERE r.projector = 'read_models'
    ON CONFLICT DO NOTHING;
INSERT INTO projected_events (projector, event_id)
    SELECT s.name, e.event_id
    FROM projected_events e CROSS JOIN (VALUES ('reference_data'), ('patients'), ('patient_history')) AS s(name)
    WHERE e.projector = 'read_models'
    ON CONFLICT DO NOTHING;
DELETE FROM projected_events WHERE projector = 'read_models';
DELETE FROM projection_positions WHERE projector = 'read_models';
