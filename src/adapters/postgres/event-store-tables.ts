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
`
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
