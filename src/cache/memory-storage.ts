import { type Clock, systemClock } from '../core/clock.js'
import type { KairoError } from '../core/kairo-error.js'
import { Ok, Result } from '../core/result.js'
import type { CacheEntry } from './cache-entry.js'
import { CacheSerializationError } from './cache-errors.js'
import type { CacheStorage, StorageStats } from './cache-storage.js'
import { EntryCodec } from './entry-codec.js'
import { estimateSize } from './estimate-size.js'
import { createEvictionQueue, type EvictionPolicy, type EvictionQueue } from './eviction-policy.js'
import { type KeyPattern, keyMatcher } from './key-pattern.js'
import { MemoryNode } from './memory-node.js'
import type { Serializer } from './serializer.js'

/** How a {@link MemoryStorage} is bounded and what it stores. */
export interface MemoryStorageOptions {
  /** Most entries held; the policy drops entries beyond it. Defaults to no limit. */
  maxSize?: number
  /** Most bytes held (see `sizeOf`); the policy drops entries beyond it. Defaults to no limit. */
  maxBytes?: number
  /** What to drop when full. Defaults to `'lru'`. */
  evictionPolicy?: EvictionPolicy
  /**
   * Store encoded copies instead of the values themselves, so a caller mutating a value it got
   * cannot change what others read. Costs an encode per write and a decode per read.
   */
  serializer?: Serializer
  /** Bytes an entry takes, for `maxBytes` and analytics. Defaults to {@link estimateSize} (or the encoded size). */
  sizeOf?: (value: unknown) => number
  /** Defaults to the system clock; tests pass the manager's `ManualClock`. */
  clock?: Clock
}

const MISS = new Ok<CacheEntry | undefined, never>(undefined)
const OK_VOID = new Ok<void, never>(undefined)

/**
 * Entries in this process's memory, bounded by count and/or bytes, evicting by LRU, LFU, FIFO or
 * TTL in constant (TTL: logarithmic) time. Reads and writes answer synchronously and a read
 * allocates nothing. Values are held by reference unless a `serializer` is given: do not mutate a
 * value after caching it.
 *
 * @example
 * ```ts
 * import { CacheManager, MemoryStorage } from 'kairo/cache'
 *
 * const cache = new CacheManager({ ttl: 60_000 })
 * cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ maxSize: 10_000, evictionPolicy: 'lfu' }) })
 * ```
 */
export class MemoryStorage implements CacheStorage {
  readonly kind: string = 'memory'
  readonly distributed: boolean = false
  readonly #nodes = new Map<string, MemoryNode>()
  readonly #tags = new Map<string, Set<string>>()
  readonly #dependencies = new Map<string, Set<string>>()
  readonly #queue: EvictionQueue
  readonly #maxSize: number
  readonly #maxBytes: number
  readonly #codec: EntryCodec | undefined
  readonly #sizeOf: ((value: unknown) => number) | undefined
  readonly #clock: Clock
  #bytes = 0
  #evictions = 0
  #seq = 0

