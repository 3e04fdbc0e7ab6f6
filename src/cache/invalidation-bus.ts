import type { KairoError } from '../core/kairo-error.js'
import { Result } from '../core/result.js'

/** What changed. Keys are fully qualified (`namespace:key`). */
export type Invalidation =
  | { readonly type: 'keys'; readonly keys: readonly string[] }
  | { readonly type: 'tags'; readonly tags: readonly string[] }
  | { readonly type: 'dependency'; readonly dependency: string }
  | {
      readonly type: 'pattern'
      readonly prefix: string
      /** A glob, or a RegExp's source when `flags` is set. */
      readonly pattern: string
      readonly flags?: string
    }
  | { readonly type: 'clear'; readonly prefix: string }

/** An {@link Invalidation} as broadcast between instances, with the id of the instance that sent it. */
export type InvalidationMessage = Invalidation & { readonly origin: string }

/** What a subscriber is told: a message, or that messages may have been lost (reconnected). */
export interface InvalidationHandlers {
  message(message: InvalidationMessage): void
  /** The bus was disconnected and is back: messages sent meanwhile were lost. */
  reconnected?(): void
}

/**
 * The port that carries invalidations between instances of a cache, so each one's in-process
 * layers drop entries another instance changed. `MemoryInvalidationBus` connects managers in one
 * process; `RedisInvalidationBus` (in `kairo/redis`) connects processes over Redis pub/sub.
 *
 * @example
 * ```ts
 * const bus = new MemoryInvalidationBus()
 * const a = new CacheManager({ bus })
 * const b = new CacheManager({ bus }) // b's memory layer drops what a changes
 * ```
 */
export interface InvalidationBus {
  publish(message: InvalidationMessage): Promise<Result<KairoError, void>>
  /** Starts delivering messages; resolves to a function that stops. */
  subscribe(handlers: InvalidationHandlers): Promise<Result<KairoError, () => Promise<void>>>
  close(): Promise<void>
}

/**
 * An {@link InvalidationBus} inside one process (several managers, or tests).
 *
 * @example
 * ```ts
 * import { MemoryInvalidationBus } from 'kairo/cache'
 * const bus = new MemoryInvalidationBus()
 * ```
 */
export class MemoryInvalidationBus implements InvalidationBus {
  readonly #subscribers = new Set<InvalidationHandlers>()

  async publish(message: InvalidationMessage): Promise<Result<KairoError, void>> {
    const copy = JSON.parse(JSON.stringify(message)) as InvalidationMessage
    for (const s of this.#subscribers) queueMicrotask(() => s.message(copy))
    return Result.Ok(undefined)
  }

  async subscribe(handlers: InvalidationHandlers): Promise<Result<KairoError, () => Promise<void>>> {
    this.#subscribers.add(handlers)
    return Result.Ok(async () => {
      this.#subscribers.delete(handlers)
    })
  }

  /** Nothing to release: several managers share one bus, and each unsubscribes when it closes. */
  async close(): Promise<void> {}
}
