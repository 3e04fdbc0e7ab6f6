import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { NotFoundError, UnavailableError } from '../core/errors.js'
import { Result } from '../core/result.js'
import {
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
  circuitBreaker,
} from './circuit-breaker.js'
import type { CircuitBreakerEvents } from './circuit-breaker-events.js'

const down = new UnavailableError('payments', 'connection refused')
const fail = (): Result<UnavailableError, string> => Result.Err(down)
const succeed = (): Result<UnavailableError, string> => Result.Ok('ok')

function setup(options: Omit<CircuitBreakerOptions, 'clock'>) {
  const clock = new ManualClock(1_000_000)
  const breaker = circuitBreaker({ name: 'payments', ...options, clock })
  const transitions: string[] = []
  breaker.on('stateChange', (t) => transitions.push(`${t.from}->${t.to}@${t.at - 1_000_000}`))
  return { clock, breaker, transitions }
}

async function run(breaker: CircuitBreaker, outcomes: string): Promise<void> {
  for (const o of outcomes) await breaker.execute(o === 'F' ? fail : succeed)
}

/** Work that takes `ms` on the manual clock. */
const slowWork = (clock: ManualClock, ms: number) => () => clock.sleep(ms).then(() => 'slow')

async function runSlow(clock: ManualClock, breaker: CircuitBreaker, ms: number) {
  const pending = breaker.execute(slowWork(clock, ms))
  await clock.advance(ms)
  return pending
}

describe('circuitBreaker: consecutive failures (default)', () => {
  it('opens after failureThreshold failures in a row; a success resets the count', async () => {
    const { breaker, transitions } = setup({ failureThreshold: 3 })
    await run(breaker, 'FFSFF')
    expect(breaker.state).toBe('CLOSED')
    await run(breaker, 'F')
    expect(breaker.state).toBe('OPEN')
    expect(transitions).toEqual(['CLOSED->OPEN@0'])
  })

  it('refuses calls while open with CircuitOpenError.retryAfter counting down, without running them', async () => {
    const { clock, breaker } = setup({ failureThreshold: 1, timeout: 30_000 })
    await run(breaker, 'F')
    await clock.advance(10_000)
    let ran = false
    const r = await breaker.execute(() => {
      ran = true
    })
    expect(ran).toBe(false)
    expect(!r.ok && r.error.code).toBe('CIRCUIT_OPEN')
    expect(!r.ok && 'retryAfter' in r.error && r.error.retryAfter).toBe(20_000)
  })

  it('goes half-open after the timeout; a good trial closes it, a bad one reopens it', async () => {
    const { clock, breaker, transitions } = setup({ failureThreshold: 2, timeout: 5000 })
    await run(breaker, 'FF')
    await clock.advance(4999)
    expect(breaker.state).toBe('OPEN')
    await clock.advance(1)
    expect(breaker.state).toBe('HALF_OPEN')
    await run(breaker, 'F')
    expect(breaker.state).toBe('OPEN')
    await clock.advance(5000)
    await run(breaker, 'S')
    expect(breaker.state).toBe('CLOSED')
    expect(transitions).toEqual([
      'CLOSED->OPEN@0',
      'OPEN->HALF_OPEN@5000',
      'HALF_OPEN->OPEN@5000',
      'OPEN->HALF_OPEN@10000',
      'HALF_OPEN->CLOSED@10000',
    ])
    // Closed again with a fresh count: one failure does not reopen.
    await run(breaker, 'F')
    expect(breaker.state).toBe('CLOSED')
  })

  it('lets only permittedCallsInHalfOpen trials through and closes after that many successes', async () => {
    const { clock, breaker } = setup({ failureThreshold: 1, timeout: 1000, permittedCallsInHalfOpen: 2 })
    await run(breaker, 'F')
    await clock.advance(1000)
    const trial1 = breaker.execute(slowWork(clock, 100))
    const trial2 = breaker.execute(slowWork(clock, 100))
    const third = await breaker.execute(succeed)
    expect(!third.ok && third.error.code).toBe('CIRCUIT_OPEN')
    expect(!third.ok && 'retryAfter' in third.error && third.error.retryAfter).toBe(0)
    await clock.advance(100)
    expect((await trial1).ok && (await trial2).ok).toBe(true)
    expect(breaker.state).toBe('CLOSED')
  })

  it('ignores outcomes of calls let through before a transition', async () => {
    const { clock, breaker } = setup({ failureThreshold: 1, timeout: 1000 })
    const early = breaker.execute(() => clock.sleep(5000).then(() => Result.Err(down)))
    await run(breaker, 'F') // opens
    await clock.advance(1000)
    await run(breaker, 'S') // half-open trial succeeds: closed
    await clock.advance(4000) // the early call fails now, in a later generation
    await early
    expect(breaker.state).toBe('CLOSED')
  })
})

