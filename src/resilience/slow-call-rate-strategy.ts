import type { BreakerStrategy } from './breaker-strategy.js'
import { countWindow, timeWindow } from './call-window.js'
import { windowStrategy } from './failure-rate-window.js'

/**
 * Opens when the fraction of slow calls (calls that took at least `slowCallDurationMs`, failed or
 * not) reaches `slowCallRateThreshold`, over a count or time window, once at least `minimumCalls`
 * calls are in it. Failures alone never open it: it guards against a dependency that answers,
 * but too slowly.
 */
export interface SlowCallRateOptions {
  readonly type: 'slow-call-rate'
  /** A call this long or longer is slow, in milliseconds. */
  readonly slowCallDurationMs: number
  /** Fraction of slow calls (0–1) that opens the circuit. Defaults to 0.5. */
  readonly slowCallRateThreshold?: number
  /** The window: the last `size` calls, or the last `windowMs` milliseconds. Defaults to the last 100 calls. */
  readonly window?: { readonly size: number } | { readonly windowMs: number; readonly buckets?: number }
  /** Calls needed before the rate is judged. Defaults to 10. */
  readonly minimumCalls?: number
}

/** @internal */
export function slowCallRateStrategy(options: SlowCallRateOptions): BreakerStrategy {
  if (!(options.slowCallDurationMs > 0)) {
    throw new RangeError(`circuitBreaker: slowCallDurationMs must be > 0, got ${options.slowCallDurationMs}`)
  }
  const spec = options.window ?? { size: 100 }
  const window = 'size' in spec ? countWindow(spec.size) : timeWindow(spec.windowMs, spec.buckets ?? 10)
  return windowStrategy(window, {
    failureRateThreshold: undefined,
    slowCallRateThreshold: options.slowCallRateThreshold ?? 0.5,
    minimumCalls: options.minimumCalls ?? 10,
  })
}
