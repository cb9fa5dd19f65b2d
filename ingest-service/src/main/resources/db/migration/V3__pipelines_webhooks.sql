-- Issue #4: versioned pipelines from the API, job listing, re-runs, webhooks.

-- Pipelines: where a version came from (shipped file or the API) and its description.
alter table pipelines add column description text;
alter table pipelines add column origin text not null default 'shipped';

-- Jobs: the run (1, +1 per re-run) and keyset pagination of GET /v1/jobs per tenant.
alter table jobs add column run integer not null default 1;
create index jobs_tenant_created_id on jobs (tenant, created_at desc, id desc);
create index jobs_tenant_state_created_id on jobs (tenant, state, created_at desc, id desc);

-- Webhook subscriptions of a tenant. The secret signs deliveries (HMAC-SHA256); it is shown once, at creation.
create table webhooks (
    id          text        primary key,
    tenant      text        not null,
    url         text        not null,
    events      text[]      not null,
    secret      text        not null,
    description text,
    active      boolean     not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index webhooks_tenant on webhooks (tenant) where active;

-- One event to deliver to one webhook; retried with backoff until delivered or 24 h old.
create table webhook_deliveries (
    id              bigserial   primary key,
    webhook_id      text        not null references webhooks (id) on delete cascade,
    event_id        text        not null,
    event_type      text        not null,
    job_id          text        not null,
    payload         jsonb       not null,
    state           text        not null check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_status     integer,
    last_error      text,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz,
    unique (webhook_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where state = 'PENDING';
create index webhook_deliveries_webhook on webhook_deliveries (webhook_id, id desc);

-- Every attempt of a delivery, for GET /v1/webhooks/{id}/deliveries.
create table webhook_attempts (
    delivery_id bigint      not null references webhook_deliveries (id) on delete cascade,
    attempt     integer     not null,
    at          timestamptz not null default now(),
    status      integer,
    error       text,
    duration_ms integer     not null,
    primary key (delivery_id, attempt)
);
