-- Snapshots of the partition writers' decision state (docs/architecture.md, "Writer snapshots"):
-- a writer starts from its partition's newest snapshot and reads only the log after it. Not a
-- read model: no projection writes it and losing it costs only a longer start. Rows are per
-- partition, not per organization (a partition's state holds every organization on it), and
-- hold PHI like the read models: the payload is never logged.
CREATE TABLE writer_snapshots (
    topic       text NOT NULL,
    partition   integer NOT NULL,
    -- The log end after the last transaction the state includes: the tail is read from here.
    log_offset  bigint NOT NULL,
    -- OrganizationState.snapshotFormat: a writer ignores a snapshot of another format.
    format      integer NOT NULL,
    taken_at    timestamptz NOT NULL,
    event_count bigint NOT NULL,
    byte_size   bigint NOT NULL,
    payload     bytea NOT NULL,
    PRIMARY KEY (topic, partition, log_offset)
);
