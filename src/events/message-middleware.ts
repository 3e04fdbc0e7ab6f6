import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'

/** A command or query on its way to its handler. */
export interface MessageEnvelope {
  readonly kind: 'command' | 'query'
  readonly type: string
  /** The command id (given by the caller for idempotency, else generated). */
  readonly id: string
  /** True when the caller gave the id: the command runs at most once per id. */
  readonly idempotent: boolean
  /** The validated payload. */
  readonly payload: unknown
  readonly metadata: Readonly<Record<string, unknown>>
}

/** The rest of the pipeline: the next middleware, and finally the handler. */
export type Next = () => Promise<Result<KairoError, unknown>>

/**
 * Wraps the handling of every command (or query) of a bus: tracing, logging, idempotency, metrics,
 * authorisation… A middleware calls `next()` to go on, or returns a Result of its own to stop.
 *
 * @example
 * ```ts
 * const timing: Middleware = async (message, next) => {
 *   const started = performance.now()
 *   const result = await next()
 *   console.log(message.type, performance.now() - started)
 *   return result
 * }
 * ```
 */
export type Middleware = (message: MessageEnvelope, next: Next) => Promise<Result<KairoError, unknown>>

/** @internal */
export function compose(
  middleware: readonly Middleware[],
  message: MessageEnvelope,
  last: Next,
): Promise<Result<KairoError, unknown>> {
  const run = (index: number): Promise<Result<KairoError, unknown>> => {
    const current = middleware[index]
    return current ? current(message, () => run(index + 1)) : last()
  }
  return run(0)
}
