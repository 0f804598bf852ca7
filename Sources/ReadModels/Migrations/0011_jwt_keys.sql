-- SPRY's token verification keys, one per organization, declared by `clinicledger org apply`
-- (`jwt:`). A credential store, not a read model: the admin API writes it and no projection
-- rebuilds it, because a shared HS256 secret must never enter the event log, which is immutable,
-- replicated and replayed by auditors.
CREATE TABLE organization_jwt_keys (
    organization_id uuid PRIMARY KEY,
    algorithm       text NOT NULL CHECK (algorithm IN ('HS256', 'RS256', 'ES256')),
    -- The HS256 secret, or the public key in PEM (RS256, ES256).
    key_material    text NOT NULL,
    -- SHA-256 of key_material, hex: what operators compare (org apply prints it).
    fingerprint     text NOT NULL,
    updated_at      timestamptz NOT NULL
);
