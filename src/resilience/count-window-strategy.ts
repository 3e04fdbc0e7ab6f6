import type { BreakerStrategy } from './breaker-strategy.js'
import { countWindow } from './call-window.js'
import { windowStrategy } from './failure-rate-window.js'

/**
 * Opens when the failure rate of the last `size` calls reaches `failureRateThreshold`, once at
 * least `minimumCalls` calls are in the window (resilience4j's COUNT_BASED window).
 */
export interface CountWindowOptions {
  readonly type: 'count-window'
  /** How many recent calls the window holds. Defaults to 100. */
  readonly size?: number
  /** Fraction of failed calls (0–1) that opens the circuit. Defaults to 0.5. */
  readonly failureRateThreshold?: number
  /** Also open when this fraction of calls is slow (needs `slowCallDurationMs`). Off by default. */
  readonly slowCallRateThreshold?: number
  /** Calls needed before the rate is judged. Defaults to `min(size, 10)`. */
  readonly minimumCalls?: number
}

/** @internal */
export function countWindowStrategy(options: CountWindowOptions): BreakerStrategy {
  const size = options.size ?? 100
  return windowStrategy(countWindow(size), {
    failureRateThreshold: options.failureRateThreshold ?? 0.5,
    slowCallRateThreshold: options.slowCallRateThreshold,
    minimumCalls: options.minimumCalls ?? Math.min(size, 10),
  })
}
