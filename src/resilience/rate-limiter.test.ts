import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { UnavailableError } from '../core/errors.js'
import { Err, Result } from '../core/result.js'
import type { RateLimitStore } from './rate-limit-store.js'
import { rateLimiter } from './rate-limiter.js'

describe('rateLimiter (in-process token bucket)', () => {
  it('lets a burst of tokensPerInterval through, then refuses with retryAfter until tokens refill', async () => {
    const clock = new ManualClock(0)
    const limiter = rateLimiter({ tokensPerInterval: 3, interval: 1000, clock, name: 'partner' })
    const outcomes = []
    for (let i = 0; i < 4; i++) outcomes.push(await limiter.execute(() => i))
    expect(outcomes.slice(0, 3).map((r) => r.ok)).toEqual([true, true, true])
    const refused = outcomes[3]!
    expect(!refused.ok && refused.error.code).toBe('RATE_LIMITED')
    expect(!refused.ok && 'retryAfter' in refused.error && refused.error.retryAfter).toBe(334)
    await clock.advance(333)
    expect((await limiter.execute(() => 'x')).ok).toBe(false)
    await clock.advance(1)
    expect(await limiter.execute(() => 'x')).toEqual(Result.Ok('x'))
  })

  it('caps the bucket at burst', async () => {
    const clock = new ManualClock(0)
    const limiter = rateLimiter({ tokensPerInterval: 10, interval: 1000, burst: 2, clock })
    await clock.advance(60_000)
    const granted = []
    for (let i = 0; i < 5; i++) granted.push((await limiter.tryTake()).unwrap())
    expect(granted).toEqual([true, true, false, false, false])
  })

  it('waits up to maxWaitMs for a token instead of refusing, abortably', async () => {
    const clock = new ManualClock(0)
    const limiter = rateLimiter({ tokensPerInterval: 1, interval: 100, maxWaitMs: 150, clock })
    await limiter.execute(() => 0)
    const waited = limiter.execute(() => clock.now())
    await clock.advance(100)
    expect(await waited).toEqual(Result.Ok(100))
    const controller = new AbortController()
    const aborted = limiter.execute(() => 'never', { signal: controller.signal })
    await clock.advance(10)
    controller.abort()
    const r = await aborted
    expect(!r.ok && r.error.code).toBe('ABORTED')
  })

  it('returns the store error when the store fails, without running the work', async () => {
    const broken: RateLimitStore = { take: async () => new Err(new UnavailableError('redis', 'connection refused')) }
    let ran = false
    const r = await rateLimiter({ tokensPerInterval: 1, interval: 1, store: broken }).execute(() => {
      ran = true
    })
    expect(ran).toBe(false)
    expect(!r.ok && r.error.code).toBe('UNAVAILABLE')
  })
})
