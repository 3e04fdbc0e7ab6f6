import { Redis, type RedisOptions } from 'ioredis'
import { UnavailableError } from '../../core/errors.js'
import { KairoError } from '../../core/kairo-error.js'

/**
 * Where a Redis-backed cache part connects: an existing ioredis `client` (used as it is, never
 * closed by Kairo), or a `url` / `host` + `port` to open a connection of its own with defaults
 * suited to a cache: while Redis is unreachable, a command fails after at most two reconnection
 * attempts (about 150 ms) instead of waiting for Redis to return, so an outage becomes a fast
 * error that the layer's circuit breaker acts on.
 *
 * @example
 * ```ts
 * new RedisStorage({ url: 'redis://127.0.0.1:6379', keyPrefix: 'shop:' })
 * new RedisStorage({ client: existingIoredisClient })
 * ```
 */
export interface RedisConnectionOptions {
  client?: Redis
  url?: string
  host?: string
  port?: number
  /**
   * Milliseconds before a command fails even on a live connection, to bound a server that hangs
   * without dropping connections (own connections only). Off by default: it costs a timer per command.
   */
  commandTimeout?: number
  /** More ioredis options for an own connection. */
  redisOptions?: RedisOptions
}

/**
 * The client to use and whether Kairo opened it (and so closes it).
 * @internal
 */
export function openRedis(options: RedisConnectionOptions): { client: Redis; owned: boolean } {
  if (options.client) return { client: options.client, owned: false }
  const base: RedisOptions = {
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 50, 500),
    ...(options.commandTimeout === undefined ? {} : { commandTimeout: options.commandTimeout }),
    ...options.redisOptions,
  }
  const client = options.url
    ? new Redis(options.url, base)
    : new Redis({ host: options.host ?? '127.0.0.1', port: options.port ?? 6379, ...base })
  // Errors surface through the commands that fail; an unhandled 'error' event would crash the process.
  client.on('error', () => {})
  return { client, owned: true }
}

/**
 * A Redis failure as a Kairo error: a lost or refused connection or a timeout becomes a retryable
 * `UnavailableError`; an error reply from the server a non-retryable `CACHE_STORAGE_FAILED`.
 * @internal
 */
export function redisError(error: unknown): KairoError {
  const e = error instanceof Error ? error : new Error(String(error))
  if (e.name === 'ReplyError') {
    return new KairoError('CACHE_STORAGE_FAILED', `redis refused a cache command: ${e.message}`, { cause: e })
  }
  return new UnavailableError('redis', e.message, { cause: e })
}
