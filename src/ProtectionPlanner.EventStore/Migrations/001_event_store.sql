-- The event store: streams, events, snapshots and projection bookkeeping.
-- docs/event-store.md explains the design; the comments here say why a column is what it is.

-- position_base moves global positions past every existing event after a logical restore into a fresh cluster,
-- whose transaction ids start low again (EventStoreSchema.MigrateAsync repairs it at start-up).
create table eventstore.settings (
    singleton boolean primary key default true check (singleton),
    position_base bigint not null default 0
);
insert into eventstore.settings default values;

-- Written once, when a stream is started; the head (version, last change) is read from the events index.
create table eventstore.streams (
    id uuid primary key,
    type text,
    tenant text,
    created timestamptz not null
);
create index streams_tenant on eventstore.streams (tenant, type);

-- position = ((transaction id + position_base) << 16) + index within the transaction. Ordering by position is
-- ordering by transaction id, so a reader that stops below the oldest running transaction never skips an event
-- that commits later (docs/event-store.md, "The global feed").
-- data and metadata are json, not jsonb: json keeps the exact text, so hashes can be recomputed from the row
-- and from an export byte for byte.
create table eventstore.events (
    position bigint primary key,
    stream_id uuid not null,
    version bigint not null check (version > 0),
    type text not null,
    type_version integer not null,
    data json not null,
    metadata json not null,
    timestamp timestamptz not null,
    command_id text,
    hash bytea not null
);
create unique index events_stream_version on eventstore.events (stream_id, version);
-- Set on the first event of an append that carries a command id: a repeated command cannot append twice.
create unique index events_command on eventstore.events (command_id) where command_id is not null;

-- stable, not immutable: they call stable functions, and PostgreSQL inlines a SQL function only when its declared
-- volatility holds for its body (a call that is not inlined costs a whole executor per row).
create function eventstore.content_digest(type text, type_version integer, metadata json, data json)
returns bytea language sql stable parallel safe
return sha256(convert_to(type || E'\n' || type_version::text || E'\n' || metadata::text || E'\n' || data::text, 'UTF8'));

create function eventstore.chain_hash(previous bytea, stream_id uuid, version bigint, event_position bigint, committed timestamptz, digest bytea)
returns bytea language sql stable parallel safe
return sha256(coalesce(previous, '\x'::bytea) || uuid_send(stream_id) || int8send(version) || int8send(event_position)
              || int8send((extract(epoch from committed) * 1000000)::bigint) || digest);

-- The chain of a batch of events, in one call: a recursive CTE costs about twice as much per event.
create function eventstore.chain_hashes(previous bytea, stream_id uuid, first_version bigint, first_position bigint,
                                        committed timestamptz, digests bytea[])
returns bytea[] language plpgsql stable parallel safe as $$
declare
    hashes bytea[] := array_fill(null::bytea, array[cardinality(digests)]);
begin
    for k in 1 .. cardinality(digests) loop
        previous := eventstore.chain_hash(previous, stream_id, first_version + k - 1, first_position + k - 1, committed, digests[k]);
        hashes[k] := previous;
    end loop;
    return hashes;
end $$;

-- The horizon below which every event position belongs to a finished transaction.
create function eventstore.safe_position_horizon()
returns bigint language sql stable
return (pg_snapshot_xmin(pg_current_snapshot())::text::bigint + (select position_base from eventstore.settings)) << 16;

-- The last version and hash of each stream, recorded by the StreamHeadsLedger projection shortly after commit.
-- Versions here only grow, so verify finds events removed from the end of a stream too.
create table eventstore.stream_heads (
    stream_id uuid primary key,
    version bigint not null,
    hash bytea not null,
    recorded timestamptz not null default now()
);

create table eventstore.snapshots (
    stream_id uuid not null,
    name text not null,
    version bigint not null,
    data jsonb not null,
    created timestamptz not null default now(),
    primary key (stream_id, name, version)
);

create table eventstore.projections (
    name text primary key,
    version integer not null,
    position bigint not null default 0,
    state text not null default 'running' check (state in ('running', 'faulted')),
    owner text,
    heartbeat timestamptz,
    rebuild_state text check (rebuild_state in ('requested', 'running', 'failed')),
    rebuild_version integer,
    rebuild_position bigint,
    rebuild_requested timestamptz,
    failed_position bigint,
    failed_stream_id uuid,
    failed_version bigint,
    failed_type text,
    failed_at timestamptz,
    error text,
    updated timestamptz not null default now()
);

-- Every failure ever seen, for the status API and for operators; a faulted projection points at its latest.
create table eventstore.projection_failures (
    id bigint generated always as identity primary key,
    projection text not null,
    rebuild boolean not null,
    position bigint not null,
    stream_id uuid not null,
    version bigint not null,
    type text not null,
    error text not null,
    occurred timestamptz not null default now()
);
create index projection_failures_projection on eventstore.projection_failures (projection, occurred desc);

-- Read models live here; the projection daemon creates their tables and swaps rebuilt ones in.
create schema if not exists read_models;
