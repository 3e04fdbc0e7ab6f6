import type { Clock } from '../core/clock.js'
import { systemClock } from '../core/clock.js'
import type { ExecuteOptions, Policy, PolicyResult, Work } from './policy.js'
import { AbortableContext } from './policy-context.js'
import { HedgeLostError } from './resilience-errors.js'
import type { Settled } from './settle-work.js'
import { settleWork } from './settle-work.js'

/** Options of {@link hedge}. */
export interface HedgeOptions {
  /** Milliseconds to wait for an attempt before starting the next one. Required. */
  delayMs: number
  /** Attempts started at most, the first included. Defaults to 2. */
  maxAttempts?: number
  /** Start the next attempt at once when one fails (before `delayMs`). Defaults to true. */
  hedgeOnFailure?: boolean
  /** Defaults to `systemClock`. */
  clock?: Clock
}

/** A hedging policy; see {@link hedge}. */
export type HedgePolicy = Policy<never>

/**
 * Cuts tail latency: when an attempt has not answered after `delayMs`, starts another one (up to
 * `maxAttempts` in all). The first success wins; the other attempts' signals fire (reason
 * `HedgeLostError`) and their late results are ignored. When every attempt fails, the result is
 * the last failure. Each attempt's `attempt` number is 1, 2, … in start order.
 *
 * Only hedge idempotent work (reads, or writes with an idempotency key).
 *
 * @example
 * ```ts
 * import { hedge } from 'kairo/resilience'
 *
 * const r = await hedge({ delayMs: 50, maxAttempts: 3 }).execute(({ signal }) =>
 *   fetch('https://example.com/price', { signal }).then((res) => res.json()),
 * )
 * ```
 */
export function hedge(options: HedgeOptions): HedgePolicy {
  const { delayMs, maxAttempts = 2, hedgeOnFailure = true } = options
  const clock = options.clock ?? systemClock
  if (!(delayMs >= 0)) throw new RangeError(`hedge: delayMs must be >= 0, got ${delayMs}`)
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`hedge: maxAttempts must be an integer >= 1, got ${maxAttempts}`)
  }

  return Object.freeze({
    execute<R>(work: Work<R>, callOptions?: ExecuteOptions): Promise<PolicyResult<R, never>> {
      return new Promise<Settled>((resolve) => {
        const attempts: AbortableContext[] = []
        let settledCount = 0
        let done = false
        let cancelTimer: (() => void) | undefined

        const finish = (result: Settled, winner: AbortableContext | undefined) => {
          done = true
          cancelTimer?.()
          for (const context of attempts) if (context !== winner) context.abort(new HedgeLostError())
          resolve(result)
        }

        const start = () => {
          cancelTimer?.()
          cancelTimer = undefined
          const context = new AbortableContext(callOptions, attempts.length + 1)
          attempts.push(context)
          if (attempts.length < maxAttempts) cancelTimer = clock.schedule(start, delayMs)
          Promise.resolve(settleWork(work, context)).then((result) => {
            settledCount++
            if (done) return
            if (result.ok) return finish(result, context)
            if (settledCount === maxAttempts) return finish(result, undefined)
            if (hedgeOnFailure && attempts.length < maxAttempts) start()
          })
        }
        start()
      }) as Promise<PolicyResult<R, never>>
    },
  })
}
