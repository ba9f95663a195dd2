-- 0021: SAML identity providers pinned by `taco-admin sso idp add --metadata …`: the IdP's entity ID and the
-- signing certificates from its SAML 2.0 metadata. `taco-jobs saml verify --idp` and `hr-sync --saml` verify
-- responses with these certificates only (never one carried in a response). Sysadmins change them; jobs and
-- Food Services read them; every change is audited. Not vendor data: vendors get no access at all.
CREATE TABLE sso_identity_providers (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    entity_id       text NOT NULL UNIQUE CHECK (length(entity_id) BETWEEN 1 AND 1024),
    sso_url         text CHECK (length(sso_url) <= 2048),
    metadata_source text NOT NULL CHECK (length(metadata_source) <= 2048),
    metadata_sha256 text NOT NULL CHECK (metadata_sha256 ~ '^[0-9a-f]{64}$'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sso_idp_certificates (
    idp_id             uuid NOT NULL REFERENCES sso_identity_providers (id) ON DELETE CASCADE,
    sha256_fingerprint text NOT NULL CHECK (sha256_fingerprint ~ '^([0-9A-F]{2}:){31}[0-9A-F]{2}$'),
    certificate_der    bytea NOT NULL CHECK (length(certificate_der) BETWEEN 100 AND 65536),
    subject            text NOT NULL,
    not_before         timestamptz NOT NULL,
    not_after          timestamptz NOT NULL,
    added_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (idp_id, sha256_fingerprint)
);

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON sso_identity_providers
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('entity_id');
-- The DER is large and public; the log keeps the fingerprint, subject and validity.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON sso_idp_certificates
    FOR EACH ROW EXECUTE FUNCTION taco_audit_row('sha256_fingerprint', 'certificate_der');

GRANT SELECT ON sso_identity_providers, sso_idp_certificates TO taco_sysadmin, taco_food_services, taco_jobs, taco_reporting;
GRANT INSERT, UPDATE, DELETE ON sso_identity_providers, sso_idp_certificates TO taco_sysadmin;
