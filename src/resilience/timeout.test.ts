import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { Result } from '../core/result.js'
import { timeout } from './timeout.js'

describe('timeout', () => {
  describe('aggressive (default)', () => {
    it('ends the call at the deadline with TimeoutError, fires the signal, and ignores the late result', async () => {
      const clock = new ManualClock(0)
      let signal: AbortSignal | undefined
      let finished = false
      const pending = timeout(1000, { clock, name: 'rates' }).execute(async (ctx) => {
        signal = ctx.signal
        await clock.sleep(5000)
        finished = true
        return 'late'
      })
      let settled = false
      void pending.then(() => {
        settled = true
      })
      await clock.advance(999)
      expect(settled).toBe(false)
      await clock.advance(1)
      const r = await pending
      expect(!r.ok && r.error.code).toBe('TIMEOUT')
      expect(!r.ok && r.error.message).toBe('rates timed out after 1000 ms')
      expect(signal?.aborted).toBe(true)
      expect((signal!.reason as Error).message).toBe('rates timed out after 1000 ms')
      await clock.advance(5000)
      expect(finished).toBe(true)
      expect(await pending).toBe(r)
    })

    it('passes a result through when the work is in time', async () => {
      const clock = new ManualClock(0)
      const pending = timeout(1000, { clock }).execute(async () => {
        await clock.sleep(999)
        return Result.Ok(5)
      })
      await clock.advance(2000)
      expect(await pending).toEqual(Result.Ok(5))
    })
  })

  describe('cooperative', () => {
    it('fires the signal at the deadline and waits for the work, reporting its failure as TimeoutError', async () => {
      const clock = new ManualClock(0)
      let abortedAt: number | undefined
      const pending = timeout(1000, { clock, mode: 'cooperative' }).execute(async ({ signal }) => {
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            abortedAt = clock.now()
            resolve()
          }),
        )
        await clock.sleep(200) // cleaning up takes a while
        throw new Error('cancelled')
      })
      await clock.advance(1000)
      expect(abortedAt).toBe(1000)
      let settled = false
      void pending.then(() => {
        settled = true
      })
      await clock.advance(100)
      expect(settled).toBe(false)
      await clock.advance(100)
      const r = await pending
      expect(!r.ok && r.error.code).toBe('TIMEOUT')
      expect(!r.ok && (r.error.cause as { cause: Error }).cause.message).toBe('cancelled')
    })

    it('keeps a value the work still returns after the deadline', async () => {
      const clock = new ManualClock(0)
      const pending = timeout(10, { clock, mode: 'cooperative' }).execute(async () => {
        await clock.sleep(50)
        return 'done anyway'
      })
      await clock.advance(50)
      expect(await pending).toEqual(Result.Ok('done anyway'))
    })
  })

  describe('the signal is lazy', () => {
    const RealAbortController = globalThis.AbortController
    let created = 0
    afterEach(() => {
      globalThis.AbortController = RealAbortController
    })
    const countControllers = () => {
      created = 0
      globalThis.AbortController = class extends RealAbortController {
        constructor() {
          super()
          created++
        }
      }
    }

    it('creates no AbortController for work that never reads the signal', async () => {
      countControllers()
      const policy = timeout(1000, { clock: new ManualClock(0) })
      for (let i = 0; i < 10; i++) expect(await policy.execute(async () => i)).toEqual(Result.Ok(i))
      expect(created).toBe(0)
    })

    it('creates one when the work reads it, already aborted if the deadline has passed', async () => {
      countControllers()
      const clock = new ManualClock(0)
      let aborted: boolean | undefined
      const pending = timeout(100, { clock, mode: 'cooperative' }).execute(async (ctx) => {
        await clock.sleep(150)
        aborted = ctx.signal.aborted
      })
      await clock.advance(150)
      await pending
      expect(created).toBe(1)
      expect(aborted).toBe(true)
    })

    it('links the caller signal to the work signal', async () => {
      const caller = new AbortController()
      const clock = new ManualClock(0)
      let workSignal: AbortSignal | undefined
      const pending = timeout(1000, { clock }).execute(
        async ({ signal }) => {
          workSignal = signal
          await clock.sleep(500)
        },
        { signal: caller.signal },
      )
      await clock.advance(1)
      caller.abort('bye')
      expect(workSignal?.aborted).toBe(true)
      expect(workSignal?.reason).toBe('bye')
      await clock.advance(1000)
      await pending
    })
  })

  it('settles synchronous work at once, without waiting for the clock', async () => {
    const clock = new ManualClock(0)
    expect(await timeout(5, { clock }).execute(() => 3)).toEqual(Result.Ok(3))
    const thrown = await timeout(5, { clock }).execute(() => {
      throw new Error('sync')
    })
    expect(!thrown.ok && thrown.error.code).toBe('THROWN')
  })

  it('serves many concurrent deadlines from one timer, each at its own time', async () => {
    const clock = new ManualClock(0)
    const policy = timeout(100, { clock })
    const results: Array<Promise<Result<unknown, unknown>>> = []
    for (let i = 0; i < 5; i++) {
      results.push(policy.execute(() => clock.sleep(i % 2 === 0 ? 50 : 500).then(() => i)))
      await clock.advance(10)
    }
    expect(clock.pending).toBeLessThanOrEqual(6)
    await clock.advance(1000)
    const outcomes = await Promise.all(results)
    expect(outcomes.map((r) => (r.ok ? r.value : (r.error as { code: string }).code))).toEqual([
      0,
      'TIMEOUT',
      2,
      'TIMEOUT',
      4,
    ])
  })
})
