/**
 * Time as an input. Code that reads the time or waits takes a `Clock`, so tests can drive time
 * exactly with a {@link ManualClock} instead of sleeping.
 *
 * @example
 * ```ts
 * import { ManualClock } from 'kairo'
 *
 * const clock = new ManualClock(0)
 * const done = clock.sleep(1000).then(() => 'woke')
 * await clock.advance(1000) // resolves `done`
 * ```
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /** Resolves after `ms` milliseconds; rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** Calls `fn` after `ms` milliseconds; the returned function cancels it. */
  schedule(fn: () => void, ms: number): () => void
}

/** The real clock: `Date.now()` and Node timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
  schedule(fn, ms) {
    const timer = setTimeout(fn, ms)
    timer.unref?.()
    return () => clearTimeout(timer)
  },
}

interface PendingTimer {
  readonly at: number
  readonly seq: number
  readonly fire: () => void
}

/**
 * A clock that only moves when told to. Timers fire in due order during {@link ManualClock.advance},
 * with pending promise callbacks flushed between them, so code awaiting `sleep` runs as it would
 * in real time.
 */
export class ManualClock implements Clock {
  #now: number
  #seq = 0
  #timers: PendingTimer[] = []

  constructor(start: number | Date = 0) {
    this.#now = typeof start === 'number' ? start : start.getTime()
  }

  now(): number {
    return this.#now
  }

  /** Number of timers and sleeps waiting to fire. */
  get pending(): number {
    return this.#timers.length
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const cancel = this.schedule(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        cancel()
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  schedule(fn: () => void, ms: number): () => void {
    const timer: PendingTimer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fire: fn }
    this.#timers.push(timer)
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer)
    }
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  async advance(ms: number): Promise<void> {
    await this.set(this.#now + ms)
  }

  /** Moves time to `epochMs` (never backwards), firing due timers in order. */
  async set(epochMs: number): Promise<void> {
    const target = Math.max(epochMs, this.#now)
    await flushPromises()
    for (;;) {
      const next = this.#nextDue(target)
      if (!next) break
      this.#timers = this.#timers.filter((t) => t !== next)
      this.#now = next.at
      next.fire()
      await flushPromises()
    }
    this.#now = target
  }

  #nextDue(target: number): PendingTimer | undefined {
    let next: PendingTimer | undefined
    for (const t of this.#timers) {
      if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t
    }
    return next
  }
}

function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
