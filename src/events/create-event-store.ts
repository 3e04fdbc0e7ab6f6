import type { Database } from '../adapters/postgres/database.js'
import { eventStoreTables } from '../adapters/postgres/event-store-tables.js'
import { PostgresEventStore } from '../adapters/postgres/postgres-event-store.js'
import type { EventDefinition } from './define-event.js'
import { EventRegistry } from './event-registry.js'
import type { EventStore } from './event-store.js'
import { MemoryEventStore } from './memory-event-store.js'
import type { Projection } from './projection.js'

/** Options of {@link createEventStore}. */
export interface EventStoreOptions {
  /**
   * A `Database` from `kairo/postgres` (`pglite()` or `postgres({ url })`): the events live in its
   * tables, created on first use. Without it the store is in memory.
   */
  database?: Database
  /** A PostgreSQL schema for the store's tables (a lowercase identifier). Defaults to the search path. */
  schema?: string
  /** Event definitions: their payloads are validated on append and upcast on read. */
  events?: readonly EventDefinition[]
  /**
   * Inline projections: run in the append's transaction with each event they handle, so the read
   * model commits (or rolls back) with the events.
   */
  projections?: readonly Projection[]
}

/**
 * Makes an event store: in memory by default, on PostgreSQL (server or PGlite) with `database`.
 * Both implement the same {@link EventStore} contract.
 *
 * @example
 * ```ts
 * import { createEventStore, createEvent } from 'kairo/events'
 * import { pglite } from 'kairo/postgres'
 *
 * const store = createEventStore({ database: pglite() })
 * const r = await store.append('order-1', [createEvent('OrderPlaced', { total: 30 })], { expectedVersion: 'no_stream' })
 * if (r.ok) console.log(r.value.nextExpectedVersion) // 1
 * ```
 */
export function createEventStore(options: EventStoreOptions = {}): EventStore {
  const registry = new EventRegistry(options.events ?? [])
  const projections = [...(options.projections ?? [])]
  if (!options.database) {
    if (options.schema !== undefined) throw new TypeError('createEventStore: `schema` needs a `database`')
    return new MemoryEventStore(registry, projections)
  }
  return new PostgresEventStore({
    database: options.database,
    tables: eventStoreTables(options.schema),
    registry,
    projections,
  })
}
