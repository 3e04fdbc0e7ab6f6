import { type Consumer, type ConsumerOptions, createConsumer } from './consumer.js'
import type { AnyStoredEvent } from './event.js'
import type { EventStore } from './event-store.js'
import type { Projection } from './projection.js'

/**
 * Runs a projection asynchronously, as a consumer named after it. On PostgreSQL it is transactional
 * by default: each batch's read-model writes and the checkpoint commit together, so every event is
 * applied exactly once even across crashes.
 *
 * @example
 * ```ts
 * const summaries = projectionConsumer(store, orderSummary)
 * await summaries.start()
 * await summaries.waitFor(appended.lastPosition)
 * ```
 */
export function projectionConsumer<E extends AnyStoredEvent>(
  store: EventStore,
  projection: Projection<E>,
  options: Omit<ConsumerOptions<E>, 'name' | 'handler' | 'types'> = {},
): Consumer {
  return createConsumer<E>(store, {
    transactional: store.database !== undefined,
    ...options,
    name: projection.name,
    ...(projection.types ? { types: projection.types } : {}),
    handler: (event, context) => projection.handle(event, { transaction: context.transaction }),
  })
}
