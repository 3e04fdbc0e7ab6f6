import type { Transaction } from '../adapters/postgres/database.js'
import { type Clock, systemClock } from '../core/clock.js'
import { TimeoutError } from '../core/errors.js'
import type { KairoError } from '../core/kairo-error.js'
import { Err, Ok, type Result } from '../core/result.js'
import { uuidv7 } from '../core/uuid-v7.js'
import { consumerMetrics } from './consumer-metrics.js'
import type { ConsumerLease, DeadLetter } from './consumer-store.js'
import type { EventDefinition } from './define-event.js'
import type { AnyStoredEvent } from './event.js'
import type { BlockingTransaction, EventStore, GlobalLogPage } from './event-store.js'
import { defaultRetryPolicy, type RetryPolicy, retryDelay } from './retry-policy.js'
import { settleHandler } from './settle-handler.js'

/** What a consumer's handler is given besides the event. */
export interface ConsumerContext {
  readonly consumer: string
  /** 1 for the first delivery, more on retries. */
  readonly attempt: number
  /**
   * With `transactional: true` (PostgreSQL), the transaction the checkpoint is written in: writes made
   * through it commit exactly when the checkpoint moves past the event.
   */
  readonly transaction: Transaction | undefined
}

/** What a consumer's handler returns: `Err` (or a throw) is a failure, retried by the policy. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing at all
export type ConsumerHandlerResult = Result<unknown, unknown> | undefined | void

/** Options of {@link createConsumer}. */
export interface ConsumerOptions<E extends AnyStoredEvent = AnyStoredEvent> {
  /** Names the consumer: its checkpoint, lease and dead letters are kept under this name. */
  readonly name: string
  readonly handler: (event: E, context: ConsumerContext) => Promise<ConsumerHandlerResult> | ConsumerHandlerResult
  /** Only events of these types (definitions or names). The checkpoint still moves past the others. */
  readonly types?: ReadonlyArray<EventDefinition | string>
  /** Events read per batch; the checkpoint moves after each batch. Defaults to 100. */
  readonly batchSize?: number
  /** How often to look for new events when no notification comes. Defaults to 1000 ms. */
  readonly pollIntervalMs?: number
  /** Retries before an event is parked as a dead letter. Defaults to {@link defaultRetryPolicy}. */
  readonly retry?: Partial<RetryPolicy>
  /** Where a consumer that never ran starts: the beginning of the log (default) or its current end. */
  readonly startFrom?: 'beginning' | 'end'
  /**
   * PostgreSQL stores: handle each batch in one transaction that also moves the checkpoint, and give
   * the handler that transaction. Writes to the same database then happen exactly once.
   */
  readonly transactional?: boolean
  /** How often a standby instance tries to take the lease. Defaults to 1000 ms. */
  readonly leaseRetryMs?: number
  /** How often a running instance checks it still holds the lease. Defaults to 5000 ms. */
  readonly heartbeatMs?: number
  /** Identifies this instance in the consumer's row. Defaults to a UUID v7. */
  readonly instanceId?: string
  readonly clock?: Clock
  /** Receives errors no caller can receive (a database outage while polling). Defaults to `console.error`. */
  readonly onError?: (error: KairoError) => void
  /** Called after each checkpoint write, with the new position. */
  readonly onCheckpoint?: (position: bigint) => void
}

/** A consumer's state, for health checks and dashboards. */
export interface ConsumerStatus {
  readonly name: string
  /** `'standby'`: another instance holds the lease. */
  readonly state: 'stopped' | 'standby' | 'running'
  /** The last checkpoint written (or read at start). */
  readonly position: bigint | undefined
  readonly caughtUp: boolean
  readonly handled: number
  readonly deadLettered: number
  /** Since when committed events have been waiting behind an older transaction still in progress. */
  readonly stalledSince: Date | undefined
  /** That transaction, on a PostgreSQL server. */
  readonly blockedBy: BlockingTransaction | undefined
  readonly lastError: { code: string; message: string } | undefined
}

/** What retrying dead letters did. */
export interface DeadLetterRetry {
  readonly retried: number
  readonly resolved: number
  readonly failed: number
}

