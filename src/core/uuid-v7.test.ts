import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ManualClock } from './clock.js'
import { createUuidV7Generator, isUuid, uuidv7, uuidv7Timestamp } from './uuid-v7.js'

describe('UUID v7', () => {
  it('formats version 7, variant 10 UUIDs carrying the creation time', () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0))
    const id = createUuidV7Generator(clock)()
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(uuidv7Timestamp(id)).toBe(clock.now())
    expect(isUuid(id)).toBe(true)
    expect(isUuid(uuidv7())).toBe(true)
    expect(uuidv7Timestamp('not-a-uuid')).toBeUndefined()
  })

  it('strictly increases within one millisecond and beyond the 4096 counter', async () => {
    const clock = new ManualClock(1_700_000_000_000)
    const next = createUuidV7Generator(clock)
    const ids: string[] = []
    for (let i = 0; i < 10_000; i++) ids.push(next())
    await clock.set(1_700_000_000_001)
    ids.push(next())
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true)
  })

  it('keeps increasing when the clock steps back', () => {
    const times = [1000, 900, 800]
    const next = createUuidV7Generator({
      now: () => times.shift() ?? 700,
      sleep: async () => {},
      schedule: () => () => {},
    })
    const [a, b, c] = [next(), next(), next()]
    expect(b! > a!).toBe(true)
    expect(c! > b!).toBe(true)
    expect(uuidv7Timestamp(c!)).toBe(1000)
  })

  it('sorts in creation order for any sequence of non-decreasing times (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 200 }), (steps) => {
        let t = 1_600_000_000_000
        const next = createUuidV7Generator({ now: () => t, sleep: async () => {}, schedule: () => () => {} })
        const ids = steps.map((step) => {
          t += step
          return next()
        })
        expect([...ids].sort()).toEqual(ids)
      }),
    )
  })
})
