/**
 * Turns values into bytes and back, for layers that cannot hold live objects (Redis) or that
 * should hand out copies (a `MemoryStorage` given a serializer). `encode` may throw for values it
 * cannot represent (functions, symbols, cycles); the cache turns that into an `Err`.
 *
 * @example
 * ```ts
 * import { jsonSerializer } from 'kairo/cache'
 *
 * const bytes = jsonSerializer.encode({ at: new Date(0), ids: new Set([1n]) })
 * jsonSerializer.decode(bytes) // { at: Date(0), ids: Set { 1n } }
 * ```
 */
export interface Serializer {
  /** A short name (`'json'`, `'msgpack'`), reported in analytics. */
  readonly name: string
  encode(value: unknown): Uint8Array
  decode(bytes: Uint8Array): unknown
}
