import type { ExecuteOptions, Policy, PolicyErrorsOf, PolicyResult, Work } from './policy.js'
import type { Settled } from './settle-work.js'

/**
 * Composes policies, outermost first: `wrap(retry(), breaker, timeout(1000))` retries calls that go
 * through the breaker, each bounded by the timeout. The work's context comes from the innermost
 * policy, and the caller's signal reaches every layer.
 *
 * @example
 * ```ts
 * import { circuitBreaker, retry, timeout, wrap } from 'kairo/resilience'
 *
 * const policy = wrap(retry({ maxAttempts: 3 }), circuitBreaker({ name: 'rates' }), timeout(1000))
 * const r = await policy.execute(({ signal }) => fetch('https://example.com/rates', { signal }))
 * ```
 */
export function wrap<const Ps extends readonly Policy<unknown>[]>(...policies: Ps): Policy<PolicyErrorsOf<Ps[number]>> {
  if (policies.length === 0) throw new TypeError('wrap: give at least one policy')
  const last = policies.length - 1
  const call = (index: number, work: Work<unknown>, options: ExecuteOptions | undefined): Promise<Settled> => {
    const policy = policies[index]!
    return (
      index === last
        ? policy.execute(work, options)
        : policy.execute((context) => call(index + 1, work, context), options)
    ) as Promise<Settled>
  }
  return Object.freeze({
    execute<R>(work: Work<R>, options?: ExecuteOptions) {
      return call(0, work, options) as Promise<PolicyResult<R, PolicyErrorsOf<Ps[number]>>>
    },
  })
}
