import { describe, expect, it } from 'vitest'
import type { RateLimitStore } from '../../src/resilience/index.js'

/** How a contract run gets its store and moves time. */
export interface RateLimitStoreContractSetup {
  store(): RateLimitStore
  /** Lets `ms` milliseconds pass for the store (a manual clock advances; a server store waits for real). */
  pass(ms: number): Promise<void>
}

let keyCounter = 0
const key = (name: string) => `${name}:${process.pid}:${++keyCounter}`
const perHour = (tokens: number) => tokens / 3_600_000

/**
 * The behaviour every `RateLimitStore` shares: a token bucket per key that starts full, refills
 * with time, and never grants the same token twice, even to concurrent callers.
 */
export function rateLimitStoreContract(engineName: string, setup: RateLimitStoreContractSetup): void {
  describe(`RateLimitStore contract: ${engineName}`, () => {
    it('starts a new key full, grants capacity tokens, then refuses with the wait until the next one', async () => {
      const store = setup.store()
      const k = key('burst')
      const bucket = { capacity: 3, refillPerMs: perHour(1) }
      const decisions = []
      for (let i = 0; i < 4; i++) decisions.push((await store.take(k, 1, bucket)).unwrap())
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false])
      expect(decisions[0]!.remaining).toBeCloseTo(2, 3)
      expect(decisions[2]!.remaining).toBeCloseTo(0, 3)
      expect(decisions[3]!.retryAfterMs).toBeGreaterThan(3_500_000)
      expect(decisions[3]!.retryAfterMs).toBeLessThanOrEqual(3_600_000)
    })

    it('keeps keys apart', async () => {
      const store = setup.store()
      const bucket = { capacity: 1, refillPerMs: perHour(1) }
      const a = key('a')
      const b = key('b')
      expect((await store.take(a, 1, bucket)).unwrap().allowed).toBe(true)
      expect((await store.take(a, 1, bucket)).unwrap().allowed).toBe(false)
      expect((await store.take(b, 1, bucket)).unwrap().allowed).toBe(true)
    })

    it('refills with time: after the announced wait, a token is there', async () => {
      const store = setup.store()
      const k = key('refill')
      const bucket = { capacity: 1, refillPerMs: 1 / 40 }
      expect((await store.take(k, 1, bucket)).unwrap().allowed).toBe(true)
      const refused = (await store.take(k, 1, bucket)).unwrap()
      expect(refused.allowed).toBe(false)
      expect(refused.retryAfterMs).toBeGreaterThan(0)
      expect(refused.retryAfterMs).toBeLessThanOrEqual(40)
      await setup.pass(refused.retryAfterMs + 1)
      expect((await store.take(k, 1, bucket)).unwrap().allowed).toBe(true)
    })

    it('takes several tokens at once only when they are all there', async () => {
      const store = setup.store()
      const k = key('multi')
      const bucket = { capacity: 5, refillPerMs: perHour(1) }
      expect((await store.take(k, 4, bucket)).unwrap()).toMatchObject({ allowed: true })
      expect((await store.take(k, 2, bucket)).unwrap()).toMatchObject({ allowed: false })
      expect((await store.take(k, 1, bucket)).unwrap()).toMatchObject({ allowed: true })
    })

    it('never grants more than capacity to concurrent callers', async () => {
      const store = setup.store()
      const k = key('race')
      const bucket = { capacity: 10, refillPerMs: perHour(1) }
      const decisions = await Promise.all(Array.from({ length: 60 }, () => store.take(k, 1, bucket)))
      expect(decisions.filter((d) => d.unwrap().allowed)).toHaveLength(10)
    })
  })
}
