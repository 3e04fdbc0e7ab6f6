import type { Result } from '../core/result.js'
import type { ExecuteOptions, Work, WorkContext, WorkError, WorkValue } from './policy.js'
import { contextFor } from './policy-context.js'
import type { ThrownError } from './resilience-errors.js'
import { settleWork } from './settle-work.js'

/** Options of {@link fallback}. */
export interface FallbackOptions {
  /** Called with the error each time the fallback is used. */
  onFallback?: (error: unknown) => void
}

/** Options of {@link fallback} that fall back only for some errors; the others pass through. */
export interface SelectiveFallbackOptions extends FallbackOptions {
  /** Fall back only when this returns true. */
  when: (error: unknown) => boolean
}

/** A fallback for every failure: the result is never the work's error (only a throw of the fallback itself). */
export interface FallbackPolicy<V, FE = never> {
  execute<R>(work: Work<R>, options?: ExecuteOptions): Promise<Result<FE | ThrownError, WorkValue<R> | V>>
}

/** A fallback for the failures `when` selects; other failures pass through. */
export interface SelectiveFallbackPolicy<V, FE = never> {
  execute<R>(
    work: Work<R>,
    options?: ExecuteOptions,
  ): Promise<Result<WorkError<R> | FE | ThrownError, WorkValue<R> | V>>
}

/**
 * Replaces a failure with a value: a constant, or what a function of the error returns (a value,
 * a Promise, or a `Result`). Put it outermost, around the other policies. To fall back to a
 * function *value*, return it from a function: `fallback(() => fn)`.
 *
 * @example
 * ```ts
 * import { fallback, retry } from 'kairo/resilience'
 *
 * const rates = await fallback({ standard: 4.9 }).execute(() => retry().execute(fetchRates))
 * // rates.ok is always true here
 * const user = await fallback((error) => ({ id: 'guest', reason: String(error) }), {
 *   when: (error) => (error as { code?: string }).code === 'TIMEOUT',
 * }).execute(loadUser)
 * ```
 */
export function fallback<R>(
  fn: (error: unknown, context: WorkContext) => R,
  options: SelectiveFallbackOptions,
): SelectiveFallbackPolicy<WorkValue<R>, WorkError<R>>
export function fallback<R>(
  fn: (error: unknown, context: WorkContext) => R,
  options?: FallbackOptions,
): FallbackPolicy<WorkValue<R>, WorkError<R>>
export function fallback<V>(value: V, options: SelectiveFallbackOptions): SelectiveFallbackPolicy<V>
export function fallback<V>(value: V, options?: FallbackOptions): FallbackPolicy<V>
export function fallback(
  valueOrFn: unknown,
  options: FallbackOptions & { when?: (error: unknown) => boolean } = {},
): FallbackPolicy<unknown, unknown> {
  const { when, onFallback } = options
  const replacement: (error: unknown, context: WorkContext) => unknown =
    typeof valueOrFn === 'function' ? (valueOrFn as (error: unknown) => unknown) : () => valueOrFn
  return Object.freeze({
    async execute<R>(work: Work<R>, callOptions?: ExecuteOptions) {
      const context = contextFor(callOptions)
      const result = await settleWork(work, context)
      if (result.ok || (when !== undefined && !when(result.error))) return result
      onFallback?.(result.error)
      return settleWork((c) => replacement(result.error, c), context)
    },
  }) as FallbackPolicy<unknown, unknown>
}
