-- ingest-service owns this schema; no other service reads it (DESIGN.md).

-- Pipeline definitions, by name and version. Jobs pin the version they were started with.
create table pipelines (
    name        text        not null,
    version     integer     not null check (version > 0),
    yaml        text        not null,
    created_at  timestamptz not null default now(),
    primary key (name, version)
);

-- Uploaded originals. A row exists only for an upload that was stored completely and probed as a video.
create table assets (
    id            text        primary key,
    tenant        text        not null,
    filename      text,
    title         text,
    content_type  text,
    size_bytes    bigint      not null check (size_bytes > 0),
    sha256        char(64)    not null,
    source_bucket text        not null,
    source_key    text        not null,
    media         jsonb       not null,
    state         text        not null check (state in ('READY', 'DELETED')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index assets_tenant_created on assets (tenant, created_at desc);
create index assets_tenant_sha256 on assets (tenant, sha256);

-- One run of a pipeline over an asset: the materialized view of reelpipe.events.
create table jobs (
    id               text        primary key,
    asset_id         text        not null references assets (id),
    tenant           text        not null,
    pipeline_name    text        not null,
    pipeline_version integer     not null,
    state            text        not null check (state in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    error            text,
    traceparent      text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    foreign key (pipeline_name, pipeline_version) references pipelines (name, version)
);
create index jobs_asset on jobs (asset_id, created_at);

create table stages (
    job_id      text             not null references jobs (id) on delete cascade,
    name        text             not null,
    filter      text             not null,
    needs       text[]           not null default '{}',
    state       text             not null check (state in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED')),
    progress    double precision not null default 0,
    attempt     integer          not null default 0,
    error       text,
    manifest    jsonb,
    started_at  timestamptz,
    finished_at timestamptz,
    updated_at  timestamptz      not null default now(),
    primary key (job_id, name)
);

-- Transactional outbox: rows are written in the same transaction as the job and published by the relay.
create table outbox (
    id          bigserial   primary key,
    kind        text        not null,
    topic       text        not null,
    message_key text        not null,
    payload     bytea       not null,
    headers     jsonb       not null default '{}',
    created_at  timestamptz not null default now(),
    sent_at     timestamptz,
    attempts    integer     not null default 0,
    last_error  text
);
create index outbox_unsent on outbox (id) where sent_at is null;

-- eventIds of reelpipe.events already applied, so a redelivered event changes nothing.
create table processed_events (
    event_id     text        primary key,
    job_id       text        not null,
    processed_at timestamptz not null default now()
);
