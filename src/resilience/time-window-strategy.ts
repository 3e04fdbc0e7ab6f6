import type { BreakerStrategy } from './breaker-strategy.js'
import { timeWindow } from './call-window.js'
import { windowStrategy } from './failure-rate-window.js'

/**
 * Opens when the failure rate of the calls of the last `windowMs` milliseconds reaches
 * `failureRateThreshold`, once at least `minimumCalls` calls were made in that time
 * (resilience4j's TIME_BASED window). The window slides a bucket (`windowMs / buckets`) at a time.
 */
export interface TimeWindowOptions {
  readonly type: 'time-window'
  /** Length of the window in milliseconds. Defaults to 60 000. */
  readonly windowMs?: number
  /** Buckets the window is split into. Defaults to 10. */
  readonly buckets?: number
  /** Fraction of failed calls (0–1) that opens the circuit. Defaults to 0.5. */
  readonly failureRateThreshold?: number
  /** Also open when this fraction of calls is slow (needs `slowCallDurationMs`). Off by default. */
  readonly slowCallRateThreshold?: number
  /** Calls needed before the rate is judged. Defaults to 10. */
  readonly minimumCalls?: number
}

/** @internal */
export function timeWindowStrategy(options: TimeWindowOptions): BreakerStrategy {
  const windowMs = options.windowMs ?? 60_000
  const buckets = options.buckets ?? 10
  return windowStrategy(timeWindow(windowMs, buckets), {
    failureRateThreshold: options.failureRateThreshold ?? 0.5,
    slowCallRateThreshold: options.slowCallRateThreshold,
    minimumCalls: options.minimumCalls ?? 10,
  })
}
