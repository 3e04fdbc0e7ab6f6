import type { Result } from '../core/result.js'
import { type BulkheadOptions, type BulkheadPolicy, bulkhead } from './bulkhead.js'
import { type CircuitBreaker, type CircuitBreakerOptions, circuitBreaker } from './circuit-breaker.js'
import { fallback } from './fallback.js'
import { type HedgeOptions, type HedgePolicy, hedge } from './hedge.js'
import type { Policy, PolicyErrorsOf, WorkContext, WorkError, WorkValue } from './policy.js'
import { PolicyContext } from './policy-context.js'
import { type RateLimiterOptions, type RateLimiterPolicy, rateLimiter } from './rate-limiter.js'
import type { ThrownError } from './resilience-errors.js'
import { type RetryOptions, type RetryPolicy, retry } from './retry.js'
import { settleWork } from './settle-work.js'
import { type TimeoutOptions, type TimeoutPolicy, timeout } from './timeout.js'
import { wrap } from './wrap.js'

/**
 * The policies {@link withResilience} applies, each given as options or as a ready policy (pass a
 * breaker from a registry to share it). Whatever is set is applied in this order, outermost first:
 *
 * `fallback` → `retry` → `circuitBreaker` → `rateLimiter` → `bulkhead` → `timeout` → `hedge` → your function
 *
 * So each retry goes through the breaker (an open circuit is not retried: `CIRCUIT_OPEN` is not
 * retryable), takes a rate token and a bulkhead slot, and has its own deadline; hedged copies share
 * that deadline; the fallback sees only the final failure.
 */
export interface ResilienceOptions<T = unknown> {
  retry?: RetryOptions | RetryPolicy
  circuitBreaker?: CircuitBreakerOptions | CircuitBreaker
  rateLimiter?: RateLimiterOptions | RateLimiterPolicy
  bulkhead?: BulkheadOptions | BulkheadPolicy
  /** Milliseconds, options with `ms`, or a timeout policy. */
  timeout?: number | (TimeoutOptions & { ms: number }) | TimeoutPolicy
  hedge?: HedgeOptions | HedgePolicy
  /** The answer when everything else failed. */
  fallback?: (error: unknown) => T | Promise<T>
}

/** The arguments of a function, without a trailing {@link WorkContext} parameter. */
export type ArgumentsWithoutContext<F> = F extends (...args: infer P) => unknown
  ? P extends [...infer A, WorkContext]
    ? A
    : P
  : never

/** What {@link withResilience} returns for a function `F` and options `O`. */
export type Resilient<F extends (...args: never[]) => unknown, O> = (
  ...args: ArgumentsWithoutContext<F>
) => Promise<Result<WorkError<ReturnType<F>> | ResilienceErrors<O> | ThrownError, WorkValue<ReturnType<F>>>>

type Given<O, K extends PropertyKey, P> = K extends keyof O ? (undefined extends O[K] ? never : P) : never
/** The errors the policies set in `O` add. */
export type ResilienceErrors<O> =
  | Given<O, 'retry', PolicyErrorsOf<RetryPolicy>>
  | Given<O, 'circuitBreaker', PolicyErrorsOf<CircuitBreaker>>
  | Given<O, 'rateLimiter', PolicyErrorsOf<RateLimiterPolicy>>
  | Given<O, 'bulkhead', PolicyErrorsOf<BulkheadPolicy>>
  | Given<O, 'timeout', PolicyErrorsOf<TimeoutPolicy>>

function isPolicy(value: unknown): value is Policy<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { execute?: unknown }).execute === 'function'
}

/**
 * Makes a resilient version of a function: same arguments, a `Promise<Result>` back, the policies
 * of `options` around every call (in the order given by {@link ResilienceOptions}). The function
 * gets the policy context (`{ signal, attempt }`) as an extra last argument.
 *
 * @example
 * ```ts
 * import { withResilience } from 'kairo/resilience'
 *
 * const getRates = withResilience(
 *   async (zip: string, { signal }: { signal: AbortSignal }) => {
 *     const res = await fetch(`https://example.com/rates/${zip}`, { signal })
 *     return (await res.json()) as { standard: number }
 *   },
 *   { retry: { maxAttempts: 3 }, circuitBreaker: { name: 'shipping-rates' }, timeout: 2000 },
 * )
 * const r = await getRates('75001') // Result<…, { standard: number }>
 * ```
 */
export function withResilience<
  F extends (...args: never[]) => unknown,
  O extends ResilienceOptions<WorkValue<ReturnType<F>>>,
>(fn: F, options: O): Resilient<F, O> {
  const layers: Policy<unknown>[] = []
  if (options.retry) layers.push(isPolicy(options.retry) ? options.retry : retry(options.retry))
  if (options.circuitBreaker) {
    layers.push(isPolicy(options.circuitBreaker) ? options.circuitBreaker : circuitBreaker(options.circuitBreaker))
  }
  if (options.rateLimiter) {
    layers.push(isPolicy(options.rateLimiter) ? options.rateLimiter : rateLimiter(options.rateLimiter))
  }
  if (options.bulkhead) layers.push(isPolicy(options.bulkhead) ? options.bulkhead : bulkhead(options.bulkhead))
  const t = options.timeout
  if (t !== undefined) layers.push(typeof t === 'number' ? timeout(t) : isPolicy(t) ? t : timeout(t.ms, t))
  if (options.hedge) layers.push(isPolicy(options.hedge) ? options.hedge : hedge(options.hedge))
  const composed = layers.length > 0 ? wrap(...layers) : undefined
  const outermost = options.fallback ? fallback(options.fallback) : undefined

  const call = fn as unknown as (...args: unknown[]) => unknown
  const resilient = (...args: unknown[]) => {
    const last = args.length
    // The context goes in the slot after the arguments (each attempt overwrites it before the call).
    const work = (context: WorkContext) => {
      args[last] = context
      return call.apply(undefined, args)
    }
    if (outermost) return outermost.execute(composed ? (context) => composed.execute(work, context) : work)
    return composed ? composed.execute(work) : Promise.resolve(settleWork(work, new PolicyContext(undefined)))
  }
  return resilient as unknown as Resilient<F, O>
}
