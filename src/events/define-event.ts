import type { ValidationError } from '../core/errors.js'
import type { Result } from '../core/result.js'
import { type InferSchemaOutput, type StandardSchemaV1, validateStandardSync } from '../core/standard-schema.js'
import { type CreateEventOptions, createEvent } from './create-event.js'
import type { NewEvent, StoredEvent } from './event.js'

/** Turns a payload stored under an older schema version into the current one. */
export type Upcaster = (payload: unknown, fromVersion: number) => unknown

/** Options of {@link defineEvent}. */
export interface DefineEventOptions {
  /** The payload schema's version, stored with each event. Defaults to 1. */
  version?: number
  /**
   * Upgrades a payload stored with an older `version` to the current shape; the result is then
   * validated with the schema. Called when reading, never when appending.
   */
  upcast?: Upcaster
}

/** A named event type with a payload schema: validates on append, upcasts on read. */
export interface EventDefinition<Type extends string = string, S extends StandardSchemaV1 = StandardSchemaV1> {
  readonly type: Type
  readonly schema: S
  readonly version: number
  readonly upcast: Upcaster | undefined
  /** Makes a new event of this type (validated when appended to a store that knows this definition). */
  create(payload: InferSchemaOutput<S>, options?: CreateEventOptions): NewEvent<Type, InferSchemaOutput<S>>
  /** Validates a payload synchronously. */
  parse(payload: unknown): Result<ValidationError, InferSchemaOutput<S>>
  /** True when `event` is of this type; narrows its payload. */
  is(event: { readonly type: string }): event is StoredEvent<Type, InferSchemaOutput<S>>
}

/** The stored event type of an event definition. */
export type EventOf<D> = D extends EventDefinition<infer T, infer S> ? StoredEvent<T, InferSchemaOutput<S>> : never

/** The payload type of an event definition. */
export type PayloadOf<D> = D extends EventDefinition<string, infer S> ? InferSchemaOutput<S> : never

/**
 * Defines an event type with a payload schema — any Standard Schema (Kairo's, Zod, Valibot, ArkType).
 * A store given the definition (`createEventStore({ events: [OrderPlaced] })`) validates payloads
 * on append and upcasts payloads stored under older versions on read.
 *
 * @example
 * ```ts
 * import { z } from 'zod'
 * import { defineEvent } from 'kairo/events'
 *
 * const OrderPlaced = defineEvent('OrderPlaced', z.object({ orderId: z.string(), total: z.number() }), {
 *   version: 2,
 *   upcast: (old, from) => (from === 1 ? { ...(old as object), total: 0 } : old),
 * })
 * const event = OrderPlaced.create({ orderId: 'o1', total: 30 })
 * ```
 */
export function defineEvent<const Type extends string, S extends StandardSchemaV1>(
  type: Type,
  schema: S,
  options: DefineEventOptions = {},
): EventDefinition<Type, S> {
  const version = options.version ?? 1
  if (!Number.isInteger(version) || version < 1) {
    throw new TypeError(`defineEvent(${type}): version must be an integer >= 1, got ${version}`)
  }
  return Object.freeze({
    type,
    schema,
    version,
    upcast: options.upcast,
    create: (payload: InferSchemaOutput<S>, createOptions: CreateEventOptions = {}) =>
      createEvent(type, payload, { ...createOptions, schemaVersion: version }),
    parse: (payload: unknown) => validateStandardSync(schema, payload),
    is: (event: { readonly type: string }): event is StoredEvent<Type, InferSchemaOutput<S>> => event.type === type,
  })
}
