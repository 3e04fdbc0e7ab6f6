import type { Redis } from 'ioredis'
import type { InvalidationBus, InvalidationHandlers, InvalidationMessage } from '../../cache/invalidation-bus.js'
import type { KairoError } from '../../core/kairo-error.js'
import { Result } from '../../core/result.js'
import { openRedis, type RedisConnectionOptions, redisError } from './redis-cache-connection.js'

/** Settings of a {@link RedisInvalidationBus}. */
export interface RedisInvalidationBusOptions extends RedisConnectionOptions {
  /** The pub/sub channel. Instances that share entries must share it. Defaults to `'kairo:cache:invalidations'`. */
  channel?: string
}

/**
 * Carries cache invalidations between processes over Redis pub/sub, so every instance's memory
 * layer drops what another instance changed. Subscribing takes a connection of its own (a
 * duplicate of the given client, or a new one). Redis pub/sub does not keep messages for a
 * disconnected subscriber, so after a reconnection the bus tells the manager, which clears its
 * memory layers rather than risk serving what it missed.
 *
 * @example
 * ```ts
 * import { CacheManager } from 'kairo/cache'
 * import { RedisInvalidationBus } from 'kairo/redis'
 *
 * const cache = new CacheManager({ bus: new RedisInvalidationBus({ url: 'redis://127.0.0.1:6379' }) })
 * await cache.ready()
 * ```
 */
export class RedisInvalidationBus implements InvalidationBus {
  readonly #publisher: Redis
  readonly #owned: boolean
  readonly #options: RedisInvalidationBusOptions
  readonly #channel: string
  readonly #subscribers = new Set<Redis>()

  constructor(options: RedisInvalidationBusOptions = {}) {
    this.#options = options
    const { client, owned } = openRedis(options)
    this.#publisher = client
    this.#owned = owned
    this.#channel = options.channel ?? 'kairo:cache:invalidations'
  }

  async publish(message: InvalidationMessage): Promise<Result<KairoError, void>> {
    try {
      await this.#publisher.publish(this.#channel, JSON.stringify(message))
      return Result.Ok(undefined)
    } catch (error) {
      return Result.Err(redisError(error))
    }
  }

  async subscribe(handlers: InvalidationHandlers): Promise<Result<KairoError, () => Promise<void>>> {
    // A subscriber connection waits for Redis rather than failing while it is down.
    const subscriber = this.#options.client
      ? this.#options.client.duplicate({ commandTimeout: undefined, maxRetriesPerRequest: null })
      : openRedis({
          ...this.#options,
          commandTimeout: undefined,
          redisOptions: { ...this.#options.redisOptions, maxRetriesPerRequest: null },
        }).client
    subscriber.on('error', () => {})
    this.#subscribers.add(subscriber)
    let lost = false
    subscriber.on('close', () => {
      lost = true
    })
    subscriber.on('ready', () => {
      if (!lost) return
      lost = false
      handlers.reconnected?.()
    })
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel !== this.#channel) return
      let message: InvalidationMessage
      try {
        message = JSON.parse(payload) as InvalidationMessage
      } catch {
        return
      }
      handlers.message(message)
    })
    try {
      await subscriber.subscribe(this.#channel)
    } catch (error) {
      this.#subscribers.delete(subscriber)
      subscriber.disconnect()
      return Result.Err(redisError(error))
    }
    return Result.Ok(async () => {
      this.#subscribers.delete(subscriber)
      await subscriber.quit().catch(() => subscriber.disconnect())
    })
  }

  async close(): Promise<void> {
    for (const s of this.#subscribers) s.disconnect()
    this.#subscribers.clear()
    if (this.#owned) await this.#publisher.quit().catch(() => this.#publisher.disconnect())
  }
}
