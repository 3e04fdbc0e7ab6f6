import { type BreakerCall, type BreakerStats, type BreakerStrategy, checkCount, rate } from './breaker-strategy.js'

/** Opens after `threshold` failures in a row; any success starts the count again. */
export interface ConsecutiveFailuresOptions {
  readonly type: 'consecutive-failures'
  /** Failures in a row that open the circuit. Defaults to 5. */
  readonly threshold?: number
}

/**
 * The consecutive-failures strategy's state.
 *
 * @internal
 */
export function consecutiveFailures(options: ConsecutiveFailuresOptions): BreakerStrategy {
  const threshold = options.threshold ?? 5
  checkCount('threshold', threshold)
  let failures = 0
  let slow = 0
  let calls = 0
  return {
    record(call: BreakerCall) {
      calls = call.failed ? calls + 1 : 0
      failures = call.failed ? failures + 1 : 0
      slow = call.failed && call.slow ? slow + 1 : 0
    },
    tripped: () => failures >= threshold,
    stats: (): BreakerStats => ({
      calls,
      failures,
      slowCalls: slow,
      failureRate: rate(failures, calls),
      slowCallRate: rate(slow, calls),
    }),
    reset() {
      failures = 0
      slow = 0
      calls = 0
    },
  }
}
