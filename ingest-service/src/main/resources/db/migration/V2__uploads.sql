-- Resumable (tus 1.0) and direct (presigned) uploads. Bytes live in S3 (multipart uploads) plus, for a tus upload,
-- a tail shorter than one part in a local spool file; everything needed to resume lives here.

create table tus_uploads (
    id                   text        primary key,
    tenant               text        not null,
    asset_id             text        not null,           -- allocated at creation: the object key derives from it
    object_key           text        not null,           -- where the multipart upload writes
    length               bigint      check (length >= 0), -- null while deferred (Upload-Defer-Length)
    upload_offset        bigint      not null default 0,
    metadata             jsonb       not null default '{}', -- decoded Upload-Metadata
    metadata_raw         text,                            -- Upload-Metadata as sent (echoed by HEAD)
    pipeline             text        not null,
    content_type         text,
    concat_type          text        check (concat_type in ('partial', 'final')),
    concat_parts         text[],                          -- final: ids of the partial uploads, in order
    s3_upload_id         text,
    parts                jsonb       not null default '[]', -- [{number, etag, size}] stored in S3
    parts_bytes          bigint      not null default 0, -- bytes in those parts (the durable offset)
    tail_bytes           bigint      not null default 0, -- bytes after them, in the spool file
    spool_path           text,
    sha256_state         bytea,                          -- incremental SHA-256 at upload_offset
    sha256_durable_state bytea,                          -- ... at parts_bytes (when the spool file is lost)
    sha256               char(64),
    state                text        not null check (state in ('UPLOADING', 'COMPLETING', 'COMPLETED', 'FAILED')),
    reason               text,
    reason_code          text,
    job_id               text,
    deduplicated         boolean     not null default false,
    traceparent          text,
    lock_owner           text,
    lock_expires_at      timestamptz,
    expires_at           timestamptz not null,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create index tus_uploads_expires on tus_uploads (expires_at) where state in ('UPLOADING', 'COMPLETING');
create index tus_uploads_tenant on tus_uploads (tenant, created_at desc);

create table direct_uploads (
    id            text        primary key,
    tenant        text        not null,
    asset_id      text        not null,
    object_key    text        not null,
    method        text        not null check (method in ('PUT', 'MULTIPART')),
    s3_upload_id  text,
    part_size     bigint,
    part_count    integer,
    declared_size bigint,
    content_type  text,
    filename      text,
    title         text,
    pipeline      text        not null,
    metadata      jsonb       not null default '{}',
    state         text        not null check (state in ('PENDING', 'COMPLETING', 'COMPLETED', 'FAILED')),
    reason        text,
    job_id        text,
    deduplicated  boolean     not null default false,
    traceparent   text,
    expires_at    timestamptz not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index direct_uploads_expires on direct_uploads (expires_at) where state = 'PENDING';
