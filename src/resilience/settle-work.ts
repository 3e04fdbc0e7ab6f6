import { Err, Ok, type Result } from '../core/result.js'
import type { Work, WorkContext } from './policy.js'
import { ThrownError } from './resilience-errors.js'

/** @internal The outcome of running work once, before any policy rule looks at it. */
export type Settled = Result<unknown, unknown>

/**
 * Runs work once and turns whatever it does into a `Result`: a value becomes `Ok`, a `Result`
 * stays as it is, a throw or rejection becomes `Err(ThrownError)`. Synchronous work settles
 * synchronously (no Promise), so policies can skip the microtask.
 *
 * @internal
 */
export function settleWork(work: Work<unknown>, context: WorkContext): Settled | Promise<Settled> {
  let out: unknown
  try {
    out = work(context)
  } catch (thrown) {
    return new Err(new ThrownError(thrown))
  }
  if (isThenable(out)) return Promise.resolve(out).then(toResult, fromRejection)
  return toResult(out)
}

/**
 * {@link settleWork} followed by `after`, with one Promise at most: policies use it to act on the
 * outcome (record it, cancel a deadline) without an extra `await`.
 *
 * @internal
 */
export function settleWorkThen(
  work: Work<unknown>,
  context: WorkContext,
  after: (result: Settled) => Settled,
): Settled | Promise<Settled> {
  let out: unknown
  try {
    out = work(context)
  } catch (thrown) {
    return after(new Err(new ThrownError(thrown)))
  }
  if (isThenable(out)) {
    return Promise.resolve(out).then(
      (value) => after(toResult(value)),
      (reason) => after(fromRejection(reason)),
    )
  }
  return after(toResult(out))
}

/** @internal A settled outcome as a Promise, for `execute` methods that are not `async`. */
export function asPromise(settled: Settled | Promise<Settled>): Promise<Settled> {
  return isThenable(settled) ? settled : Promise.resolve(settled)
}

function toResult(value: unknown): Settled {
  return value instanceof Ok || value instanceof Err ? value : new Ok(value)
}

function fromRejection(reason: unknown): Settled {
  return new Err(new ThrownError(reason))
}

/** @internal */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
