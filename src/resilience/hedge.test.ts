import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { UnavailableError } from '../core/errors.js'
import { Result } from '../core/result.js'
import { hedge } from './hedge.js'

describe('hedge', () => {
  it('starts another attempt after delayMs; the first success wins and the loser is aborted and ignored', async () => {
    const clock = new ManualClock(0)
    const signals: AbortSignal[] = []
    const finished: number[] = []
    const pending = hedge({ delayMs: 50, maxAttempts: 3, clock }).execute(async ({ attempt, signal }) => {
      signals.push(signal)
      await clock.sleep(attempt === 1 ? 500 : 20)
      finished.push(attempt)
      return `answer from ${attempt}`
    })
    await clock.advance(50) // attempt 2 starts
    expect(signals).toHaveLength(2)
    await clock.advance(20) // attempt 2 answers at 70 ms
    expect(await pending).toEqual(Result.Ok('answer from 2'))
    expect(signals[0]!.aborted).toBe(true)
    expect((signals[0]!.reason as { code: string }).code).toBe('HEDGE_LOST')
    expect(signals[1]!.aborted).toBe(false)
    await clock.advance(1000) // attempt 1 finishes late; no third attempt was started
    expect(finished).toEqual([2, 1])
    expect(signals).toHaveLength(2)
    expect(await pending).toEqual(Result.Ok('answer from 2'))
  })

  it('does not hedge a call that answers before delayMs', async () => {
    const clock = new ManualClock(0)
    let attempts = 0
    const pending = hedge({ delayMs: 100, clock }).execute(async () => {
      attempts++
      await clock.sleep(10)
      return 'fast'
    })
    await clock.advance(500)
    expect(await pending).toEqual(Result.Ok('fast'))
    expect(attempts).toBe(1)
  })

  it('starts the next attempt at once when one fails, and returns the last failure when all fail', async () => {
    const clock = new ManualClock(0)
    const startedAt: number[] = []
    const pending = hedge({ delayMs: 1000, maxAttempts: 3, clock }).execute(({ attempt }) => {
      startedAt.push(clock.now())
      return Result.Err(new UnavailableError('svc', `attempt ${attempt}`))
    })
    await clock.advance(1)
    const r = await pending
    expect(startedAt).toEqual([0, 0, 0])
    expect(!r.ok && r.error.message).toBe('svc unavailable: attempt 3')
  })

  it('a success after a failure still wins', async () => {
    const clock = new ManualClock(0)
    const pending = hedge({ delayMs: 10, maxAttempts: 2, clock }).execute(async ({ attempt }) => {
      if (attempt === 1) throw new Error('first broke')
      await clock.sleep(5)
      return 'second'
    })
    await clock.advance(5)
    expect(await pending).toEqual(Result.Ok('second'))
  })
})
