import type { Transaction } from '../adapters/postgres/database.js'
import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'
import type { EventDefinition } from './define-event.js'
import type { AnyStoredEvent } from './event.js'

/**
 * What a projection handler is given. On PostgreSQL `transaction` is the transaction the events are
 * appended in (inline projections) or the consumer's batch transaction (asynchronous projections):
 * write read models through it and they commit with the events or the checkpoint. In memory it is
 * `undefined`.
 */
export interface ProjectionContext {
  readonly transaction: Transaction | undefined
}

/** What a projection handler returns: `Err` (or a thrown `KairoError`) fails it. */
export type ProjectionResult = Result<KairoError, unknown> | undefined

/** A read model kept up to date from events, inline (in the append transaction) or through a consumer. */
export interface Projection<E extends AnyStoredEvent = AnyStoredEvent> {
  readonly name: string
  /** The event types it handles; `undefined` for every type. */
  readonly types: readonly string[] | undefined
  handle(event: E, context: ProjectionContext): Promise<ProjectionResult>
  /** Empties the read model before a rebuild. */
  reset(context: ProjectionContext): Promise<ProjectionResult>
}

/** Options of {@link defineProjection}. */
export interface DefineProjectionOptions<E extends AnyStoredEvent> {
  /** Names the projection; async projections use it as their consumer name. */
  name: string
  /** Event definitions or type names it handles; every type when omitted. */
  events?: ReadonlyArray<EventDefinition | string>
  handle: (event: E, context: ProjectionContext) => Promise<ProjectionResult> | ProjectionResult
  /** Empties the read model (truncate its tables); required to rebuild. */
  reset?: (context: ProjectionContext) => Promise<ProjectionResult> | ProjectionResult
}

/**
 * Defines a projection: a handler that writes a read model from events. Register it inline with
 * `createEventStore({ database, projections: [p] })` (updated in the append's transaction), or run
 * it asynchronously with `projectionConsumer(store, p)`. `rebuildProjection` resets and replays it.
 *
 * @example
 * ```ts
 * const orderTotals = defineProjection<EventOf<typeof OrderPlaced>>({
 *   name: 'order-totals',
 *   events: [OrderPlaced],
 *   handle: (event, { transaction }) =>
 *     transaction?.query('insert into order_totals (id, total) values ($1, $2)', [event.streamId, event.payload.total]),
 *   reset: ({ transaction }) => transaction?.query('truncate order_totals'),
 * })
 * ```
 */
export function defineProjection<E extends AnyStoredEvent = AnyStoredEvent>(
  options: DefineProjectionOptions<E>,
): Projection<E> {
  const types = options.events?.map((e) => (typeof e === 'string' ? e : e.type))
  const reset = options.reset
  return Object.freeze({
    name: options.name,
    types: types ? Object.freeze([...types]) : undefined,
    handle: async (event: E, context: ProjectionContext) => options.handle(event, context),
    reset: async (context: ProjectionContext) => {
      if (!reset)
        throw new TypeError(`projection ${options.name} has no reset: give defineProjection a reset to rebuild it`)
      return reset(context)
    },
  })
}

/** True when a projection handles events of this type. @internal */
export function projectionHandles(projection: Projection, type: string): boolean {
  return projection.types === undefined || projection.types.includes(type)
}
