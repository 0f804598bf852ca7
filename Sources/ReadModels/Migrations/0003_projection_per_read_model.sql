-- The archive becomes a projection of its own (position `event_archive`), so a read model that
-- cannot apply an event no longer stops archiving; the read models keep the ids of the events
-- they applied (`projected_events`), which is how they stay idempotent by event id.
CREATE TABLE projected_events (
    projector text NOT NULL,
    event_id  uuid NOT NULL,
    PRIMARY KEY (projector, event_id)
);
-- Until now one projector archived and projected in the same transaction: both are where it was.
INSERT INTO projected_events (projector, event_id) SELECT 'read_models', event_id FROM event_archive;
INSERT INTO projection_positions (projector, topic, partition, next_offset)
    SELECT 'event_archive', topic, partition, next_offset FROM projection_positions WHERE projector = 'read_models'
    ON CONFLICT DO NOTHING;
