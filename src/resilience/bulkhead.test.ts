import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { Result } from '../core/result.js'
import { bulkhead } from './bulkhead.js'

/** A call that stays running until released. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, work: () => opened.then(() => 'done') }
}

describe('bulkhead', () => {
  it('runs at most maxConcurrent calls, queues up to maxQueue, and refuses the rest with BULKHEAD_FULL', async () => {
    const pool = bulkhead({ maxConcurrent: 2, maxQueue: 1, name: 'pdf' })
    const gates = [gate(), gate(), gate()]
    let started = 0
    const running = gates.map((g) =>
      pool.execute(() => {
        started++
        return g.work()
      }),
    )
    await Promise.resolve()
    expect(started).toBe(2)
    expect([pool.running, pool.queued]).toEqual([2, 1])
    const refused = await pool.execute(() => 'never')
    expect(!refused.ok && refused.error.code).toBe('BULKHEAD_FULL')
    expect(!refused.ok && refused.error.retryable).toBe(true)
    expect(!refused.ok && refused.error.message).toBe('bulkhead pdf is full (2 running, 1 queued)')
    gates[0]!.open()
    await running[0]
    await new Promise((r) => setImmediate(r))
    expect(started).toBe(3)
    gates[1]!.open()
    gates[2]!.open()
    expect((await Promise.all(running)).every((r) => r.ok)).toBe(true)
    expect([pool.running, pool.queued]).toEqual([0, 0])
  })

  it('frees the place of a queued call as soon as its signal aborts', async () => {
    const pool = bulkhead({ maxConcurrent: 1, maxQueue: 1 })
    const busy = gate()
    const first = pool.execute(busy.work)
    const controller = new AbortController()
    let queuedRan = false
    const queued = pool.execute(
      () => {
        queuedRan = true
      },
      { signal: controller.signal },
    )
    expect(pool.queued).toBe(1)
    expect(!(await pool.execute(() => 1)).ok).toBe(true) // full
    controller.abort(new Error('gave up'))
    const r = await queued
    expect(!r.ok && r.error.code).toBe('ABORTED')
    expect(pool.queued).toBe(0)
    const next = pool.execute(() => 'after abort') // takes the freed queue place
    expect(pool.queued).toBe(1)
    busy.open()
    expect(await first).toEqual(Result.Ok('done'))
    expect(await next).toEqual(Result.Ok('after abort'))
    expect(queuedRan).toBe(false)
  })

  it('refuses a call whose signal is already aborted when it would queue', async () => {
    const pool = bulkhead({ maxConcurrent: 1, maxQueue: 5 })
    const busy = gate()
    const first = pool.execute(busy.work)
    const r = await pool.execute(() => 1, { signal: AbortSignal.abort() })
    expect(!r.ok && r.error.code).toBe('ABORTED')
    expect(pool.queued).toBe(0)
    busy.open()
    await first
  })

  it('releases its slot when the work throws or fails', async () => {
    const pool = bulkhead({ maxConcurrent: 1 })
    const thrown = await pool.execute(() => {
      throw new Error('sync throw')
    })
    expect(!thrown.ok && thrown.error.code).toBe('THROWN')
    await pool.execute(() => Promise.reject(new Error('async')))
    expect(pool.running).toBe(0)
    expect(await pool.execute(() => 'still usable')).toEqual(Result.Ok('still usable'))
  })

  it('keeps the cap under a burst of concurrent calls', async () => {
    const clock = new ManualClock(0)
    const pool = bulkhead({ maxConcurrent: 3, maxQueue: 100 })
    let active = 0
    let peak = 0
    const calls = Array.from({ length: 50 }, (_, i) =>
      pool.execute(async () => {
        active++
        peak = Math.max(peak, active)
        await clock.sleep(1 + (i % 7))
        active--
        return i
      }),
    )
    while (pool.running + pool.queued > 0) await clock.advance(1)
    const results = await Promise.all(calls)
    expect(peak).toBe(3)
    expect(results.map((r) => r.unwrap())).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })
})
