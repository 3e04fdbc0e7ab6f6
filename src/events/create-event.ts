import { uuidv7 } from '../core/uuid-v7.js'
import type { EventMetadata, NewEvent } from './event.js'

/** Options of {@link createEvent}. */
export interface CreateEventOptions {
  /** Defaults to a fresh UUID v7. Reuse the id when retrying an append, so it is stored once. */
  id?: string
  aggregateId?: string
  aggregateType?: string
  correlationId?: string
  causationId?: string
  /** More metadata, stored with the event as JSON. */
  metadata?: Readonly<Record<string, unknown>>
  /** Defaults to now. */
  occurredAt?: Date
  /** The payload schema's version; {@link defineEvent} sets it. */
  schemaVersion?: number
}

/**
 * Makes an event to append or publish. The id is a UUID v7 unless given.
 *
 * @example
 * ```ts
 * import { createEvent } from 'kairo/events'
 *
 * const created = createEvent('user.created', { userId: '123', email: 'ada@example.com' }, {
 *   aggregateId: '123',
 *   aggregateType: 'user',
 * })
 * created.metadata.aggregateId // '123'
 * ```
 */
export function createEvent<const Type extends string, Payload>(
  type: Type,
  payload: Payload,
  options: CreateEventOptions = {},
): NewEvent<Type, Payload> {
  const metadata: Record<string, unknown> = { ...options.metadata }
  if (options.aggregateId !== undefined) metadata.aggregateId = options.aggregateId
  if (options.aggregateType !== undefined) metadata.aggregateType = options.aggregateType
  if (options.correlationId !== undefined) metadata.correlationId = options.correlationId
  if (options.causationId !== undefined) metadata.causationId = options.causationId
  return {
    id: options.id ?? uuidv7(),
    type,
    payload,
    metadata: metadata as EventMetadata,
    occurredAt: options.occurredAt ?? new Date(),
    ...(options.schemaVersion === undefined ? {} : { schemaVersion: options.schemaVersion }),
  }
}
