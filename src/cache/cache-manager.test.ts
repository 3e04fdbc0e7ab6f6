import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { Result } from '../core/result.js'
import { CacheManager } from './cache-manager.js'
import { MemoryInvalidationBus } from './invalidation-bus.js'
import { MemoryStorage } from './memory-storage.js'

function twoLayers(clock = new ManualClock(0), options: { l1Ttl?: number } = {}) {
  const l1 = new MemoryStorage({ clock })
  const l2 = new MemoryStorage({ clock })
  const cache = new CacheManager({ clock, ttl: 1000, namespace: 'app', analytics: { healthCheckInterval: 0 } })
  cache.addLayer({ name: 'l2', priority: 50, storage: l2 })
  cache.addLayer({ name: 'l1', priority: 100, storage: l1, ...(options.l1Ttl ? { ttl: options.l1Ttl } : {}) })
  return { cache, l1, l2, clock }
}

describe('CacheManager basics', () => {
  it('answers a miss with Ok(undefined) and reads back what was set', async () => {
    const { cache } = twoLayers()
    expect(await cache.get('user:1')).toEqual(Result.Ok(undefined))
    expect((await cache.set('user:1', { name: 'Ada' })).ok).toBe(true)
    expect((await cache.get('user:1')).unwrap()).toEqual({ name: 'Ada' })
    expect((await cache.has('user:1')).unwrap()).toBe(true)
    expect((await cache.has('user:2')).unwrap()).toBe(false)
  })

  it('writes to every layer, reads by priority and copies a lower hit into the layers above', async () => {
    const { cache, l1, l2 } = twoLayers()
    await cache.set('k', 1)
    expect(l1.get('app:k').unwrap()?.value).toBe(1)
    expect(l2.get('app:k').unwrap()?.value).toBe(1)
    l1.delete(['app:k'])
    expect((await cache.get('k')).unwrap()).toBe(1) // from l2
    expect(l1.get('app:k').unwrap()?.value).toBe(1) // promoted
    const a = cache.getAnalytics()
    expect(a.layers.l1).toMatchObject({ hits: 0, misses: 1 })
    expect(a.layers.l2).toMatchObject({ hits: 1 })
  })

  it('expires values after their ttl on the clock', async () => {
    const { cache, clock } = twoLayers()
    await cache.set('short', 's', { ttl: 100 })
    await cache.set('default', 'd')
    await clock.advance(99)
    expect((await cache.get('short')).unwrap()).toBe('s')
    await clock.advance(1)
    expect((await cache.get('short')).unwrap()).toBeUndefined()
    expect((await cache.get('default')).unwrap()).toBe('d')
    await clock.advance(900)
    expect((await cache.get('default')).unwrap()).toBeUndefined()
  })

  it("caps a layer's retention with its ttl, reading from the next layer after it", async () => {
    const { cache, clock, l1 } = twoLayers(new ManualClock(0), { l1Ttl: 100 })
    await cache.set('k', 'v', { ttl: 1000 })
    await clock.advance(100)
    expect(l1.get('app:k').unwrap()).toBeUndefined()
    expect((await cache.get('k')).unwrap()).toBe('v')
    expect(cache.getAnalytics().layers.l2?.hits).toBe(1)
  })

  it('keeps namespaces apart and clears one of them, or all', async () => {
    const { cache } = twoLayers()
    await cache.set('k', 'default-ns')
    await cache.set('k', 'other-ns', { namespace: 'other' })
    expect((await cache.get('k')).unwrap()).toBe('default-ns')
    expect((await cache.get('k', { namespace: 'other' })).unwrap()).toBe('other-ns')
    await cache.clear('other')
    expect((await cache.get('k', { namespace: 'other' })).unwrap()).toBeUndefined()
    expect((await cache.get('k')).unwrap()).toBe('default-ns')
    await cache.clear()
    expect((await cache.get('k')).unwrap()).toBeUndefined()
  })

  it('deletes keys and says how many existed', async () => {
    const { cache } = twoLayers()
    await cache.set('a', 1)
    await cache.set('b', 2)
    expect((await cache.delete(['a', 'b', 'c'])).unwrap()).toBe(2)
    expect((await cache.get('a')).unwrap()).toBeUndefined()
  })

  it('refuses empty keys, bad namespaces and bad ttls with CACHE_INVALID_INPUT', async () => {
    const { cache } = twoLayers()
    const results = [
      await cache.get(''),
      await cache.set('k', 1, { namespace: 'a:b' }),
      await cache.set('k', 1, { ttl: -5 }),
      await cache.set('k', 1, { ttl: Number.NaN }),
      await cache.getOrSet('', () => 1),
      await cache.invalidateByPattern('*', { namespace: '' }),
    ]
    for (const r of results) expect(!r.ok && r.error.code).toBe('CACHE_INVALID_INPUT')
    expect(() => new CacheManager({ namespace: 'x:y' })).toThrow(RangeError)
    expect(() => cache.addLayer({ name: 'l1', priority: 1, storage: new MemoryStorage() })).toThrow(/already exists/)
  })

  it('works with no layer added, on a default memory layer with the policy given', async () => {
    const cache = new CacheManager({ maxSize: 2, evictionPolicy: 'fifo', analytics: { healthCheckInterval: 0 } })
    for (const k of ['a', 'b', 'c']) await cache.set(k, k)
    expect((await cache.get('a')).unwrap()).toBeUndefined()
    expect((await cache.get('c')).unwrap()).toBe('c')
    expect(cache.getAnalytics().layers.memory?.evictions).toBe(1)
    await cache.close()
  })
})

