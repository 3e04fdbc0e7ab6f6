import type { KairoError } from '../core/kairo-error.js'
import { Ok, type Result } from '../core/result.js'
import type { NewEvent } from './event.js'

/** Hands a published event to the bus's subscribers; resolves once they have settled. */
export type DeliverEvent = (event: NewEvent) => Promise<void>

/**
 * How an event bus moves events between publishers and subscribers. The default delivers in process;
 * a durable transport (NATS JetStream, an outbox) plugs in here: `publish` sends the event, and
 * `subscribe` feeds what arrives (from any process) to `deliver`.
 *
 * @example
 * ```ts
 * const logging: EventTransport = {
 *   publish: async (event) => { console.log('publish', event.type); return inner.publish(event) },
 *   subscribe: (deliver) => inner.subscribe(deliver),
 * }
 * const bus = createEventBus({ transport: logging })
 * ```
 */
export interface EventTransport {
  publish(event: NewEvent): Promise<Result<KairoError, void>>
  /** Starts delivering events to `deliver`; resolves to a function that stops. */
  subscribe(deliver: DeliverEvent): Promise<Result<KairoError, () => Promise<void>>>
}

/**
 * The in-process transport: `publish` calls the subscribers directly and waits for them.
 *
 * @example
 * ```ts
 * const bus = createEventBus({ transport: inProcessTransport() })
 * ```
 */
export function inProcessTransport(): EventTransport {
  const receivers = new Set<DeliverEvent>()
  return {
    async publish(event) {
      await Promise.all([...receivers].map((deliver) => deliver(event)))
      return new Ok(undefined)
    },
    async subscribe(deliver) {
      receivers.add(deliver)
      return new Ok(async () => {
        receivers.delete(deliver)
      })
    },
  }
}
