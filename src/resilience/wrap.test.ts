import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { UnavailableError } from '../core/errors.js'
import { Result } from '../core/result.js'
import { bulkhead } from './bulkhead.js'
import { circuitBreaker } from './circuit-breaker.js'
import { retry } from './retry.js'
import { timeout } from './timeout.js'
import { withResilience } from './with-resilience.js'
import { wrap } from './wrap.js'

async function settle<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let done = false
  void promise.finally(() => {
    done = true
  })
  while (!done) await clock.advance(10)
  return promise
}

describe('wrap', () => {
  it('nests policies outermost first: each retry goes through the breaker and gets its own deadline', async () => {
    const clock = new ManualClock(0)
    const breaker = circuitBreaker({ failureThreshold: 10, clock })
    const policy = wrap(
      retry({ maxAttempts: 3, backoff: { delay: 10, jitter: 'none' }, clock }),
      breaker,
      timeout(100, { clock }),
    )
    const calls: number[] = []
    const r = await settle(
      clock,
      policy.execute(async ({ attempt, signal }) => {
        calls.push(attempt)
        if (attempt < 3) await clock.sleep(1000, signal).catch(() => {}) // too slow: times out
        return attempt
      }),
    )
    expect(r).toEqual(Result.Ok(3))
    expect(calls).toEqual([1, 2, 3])
    expect(breaker.stats()).toMatchObject({ calls: 0 }) // the success closed the count of consecutive failures
  })

  it('does not retry an open circuit', async () => {
    const clock = new ManualClock(0)
    const breaker = circuitBreaker({ failureThreshold: 1, clock })
    let calls = 0
    const policy = wrap(retry({ maxAttempts: 5, clock }), breaker)
    const r = await settle(
      clock,
      policy.execute(() => {
        calls++
        return Result.Err(new UnavailableError('svc', 'down'))
      }),
    )
    expect(calls).toBe(1)
    expect(!r.ok && r.error.code).toBe('CIRCUIT_OPEN')
  })

  it('hands the caller signal through every layer to the work', async () => {
    const controller = new AbortController()
    const clock = new ManualClock(0)
    let seen: AbortSignal | undefined
    const pending = wrap(retry({ clock }), bulkhead({ maxConcurrent: 1 }), timeout(1000, { clock })).execute(
      async ({ signal }) => {
        seen = signal
        await clock.sleep(500)
      },
      { signal: controller.signal },
    )
    await clock.advance(1)
    controller.abort('stop')
    expect(seen?.aborted).toBe(true)
    await clock.advance(1000)
    await pending
  })
})

describe('withResilience', () => {
  it('keeps the function arguments and passes the context last', async () => {
    const clock = new ManualClock(0)
    let failures = 1
    const getRates = withResilience(
      async (zip: string, weight: number, { attempt }: { attempt: number; signal: AbortSignal }) => {
        if (failures-- > 0) throw new Error('reset by peer')
        return { zip, price: weight * 2, attempt }
      },
      { retry: { maxAttempts: 3, backoff: { delay: 1, jitter: 'none' }, clock }, timeout: { ms: 500, clock } },
    )
    const r = await settle(clock, getRates('75001', 3))
    expect(r).toEqual(Result.Ok({ zip: '75001', price: 6, attempt: 2 }))
  })

  it('applies the documented order: the fallback sees only the final failure, the breaker counts each try', async () => {
    const clock = new ManualClock(0)
    const breaker = circuitBreaker({ failureThreshold: 3, clock })
    const fallbackErrors: string[] = []
    const call = withResilience(() => Result.Err(new UnavailableError('svc', 'down')), {
      retry: { maxAttempts: 5, backoff: { delay: 1, jitter: 'none' }, clock },
      circuitBreaker: breaker,
      bulkhead: { maxConcurrent: 2 },
      rateLimiter: { tokensPerInterval: 100, interval: 1000, clock },
      fallback: (error) => {
        fallbackErrors.push((error as { code: string }).code)
        return 'degraded' as never
      },
    })
    const r = await settle(clock, call())
    expect(r).toEqual(Result.Ok('degraded'))
    expect(breaker.state).toBe('OPEN') // 3 tries counted, the 4th refused, CIRCUIT_OPEN is not retried
    expect(fallbackErrors).toEqual(['CIRCUIT_OPEN'])
  })

  it('runs a plain function with no policies as a Result', async () => {
    const call = withResilience((n: number) => n + 1, {})
    expect(await call(1)).toEqual(Result.Ok(2))
  })
})
