import { createHash } from 'node:crypto'
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
const OK_VOID: Result<KairoError, void> = Result.Ok(undefined)
const digests = new Map<string, string>()

function scriptDigest(source: string): string {
  let sha = digests.get(source)
  if (sha === undefined) {
    sha = createHash('sha1').update(source).digest('hex')
    digests.set(source, sha)
  }
  return sha
}

// Index keys (tag and dependency sets) are listed in an entry's meta key between NUL bytes, so
// an invalidation deletes an entry only if it still carries the tag (it may have been rewritten).

// KEYS: value key, meta key, index keys. ARGV: bytes, PX ms ('' = none), member, meta text.
const SET_ENTRY = `
local px = ARGV[2]
if px == '' then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', px) end
if #KEYS == 2 then
  redis.call('UNLINK', KEYS[2])
  return 1
end
if px == '' then redis.call('SET', KEYS[2], ARGV[4]) else redis.call('SET', KEYS[2], ARGV[4], 'PX', px) end
for i = 3, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[3])
  if px == '' then
    redis.call('PERSIST', KEYS[i])
  else
    redis.call('PEXPIRE', KEYS[i], px, 'NX')
    redis.call('PEXPIRE', KEYS[i], px, 'GT')
  end
end
return 1`

// KEYS: index keys. ARGV: value key prefix, meta key prefix. Returns the members deleted.
const DELETE_INDEXED = `
local deleted = {}
for _, index in ipairs(KEYS) do
  local mark = '\\0' .. index .. '\\0'
  for _, member in ipairs(redis.call('SMEMBERS', index)) do
    local meta = redis.call('GET', ARGV[2] .. member)
    if meta and string.find(meta, mark, 1, true) then
      if redis.call('UNLINK', ARGV[1] .. member) == 1 then table.insert(deleted, member) end
      redis.call('UNLINK', ARGV[2] .. member)
    end
  end
  redis.call('UNLINK', index)
end
return deleted`

/**
 * Cache entries in Redis (ioredis), shared by every instance of an application. Layout under
 * `keyPrefix`: `v:<key>` holds an encoded entry (with a Redis expiry at the end of its retention),
 * `t:<tag>` and `d:<dependency>` are sets of the keys carrying them, and `m:<key>` lists the sets
 * an entry is in, so tag and dependency invalidation work across instances and stay exact when an
 * entry is rewritten with other tags (Lua scripts write and delete atomically). Pattern
 * invalidation and `clear` walk keys with SCAN, never KEYS.
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
    const px = Number.isFinite(retainMs) ? String(Math.max(1, Math.ceil(retainMs))) : ''
    const indexes = [
      ...entry.tags.map((t) => this.#tagKey(t)),
      ...entry.dependencies.map((d) => this.#dependencyKey(d)),
    ]
    const meta = indexes.length === 0 ? '' : `\0${indexes.join('\0')}\0`
    try {
      await this.#script(SET_ENTRY, [this.#valueKey(key), this.#metaKey(key), ...indexes], [bytes, px, key, meta])
      return OK_VOID
    } catch (error) {
      return Result.Err(redisError(error))
    }
  }

  async delete(keys: readonly string[]): Promise<Result<KairoError, number>> {
    if (keys.length === 0) return Result.Ok(0)
    try {
      const [values] = await Promise.all([
        this.#client.unlink(...keys.map((k) => this.#valueKey(k))),
        this.#client.unlink(...keys.map((k) => this.#metaKey(k))),
      ])
      return Result.Ok(values)
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
      const deleted = (await this.#script(DELETE_INDEXED, indexes, [this.#valuePrefix, this.#metaPrefix])) as string[]
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
        if (doomed.length > 0) {
          const metas = doomed.flatMap((k) =>
            k.startsWith(this.#valuePrefix) ? [this.#metaPrefix + k.slice(this.#valuePrefix.length)] : [],
          )
          deleted += await this.#client.unlink(...doomed)
          if (metas.length > 0) await this.#client.unlink(...metas)
        }
      } while (cursor !== '0')
      return Result.Ok(deleted)
    } catch (error) {
      return Result.Err(redisError(error))
    }
  }

  /** Runs a Lua script by its digest, loading it when Redis does not know it yet. */
  async #script(source: string, keys: string[], args: (string | Buffer)[]): Promise<unknown> {
    const sha = scriptDigest(source)
    try {
      return await this.#client.evalsha(sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return this.#client.eval(source, keys.length, ...keys, ...args)
    }
  }

  get #valuePrefix(): string {
    return `${this.#prefix}v:`
  }

  get #metaPrefix(): string {
    return `${this.#prefix}m:`
  }

  #valueKey(key: string): string {
    return `${this.#prefix}v:${key}`
  }

  #metaKey(key: string): string {
    return `${this.#prefix}m:${key}`
  }

  #tagKey(tag: string): string {
    return `${this.#prefix}t:${tag}`
  }

  #dependencyKey(dependency: string): string {
    return `${this.#prefix}d:${dependency}`
  }
}
