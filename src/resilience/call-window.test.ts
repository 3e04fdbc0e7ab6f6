import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countWindow, timeWindow } from './call-window.js'

const call = fc.record({ failed: fc.boolean(), slow: fc.boolean() })

describe('countWindow', () => {
  it('always reports exactly the failures and slow calls among the last N calls', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(call, { maxLength: 200 }), (size, calls) => {
        const window = countWindow(size)
        calls.forEach((c, i) => {
          window.record(c, 0)
          const last = calls.slice(Math.max(0, i + 1 - size), i + 1)
          expect(window.totals(0)).toEqual({
            calls: last.length,
            failures: last.filter((x) => x.failed).length,
            slowCalls: last.filter((x) => x.slow).length,
          })
        })
        window.reset()
        expect(window.totals(0)).toEqual({ calls: 0, failures: 0, slowCalls: 0 })
      }),
    )
  })
})

describe('timeWindow', () => {
  it('reports the calls whose bucket is within the window (against a naive model)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 400 }), c: call }), { maxLength: 120 }),
        (buckets, steps) => {
          const windowMs = 1000
          const bucketMs = windowMs / buckets
          const window = timeWindow(windowMs, buckets)
          const seen: Array<{ at: number; failed: boolean; slow: boolean }> = []
          let now = 5_000
          for (const { gap, c } of steps) {
            now += gap
            window.record(c, now)
            seen.push({ at: now, ...c })
            const current = Math.floor(now / bucketMs)
            const live = seen.filter((s) => Math.floor(s.at / bucketMs) > current - buckets)
            expect(window.totals(now)).toEqual({
              calls: live.length,
              failures: live.filter((s) => s.failed).length,
              slowCalls: live.filter((s) => s.slow).length,
            })
          }
        },
      ),
    )
  })
})