describe('circuitBreaker: count-based sliding window', () => {
  const strategy = { type: 'count-window', size: 10, failureRateThreshold: 0.5, minimumCalls: 6 } as const

  it('waits for minimumCalls, then opens when the failure rate of the last N calls reaches the threshold', async () => {
    const { breaker } = setup({ strategy })
    await run(breaker, 'FFFFF')
    expect(breaker.state).toBe('CLOSED') // 5 calls < minimumCalls
    expect(breaker.stats()).toMatchObject({ calls: 5, failures: 5, failureRate: 1 })
    await run(breaker, 'S')
    expect(breaker.state).toBe('OPEN') // 5/6 ≥ 0.5
  })

  it('forgets calls that slide out of the window', async () => {
    const { breaker } = setup({ strategy })
    await run(breaker, 'FF' + 'SSSSSSSSSS') // the two failures have slid out
    expect(breaker.stats()).toMatchObject({ calls: 10, failures: 0, failureRate: 0 })
    await run(breaker, 'FFFF')
    expect(breaker.state).toBe('CLOSED') // 4/10
    await run(breaker, 'F')
    expect(breaker.state).toBe('OPEN') // 5/10
  })
})

describe('circuitBreaker: time-based sliding window', () => {
  const strategy = {
    type: 'time-window',
    windowMs: 10_000,
    buckets: 10,
    failureRateThreshold: 0.5,
    minimumCalls: 4,
  } as const

  it('judges the calls of the last windowMs only', async () => {
    const { clock, breaker } = setup({ strategy })
    await run(breaker, 'FFF')
    await clock.advance(10_000) // those failures age out
    await run(breaker, 'SSS')
    expect(breaker.stats()).toMatchObject({ calls: 3, failures: 0 })
    await run(breaker, 'F')
    expect(breaker.state).toBe('CLOSED') // 1/4
    await run(breaker, 'FF')
    expect(breaker.state).toBe('OPEN') // 3/6
  })

  it('slides a bucket at a time', async () => {
    const { clock, breaker } = setup({ strategy })
    await run(breaker, 'FF')
    await clock.advance(5000)
    await run(breaker, 'SS')
    await clock.advance(4999)
    expect(breaker.stats()).toMatchObject({ calls: 4, failures: 2 })
    await clock.advance(1001) // the first bucket (with both failures) is now older than 10 s
    expect(breaker.stats()).toMatchObject({ calls: 2, failures: 0 })
  })
})

