import { describe, expect, it } from 'vitest'
import { ManualClock, systemClock } from './clock.js'

describe('ManualClock', () => {
  it('moves only when advanced, firing timers in due order', async () => {
    const clock = new ManualClock(1000)
    const fired: string[] = []
    clock.schedule(() => fired.push('b@300'), 300)
    clock.schedule(() => fired.push('a@100'), 100)
    const slept = clock.sleep(200).then(() => fired.push(`sleep@${clock.now()}`))
    await clock.advance(99)
    expect(fired).toEqual([])
    await clock.advance(150)
    await slept
    expect(fired).toEqual(['a@100', 'sleep@1200'])
    expect(clock.now()).toBe(1249)
    await clock.advance(51)
    expect(fired).toEqual(['a@100', 'sleep@1200', 'b@300'])
    expect(clock.pending).toBe(0)
  })

  it('runs code that awaits sleep in a loop as real time would', async () => {
    const clock = new ManualClock(0)
    const ticks: number[] = []
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(10)
        ticks.push(clock.now())
      }
    })()
    await clock.advance(30)
    await loop
    expect(ticks).toEqual([10, 20, 30])
  })

  it('cancels scheduled work and aborted sleeps', async () => {
    const clock = new ManualClock(0)
    let fired = false
    const cancel = clock.schedule(() => {
      fired = true
    }, 10)
    cancel()
    const controller = new AbortController()
    const sleeping = clock.sleep(10, controller.signal)
    controller.abort(new Error('stop'))
    await expect(sleeping).rejects.toThrow('stop')
    await clock.advance(20)
    expect(fired).toBe(false)
    expect(clock.pending).toBe(0)
  })

  it('never goes backwards', async () => {
    const clock = new ManualClock(new Date(5000))
    await clock.set(1000)
    expect(clock.now()).toBe(5000)
  })
})

describe('systemClock', () => {
  it('sleeps for real and honours abort', async () => {
    const started = Date.now()
    await systemClock.sleep(20)
    expect(Date.now() - started).toBeGreaterThanOrEqual(15)
    const controller = new AbortController()
    const p = systemClock.sleep(10_000, controller.signal)
    controller.abort(new Error('aborted'))
    await expect(p).rejects.toThrow('aborted')
  })
})
