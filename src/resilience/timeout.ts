import type { Clock } from '../core/clock.js'
import { systemClock } from '../core/clock.js'
import { TimeoutError } from '../core/errors.js'
import { Err } from '../core/result.js'
import { DeadlineQueue } from './deadline-queue.js'
import type { ExecuteOptions, Policy, PolicyResult, Work } from './policy.js'
import { AbortableContext } from './policy-context.js'
import { asPromise, isThenable, type Settled, settleWorkThen } from './settle-work.js'

/**
 * Options of {@link timeout}.
 *
 * - `aggressive` (default): at the deadline the call ends at once with `TimeoutError`; the work's
 *   signal fires and whatever it returns later is ignored.
 * - `cooperative`: at the deadline the work's signal fires and the policy waits for the work to
 *   settle. A failure after the deadline is reported as `TimeoutError` (its `cause` is the work's
 *   error); a value the work still returns is kept.
 */
export interface TimeoutOptions {
  /** Defaults to `'aggressive'`. */
  mode?: 'cooperative' | 'aggressive'
  /** The operation's name in the error message. Defaults to `'operation'`. */
  name?: string
  /** Defaults to `systemClock`. */
  clock?: Clock
}

/** The timeout defaults: aggressive mode, named `'operation'`, on the system clock. */
export const defaultTimeoutOptions = Object.freeze({
  mode: 'aggressive' as const,
  name: 'operation',
  clock: systemClock,
})

/** A timeout policy; see {@link timeout}. */
export type TimeoutPolicy = Policy<TimeoutError> & { readonly ms: number; readonly mode: 'cooperative' | 'aggressive' }

/**
 * Bounds how long work may take. The work's `signal` fires at the deadline; the `AbortController`
 * behind it is created only if the work reads `signal`, and the calls of one policy share a single
 * clock timer, so a deadline around work that does not listen costs a few allocations.
 *
 * @example
 * ```ts
 * import { timeout } from 'kairo/resilience'
 *
 * const r = await timeout(2000, { name: 'shipping rates' }).execute(({ signal }) =>
 *   fetch('https://example.com/rates', { signal }),
 * )
 * if (!r.ok && r.error.code === 'TIMEOUT') console.log('too slow')
 * ```
 */
export function timeout(ms: number, options: TimeoutOptions = {}): TimeoutPolicy {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`timeout: ms must be a finite number >= 0, got ${ms}`)
  const mode = options.mode ?? defaultTimeoutOptions.mode
  const name = options.name ?? defaultTimeoutOptions.name
  const clock = options.clock ?? defaultTimeoutOptions.clock

  const deadlines = new DeadlineQueue(clock, ms)

  /** Cooperative: the deadline fires the signal; the outcome is whatever the work settles to. */
  function cooperative(work: Work<unknown>, context: AbortableContext): Settled | Promise<Settled> {
    let timedOut = false
    const deadline = deadlines.add(() => {
      timedOut = true
      context.abort(new TimeoutError(name, ms))
    })
    return settleWorkThen(work, context, (result) => {
      deadlines.cancel(deadline)
      return timedOut && !result.ok ? new Err(new TimeoutError(name, ms, { cause: result.error })) : result
    })
  }

  /** Aggressive: the deadline also ends the call; a later outcome is ignored. */
  function aggressive(work: Work<unknown>, context: AbortableContext): Settled | Promise<Settled> {
    let timedOut: ((result: Settled) => void) | undefined
    const deadline = deadlines.add(() => {
      const error = new TimeoutError(name, ms)
      context.abort(error)
      timedOut?.(new Err(error))
    })
    const settled = settleWorkThen(work, context, (result) => {
      deadlines.cancel(deadline)
      return result
    })
    if (!isThenable(settled)) return settled
    return new Promise<Settled>((resolve) => {
      timedOut = resolve
      settled.then(resolve)
    })
  }

  const run = mode === 'cooperative' ? cooperative : aggressive
  return Object.freeze({
    ms,
    mode,
    execute<R>(work: Work<R>, callOptions?: ExecuteOptions): Promise<PolicyResult<R, TimeoutError>> {
      return asPromise(run(work as Work<unknown>, new AbortableContext(callOptions))) as Promise<
        PolicyResult<R, TimeoutError>
      >
    },
  })
}
