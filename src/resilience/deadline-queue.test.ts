import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { DeadlineQueue } from './deadline-queue.js'

describe('DeadlineQueue', () => {
  it('fires exactly the deadlines not cancelled, each at its due time (against a naive model)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 40 }), cancelAfter: fc.option(fc.integer({ min: 0, max: 150 })) }),
          { maxLength: 40 },
        ),
        async (plan) => {
          const clock = new ManualClock(0)
          const queue = new DeadlineQueue(clock, 100)
          const fired: Array<{ id: number; at: number }> = []
          const expected: Array<{ id: number; at: number }> = []
          for (const [id, step] of plan.entries()) {
            await clock.advance(step.gap)
            const addedAt = clock.now()
            const deadline = queue.add(() => fired.push({ id, at: clock.now() }))
            if (step.cancelAfter !== null && step.cancelAfter < 100) {
              clock.schedule(() => queue.cancel(deadline), step.cancelAfter)
            } else {
              expected.push({ id, at: addedAt + 100 })
            }
          }
          await clock.advance(10_000)
          expect(fired.sort((a, b) => a.id - b.id)).toEqual(expected)
          expect(queue.size).toBe(0)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('compacts cancelled entries that pile up behind a slow one', () => {
    const clock = new ManualClock(0)
    const queue = new DeadlineQueue(clock, 1000)
    queue.add(() => {}) // the slow call, never cancelled
    for (let i = 0; i < 10_000; i++) queue.cancel(queue.add(() => {}))
    expect(queue.size).toBe(1)
    for (let i = 0; i < 100_000; i++) {
      queue.cancel(queue.add(() => {}))
      if (i % 97 === 0) expect(queue.slots).toBeLessThanOrEqual(2050)
    }
    expect(queue.size).toBe(1)
  })
})
