import type { Redis } from 'ioredis'
import type { CacheEntry } from '../../cache/cache-entry.js'
import { CacheSerializationError } from '../../cache/cache-errors.js'
import type { CacheStorage, StorageStats } from '../../cache/cache-storage.js'
import { type CompressionOptions, EntryCodec } from '../../cache/entry-codec.js'
import { jsonSerializer } from '../../cache/json-serializer.js'
import { escapeGlob, type KeyPattern } from '../../cache/key-pattern.js'
import type { Serializer } from '../../cache/serializer.js'
import type { KairoError } from '../../core/kairo-error.js'
import { Result } from '../../core/result.js'
import { openRedis, type RedisConnectionOptions, redisError } from './redis-cache-connection.js'

/** Settings of a {@link RedisStorage}. */
export interface RedisStorageOptions extends RedisConnectionOptions {
  /** Prepended to every key this storage writes. Defaults to `'kairo:cache:'`. */
  keyPrefix?: string
  /** Defaults to {@link jsonSerializer} (keeps Date, BigInt, Map, Set). */
  serializer?: Serializer
  /** Deflate entries above a size. Defaults to off. */
  compression?: CompressionOptions | false
  /** Keys per SCAN step of pattern invalidation and clearing. Defaults to 1000. */
  scanCount?: number
}

const MISS: Result<KairoError, CacheEntry | undefined> = Result.Ok(undefined)

// Deletes every entry listed in the index sets KEYS, then the sets; returns the deleted entry keys.
const DELETE_INDEXED = `
local deleted = {}
for _, index in ipairs(KEYS) do
  for _, member in ipairs(redis.call('SMEMBERS', index)) do
    if redis.call('UNLINK', ARGV[1] .. member) == 1 then table.insert(deleted, member) end
  end
  redis.call('UNLINK', index)
end
return deleted`

/**
 * Cache entries in Redis (ioredis), shared by every instance of an application. Layout under
 * `keyPrefix`: `v:<key>` holds an encoded entry (with a Redis expiry at the end of its retention),
 * `t:<tag>` and `d:<dependency>` are sets of the keys carrying them, so tag and dependency
 * invalidation work across instances (a Lua script deletes the members and the set atomically).
 * Pattern invalidation and `clear` walk keys with SCAN, never KEYS.
 *
 * An entry rewritten with other tags may still be deleted by its former tags: a needless miss,
 * never stale data.
 *
 * @example
 * ```ts
 * import { CacheManager } from 'kairo/cache'
 * import { RedisStorage } from 'kairo/redis'
 *
 * const cache = new CacheManager({ ttl: 60_000 })
 * cache.addLayer({ name: 'redis', priority: 50, storage: new RedisStorage({ url: 'redis://127.0.0.1:6379', keyPrefix: 'shop:' }) })
 * ```
 */
export class RedisStorage implements CacheStorage {
  readonly kind = 'redis'
  readonly distributed = true
  readonly #client: Redis
  readonly #owned: boolean
  readonly #prefix: string
  readonly #codec: EntryCodec
  readonly #scanCount: number

  constructor(options: RedisStorageOptions = {}) {
    const { client, owned } = openRedis(options)
    this.#client = client
    this.#owned = owned
    this.#prefix = options.keyPrefix ?? 'kairo:cache:'
    this.#codec = new EntryCodec(options.serializer ?? jsonSerializer, options.compression ?? false)
    this.#scanCount = options.scanCount ?? 1000
  }

  /** The ioredis client in use. */
  get client(): Redis {
    return this.#client
  }

  get(key: string): Promise<Result<KairoError, CacheEntry | undefined>> {
    return this.#client.getBuffer(this.#valueKey(key)).then(
      (bytes) => {
        if (bytes === null) return MISS
        try {
          return Result.Ok(this.#codec.decode(bytes))
        } catch (error) {
          return Result.Err(new CacheSerializationError('decode', key, error))
        }
      },
      (error) => Result.Err(redisError(error)),
    )
  }

