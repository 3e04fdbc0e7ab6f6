import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { NotFoundError } from '../core/errors.js'
import { Result } from '../core/result.js'
import { MemoryCacheLock } from './cache-lock.js'
import { CacheManager } from './cache-manager.js'
import { MemoryStorage } from './memory-storage.js'

function cacheOn(clock: ManualClock, options: ConstructorParameters<typeof CacheManager>[0] = {}) {
  const cache = new CacheManager({ clock, ttl: 1000, analytics: { healthCheckInterval: 0 }, ...options })
  cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ clock }) })
  return cache
}

/** A factory whose calls are counted and settled by hand. */
function controlledFactory<T>() {
  const calls: { resolve: (v: T) => void; reject: (e: unknown) => void; signal: AbortSignal }[] = []
  const factory = ({ signal }: { signal: AbortSignal }) =>
    new Promise<T>((resolve, reject) => {
      calls.push({ resolve, reject, signal })
    })
  return { factory, calls }
}

const tick = () => new Promise((r) => setImmediate(r))

describe('getOrSet', () => {
  it('runs the factory once for 100 concurrent callers of one key, and gives them all its value', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    const { factory, calls } = controlledFactory<{ id: number }>()
    const callers = Array.from({ length: 100 }, () => cache.getOrSet('user:1', factory))
    await tick()
    expect(calls).toHaveLength(1)
    calls[0]!.resolve({ id: 1 })
    const results = await Promise.all(callers)
    expect(results.every((r) => r.ok && r.value.id === 1)).toBe(true)
    expect(cache.getAnalytics().getOrSet).toMatchObject({ factoryCalls: 1, coalesced: 99 })
    // And the value is cached: no further call.
    expect((await cache.getOrSet('user:1', factory)).unwrap()).toEqual({ id: 1 })
    expect(calls).toHaveLength(1)
  })

  it('runs one factory per key, not one overall', async () => {
    const cache = cacheOn(new ManualClock(0))
    let calls = 0
    const results = await Promise.all(
      ['a', 'b', 'a', 'b', 'c'].map((k) =>
        cache.getOrSet(k, async () => {
          calls++
          await tick()
          return k.toUpperCase()
        }),
      ),
    )
    expect(results.map((r) => r.unwrap())).toEqual(['A', 'B', 'A', 'B', 'C'])
    expect(calls).toBe(3)
  })

  it('passes an Err from the factory through, caching nothing', async () => {
    const cache = cacheOn(new ManualClock(0))
    const r = await cache.getOrSet('user:404', () => Result.Err(new NotFoundError('user', 404)))
    expect(!r.ok && r.error.code).toBe('NOT_FOUND')
    expect((await cache.getOrSet('user:404', () => Result.Ok('found now'))).unwrap()).toBe('found now')
  })

  it('turns a thrown error into CACHE_FACTORY_FAILED', async () => {
    const cache = cacheOn(new ManualClock(0))
    const r = await cache.getOrSet('k', () => {
      throw new Error('db down')
    })
    expect(!r.ok && r.error.code).toBe('CACHE_FACTORY_FAILED')
    expect(!r.ok && r.error.message).toContain('db down')
  })

  it('stores nothing when the factory answers undefined', async () => {
    const cache = cacheOn(new ManualClock(0))
    let calls = 0
    await cache.getOrSet('k', () => {
      calls++
      return undefined
    })
    await cache.getOrSet('k', () => {
      calls++
      return undefined
    })
    expect(calls).toBe(2)
  })

  it('serves the stale value at once within staleWhileRevalidate and refreshes in the background, once', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    const opts = { ttl: 100, staleWhileRevalidate: 500 }
    await cache.getOrSet('k', () => 'v1', opts)
    await clock.advance(150)
    const { factory, calls } = controlledFactory<string>()
    expect((await cache.getOrSet('k', factory, opts)).unwrap()).toBe('v1')
    expect((await cache.getOrSet('k', factory, opts)).unwrap()).toBe('v1')
    expect(calls).toHaveLength(1)
    calls[0]!.resolve('v2')
    await tick()
    expect((await cache.getOrSet('k', factory, opts)).unwrap()).toBe('v2')
    expect(cache.getAnalytics().getOrSet.staleServed).toBe(2)
  })

  it('computes again (waiting) once past the stale-while-revalidate window', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    await cache.getOrSet('k', () => 'v1', { ttl: 100, staleWhileRevalidate: 50, grace: 10_000 })
    await clock.advance(200)
    expect((await cache.getOrSet('k', () => 'v2', { ttl: 100, staleWhileRevalidate: 50 })).unwrap()).toBe('v2')
  })

  it('serves the stale value within the grace period when the factory fails, and not after', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    const opts = { ttl: 100, grace: 1000 }
    await cache.getOrSet('k', () => 'good', opts)
    await clock.advance(500)
    const failing = () => {
      throw new Error('backend down')
    }
    expect((await cache.getOrSet('k', failing, opts)).unwrap()).toBe('good')
    expect((await cache.getOrSet('k', () => Result.Err(new NotFoundError('x')), opts)).unwrap()).toBe('good')
    expect(cache.getAnalytics().getOrSet.graceServed).toBe(2)
    expect((await cache.get('k')).unwrap()).toBeUndefined() // stale is not fresh
    await clock.advance(600)
    const after = await cache.getOrSet('k', failing, opts)
    expect(!after.ok && after.error.code).toBe('CACHE_FACTORY_FAILED')
  })

  it('answers with the stale value after the soft timeout and stores the slow result when it comes', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    await cache.getOrSet('k', () => 'old', { ttl: 100, grace: 10_000 })
    await clock.advance(200)
    const { factory, calls } = controlledFactory<string>()
    const answer = cache.getOrSet('k', factory, { ttl: 100, softTimeout: 50 })
    await tick()
    await clock.advance(50)
    expect((await answer).unwrap()).toBe('old')
    expect(cache.getAnalytics().getOrSet.softTimeouts).toBe(1)
    calls[0]!.resolve('new')
    await tick()
    expect((await cache.get('k')).unwrap()).toBe('new')
  })

  it('waits for the factory within the soft timeout when it is fast enough', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    await cache.getOrSet('k', () => 'old', { ttl: 100, grace: 10_000 })
    await clock.advance(200)
    const { factory, calls } = controlledFactory<string>()
    const answer = cache.getOrSet('k', factory, { softTimeout: 50 })
    await tick()
    await clock.advance(49)
    calls[0]!.resolve('new')
    expect((await answer).unwrap()).toBe('new')
  })

  it('fails with a TimeoutError after the hard timeout when there is no stale value, and aborts the signal', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    const { factory, calls } = controlledFactory<string>()
    const answer = cache.getOrSet('k', factory, { hardTimeout: 300 })
    await tick()
    await clock.advance(300)
    const r = await answer
    expect(!r.ok && r.error.code).toBe('TIMEOUT')
    expect(calls[0]!.signal.aborted).toBe(true)
    expect(cache.getAnalytics().getOrSet.hardTimeouts).toBe(1)
  })

  it('refreshes a hot key ahead of its expiry, so its readers never wait', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    let version = 0
    const factory = () => `v${++version}`
    const opts = { ttl: 1000, refreshAhead: 0.8, refreshAheadMinHits: 2 }
    expect((await cache.getOrSet('k', factory, opts)).unwrap()).toBe('v1')
    await clock.advance(500)
    await cache.getOrSet('k', factory, opts) // early: no refresh
    await tick()
    expect(version).toBe(1)
    await clock.advance(350) // 85% of the ttl, second hit: hot
    expect((await cache.getOrSet('k', factory, opts)).unwrap()).toBe('v1')
    await tick()
    expect(version).toBe(2)
    await clock.advance(200) // v1 would have expired at 1000
    expect((await cache.getOrSet('k', factory, opts)).unwrap()).toBe('v2')
    expect(cache.getAnalytics().getOrSet.backgroundRefreshes).toBe(1)
  })

  it('does not refresh ahead a key read only once (not hot)', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    let version = 0
    const opts = { ttl: 1000, refreshAhead: 0.5, refreshAheadMinHits: 3 }
    await cache.getOrSet('k', () => ++version, opts)
    await clock.advance(900)
    await cache.getOrSet('k', () => ++version, opts)
    await tick()
    expect(version).toBe(1)
  })

  it('with a lock, lets one manager compute while another waits and then reads its value', async () => {
    const clock = new ManualClock(0)
    const lock = new MemoryCacheLock(() => clock.now())
    const shared = Object.assign(new MemoryStorage({ clock }), { distributed: true })
    const make = () => {
      const c = new CacheManager({ clock, lock, lockPollInterval: 10, analytics: { healthCheckInterval: 0 } })
      c.addLayer({ name: 'shared', priority: 1, storage: shared, circuitBreaker: false })
      return c
    }
    const a = make()
    const b = make()
    const slow = controlledFactory<string>()
    const fromA = a.getOrSet('k', slow.factory)
    await tick()
    let bCalls = 0
    const fromB = b.getOrSet('k', () => {
      bCalls++
      return 'b'
    })
    await tick()
    await clock.advance(30)
    slow.calls[0]!.resolve('a')
    await tick()
    await clock.advance(10)
    expect((await fromA).unwrap()).toBe('a')
    expect((await fromB).unwrap()).toBe('a')
    expect(bCalls).toBe(0)
    expect(b.getAnalytics().getOrSet.lockWaits).toBe(1)
  })

  it('computes anyway when the lock holder does not finish within lockTimeout', async () => {
    const clock = new ManualClock(0)
    const lock = new MemoryCacheLock(() => clock.now())
    await lock.acquire('default:k', 100_000) // a holder that died
    const cache = cacheOn(clock, { lock, lockTimeout: 200, lockPollInterval: 50 })
    const answer = cache.getOrSet('k', () => 'mine')
    for (let i = 0; i < 5; i++) {
      await tick()
      await clock.advance(50)
    }
    expect((await answer).unwrap()).toBe('mine')
  })
})