describe('circuitBreaker: slow-call rate', () => {
  const strategy = {
    type: 'slow-call-rate',
    slowCallDurationMs: 1000,
    slowCallRateThreshold: 0.5,
    window: { size: 4 },
    minimumCalls: 4,
  } as const

  it('opens when slow calls reach the rate, even though every call succeeded', async () => {
    const { clock, breaker } = setup({ strategy })
    const events: Array<{ slow: boolean; durationMs: number }> = []
    breaker.on('success', (e) => events.push({ slow: e.slow, durationMs: e.durationMs }))
    await runSlow(clock, breaker, 10)
    await runSlow(clock, breaker, 1500)
    await runSlow(clock, breaker, 999)
    expect(breaker.state).toBe('CLOSED')
    await runSlow(clock, breaker, 1000)
    expect(breaker.state).toBe('OPEN') // 2 slow of 4
    expect(events).toEqual([
      { slow: false, durationMs: 10 },
      { slow: true, durationMs: 1500 },
      { slow: false, durationMs: 999 },
      { slow: true, durationMs: 1000 },
    ])
    expect(breaker.health()).toMatchObject({ healthy: false, state: 'OPEN', slowCallRate: 0.5, failureRate: 0 })
  })

  it('does not open on failures alone, and reopens on a slow trial', async () => {
    const { clock, breaker } = setup({ strategy, timeout: 1000 })
    await run(breaker, 'FFFFFF')
    expect(breaker.state).toBe('CLOSED')
    for (let i = 0; i < 4; i++) await runSlow(clock, breaker, 2000)
    expect(breaker.state).toBe('OPEN')
    await clock.advance(1000)
    await runSlow(clock, breaker, 2000)
    expect(breaker.state).toBe('OPEN')
  })

  it('also works with a time window and alongside a failure rate in a window strategy', async () => {
    const { clock, breaker } = setup({
      strategy: {
        type: 'count-window',
        size: 4,
        failureRateThreshold: 1,
        slowCallRateThreshold: 0.75,
        minimumCalls: 4,
      },
      slowCallDurationMs: 100,
    })
    await runSlow(clock, breaker, 100)
    await runSlow(clock, breaker, 100)
    await run(breaker, 'F')
    expect(breaker.state).toBe('CLOSED')
    await runSlow(clock, breaker, 150)
    expect(breaker.state).toBe('OPEN') // 3 of 4 slow
  })
})

describe('circuitBreaker: which failures count', () => {
  it('does not count answers that are not retryable (NOT_FOUND), nor rejections of local policies', async () => {
    const { breaker } = setup({ failureThreshold: 2 })
    const ignored: string[] = []
    breaker.on('ignored', (e) => ignored.push((e.error as { code: string }).code))
    for (let i = 0; i < 5; i++) await breaker.execute(() => Result.Err(new NotFoundError('order', i)))
    expect(breaker.state).toBe('CLOSED')
    expect(ignored).toHaveLength(5)
  })

  it('counts thrown errors and honours a custom isFailure', async () => {
    const { breaker } = setup({ failureThreshold: 2 })
    await breaker.execute(() => {
      throw new Error('boom')
    })
    await breaker.execute(() => Promise.reject(new Error('boom')))
    expect(breaker.state).toBe('OPEN')
    const custom = setup({ failureThreshold: 1, isFailure: (e) => (e as { code?: string }).code === 'NOT_FOUND' })
    await custom.breaker.execute(() => Result.Err(down))
    expect(custom.breaker.state).toBe('CLOSED')
    await custom.breaker.execute(() => Result.Err(new NotFoundError('x')))
    expect(custom.breaker.state).toBe('OPEN')
  })
})

describe('circuitBreaker: manual control', () => {
  it('forceOpen refuses everything with retryAfter Infinity until reset', async () => {
    const { clock, breaker, transitions } = setup({})
    breaker.forceOpen()
    await clock.advance(10 * 60_000)
    const r = await breaker.execute(succeed)
    expect(!r.ok && 'retryAfter' in r.error && r.error.retryAfter).toBe(Number.POSITIVE_INFINITY)
    expect(breaker.state).toBe('FORCED_OPEN')
    breaker.reset()
    expect((await breaker.execute(succeed)).ok).toBe(true)
    expect(transitions).toEqual(['CLOSED->FORCED_OPEN@0', 'FORCED_OPEN->CLOSED@600000'])
  })

  it('disable lets every call through and records nothing; reset closes with an empty window', async () => {
    const { breaker } = setup({ failureThreshold: 1 })
    breaker.disable()
    await run(breaker, 'FFFFF')
    expect(breaker.state).toBe('DISABLED')
    expect(breaker.health()).toMatchObject({ healthy: true, state: 'DISABLED' })
    breaker.reset()
    expect(breaker.state).toBe('CLOSED')
    expect(breaker.stats()).toMatchObject({ calls: 0, failures: 0 })
  })
})

