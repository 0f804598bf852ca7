-- Cliniko spells ids as int64 numbers (docs/ids.md, "Cliniko"). A UUIDv7's 128 bits do not fit
-- in 63, so the number is a fold, computed and never stored: the 64-bit XOR of the UUID's two
-- big-endian 8-byte halves with the top bit cleared (a positive bigint). ClinikoIds.number in
-- Swift computes the same; a test proves they agree. Nothing is written, so nothing can drift
-- out of sync, and a projection rebuild reproduces every number. IMMUTABLE so an index and the
-- planner may use it; lookups compare numbers (cliniko_id(id) = $n), never text.
CREATE FUNCTION cliniko_id(u uuid) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT (('x' || substr(replace(u::text, '-', ''), 1, 16))::bit(64)::bigint
                  # ('x' || substr(replace(u::text, '-', ''), 17, 16))::bit(64)::bigint) & 9223372036854775807 $$;

-- A get by Cliniko id finds its row through these, not by folding every row of the organization.
CREATE INDEX locations_by_cliniko_id ON locations (organization_id, cliniko_id(id));
CREATE INDEX practitioners_by_cliniko_id ON practitioners (organization_id, cliniko_id(id));
CREATE INDEX appointment_types_by_cliniko_id ON appointment_types (organization_id, cliniko_id(id));
