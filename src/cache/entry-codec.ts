import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { CacheEntry } from './cache-entry.js'
import type { Serializer } from './serializer.js'

const PLAIN = 0
const DEFLATED = 1

/** When to compress encoded entries. */
export interface CompressionOptions {
  /** Compress entries whose encoded size is at least this many bytes. Defaults to 1024. */
  threshold?: number
  /** zlib level, 1 (fast) to 9 (small). Defaults to 1. */
  level?: number
}

/**
 * Encodes whole entries (value, freshness, tags, dependencies) to bytes with a {@link Serializer},
 * deflating those above a size threshold (`node:zlib`). The first byte says whether the rest is
 * compressed, so reads need no configuration to match writes.
 *
 * @example
 * ```ts
 * const codec = new EntryCodec(jsonSerializer, { threshold: 512 })
 * const bytes = codec.encode(entry)
 * codec.decode(bytes) // an equal entry
 * ```
 */
export class EntryCodec {
  readonly #serializer: Serializer
  readonly #threshold: number
  readonly #level: number

  constructor(serializer: Serializer, compression?: CompressionOptions | false) {
    this.#serializer = serializer
    this.#threshold = compression ? (compression.threshold ?? 1024) : Number.POSITIVE_INFINITY
    this.#level = compression ? (compression.level ?? 1) : 1
  }

  /** The serializer's name. */
  get serializerName(): string {
    return this.#serializer.name
  }

  /** The bytes of `entry`; throws when the serializer cannot represent its value. */
  encode(entry: CacheEntry): Buffer {
    const body = this.#serializer.encode([
      entry.value,
      finite(entry.expiresAt),
      finite(entry.staleUntil),
      entry.tags,
      entry.dependencies,
    ])
    if (body.length >= this.#threshold) {
      const packed = deflateRawSync(body, { level: this.#level })
      if (packed.length < body.length) return Buffer.concat([Buffer.of(DEFLATED), packed])
    }
    return Buffer.concat([Buffer.of(PLAIN), body])
  }

  /** The entry `bytes` hold; throws when they are not an encoded entry. */
  decode(bytes: Uint8Array): CacheEntry {
    const flag = bytes[0]
    const rest = bytes.subarray(1)
    const body = flag === DEFLATED ? inflateRawSync(rest) : flag === PLAIN ? rest : undefined
    if (body === undefined) throw new TypeError(`not an encoded cache entry (flag ${String(flag)})`)
    const decoded = this.#serializer.decode(body)
    if (!Array.isArray(decoded) || decoded.length !== 5) throw new TypeError('not an encoded cache entry')
    const [value, expiresAt, staleUntil, tags, dependencies] = decoded as [
      unknown,
      number | null,
      number | null,
      string[],
      string[],
    ]
    return {
      value,
      expiresAt: expiresAt ?? Number.POSITIVE_INFINITY,
      staleUntil: staleUntil ?? Number.POSITIVE_INFINITY,
      tags,
      dependencies,
    }
  }
}

function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null
}