  constructor(options: MemoryStorageOptions = {}) {
    this.#maxSize = options.maxSize ?? Number.POSITIVE_INFINITY
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY
    if (!(this.#maxSize > 0) || !(this.#maxBytes > 0)) throw new RangeError('maxSize and maxBytes must be positive')
    this.#queue = createEvictionQueue(options.evictionPolicy ?? 'lru')
    this.#codec = options.serializer ? new EntryCodec(options.serializer, false) : undefined
    this.#clock = options.clock ?? systemClock
    this.#sizeOf =
      options.sizeOf ?? (Number.isFinite(this.#maxBytes) && !this.#codec ? (v: unknown) => estimateSize(v) : undefined)
  }

  /** Entries held now (including ones past retention not yet noticed). */
  get size(): number {
    return this.#nodes.size
  }

  get(key: string, now?: number): Result<KairoError, CacheEntry | undefined> {
    const node = this.#nodes.get(key)
    if (node === undefined) return MISS
    if (node.retainUntil !== Number.POSITIVE_INFINITY && (now ?? this.#clock.now()) >= node.retainUntil) {
      this.#drop(node)
      return MISS
    }
    this.#queue.read(node)
    if (this.#codec === undefined) {
      if (node.hit === undefined) node.hit = new Ok(node.entry)
      return node.hit
    }
    return Result.tryCatch(
      () => this.#codec!.decode(node.stored as Uint8Array) as CacheEntry | undefined,
      (e) => new CacheSerializationError('decode', key, e),
    )
  }

  set(key: string, entry: CacheEntry, retainMs: number): Result<KairoError, void> {
    let stored: unknown = entry
    let size = 0
    if (this.#codec !== undefined) {
      try {
        const bytes = this.#codec.encode(entry)
        stored = bytes
        size = this.#sizeOf ? this.#sizeOf(entry.value) : bytes.length + key.length * 2
      } catch (error) {
        return Result.Err(new CacheSerializationError('encode', key, error))
      }
    } else if (this.#sizeOf !== undefined) {
      size = this.#sizeOf(entry.value) + key.length * 2
    }
    const retainUntil = retainMs === Number.POSITIVE_INFINITY ? retainMs : this.#clock.now() + retainMs
    const existing = this.#nodes.get(key)
    if (existing !== undefined) {
      this.#unindex(existing)
      this.#bytes += size - existing.size
      existing.entry = entry
      existing.stored = stored
      existing.size = size
      existing.retainUntil = retainUntil
      existing.hit = undefined
      this.#queue.write(existing)
      this.#index(existing)
      // Only bytes can overflow on a rewrite; the rewritten entry itself may be the one to go.
      while (this.#bytes > this.#maxBytes && this.#evictOne()) {}
      return OK_VOID
    }
    if (size > this.#maxBytes) {
      // Larger than the whole storage: not kept.
      this.#evictions++
      return OK_VOID
    }
    // Room is made before inserting, so a new entry always gets in (even under LFU).
    while ((this.#nodes.size >= this.#maxSize || this.#bytes + size > this.#maxBytes) && this.#evictOne()) {}
    const node = new MemoryNode(key, entry, stored, retainUntil, size, this.#seq++)
    this.#nodes.set(key, node)
    this.#bytes += size
    this.#queue.add(node)
    this.#index(node)
    return OK_VOID
  }

  delete(keys: readonly string[]): Result<KairoError, number> {
    let deleted = 0
    for (const key of keys) {
      const node = this.#nodes.get(key)
      if (node !== undefined) {
        this.#drop(node)
        deleted++
      }
    }
    return Result.Ok(deleted)
  }

  deleteByTags(tags: readonly string[]): Result<KairoError, string[]> {
    const deleted: string[] = []
    for (const tag of tags) {
      const keys = this.#tags.get(tag)
      if (keys === undefined) continue
      for (const key of [...keys]) {
        const node = this.#nodes.get(key)
        if (node !== undefined) {
          this.#drop(node)
          deleted.push(key)
        }
      }
    }
    return Result.Ok(deleted)
  }

  deleteByDependency(dependency: string): Result<KairoError, string[]> {
    const keys = this.#dependencies.get(dependency)
    const deleted: string[] = []
    if (keys === undefined) return Result.Ok(deleted)
    for (const key of [...keys]) {
      const node = this.#nodes.get(key)
      if (node !== undefined) {
        this.#drop(node)
        deleted.push(key)
      }
    }
    return Result.Ok(deleted)
  }

  deleteMatching(prefix: string, pattern: KeyPattern): Result<KairoError, number> {
    const matches = keyMatcher(pattern)
    let deleted = 0
    for (const [key, node] of this.#nodes) {
      if (key.startsWith(prefix) && matches(key.slice(prefix.length))) {
        this.#drop(node)
        deleted++
      }
    }
    return Result.Ok(deleted)
  }

  clear(prefix = ''): Result<KairoError, number> {
    let deleted = 0
    for (const [key, node] of this.#nodes) {
      if (key.startsWith(prefix)) {
        this.#drop(node)
        deleted++
      }
    }
    return Result.Ok(deleted)
  }

  stats(): StorageStats {
    let bytes = this.#bytes
    if (this.#sizeOf === undefined && this.#codec === undefined) {
      bytes = 0
      for (const [key, node] of this.#nodes) bytes += estimateSize(node.entry.value) + key.length * 2
    }
    return { entries: this.#nodes.size, bytes, evictions: this.#evictions }
  }

  async close(): Promise<void> {
    this.clear()
  }

  /** Drops the policy's victim; false when there is none. */
  #evictOne(): boolean {
    const victim = this.#queue.victim()
    if (victim === undefined) return false
    this.#drop(victim)
    this.#evictions++
    return true
  }

  #drop(node: MemoryNode): void {
    this.#nodes.delete(node.key)
    this.#queue.remove(node)
    this.#unindex(node)
    this.#bytes -= node.size
  }

  #index(node: MemoryNode): void {
    if (node.entry.tags.length === 0 && node.entry.dependencies.length === 0) return
    for (const tag of node.entry.tags) addTo(this.#tags, tag, node.key)
    for (const dep of node.entry.dependencies) addTo(this.#dependencies, dep, node.key)
  }

  #unindex(node: MemoryNode): void {
    if (node.entry.tags.length === 0 && node.entry.dependencies.length === 0) return
    for (const tag of node.entry.tags) removeFrom(this.#tags, tag, node.key)
    for (const dep of node.entry.dependencies) removeFrom(this.#dependencies, dep, node.key)
  }
}

function addTo(index: Map<string, Set<string>>, name: string, key: string): void {
  let keys = index.get(name)
  if (keys === undefined) {
    keys = new Set()
    index.set(name, keys)
  }
  keys.add(key)
}

function removeFrom(index: Map<string, Set<string>>, name: string, key: string): void {
  const keys = index.get(name)
  if (keys === undefined) return
  keys.delete(key)
  if (keys.size === 0) index.delete(name)
}