describe('CacheManager invalidation', () => {
  it('invalidates by tag across namespaces and layers', async () => {
    const { cache, l2 } = twoLayers()
    await cache.set('user:1', 1, { tags: ['user'] })
    await cache.set('user:2', 2, { tags: ['user', 'vip'], namespace: 'other' })
    await cache.set('order:1', 3, { tags: ['order'] })
    expect((await cache.invalidateByTag('user')).unwrap()).toBe(2)
    expect((await cache.get('user:1')).unwrap()).toBeUndefined()
    expect((await cache.get('user:2', { namespace: 'other' })).unwrap()).toBeUndefined()
    expect((await cache.get('order:1')).unwrap()).toBe(3)
    expect(l2.get('app:user:1').unwrap()).toBeUndefined()
  })

  it('invalidates by glob or RegExp within a namespace', async () => {
    const { cache } = twoLayers()
    for (const k of ['user:1', 'user:2', 'user:admin', 'order:1']) await cache.set(k, k)
    await cache.set('user:1', 'elsewhere', { namespace: 'other' })
    expect((await cache.invalidateByPattern(/^user:\d+$/)).unwrap()).toBe(2)
    expect((await cache.get('user:admin')).unwrap()).toBe('user:admin')
    expect((await cache.get('user:1', { namespace: 'other' })).unwrap()).toBe('elsewhere')
    expect((await cache.invalidateByPattern('user:*')).unwrap()).toBe(1)
    expect((await cache.get('order:1')).unwrap()).toBe('order:1')
  })

  it('invalidates by dependency, cascading to entries derived from the deleted keys', async () => {
    const { cache } = twoLayers()
    await cache.set('product:1', 'p1', { dependencies: ['products'] })
    await cache.set('product:2', 'p2', { dependencies: ['products'] })
    await cache.set('page:home', 'html', { dependencies: ['product:1'] })
    await cache.set('sitemap', 'xml', { dependencies: ['page:home'] })
    await cache.set('orders', 'o', { dependencies: ['orders-table'] })
    expect((await cache.invalidateByDependency('products')).unwrap()).toBe(4)
    for (const k of ['product:1', 'product:2', 'page:home', 'sitemap'])
      expect((await cache.get(k)).unwrap()).toBeUndefined()
    expect((await cache.get('orders')).unwrap()).toBe('o')
  })

  it('stops a dependency cycle', async () => {
    const { cache } = twoLayers()
    await cache.set('a', 1, { dependencies: ['b'] })
    await cache.set('b', 2, { dependencies: ['a'] })
    expect((await cache.invalidateByDependency('a')).unwrap()).toBe(2)
  })
})

describe('CacheManager coherence through a bus (in one process)', () => {
  it("drops another instance's memory copy when a key is set, deleted or invalidated", async () => {
    const bus = new MemoryInvalidationBus()
    // Stands for Redis: one storage both instances see.
    const shared = Object.assign(new MemoryStorage(), { distributed: true })
    const make = () => {
      const c = new CacheManager({ bus, analytics: { healthCheckInterval: 0 } })
      c.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage() })
      c.addLayer({ name: 'shared', priority: 50, storage: shared, circuitBreaker: false })
      return c
    }
    const a = make()
    const b = make()
    await a.set('k', 1, { tags: ['t'] })
    expect((await b.get('k')).unwrap()).toBe(1) // b now holds a memory copy
    await a.set('k', 2, { tags: ['t'] })
    await new Promise((r) => setTimeout(r, 0))
    expect((await b.get('k')).unwrap()).toBe(2)
    await a.invalidateByTag('t')
    await new Promise((r) => setTimeout(r, 0))
    expect((await b.get('k')).unwrap()).toBeUndefined()
    await a.close()
    await b.close()
  })
})