/**
 * A named, checkpointed reader of the global log: it catches up from its checkpoint, then follows new
 * events live (woken by notifications, polling as a fallback). One instance runs per name across
 * processes; delivery is at least once.
 *
 * @example
 * ```ts
 * const consumer = createConsumer(store, { name: 'audit', handler: (event) => audit.write(event) })
 * await consumer.start()
 * console.log(consumer.status().stalledSince) // set while an old transaction holds the log back
 * ```
 */
export interface Consumer {
  readonly name: string
  /** Starts in the background; resolves once it runs or stands by. */
  start(): Promise<void>
  /** Finishes the event in hand, writes the checkpoint, releases the lease. */
  stop(): Promise<void>
  /** Resolves the first time the consumer reaches the end of the log. */
  readonly caughtUp: Promise<void>
  /** Resolves once the checkpoint is at or past `position` (the `lastPosition` of an append, say). */
  waitFor(position: bigint, options?: { timeoutMs?: number }): Promise<Result<TimeoutError, void>>
  status(): ConsumerStatus
  deadLetters(): Promise<Result<KairoError, DeadLetter[]>>
  /** Runs the handler again on every dead letter of this consumer; those that succeed are removed. */
  retryDeadLetters(): Promise<Result<KairoError, DeadLetterRetry>>
}

/**
 * Makes a consumer of the store's global log.
 *
 * @example
 * ```ts
 * const mailer = createConsumer(store, {
 *   name: 'welcome-mails',
 *   types: ['user.created'],
 *   handler: async (event) => sendWelcome(event.payload),
 * })
 * await mailer.start()
 * await mailer.caughtUp
 * ```
 */
export function createConsumer<E extends AnyStoredEvent = AnyStoredEvent>(
  store: EventStore,
  options: ConsumerOptions<E>,
): Consumer {
  if (options.transactional && !store.database) {
    throw new TypeError(`consumer ${options.name}: transactional needs an event store on a database`)
  }
  return new EventConsumer(store, options as unknown as ConsumerOptions)
}

interface Waiter {
  readonly position: bigint
  readonly resolve: () => void
}

class EventConsumer implements Consumer {
  readonly name: string
  readonly caughtUp: Promise<void>
  readonly #store: EventStore
  readonly #options: ConsumerOptions
  readonly #policy: RetryPolicy
  readonly #clock: Clock
  readonly #types: readonly string[] | undefined
  readonly #instanceId: string
  #markCaughtUp: () => void = () => {}
  #isCaughtUp = false
  #state: ConsumerStatus['state'] = 'stopped'
  #position: bigint | undefined
  #handled = 0
  #deadLettered = 0
  #stalledSince: Date | undefined
  #blockedBy: BlockingTransaction | undefined
  #blockerCheckedAt = 0
  #lastError: { code: string; message: string } | undefined
  #loop: Promise<void> | undefined
  #abort = new AbortController()
  #wake: () => void = () => {}
  /** Set by a notification; cleared before each read, so one arriving mid-batch is not lost. */
  #woken = false
  #waiters: Waiter[] = []
  #unregister: (() => void) | undefined

  constructor(store: EventStore, options: ConsumerOptions) {
    this.name = options.name
    this.#store = store
    this.#options = options
    this.#policy = { ...defaultRetryPolicy, ...options.retry }
    this.#clock = options.clock ?? systemClock
    this.#types = options.types?.map((t) => (typeof t === 'string' ? t : t.type))
    this.#instanceId = options.instanceId ?? uuidv7()
    this.caughtUp = new Promise((resolve) => {
      this.#markCaughtUp = resolve
    })
  }