  async set(key: string, entry: CacheEntry, retainMs: number): Promise<Result<KairoError, void>> {
    let bytes: Buffer
    try {
      bytes = this.#codec.encode(entry)
    } catch (error) {
      return Result.Err(new CacheSerializationError('encode', key, error))
    }
    const valueKey = this.#valueKey(key)
    const forever = !Number.isFinite(retainMs)
    const ms = Math.max(1, Math.ceil(retainMs))
    try {
      if (entry.tags.length === 0 && entry.dependencies.length === 0) {
        if (forever) await this.#client.set(valueKey, bytes)
        else await this.#client.set(valueKey, bytes, 'PX', ms)
        return Result.Ok(undefined)
      }
      const tx = this.#client.multi()
      if (forever) tx.set(valueKey, bytes)
      else tx.set(valueKey, bytes, 'PX', ms)
      const indexes = [
        ...entry.tags.map((t) => this.#tagKey(t)),
        ...entry.dependencies.map((d) => this.#dependencyKey(d)),
      ]
      for (const index of indexes) {
        tx.sadd(index, key)
        // An index lives as long as its longest-lived member.
        if (forever) tx.persist(index)
        else tx.pexpire(index, ms, 'NX').pexpire(index, ms, 'GT')
      }
      const replies = await tx.exec()
      const failed = replies?.find(([error]) => error)
      if (failed?.[0]) return Result.Err(redisError(failed[0]))
      return Result.Ok(undefined)
    } catch (error) {
      return Result.Err(redisError(error))
    }
  }

  async delete(keys: readonly string[]): Promise<Result<KairoError, number>> {
    if (keys.length === 0) return Result.Ok(0)
    try {
      return Result.Ok(await this.#client.unlink(...keys.map((k) => this.#valueKey(k))))
    } catch (error) {
      return Result.Err(redisError(error))
    }
  }

  deleteByTags(tags: readonly string[]): Promise<Result<KairoError, string[]>> {
    return this.#deleteIndexed(tags.map((t) => this.#tagKey(t)))
  }

  deleteByDependency(dependency: string): Promise<Result<KairoError, string[]>> {
    return this.#deleteIndexed([this.#dependencyKey(dependency)])
  }

  async deleteMatching(prefix: string, pattern: KeyPattern): Promise<Result<KairoError, number>> {
    const base = `${this.#prefix}v:${prefix}`
    if (typeof pattern === 'string') return this.#scanDelete(`${escapeGlob(base)}${pattern}`, undefined)
    const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
    return this.#scanDelete(`${escapeGlob(base)}*`, (key) => re.test(key.slice(base.length)))
  }

  clear(prefix = ''): Promise<Result<KairoError, number>> {
    // Everything under the storage's prefix (entries and their indexes), or one namespace's entries.
    const match = prefix === '' ? `${escapeGlob(this.#prefix)}*` : `${escapeGlob(`${this.#prefix}v:${prefix}`)}*`
    return this.#scanDelete(match, undefined)
  }

  stats(): StorageStats {
    return { entries: undefined, bytes: undefined, evictions: 0 }
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#client.quit().catch(() => this.#client.disconnect())
  }

  async #deleteIndexed(indexes: string[]): Promise<Result<KairoError, string[]>> {
    if (indexes.length === 0) return Result.Ok([])
    try {
      const deleted = (await this.#client.eval(
        DELETE_INDEXED,
        indexes.length,
        ...indexes,
        `${this.#prefix}v:`,
      )) as string[]
      return Result.Ok(deleted)
    } catch (error) {
      return Result.Err(redisError(error))
    }
  }

  /** Walks the keys matching `match` with SCAN and unlinks those passing `filter`. */
  async #scanDelete(
    match: string,
    filter: ((key: string) => boolean) | undefined,
  ): Promise<Result<KairoError, number>> {
    let cursor = '0'
    let deleted = 0
    try {
      do {
        const [next, keys] = await this.#client.scan(cursor, 'MATCH', match, 'COUNT', this.#scanCount)
        cursor = next
        const doomed = filter ? keys.filter(filter) : keys
        if (doomed.length > 0) deleted += await this.#client.unlink(...doomed)
      } while (cursor !== '0')
      return Result.Ok(deleted)
    } catch (error) {
      return Result.Err(redisError(error))
    }
  }

  #valueKey(key: string): string {
    return `${this.#prefix}v:${key}`
  }

  #tagKey(tag: string): string {
    return `${this.#prefix}t:${tag}`
  }

  #dependencyKey(dependency: string): string {
    return `${this.#prefix}d:${dependency}`
  }
}
