import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { CacheLock, CacheLockLease } from '../../cache/cache-lock.js'
import type { KairoError } from '../../core/kairo-error.js'
import { Result } from '../../core/result.js'
import { openRedis, type RedisConnectionOptions, redisError } from './redis-cache-connection.js'

/** Settings of a {@link RedisCacheLock}. */
export interface RedisCacheLockOptions extends RedisConnectionOptions {
  /** Prepended to lock keys. Defaults to `'kairo:cache:'` (locks live under `<prefix>l:`). */
  keyPrefix?: string
}

// Deletes the lock only if this holder still owns it (it may have expired and been taken by another).
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`

/**
 * A lock with a timeout on one Redis server (`SET key token NX PX ttl`, released by a
 * compare-and-delete script), so that one instance at a time runs a cache key's factory. A holder
 * that dies releases it by expiry. It is a best-effort lock for avoiding duplicate work, not a
 * guarantee of mutual exclusion across a failover.
 *
 * @example
 * ```ts
 * import { CacheManager } from 'kairo/cache'
 * import { RedisCacheLock } from 'kairo/redis'
 *
 * const cache = new CacheManager({ lock: new RedisCacheLock({ url }), lockTimeout: 5000 })
 * ```
 */
export class RedisCacheLock implements CacheLock {
  readonly #client: Redis
  readonly #owned: boolean
  readonly #prefix: string

  constructor(options: RedisCacheLockOptions = {}) {
    const { client, owned } = openRedis(options)
    this.#client = client
    this.#owned = owned
    this.#prefix = `${options.keyPrefix ?? 'kairo:cache:'}l:`
  }

  async acquire(key: string, ttlMs: number): Promise<Result<KairoError, CacheLockLease | undefined>> {
    const lockKey = this.#prefix + key
    const token = randomBytes(16).toString('hex')
    try {
      const ok = await this.#client.set(lockKey, token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')
      if (ok !== 'OK') return Result.Ok(undefined)
    } catch (error) {
      return Result.Err(redisError(error))
    }
    return Result.Ok({
      release: async () => {
        await this.#client.eval(RELEASE, 1, lockKey, token).catch(() => undefined)
      },
    })
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#client.quit().catch(() => this.#client.disconnect())
  }
}
