import { Err } from '../core/result.js'
import type { ExecuteOptions, Policy, PolicyResult, Work } from './policy.js'
import { contextFor } from './policy-context.js'
import { AbortedError, BulkheadRejectedError } from './resilience-errors.js'
import { asPromise, type Settled, settleWorkThen } from './settle-work.js'

/** Options of {@link bulkhead}. */
export interface BulkheadOptions {
  /** Calls running at once. Required. */
  maxConcurrent: number
  /** Calls waiting for a slot; one more is refused with `BULKHEAD_FULL`. Defaults to 0. */
  maxQueue?: number
  /** Names the bulkhead in errors. Defaults to `'bulkhead'`. */
  name?: string
}

/** A bulkhead; see {@link bulkhead}. */
export type BulkheadPolicy = Policy<BulkheadRejectedError | AbortedError> & {
  /** Calls running now. */
  readonly running: number
  /** Calls waiting for a slot now. */
  readonly queued: number
}

interface Waiter {
  admit(): void
}

/**
 * Caps how many calls run at once, with a bounded queue behind them. A full bulkhead refuses with
 * `BulkheadRejectedError` (code `BULKHEAD_FULL`); a queued call whose signal aborts leaves the queue
 * at once (its place goes to the next caller) and ends with `AbortedError`.
 *
 * @example
 * ```ts
 * import { bulkhead } from 'kairo/resilience'
 *
 * const pool = bulkhead({ maxConcurrent: 4, maxQueue: 16, name: 'pdf-render' })
 * const r = await pool.execute(() => renderPdf(order), { signal: request.signal })
 * if (!r.ok && r.error.code === 'BULKHEAD_FULL') return new Response('busy', { status: 503 })
 * ```
 */
export function bulkhead(options: BulkheadOptions): BulkheadPolicy {
  const { maxConcurrent, maxQueue = 0, name = 'bulkhead' } = options
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError(`bulkhead: maxConcurrent must be an integer >= 1, got ${maxConcurrent}`)
  }
  if (!Number.isInteger(maxQueue) || maxQueue < 0) {
    throw new RangeError(`bulkhead: maxQueue must be an integer >= 0, got ${maxQueue}`)
  }
  let running = 0
  const queue = new Set<Waiter>()

  const release = () => {
    const next = queue.values().next()
    if (next.done) {
      running--
      return
    }
    queue.delete(next.value)
    next.value.admit()
  }

  const waitForSlot = (signal: AbortSignal | undefined): Promise<AbortedError | undefined> =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve(new AbortedError('bulkhead queue', { cause: signal.reason }))
      const onAbort = () => {
        queue.delete(waiter)
        resolve(new AbortedError('bulkhead queue', { cause: signal?.reason }))
      }
      const waiter: Waiter = {
        admit() {
          signal?.removeEventListener('abort', onAbort)
          resolve(undefined)
        },
      }
      queue.add(waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
    })

  const releaseAfter = (result: Settled) => {
    release()
    return result
  }
  const run = (work: Work<unknown>, callOptions: ExecuteOptions | undefined): Settled | Promise<Settled> =>
    settleWorkThen(work, contextFor(callOptions), releaseAfter)

  type Out<R> = Promise<PolicyResult<R, BulkheadRejectedError | AbortedError>>

  return Object.freeze({
    get running() {
      return running
    },
    get queued() {
      return queue.size
    },
    execute<R>(work: Work<R>, callOptions?: ExecuteOptions): Out<R> {
      if (running < maxConcurrent) {
        running++
        return asPromise(run(work, callOptions)) as Out<R>
      }
      if (queue.size >= maxQueue) {
        return Promise.resolve(new Err(new BulkheadRejectedError(name, maxConcurrent, maxQueue))) as Out<R>
      }
      return waitForSlot(callOptions?.signal).then((aborted) =>
        aborted ? new Err(aborted) : run(work, callOptions),
      ) as Out<R>
    },
  })
}
