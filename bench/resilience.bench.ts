import {
  ConsecutiveBreaker,
  circuitBreaker as cockatielBreaker,
  bulkhead as cockatielBulkhead,
  retry as cockatielRetry,
  timeout as cockatielTimeout,
  wrap as cockatielWrap,
  ExponentialBackoff,
  handleAll,
  TimeoutStrategy,
} from 'cockatiel'
import {
  bulkhead,
  circuitBreaker,
  fallback,
  hedge,
  rateLimiter,
  retry,
  timeout,
  withResilience,
  wrap,
} from 'kairo/resilience'
import OpossumBreaker from 'opossum'
import { benchGroup } from './harness.js'
import resourceBench from './resource.bench.js'

/**
 * The cost a policy adds around a call that resolves at once (`async () => 1`), next to the bare
 * call, cockatiel 3.2 and opossum 9, in one run; then a `kairo/resource` GET against raw `fetch`
 * on a local server (`bench/resource.bench.ts`, also runnable alone: `npm run bench -- resource`).
 */
export default async function resilienceBench(): Promise<void> {
  const work = async () => 1

  const kairoStack = wrap(retry({ maxAttempts: 3 }), circuitBreaker({ name: 'bench' }), timeout(10_000))
  const kairoResilient = withResilience(work, {
    retry: { maxAttempts: 3 },
    circuitBreaker: { name: 'bench-with' },
    timeout: 10_000,
  })
  const cockatielRetryBreaker = cockatielWrap(
    cockatielRetry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
    cockatielBreaker(handleAll, { halfOpenAfter: 60_000, breaker: new ConsecutiveBreaker(5) }),
  )
  const cockatielStack = cockatielWrap(
    cockatielRetry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
    cockatielBreaker(handleAll, { halfOpenAfter: 60_000, breaker: new ConsecutiveBreaker(5) }),
    cockatielTimeout(10_000, TimeoutStrategy.Cooperative),
  )
  const opossum = new OpossumBreaker(work, { timeout: 10_000, resetTimeout: 60_000 })

  await benchGroup('retry + circuit breaker + timeout around async () => 1', [
    { name: 'bare call', fn: work, baseline: true },
    { name: 'kairo wrap(retry, breaker, timeout)', fn: () => kairoStack.execute(work) },
    { name: 'kairo withResilience(retry, breaker, timeout)', fn: () => kairoResilient() },
    { name: 'cockatiel 3.2 retry + breaker', fn: () => cockatielRetryBreaker.execute(work) },
    { name: 'cockatiel 3.2 retry + breaker + timeout', fn: () => cockatielStack.execute(work) },
    { name: 'opossum 9 (breaker + timeout)', fn: () => opossum.fire() },
  ])

  const kRetry = retry()
  const kBreaker = circuitBreaker({ name: 'bench-alone' })
  const kTimeout = timeout(10_000)
  const kTimeoutCooperative = timeout(10_000, { mode: 'cooperative' })
  const kBulkhead = bulkhead({ maxConcurrent: 1_000, maxQueue: 0 })
  const kLimiter = rateLimiter({ tokensPerInterval: 1e12, interval: 1 })
  const kFallback = fallback(0)
  const kHedge = hedge({ delayMs: 10_000 })
  const cRetry = cockatielRetry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() })
  const cBreaker = cockatielBreaker(handleAll, { halfOpenAfter: 60_000, breaker: new ConsecutiveBreaker(5) })
  const cTimeout = cockatielTimeout(10_000, TimeoutStrategy.Cooperative)
  const cBulkhead = cockatielBulkhead(1_000, 0)

  await benchGroup('each policy alone around async () => 1', [
    { name: 'bare call', fn: work, baseline: true },
    { name: 'kairo retry', fn: () => kRetry.execute(work) },
    { name: 'cockatiel retry', fn: () => cRetry.execute(work) },
    { name: 'kairo circuitBreaker', fn: () => kBreaker.execute(work) },
    { name: 'cockatiel circuitBreaker', fn: () => cBreaker.execute(work) },
    { name: 'kairo timeout (aggressive)', fn: () => kTimeout.execute(work) },
    { name: 'kairo timeout (cooperative)', fn: () => kTimeoutCooperative.execute(work) },
    {
      name: 'kairo timeout, work reads signal',
      fn: () => kTimeout.execute(({ signal }) => (signal.aborted ? 0 : work())),
    },
    { name: 'cockatiel timeout (cooperative)', fn: () => cTimeout.execute(work) },
    { name: 'kairo bulkhead', fn: () => kBulkhead.execute(work) },
    { name: 'cockatiel bulkhead', fn: () => cBulkhead.execute(work) },
    { name: 'kairo rateLimiter (memory)', fn: () => kLimiter.execute(work) },
    { name: 'kairo fallback', fn: () => kFallback.execute(work) },
    { name: 'kairo hedge', fn: () => kHedge.execute(work) },
  ])

  await resourceBench()
}
