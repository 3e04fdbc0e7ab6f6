/** One finished call as a breaker strategy sees it. */
export interface BreakerCall {
  /** The call failed with an error the breaker counts. */
  readonly failed: boolean
  /** The call took at least the slow-call duration. */
  readonly slow: boolean
}

/** Rates a strategy reports, for health and events. Rates are fractions from 0 to 1. */
export interface BreakerStats {
  /** Calls in the current window (or since the last success, for consecutive failures). */
  readonly calls: number
  readonly failures: number
  readonly slowCalls: number
  readonly failureRate: number
  readonly slowCallRate: number
}

/**
 * The state a circuit breaker keeps to decide when to open: one instance per breaker, made from
 * a plain options object by the strategy's factory.
 *
 * @internal
 */
export interface BreakerStrategy {
  record(call: BreakerCall, now: number): void
  /** True when the recorded calls say the circuit should open. */
  tripped(now: number): boolean
  stats(now: number): BreakerStats
  /** Forgets every recorded call (on closing). */
  reset(): void
}

/** @internal */
export function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole
}

/** @internal Throws at definition time when a rate threshold is not a fraction in (0, 1]. */
export function checkRate(label: string, value: number | undefined): void {
  if (value !== undefined && !(value > 0 && value <= 1)) {
    throw new RangeError(`circuitBreaker: ${label} must be a fraction in (0, 1], got ${value}`)
  }
}

/** @internal Throws at definition time when a count is not a positive integer. */
export function checkCount(label: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`circuitBreaker: ${label} must be an integer >= 1, got ${value}`)
  }
}
