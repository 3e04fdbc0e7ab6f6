import type { KairoError } from '../core/kairo-error.js'
import { Result } from '../core/result.js'

/** A held lock; release it when the work is done (it also expires by itself). */
export interface CacheLockLease {
  release(): Promise<void>
}

/**
 * The port for a lock with a timeout, used by `getOrSet` so that only one instance runs a key's
 * factory at a time. `acquire` resolves to `Ok(undefined)` when someone else holds the lock.
 * `MemoryCacheLock` works inside one process; `RedisCacheLock` (in `kairo/redis`) across processes.
 *
 * @example
 * ```ts
 * const lease = await lock.acquire('app:report', 5000)
 * if (lease.ok && lease.value) try { … } finally { await lease.value.release() }
 * ```
 */
export interface CacheLock {
  acquire(key: string, ttlMs: number): Promise<Result<KairoError, CacheLockLease | undefined>>
  /** Releases what the lock holds (connections it opened). */
  close?(): Promise<void>
}

/**
 * A {@link CacheLock} held in this process's memory (for several managers in one process, and tests).
 *
 * @example
 * ```ts
 * import { MemoryCacheLock } from 'kairo/cache'
 * const lock = new MemoryCacheLock()
 * ```
 */
export class MemoryCacheLock implements CacheLock {
  readonly #held = new Map<string, { token: symbol; until: number }>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  async acquire(key: string, ttlMs: number): Promise<Result<KairoError, CacheLockLease | undefined>> {
    const current = this.#held.get(key)
    if (current && current.until > this.#now()) return Result.Ok(undefined)
    const token = Symbol(key)
    this.#held.set(key, { token, until: this.#now() + ttlMs })
    return Result.Ok({
      release: async () => {
        if (this.#held.get(key)?.token === token) this.#held.delete(key)
      },
    })
  }
}
