import { describe, expectTypeOf, it } from 'vitest'
import type { CircuitOpenError, TimeoutError } from '../core/errors.js'
import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'
import { circuitBreaker } from './circuit-breaker.js'
import { fallback } from './fallback.js'
import type { WorkContext } from './policy.js'
import type { AbortedError, RateLimitedError, ThrownError } from './resilience-errors.js'
import { retry } from './retry.js'
import { timeout } from './timeout.js'
import { withResilience } from './with-resilience.js'
import { wrap } from './wrap.js'

class PaymentDeclined extends Error {
  readonly kind = 'declined' as const
}

describe('resilience types', () => {
  it('infers the value and error types of the work', async () => {
    const r = await timeout(10).execute(async (): Promise<Result<PaymentDeclined, { id: string }>> => null as never)
    expectTypeOf(r).toEqualTypeOf<Result<PaymentDeclined | TimeoutError | ThrownError, { id: string }>>()
    const plain = await retry().execute(() => 42)
    expectTypeOf(plain).toEqualTypeOf<Result<AbortedError | ThrownError, number>>()
  })

  it('adds up the errors of wrapped policies', async () => {
    const r = await wrap(retry(), circuitBreaker(), timeout(5)).execute(async () => 'x')
    expectTypeOf(r).toEqualTypeOf<Result<AbortedError | CircuitOpenError | TimeoutError | ThrownError, string>>()
  })

  it('gives the breaker execute(fn, fallback) a fallback-typed value', async () => {
    const r = await circuitBreaker().execute(
      async () => ({ content: 'real' }),
      () => ({ content: 'fallback', cached: true }),
    )
    expectTypeOf(r).toEqualTypeOf<Result<ThrownError, { content: string } | { content: string; cached: boolean }>>()
  })

  it('keeps the fallback value type and drops work errors unless `when` is given', async () => {
    const all = await fallback(0).execute(async () => 5)
    expectTypeOf(all).toEqualTypeOf<Result<ThrownError, number>>()
    const some = await fallback(0, { when: () => true }).execute(
      async (): Promise<Result<PaymentDeclined, number>> => null as never,
    )
    expectTypeOf(some).toEqualTypeOf<Result<PaymentDeclined | ThrownError, number>>()
  })

  it('withResilience keeps the arguments, without a trailing context parameter', () => {
    const a = withResilience(async (id: string) => id.length, { retry: {}, timeout: 5 })
    expectTypeOf(a).parameters.toEqualTypeOf<[id: string]>()
    expectTypeOf(a).returns.resolves.toEqualTypeOf<Result<AbortedError | TimeoutError | ThrownError, number>>()
    const b = withResilience(async (id: string, n: number, ctx: WorkContext) => id.length + n + ctx.attempt, {
      circuitBreaker: {},
    })
    expectTypeOf(b).parameters.toEqualTypeOf<[id: string, n: number]>()
    expectTypeOf(b).returns.resolves.toEqualTypeOf<Result<CircuitOpenError | ThrownError, number>>()
    const c = withResilience(async () => 1, { rateLimiter: { tokensPerInterval: 1, interval: 1 } })
    expectTypeOf(c).parameters.toEqualTypeOf<[]>()
    expectTypeOf(c).returns.resolves.toEqualTypeOf<
      Result<RateLimitedError | AbortedError | KairoError | ThrownError, number>
    >()
  })
})