describe('circuitBreaker: events and fallback', () => {
  it('emits a typed event for every transition and every call outcome', async () => {
    const { clock, breaker } = setup({ failureThreshold: 1, timeout: 100 })
    const seen: string[] = []
    const names: Array<keyof CircuitBreakerEvents> = [
      'open',
      'halfOpen',
      'close',
      'forcedOpen',
      'disabled',
      'success',
      'failure',
      'ignored',
      'rejected',
    ]
    for (const name of names) breaker.on(name, () => seen.push(name))
    await run(breaker, 'S')
    await breaker.execute(() => Result.Err(new NotFoundError('x')))
    await run(breaker, 'F')
    await run(breaker, 'S')
    await clock.advance(100)
    await run(breaker, 'S')
    breaker.forceOpen()
    breaker.disable()
    breaker.reset()
    expect(seen).toEqual([
      'success',
      'ignored',
      'failure',
      'open',
      'rejected',
      'halfOpen',
      'success',
      'close',
      'forcedOpen',
      'disabled',
      'close',
    ])
  })

  it('stops calling a listener once unsubscribed, and survives a listener that throws', async () => {
    const { breaker } = setup({ failureThreshold: 1 })
    const states: CircuitState[] = []
    const off = breaker.on('stateChange', (t) => states.push(t.to))
    breaker.on('open', () => {
      throw new Error('listener bug')
    })
    const originalError = console.error
    console.error = () => {}
    try {
      await run(breaker, 'F')
    } finally {
      console.error = originalError
    }
    off()
    breaker.reset()
    expect(states).toEqual(['OPEN'])
  })

  it('answers with the fallback on failure and when open, as in execute(fn, fallback)', async () => {
    const { breaker } = setup({ failureThreshold: 1 })
    const first = await breaker.execute(fail, (error) => `fallback for ${(error as { code: string }).code}`)
    expect(first).toEqual(Result.Ok('fallback for UNAVAILABLE'))
    const second = await breaker.execute(succeed, (error) => `fallback for ${(error as { code: string }).code}`)
    expect(second).toEqual(Result.Ok('fallback for CIRCUIT_OPEN'))
  })

  it('reports health with the seed message format', async () => {
    const { clock, breaker } = setup({ failureThreshold: 2, timeout: 60_000 })
    expect(breaker.health()).toEqual({
      healthy: true,
      state: 'CLOSED',
      failureRate: 0,
      slowCallRate: 0,
      message: 'Circuit closed',
    })
    await run(breaker, 'FF')
    await clock.advance(15_000)
    expect(breaker.health()).toEqual({
      healthy: false,
      state: 'OPEN',
      failureRate: 1,
      slowCallRate: 0,
      message: 'Circuit open - retry in 45000ms',
    })
  })

  it('rejects bad options at definition time', () => {
    expect(() => circuitBreaker({ failureThreshold: 0 })).toThrow(RangeError)
    expect(() => circuitBreaker({ strategy: { type: 'count-window', failureRateThreshold: 50 } })).toThrow(/fraction/)
    expect(() => circuitBreaker({ permittedCallsInHalfOpen: 0 })).toThrow(RangeError)
    expect(() => circuitBreaker({ strategy: { type: 'slow-call-rate', slowCallDurationMs: 0 } })).toThrow(RangeError)
  })
})
