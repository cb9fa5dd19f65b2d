-- Issue #16: API keys are owned by ingest-service and kept here; Redis holds a cache that every service verifies
-- against (ApiKeys), rebuilt from this table when Redis loses it. Only the SHA-256 of a key is stored.
create table api_keys (
    key_hash   text        primary key,
    id         text        not null unique,
    tenant     text        not null,
    roles      text        not null,
    name       text        not null default '',
    created_at timestamptz not null,
    revoked_at timestamptz
);
create index api_keys_tenant on api_keys (tenant, created_at);
