/**
 * How long to wait between attempts.
 *
 * - `constant`: `delay` every time;
 * - `exponential`: `delay × factor^(n-1)` before retry `n`, capped at `maxDelay`.
 *
 * Jitter spreads retries of many callers apart:
 * - `none`: the computed delay;
 * - `full`: a random delay between 0 and the computed delay ("full jitter");
 * - `decorrelated`: a random delay between `delay` and three times the previous delay, capped at
 *   `maxDelay` ("decorrelated jitter"; it grows on its own, whatever `type` says).
 */
export interface BackoffOptions {
  /** Defaults to `'exponential'`. */
  type?: 'constant' | 'exponential'
  /** Milliseconds before the first retry. Defaults to 100. */
  delay?: number
  /** Upper bound of any delay, in milliseconds. Defaults to 30 000. */
  maxDelay?: number
  /** Growth per retry for `exponential`. Defaults to 2. */
  factor?: number
  /** Defaults to `'full'`. */
  jitter?: 'none' | 'full' | 'decorrelated'
}

/**
 * The backoff defaults: exponential from 100 ms, doubling, capped at 30 s, with full jitter.
 *
 * @example
 * ```ts
 * import { defaultBackoff, retry } from 'kairo/resilience'
 * retry({ backoff: { ...defaultBackoff, delay: 50 } })
 * ```
 */
export const defaultBackoff: Readonly<Required<BackoffOptions>> = Object.freeze({
  type: 'exponential',
  delay: 100,
  maxDelay: 30_000,
  factor: 2,
  jitter: 'full',
})

/**
 * The delay before retry number `retry` (1 for the first retry), given the previous delay (for
 * decorrelated jitter) and a source of randomness in [0, 1).
 *
 * @example
 * ```ts
 * backoffDelay({ ...defaultBackoff, jitter: 'none' }, 3, 0, Math.random) // 400
 * ```
 */
export function backoffDelay(
  options: Readonly<Required<BackoffOptions>>,
  retry: number,
  previousDelay: number,
  random: () => number,
): number {
  const { type, delay, maxDelay, factor, jitter } = options
  if (jitter === 'decorrelated') {
    const upper = Math.max(delay, (previousDelay || delay) * 3)
    return Math.min(maxDelay, delay + random() * (upper - delay))
  }
  const base = Math.min(maxDelay, type === 'constant' ? delay : delay * factor ** (retry - 1))
  return jitter === 'full' ? random() * base : base
}
