import { type Clock, systemClock } from '../core/clock.js'
import type { KairoError } from '../core/kairo-error.js'
import { Err, Ok, type Result } from '../core/result.js'
import type { NewEvent } from './event.js'
import type { EventStore } from './event-store.js'
import { type EventTransport, inProcessTransport } from './event-transport.js'
import { settleHandler } from './settle-handler.js'

/** How a subscription retries a failing handler (the seed's shape). */
export interface BusRetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number
  readonly backoffMs: number
  /** Double the delay after each retry. */
  readonly exponentialBackoff?: boolean
}

/** An event as subscribers receive it. */
export type BusEvent<Type extends string, Payload> = NewEvent<Type, Payload>

/** Options of {@link EventBus.subscribe}. `'*'` subscribes to every type. */
export interface SubscribeOptions<Type extends string, Payload> {
  readonly eventType: Type | '*'
  /** Names the subscription in dead letters; defaults to `<eventType>#<n>`. */
  readonly name?: string
  /** Skip events for which this returns false. */
  readonly filter?: (event: BusEvent<Type, Payload>) => boolean
  /** `Err` (or a throw) is a failure: retried, then dead-lettered. */
  readonly handler: (
    event: BusEvent<Type, Payload>,
  ) => Promise<Result<unknown, unknown> | undefined> | Result<unknown, unknown> | undefined
  readonly retryPolicy?: BusRetryPolicy
}

/** An event a subscription gave up on. */
export interface BusDeadLetter {
  readonly id: number
  readonly subscription: string
  readonly event: NewEvent
  readonly error: KairoError
  readonly attempts: number
  readonly failedAt: Date
}

/** What publishing did. */
export interface PublishReport {
  /** Subscriptions that handled the event. */
  readonly delivered: number
  /** Subscriptions that gave up on it after their retries. */
  readonly failed: number
}

/** Options of {@link createEventBus}. */
export interface EventBusOptions {
  /** Default retries for subscriptions without a `retryPolicy`. Defaults to 3. */
  readonly maxRetries?: number
  /** Default delay between retries. Defaults to 100 ms, doubling. */
  readonly backoffMs?: number
  /** Keep events whose retries ran out, for `reprocessDeadLetters`. Defaults to true. */
  readonly deadLetterEnabled?: boolean
  /** Append each published event to this store first (stream `<aggregateType>-<aggregateId>` by default). */
  readonly eventStore?: EventStore
  /** The stream a published event is appended to. */
  readonly streamFor?: (event: NewEvent) => string
  /** Defaults to {@link inProcessTransport}. */
  readonly transport?: EventTransport
  readonly clock?: Clock
}

/**
 * Typed publish/subscribe with filters, retries and a dead-letter queue; made by {@link createEventBus}.
 *
 * @example
 * ```ts
 * const { unsubscribe } = bus.subscribe({ eventType: '*', handler: (event) => console.log(event.type) })
 * ```
 */
export interface EventBus<Events extends Record<string, unknown> = Record<string, unknown>> {
  /** Persists the event (with an event store), then delivers it and waits for the subscribers. */
  publish(event: NewEvent): Promise<Result<KairoError, PublishReport>>
  subscribe<Type extends keyof Events & string>(options: SubscribeOptions<Type, Events[Type]>): { unsubscribe(): void }
  /** The events subscriptions gave up on. */
  deadLetters(): readonly BusDeadLetter[]
  /** Runs each dead letter's subscription again (once); those that succeed leave the queue. */
  reprocessDeadLetters(): Promise<{ reprocessed: number; resolved: number }>
  /** Stops the transport's delivery. */
  close(): Promise<void>
}

interface Subscription {
  readonly name: string
  readonly options: SubscribeOptions<string, unknown>
}

/**
 * An in-process event bus, as in the seed: `publish` / `subscribe` with an event-type filter, a
 * predicate, retries with (exponential) backoff and a dead-letter queue with reprocessing. With an
 * `eventStore`, published events are appended first; a `transport` carries them between processes.
 *
 * @example
 * ```ts
 * const bus = createEventBus<{ 'user.created': { email: string } }>({ maxRetries: 3, deadLetterEnabled: true })
 * bus.subscribe({
 *   eventType: 'user.created',
 *   filter: (event) => event.payload.email.endsWith('@company.com'),
 *   handler: async (event) => Result.Ok(await sendWelcomeEmail(event.payload)),
 * })
 * await bus.publish(createEvent('user.created', { email: 'ada@company.com' }))
 * ```
 */
