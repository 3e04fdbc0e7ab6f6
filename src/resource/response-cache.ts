import { createHash } from 'node:crypto'
import { CacheManager } from '../cache/index.js'
import type { Clock } from '../core/clock.js'
import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'
import type { Exchange } from './send-request.js'

/** What the cache keeps of a 2xx answer: plain data, so a Redis layer can hold it too. */
interface CachedAnswer {
  readonly status: number
  readonly url: string
  readonly headers: readonly (readonly [string, string])[]
  readonly text: string
  readonly json: boolean
}

/** The namespace answers are kept under in a `CacheManager`. */
export const RESOURCE_CACHE_NAMESPACE = 'resource'

/**
 * GET answers kept in a `kairo/cache` `CacheManager`: the resource's own in-process one (made on
 * first use: 1 000 entries, LRU) or one the application shares. The raw body text is kept and
 * decoded again on every hit, so callers never share (and cannot corrupt) a cached object. A cache
 * that fails is a miss, never a failed call.
 *
 * @internal
 */
export class ResponseCache {
  readonly #given: CacheManager | undefined
  readonly #clock: Clock
  #own: CacheManager | undefined

  constructor(manager: CacheManager | undefined, clock: Clock) {
    this.#given = manager
    this.#clock = clock
  }

  /** The manager in use (made on first use when none was given). */
  get manager(): CacheManager {
    if (this.#given) return this.#given
    this.#own ??= new CacheManager({
      namespace: RESOURCE_CACHE_NAMESPACE,
      maxSize: 1000,
      clock: this.#clock,
      analytics: { healthCheckInterval: 0 },
    })
    return this.#own
  }

  /**
   * The key of a request: method and final URL, plus a hash of the `vary` headers it carries (so
   * credentials never appear in a key, nor in Redis).
   */
  static key(method: string, url: string, headers: Headers, vary: readonly string[]): string {
    let varied = ''
    for (const name of vary) {
      const value = headers.get(name)
      if (value !== null) varied += `${name.toLowerCase()}=${value}\n`
    }
    const base = `${method} ${url}`
    return varied === '' ? base : `${base} #${createHash('sha256').update(varied).digest('hex').slice(0, 32)}`
  }

  async get(key: string): Promise<Exchange | undefined> {
    const found = (await this.manager.get<CachedAnswer>(key, { namespace: RESOURCE_CACHE_NAMESPACE })) as Result<
      KairoError,
      CachedAnswer | undefined
    >
    if (!found.ok || found.value === undefined) return undefined
    const answer = found.value
    let body: unknown = answer.text === '' ? undefined : answer.text
    if (answer.json && answer.text !== '') {
      try {
        body = JSON.parse(answer.text)
      } catch {
        return undefined
      }
    }
    return {
      status: answer.status,
      url: answer.url,
      headers: new Headers(answer.headers as [string, string][]),
      text: answer.text,
      json: answer.json,
      body,
    }
  }

  async set(key: string, exchange: Exchange, ttl: number, tags: readonly string[]): Promise<void> {
    const answer: CachedAnswer = {
      status: exchange.status,
      url: exchange.url,
      headers: [...exchange.headers],
      text: exchange.text,
      json: exchange.json,
    }
    await this.manager.set(key, answer, { ttl, tags, namespace: RESOURCE_CACHE_NAMESPACE })
  }

  /** Drops the answers carrying `tag`; resolves to how many. */
  invalidate(tag: string): Promise<Result<KairoError, number>> {
    return this.manager.invalidateByTag(tag)
  }

  /** Closes the manager the resource made for itself (a shared one is left to its owner). */
  async close(): Promise<void> {
    await this.#own?.close()
  }
}
