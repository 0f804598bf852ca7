-- The per-organization hash chain (docs/audit.md, "Tamper evidence"): each event's ce_prevhash,
-- the hash of its organization's previous event, as a column for auditors' queries. The header
-- itself stays in `headers` with the others; `clinicledger verify` hashes from those.
-- NULL for events written before the chain existed.
ALTER TABLE event_archive ADD COLUMN prev_hash text;