  async start(): Promise<void> {
    if (this.#loop) return
    this.#abort = new AbortController()
    this.#unregister = consumerMetrics.register({
      name: this.name,
      stalledMs: () => (this.#stalledSince ? this.#clock.now() - this.#stalledSince.getTime() : 0),
    })
    const unwatch = this.#store.watch(() => {
      this.#woken = true
      this.#wake()
    })
    let started: () => void = () => {}
    const running = new Promise<void>((resolve) => {
      started = resolve
    })
    this.#loop = this.#run(started).finally(() => {
      unwatch()
      this.#unregister?.()
      this.#state = 'stopped'
    })
    await running
  }

  async stop(): Promise<void> {
    this.#abort.abort(new Error('consumer stopped'))
    this.#wake()
    await this.#loop
    this.#loop = undefined
  }

  get #stopping(): boolean {
    return this.#abort.signal.aborted
  }

  async #run(started: () => void): Promise<void> {
    while (!this.#stopping) {
      const acquired = await this.#store.consumers.acquire(this.name, this.#instanceId)
      if (!acquired.ok || !acquired.value) {
        if (!acquired.ok) this.#report(acquired.error)
        this.#state = 'standby'
        started()
        await this.#sleep(this.#options.leaseRetryMs ?? 1000)
        continue
      }
      const lease = acquired.value
      this.#state = 'running'
      started()
      try {
        await this.#follow(lease)
      } finally {
        await lease.release().catch(() => {})
      }
      // The lease was lost or the database failed: pause before trying again.
      if (!this.#stopping) await this.#sleep(this.#options.leaseRetryMs ?? 1000)
    }
    started()
  }

  /** Reads and handles batches while the lease holds. */
  async #follow(lease: ConsumerLease): Promise<void> {
    let position = lease.position
    if (lease.fresh && this.#options.startFrom === 'end') {
      // No event type is empty, so this reads nothing and reports how far the log is final.
      const head = await this.#store.readAllPage({ after: position, limit: 1, types: [''] })
      if (!head.ok) return this.#report(head.error)
      const moved = await lease.commit(position, head.value.through)
      if (!moved.ok) return this.#report(moved.error)
      position = head.value.through
    }
    this.#setPosition(position)
    let lastHeartbeat = this.#clock.now()
    let blockedDelay = 10
    let failures = 0
    while (!this.#stopping) {
      this.#woken = false
      const page = await this.#store.readAllPage({
        after: position,
        limit: this.#options.batchSize ?? 100,
        ...(this.#types ? { types: this.#types } : {}),
      })
      if (!page.ok) {
        this.#report(page.error)
        failures++
        await this.#sleep(Math.min(this.#options.pollIntervalMs ?? 1000, 50 * 2 ** failures))
        continue
      }
      failures = 0
      const next = this.#options.transactional
        ? await this.#handleInTransaction(lease, position, page.value)
        : await this.#handleBatch(lease, position, page.value)
      if (next === undefined) return // the lease was lost, or the consumer is stopping
      position = next
      await this.#trackStall(page.value)
      if (!page.value.endOfLog) continue
      if (!this.#isCaughtUp) {
        this.#isCaughtUp = true
        this.#markCaughtUp()
      }
      if (this.#clock.now() - lastHeartbeat >= (this.#options.heartbeatMs ?? 5000)) {
        const alive = await lease.check()
        if (!alive.ok) return this.#report(alive.error)
        lastHeartbeat = this.#clock.now()
      }
      if (page.value.blocked) {
        await this.#sleep(blockedDelay)
        blockedDelay = Math.min(blockedDelay * 2, this.#options.pollIntervalMs ?? 1000)
      } else {
        blockedDelay = 10
        await this.#idle()
      }
    }
  }

  /** Handles a page event by event; returns the new checkpoint, or undefined to give up the lease. */
  async #handleBatch(lease: ConsumerLease, from: bigint, page: GlobalLogPage): Promise<bigint | undefined> {
    let done = from
    for (const event of page.events) {
      const outcome = await this.#deliver(event, undefined)
      if (outcome === 'stopped') break
      if (outcome === 'park') {
        const parked = await this.#park(event, undefined)
        if (!parked) break
      }
      done = event.position
    }
    const complete = done === (page.events.at(-1)?.position ?? from)
    const target = complete && !this.#stopping ? page.through : done
    if (target === from) return this.#stopping ? undefined : from
    const committed = await lease.commit(from, target)
    if (!committed.ok) {
      this.#report(committed.error)
      return undefined
    }
    this.#setPosition(target)
    return this.#stopping ? undefined : target
  }

  /**
   * Handles a page in one transaction that also moves the checkpoint. If an event fails, the batch
   * rolls back and its events are handled one per transaction, with retries and dead letters.
   */
  async #handleInTransaction(lease: ConsumerLease, from: bigint, page: GlobalLogPage): Promise<bigint | undefined> {
    const db = this.#store.database!
    if (page.events.length > 0) {
      const batch = await db.transaction(async (tx) => {
        for (const event of page.events) {
          const r = await settleHandler(() =>
            this.#options.handler(event, { consumer: this.name, attempt: 1, transaction: tx }),
          )
          if (!r.ok) return r
        }
        return lease.commit(from, page.through, tx)
      })
      if (batch.ok) {
        this.#handled += page.events.length
        consumerMetrics.handled(this.name, page.events.length)
        this.#setPosition(page.through)
        return this.#stopping ? undefined : page.through
      }
      if (batch.error.code === 'CHECKPOINT_CONFLICT') {
        this.#report(batch.error)
        return undefined
      }
    }
    let done = from
    for (const event of page.events) {
      if (this.#stopping) return done === from ? undefined : this.#commitAlone(lease, from, done)
      let attempt = 0
      for (;;) {
        attempt++
        const r = await db.transaction(async (tx) => {
          const handled = await settleHandler(() =>
            this.#options.handler(event, { consumer: this.name, attempt, transaction: tx }),
          )
          if (!handled.ok) return handled
          return lease.commit(done, event.position, tx)
        })
        if (r.ok) {
          this.#handled++
          consumerMetrics.handled(this.name, 1)
          break
        }
        if (r.error.code === 'CHECKPOINT_CONFLICT') return undefined
        this.#lastError = { code: r.error.code, message: r.error.message }
        if (attempt >= this.#policy.maxAttempts || !this.#policy.shouldRetry(r.error)) {
          const parked = await db.transaction(async (tx) => {
            const p = await this.#store.consumers.park(this.#letter(event, r.error, attempt), tx)
            if (!p.ok) return p
            return lease.commit(done, event.position, tx)
          })
          if (!parked.ok) {
            this.#report(parked.error)
            return undefined
          }
          this.#deadLettered++
          consumerMetrics.deadLettered(this.name)
          break
        }
        if (!(await this.#sleep(retryDelay(this.#policy, attempt)))) return undefined
      }
      done = event.position
      this.#setPosition(done)
    }
    if (page.through === done) return done
    return this.#commitAlone(lease, done, page.through)
  }

  async #commitAlone(lease: ConsumerLease, from: bigint, to: bigint): Promise<bigint | undefined> {
    const committed = await lease.commit(from, to)
    if (!committed.ok) {
      this.#report(committed.error)
      return undefined
    }
    this.#setPosition(to)
    return this.#stopping ? undefined : to
  }

  /** Runs the handler with retries: 'done', 'park' (retries exhausted) or 'stopped'. */
  async #deliver(event: AnyStoredEvent, transaction: Transaction | undefined): Promise<'done' | 'park' | 'stopped'> {
    for (let attempt = 1; ; attempt++) {
      const r = await settleHandler(() => this.#options.handler(event, { consumer: this.name, attempt, transaction }))
      if (r.ok) {
        this.#handled++
        consumerMetrics.handled(this.name, 1)
        return 'done'
      }
      this.#lastError = { code: r.error.code, message: r.error.message }
      this.#failures.set(event.position, { error: r.error, attempts: attempt })
      if (attempt >= this.#policy.maxAttempts || !this.#policy.shouldRetry(r.error)) return 'park'
      if (!(await this.#sleep(retryDelay(this.#policy, attempt)))) return 'stopped'
    }
  }

  readonly #failures = new Map<bigint, { error: KairoError; attempts: number }>()

  async #park(event: AnyStoredEvent, transaction: Transaction | undefined): Promise<boolean> {
    const failure = this.#failures.get(event.position)
    this.#failures.delete(event.position)
    const letter = this.#letter(event, failure?.error, failure?.attempts ?? 1)
    const parked = await this.#store.consumers.park(letter, transaction)
    if (!parked.ok) {
      this.#report(parked.error)
      return false
    }
    this.#deadLettered++
    consumerMetrics.deadLettered(this.name)
    return true
  }

  #letter(event: AnyStoredEvent, error: KairoError | undefined, attempts: number) {
    return {
      consumer: this.name,
      position: event.position,
      eventId: event.id,
      eventType: event.type,
      streamId: event.streamId,
      error: error ? error.toJSON() : { message: 'unknown failure' },
      attempts,
    }
  }

  async #trackStall(page: GlobalLogPage): Promise<void> {
    if (!page.blocked || !page.endOfLog) {
      this.#stalledSince = undefined
      this.#blockedBy = undefined
      return
    }
    const now = this.#clock.now()
    this.#stalledSince ??= new Date(now)
    if (now - this.#blockerCheckedAt >= 1000) {
      this.#blockerCheckedAt = now
      const blocker = await this.#store.blockingTransaction()
      this.#blockedBy = blocker.ok ? blocker.value : undefined
    }
  }

  #setPosition(position: bigint): void {
    this.#position = position
    this.#options.onCheckpoint?.(position)
    if (this.#waiters.length === 0) return
    const still: Waiter[] = []
    for (const w of this.#waiters) {
      if (w.position <= position) w.resolve()
      else still.push(w)
    }
    this.#waiters = still
  }

  /** Sleeps unless stopped; resolves false when stopped. */
  async #sleep(ms: number): Promise<boolean> {
    try {
      await this.#clock.sleep(ms, this.#abort.signal)
      return true
    } catch {
      return false
    }
  }

  /** Waits for a notification, the poll interval, or a stop. */
  async #idle(): Promise<void> {
    if (this.#woken) return
    const woken = new Promise<void>((resolve) => {
      this.#wake = resolve
    })
    const controller = new AbortController()
    const onStop = () => controller.abort()
    this.#abort.signal.addEventListener('abort', onStop, { once: true })
    await Promise.race([
      woken,
      this.#clock.sleep(this.#options.pollIntervalMs ?? 1000, controller.signal).catch(() => {}),
    ])
    controller.abort()
    this.#abort.signal.removeEventListener('abort', onStop)
    this.#wake = () => {}
  }

  #report(error: KairoError): void {
    this.#lastError = { code: error.code, message: error.message }
    if (this.#options.onError) this.#options.onError(error)
    else console.error(`kairo consumer ${this.name}:`, error.message)
  }

  waitFor(position: bigint, options: { timeoutMs?: number } = {}): Promise<Result<TimeoutError, void>> {
    if (this.#position !== undefined && this.#position >= position) return Promise.resolve(new Ok(undefined))
    const timeoutMs = options.timeoutMs ?? 30_000
    return new Promise((resolve) => {
      const cancel = this.#clock.schedule(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter)
        resolve(new Err(new TimeoutError(`consumer ${this.name} reaching position ${position}`, timeoutMs)))
      }, timeoutMs)
      const waiter = {
        position,
        resolve: () => {
          cancel()
          resolve(new Ok(undefined))
        },
      }
      this.#waiters.push(waiter)
    })
  }

  status(): ConsumerStatus {
    return {
      name: this.name,
      state: this.#state,
      position: this.#position,
      caughtUp: this.#isCaughtUp,
      handled: this.#handled,
      deadLettered: this.#deadLettered,
      stalledSince: this.#stalledSince,
      blockedBy: this.#blockedBy,
      lastError: this.#lastError,
    }
  }

  deadLetters(): Promise<Result<KairoError, DeadLetter[]>> {
    return this.#store.consumers.deadLetters({ consumer: this.name })
  }

  async retryDeadLetters(): Promise<Result<KairoError, DeadLetterRetry>> {
    const letters = await this.deadLetters()
    if (!letters.ok) return new Err(letters.error)
    let resolved = 0
    let failed = 0
    for (const letter of letters.value) {
      const found = await this.#store.readAllPage({ after: letter.position - 1n, limit: 1 })
      if (!found.ok) return new Err(found.error)
      const event = found.value.events[0]
      if (!event || event.position !== letter.position) {
        failed++
        continue
      }
      const db = this.#store.database
      const r =
        this.#options.transactional && db
          ? await db.transaction(async (tx) => {
              const h = await settleHandler(() =>
                this.#options.handler(event, { consumer: this.name, attempt: letter.attempts + 1, transaction: tx }),
              )
              if (!h.ok) return h
              return this.#store.consumers.resolve(letter.id, tx)
            })
          : await settleHandler(() =>
              this.#options.handler(event, {
                consumer: this.name,
                attempt: letter.attempts + 1,
                transaction: undefined,
              }),
            )
      if (!r.ok) {
        failed++
        continue
      }
      if (!this.#options.transactional) {
        const removed = await this.#store.consumers.resolve(letter.id)
        if (!removed.ok) return new Err(removed.error)
      }
      resolved++
    }
    return new Ok({ retried: letters.value.length, resolved, failed })
  }
}