export function createEventBus<Events extends Record<string, unknown> = Record<string, unknown>>(
  options: EventBusOptions = {},
): EventBus<Events> {
  const clock = options.clock ?? systemClock
  const transport = options.transport ?? inProcessTransport()
  const defaultPolicy: BusRetryPolicy = {
    maxRetries: options.maxRetries ?? 3,
    backoffMs: options.backoffMs ?? 100,
    exponentialBackoff: true,
  }
  const subscriptions = new Set<Subscription>()
  const letters: BusDeadLetter[] = []
  let letterIds = 0
  let names = 0
  const trackers = new WeakMap<NewEvent, (delivered: boolean) => void>()
  let stop: Promise<Result<KairoError, () => Promise<void>>> | undefined

  const attempt = async (
    sub: Subscription,
    event: NewEvent,
  ): Promise<{ ok: true } | { ok: false; error: KairoError; attempts: number }> => {
    const policy = sub.options.retryPolicy ?? defaultPolicy
    for (let n = 0; ; n++) {
      const r = await settleHandler(() => sub.options.handler(event as BusEvent<string, unknown>))
      if (r.ok) return { ok: true }
      if (n >= policy.maxRetries) return { ok: false, error: r.error, attempts: n + 1 }
      await clock.sleep(policy.exponentialBackoff ? policy.backoffMs * 2 ** n : policy.backoffMs)
    }
  }

  const deliver = async (event: NewEvent): Promise<void> => {
    const matching = [...subscriptions].filter(
      (s) =>
        (s.options.eventType === '*' || s.options.eventType === event.type) &&
        (!s.options.filter || s.options.filter(event as BusEvent<string, unknown>)),
    )
    await Promise.all(
      matching.map(async (sub) => {
        const outcome = await attempt(sub, event)
        trackers.get(event)?.(outcome.ok)
        if (outcome.ok || options.deadLetterEnabled === false) return
        letters.push({
          id: ++letterIds,
          subscription: sub.name,
          event,
          error: outcome.error,
          attempts: outcome.attempts,
          failedAt: new Date(clock.now()),
        })
      }),
    )
  }

  const ensureTransport = () => {
    stop ??= transport.subscribe(deliver)
    return stop
  }

  const streamFor =
    options.streamFor ??
    ((event: NewEvent) => {
      const { aggregateId, aggregateType } = event.metadata
      if (aggregateId && aggregateType) return `${aggregateType}-${aggregateId}`
      return aggregateId ?? event.type
    })

  return {
    async publish(event) {
      if (options.eventStore) {
        const stored = await options.eventStore.append(streamFor(event), [event])
        if (!stored.ok) return new Err(stored.error)
      }
      const listening = await ensureTransport()
      if (!listening.ok) return new Err(listening.error)
      let delivered = 0
      let failed = 0
      trackers.set(event, (ok) => (ok ? delivered++ : failed++))
      try {
        const sent = await transport.publish(event)
        if (!sent.ok) return new Err(sent.error)
      } finally {
        trackers.delete(event)
      }
      return new Ok({ delivered, failed })
    },
    subscribe(subscribeOptions) {
      const sub: Subscription = {
        name: subscribeOptions.name ?? `${subscribeOptions.eventType}#${++names}`,
        options: subscribeOptions as unknown as SubscribeOptions<string, unknown>,
      }
      subscriptions.add(sub)
      void ensureTransport()
      return { unsubscribe: () => void subscriptions.delete(sub) }
    },
    deadLetters: () => [...letters],
    async reprocessDeadLetters() {
      const pending = letters.splice(0)
      let resolved = 0
      for (const letter of pending) {
        const sub = [...subscriptions].find((s) => s.name === letter.subscription)
        const r = sub
          ? await settleHandler(() => sub.options.handler(letter.event as BusEvent<string, unknown>))
          : undefined
        if (r?.ok) {
          resolved++
          continue
        }
        letters.push({
          ...letter,
          attempts: letter.attempts + 1,
          failedAt: new Date(clock.now()),
          ...(r && !r.ok ? { error: r.error } : {}),
        })
      }
      return { reprocessed: pending.length, resolved }
    },
    async close() {
      const stopping = await stop
      stop = undefined
      if (stopping?.ok) await stopping.value()
    },
  }
}
