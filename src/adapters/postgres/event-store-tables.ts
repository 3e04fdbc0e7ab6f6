/** The tables of the PostgreSQL event store, in one place. @internal */
export interface EventStoreTables {
  /** The schema name (unquoted), or undefined for the search path's default. */
  readonly schema: string | undefined
  readonly events: string
  readonly streams: string
  readonly meta: string
  readonly consumers: string
  readonly deadLetters: string
  readonly snapshots: string
  readonly commandOutcomes: string
  /** The append function (one round trip, plans cached per session by PL/pgSQL). */
  readonly appendFunction: string
  /** The LISTEN/NOTIFY channel appends are announced on. */
  readonly channel: string
  /** Prefix for index names (index names are not schema-qualified). */
  readonly indexPrefix: string
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/

/**
 * Table names for an event store in `schema` (default: the search path, normally `public`).
 * Throws on a schema name that is not a plain lowercase identifier (a definition-time mistake).
 * @internal
 */
export function eventStoreTables(schema?: string): EventStoreTables {
  if (schema !== undefined && !IDENTIFIER.test(schema)) {
    throw new TypeError(
      `event store schema must be a lowercase SQL identifier (a-z, 0-9, _), got ${JSON.stringify(schema)}`,
    )
  }
  const q = (name: string) => (schema ? `"${schema}".${name}` : name)
  return Object.freeze({
    schema,
    events: q('kairo_events'),
    streams: q('kairo_streams'),
    meta: q('kairo_event_store'),
    consumers: q('kairo_consumers'),
    deadLetters: q('kairo_dead_letters'),
    snapshots: q('kairo_snapshots'),
    commandOutcomes: q('kairo_command_outcomes'),
    appendFunction: q('kairo_append_events'),
    channel: schema ? `kairo_events_${schema}` : 'kairo_events',
    indexPrefix: 'kairo',
  })
}

/** Advisory lock namespace ("KAIR") for Kairo's own locks: consumer leases and schema creation. @internal */
export const KAIRO_LOCK_CLASS = 0x4b414952

/**
 * Bits of a global position below the transaction id: position = (xid + offset) << 20 | n, so one
 * transaction can append up to 2^20 events. @internal
 */
export const POSITION_SHIFT = 20
/** The number of positions each transaction owns. @internal */
export const POSITIONS_PER_TRANSACTION = 1 << POSITION_SHIFT

/** DDL of the event store; idempotent. @internal */
export function eventStoreSchemaSql(t: EventStoreTables): string {
  const p = t.indexPrefix
  return `
${t.schema ? `create schema if not exists "${t.schema}";` : ''}
create table if not exists ${t.events} (
  position bigint primary key,
  stream_id text not null,
  version bigint not null,
  id uuid not null,
  type text not null,
  schema_version int not null,
  payload jsonb not null,
  metadata jsonb not null,
  occurred_at timestamptz not null,
  unique (stream_id, version)
);
create unique index if not exists ${p}_events_id on ${t.events} (id);
create table if not exists ${t.streams} (
  stream_id text primary key,
  version bigint not null
);
create table if not exists ${t.meta} (
  singleton boolean primary key default true check (singleton),
  xid_offset bigint not null default 0
);
insert into ${t.meta} (singleton) values (true) on conflict do nothing;
create table if not exists ${t.consumers} (
  name text primary key,
  lock_key int generated always as identity,
  position bigint not null default 0,
  checkpointed boolean not null default false,
  epoch bigint not null default 0,
  owner text,
  acquired_at timestamptz,
  updated_at timestamptz
);
create table if not exists ${t.deadLetters} (
  id bigint generated always as identity primary key,
  consumer text not null,
  position bigint not null,
  event_id uuid not null,
  event_type text not null,
  stream_id text not null,
  error jsonb not null,
  attempts int not null,
  failed_at timestamptz not null default now()
);
create index if not exists ${p}_dead_letters_consumer on ${t.deadLetters} (consumer, id);
create table if not exists ${t.snapshots} (
  stream_id text primary key,
  version bigint not null,
  snapshot_version int not null,
  state jsonb not null,
  taken_at timestamptz not null default now()
);
${appendFunctionSql(t)}
`
}

/**
 * The append as one function call, so an append outside a transaction costs one round trip and its
 * statements are planned once per session:
 * 1. event ids already stored: an idempotent retry writes nothing and gets them back;
 * 2. the stream's version, checked and moved (`mode` 0 any, 1 no stream, 2 exists, 3 exactly
 *    `expected`): the row lock serialises appends to one stream, so versions are gapless;
 * 3. the transaction's next global position: (xid + offset) << 20, after the events it already
 *    appended (positions are ordered by transaction id, see docs/events.md);
 * 4. the events.
 * It returns nulls when the expected version did not match.
 * @internal
 */
export function appendFunctionSql(t: EventStoreTables): string {
  return `create or replace function ${t.appendFunction}(
  p_stream text, p_events jsonb, p_count bigint, p_offset bigint, p_mode int, p_expected bigint
) returns table (o_version bigint, o_position bigint, o_stored jsonb) language plpgsql as $fn$
declare
  v_ids uuid[];
  v_before bigint;
  v_base bigint;
  v_start bigint;
begin
  -- An array, not a subquery: \`= any(array)\` is always an index lookup, whatever the table's size.
  select array_agg((x->>'id')::uuid) into v_ids from jsonb_array_elements(p_events) x;
  select jsonb_agg(jsonb_build_object('id', e.id, 'streamId', e.stream_id, 'version', e.version,
      'position', e.position::text) order by e.version)
    into o_stored
    from ${t.events} e where e.id = any(v_ids);
  if o_stored is not null then
    return next;
    return;
  end if;
  if p_mode = 0 then
    insert into ${t.streams} as s (stream_id, version) values (p_stream, p_count)
      on conflict (stream_id) do update set version = s.version + excluded.version
      returning s.version - p_count into v_before;
  elsif p_mode = 1 then
    insert into ${t.streams} (stream_id, version) values (p_stream, p_count)
      on conflict (stream_id) do nothing returning 0 into v_before;
  elsif p_mode = 2 then
    update ${t.streams} s set version = s.version + p_count where s.stream_id = p_stream
      returning s.version - p_count into v_before;
  else
    update ${t.streams} s set version = s.version + p_count where s.stream_id = p_stream and s.version = p_expected
      returning s.version - p_count into v_before;
  end if;
  if v_before is null then
    return next;
    return;
  end if;
  v_base := (pg_current_xact_id()::text::bigint + p_offset) << ${POSITION_SHIFT};
  select coalesce(max(e.position) + 1, v_base) into v_start from ${t.events} e
    where e.position >= v_base and e.position < v_base + ${POSITIONS_PER_TRANSACTION};
  insert into ${t.events} (position, stream_id, version, id, type, schema_version, payload, metadata, occurred_at)
    select v_start + x.ord - 1, p_stream, v_before + x.ord, (x.e->>'id')::uuid, x.e->>'type', (x.e->>'v')::int,
      x.e->'payload', x.e->'metadata', (x.e->>'at')::timestamptz
    from jsonb_array_elements(p_events) with ordinality as x(e, ord);
  o_version := v_before + p_count;
  o_position := v_start + p_count - 1;
  return next;
end
$fn$;`
}

/**
 * Keeps positions increasing after a dump and restore into a cluster whose transaction ids start
 * lower: raises the stored offset so (xid + offset) is above every stored position's. @internal
 */
export function xidOffsetSql(t: EventStoreTables): string {
  return `update ${t.meta} set xid_offset = greatest(xid_offset,
      coalesce((select (max(position) >> ${POSITION_SHIFT}) + 1 from ${t.events}), 0) - pg_current_xact_id()::text::bigint)
    returning xid_offset`
}
