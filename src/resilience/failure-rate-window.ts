import { type BreakerStrategy, checkCount, checkRate, rate } from './breaker-strategy.js'
import type { CallWindow } from './call-window.js'

/** @internal What the window strategies share: thresholds over a {@link CallWindow}. */
export interface WindowThresholds {
  /** Opens when failures / calls reaches this fraction. `undefined`: failures never open it. */
  readonly failureRateThreshold: number | undefined
  /** Opens when slow calls / calls reaches this fraction. `undefined`: slowness never opens it. */
  readonly slowCallRateThreshold: number | undefined
  /** Calls the window must hold before any rate is judged. */
  readonly minimumCalls: number
}

/**
 * A strategy that opens when a rate over a sliding window reaches its threshold, once the window
 * holds at least `minimumCalls` calls.
 *
 * @internal
 */
export function windowStrategy(window: CallWindow, thresholds: WindowThresholds): BreakerStrategy {
  const { failureRateThreshold, slowCallRateThreshold, minimumCalls } = thresholds
  checkRate('failureRateThreshold', failureRateThreshold)
  checkRate('slowCallRateThreshold', slowCallRateThreshold)
  checkCount('minimumCalls', minimumCalls)
  const stats = (now: number) => {
    const t = window.totals(now)
    return { ...t, failureRate: rate(t.failures, t.calls), slowCallRate: rate(t.slowCalls, t.calls) }
  }
  return {
    record: (call, now) => window.record(call, now),
    tripped(now) {
      const s = stats(now)
      if (s.calls < minimumCalls) return false
      return (
        (failureRateThreshold !== undefined && s.failureRate >= failureRateThreshold) ||
        (slowCallRateThreshold !== undefined && s.slowCallRate >= slowCallRateThreshold)
      )
    },
    stats,
    reset: () => window.reset(),
  }
}
