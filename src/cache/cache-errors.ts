import { isKairoError, KairoError, type KairoErrorOptions } from '../core/kairo-error.js'

/**
 * A value could not be encoded for a layer, or stored bytes could not be decoded
 * (code `CACHE_SERIALIZATION`).
 *
 * @example
 * ```ts
 * const r = await cache.set('f', () => 1) // functions cannot be stored in Redis
 * if (!r.ok && isCacheSerializationError(r.error)) console.log(r.error.details?.key)
 * ```
 */
export class CacheSerializationError extends KairoError {
  constructor(direction: 'encode' | 'decode', key: string, cause: unknown, options: KairoErrorOptions = {}) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super('CACHE_SERIALIZATION', `cannot ${direction} cache entry ${key}: ${reason}`, {
      ...options,
      cause,
      details: { key, direction, ...options.details },
    })
  }
}

/**
 * The factory given to `getOrSet` threw (code `CACHE_FACTORY_FAILED`, retryable). A factory that
 * returns an `Err` has that error passed through as it is instead.
 *
 * @example
 * ```ts
 * const r = await cache.getOrSet('k', () => { throw new Error('db down') })
 * r.ok || r.error.code // 'CACHE_FACTORY_FAILED'
 * ```
 */
export class CacheFactoryError extends KairoError {
  constructor(key: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super('CACHE_FACTORY_FAILED', `cache factory for ${key} failed: ${reason}`, {
      cause,
      retryable: true,
      details: { key },
    })
  }
}

/**
 * A cache operation got input it cannot use: an empty key, a namespace containing `:`, a negative
 * ttl (code `CACHE_INVALID_INPUT`).
 *
 * @example
 * ```ts
 * const r = await cache.set('', 1)
 * r.ok || r.error.code // 'CACHE_INVALID_INPUT'
 * ```
 */
export class CacheInputError extends KairoError {
  constructor(message: string) {
    super('CACHE_INVALID_INPUT', message)
  }
}

/**
 * True for a {@link CacheSerializationError}, also from another copy of the package.
 *
 * @example
 * ```ts
 * const r = await cache.set('f', () => 1)
 * if (!r.ok && isCacheSerializationError(r.error)) console.warn('not cacheable', r.error.details?.key)
 * ```
 */
export function isCacheSerializationError(value: unknown): value is CacheSerializationError {
  return isKairoError(value) && value.code === 'CACHE_SERIALIZATION'
}
