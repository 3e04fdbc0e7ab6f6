import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import type { CacheEntry } from './cache-entry.js'
import type { EvictionPolicy } from './eviction-policy.js'
import { jsonSerializer } from './json-serializer.js'
import { MemoryStorage } from './memory-storage.js'

const entry = (value: unknown, tags: string[] = []): CacheEntry => ({
  value,
  expiresAt: Number.POSITIVE_INFINITY,
  staleUntil: Number.POSITIVE_INFINITY,
  tags,
  dependencies: [],
})

/** A reference model of a bounded cache: obvious O(n) code, one rule per policy. */
class ModelCache {
  readonly items = new Map<string, { value: number; retainUntil: number; freq: number; used: number; seq: number }>()
  tick = 0
  seq = 0
  constructor(
    readonly policy: EvictionPolicy,
    readonly max: number,
  ) {}

  get(key: string, now: number): number | undefined {
    const item = this.items.get(key)
    if (!item) return undefined
    if (now >= item.retainUntil) {
      this.items.delete(key)
      return undefined
    }
    item.freq++
    item.used = ++this.tick
    return item.value
  }

  set(key: string, value: number, retainUntil: number): void {
    const item = this.items.get(key)
    if (item) {
      Object.assign(item, { value, retainUntil, freq: item.freq + 1, used: ++this.tick })
      return
    }
    if (this.items.size >= this.max) this.items.delete(this.victim())
    this.items.set(key, { value, retainUntil, freq: 1, used: ++this.tick, seq: this.seq++ })
  }

  victim(): string {
    const all = [...this.items.entries()]
    const by = (score: (i: (typeof all)[number][1]) => number[]) =>
      all.reduce((best, cur) => (lexLess(score(cur[1]), score(best[1])) ? cur : best))[0]
    switch (this.policy) {
      case 'lru':
        return by((i) => [i.used])
      case 'fifo':
        return by((i) => [i.seq])
      case 'lfu':
        return by((i) => [i.freq, i.used])
      case 'ttl':
        return by((i) => [i.retainUntil, i.seq])
    }
  }
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!
  return false
}

const op = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      key: fc.integer({ min: 0, max: 7 }),
      value: fc.integer(),
      retain: fc.constantFrom(10, 50, 200, Number.POSITIVE_INFINITY),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 60 }) }) },
)

describe('MemoryStorage eviction against reference models', () => {
  for (const policy of ['lru', 'lfu', 'fifo', 'ttl'] as const) {
    it(`${policy}: every read, size and survivor matches the model`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 80 }), async (max, ops) => {
          const clock = new ManualClock(0)
          const storage = new MemoryStorage({ maxSize: max, evictionPolicy: policy, clock })
          const model = new ModelCache(policy, max)
          for (const o of ops) {
            const key = 'key' in o ? `k${o.key}` : ''
            if (o.kind === 'set') {
              storage.set(key, entry(o.value), o.retain).unwrap()
              model.set(key, o.value, clock.now() + o.retain)
            } else if (o.kind === 'get') {
              expect(storage.get(key).unwrap()?.value).toBe(model.get(key, clock.now()))
            } else if (o.kind === 'delete') {
              expect(storage.delete([key]).unwrap()).toBe(model.items.delete(key) ? 1 : 0)
            } else {
              await clock.advance(o.ms)
            }
            expect(storage.size).toBe(model.items.size)
          }
          for (const k of model.items.keys()) expect(storage.get(k).unwrap()?.value).toBe(model.get(k, clock.now()))
        }),
        { numRuns: 300 },
      )
    })
  }

  it('lfu keeps frequently read entries and lets a new entry in', () => {
    const s = new MemoryStorage({ maxSize: 2, evictionPolicy: 'lfu' })
    s.set('hot', entry(1), Number.POSITIVE_INFINITY)
    s.set('cold', entry(2), Number.POSITIVE_INFINITY)
    for (let i = 0; i < 5; i++) s.get('hot')
    s.set('new', entry(3), Number.POSITIVE_INFINITY)
    expect(s.get('cold').unwrap()).toBeUndefined()
    expect(s.get('hot').unwrap()?.value).toBe(1)
    expect(s.get('new').unwrap()?.value).toBe(3)
    expect(s.stats().evictions).toBe(1)
  })
})

describe('MemoryStorage limits and bookkeeping', () => {
  it('keeps the total estimated size under maxBytes, dropping by policy', () => {
    const s = new MemoryStorage({ maxBytes: 1000, evictionPolicy: 'lru' })
    for (let i = 0; i < 20; i++) s.set(`k${i}`, entry('x'.repeat(100)), Number.POSITIVE_INFINITY)
    const stats = s.stats()
    expect(stats.bytes).toBeLessThanOrEqual(1000)
    expect(stats.entries).toBeGreaterThan(0)
    expect(stats.evictions).toBe(20 - stats.entries!)
    expect(s.get('k19').unwrap()?.value).toBe('x'.repeat(100))
    expect(s.get('k0').unwrap()).toBeUndefined()
  })

  it('does not keep an entry larger than maxBytes, and keeps the others', () => {
    const s = new MemoryStorage({ maxBytes: 500, sizeOf: (v) => String(v).length })
    s.set('small', entry('abc'), Number.POSITIVE_INFINITY)
    s.set('huge', entry('y'.repeat(600)), Number.POSITIVE_INFINITY)
    expect(s.get('huge').unwrap()).toBeUndefined()
    expect(s.get('small').unwrap()?.value).toBe('abc')
  })

  it('reports memory used even without a byte limit', () => {
    const s = new MemoryStorage()
    s.set('a', entry({ name: 'x'.repeat(1000) }), Number.POSITIVE_INFINITY)
    expect(s.stats().bytes).toBeGreaterThan(2000)
  })

  it('forgets tags of deleted, evicted and rewritten entries', () => {
    const s = new MemoryStorage({ maxSize: 1 })
    s.set('a', entry(1, ['t']), Number.POSITIVE_INFINITY)
    s.set('b', entry(2, ['t']), Number.POSITIVE_INFINITY) // evicts a
    s.set('b', entry(3, ['u']), Number.POSITIVE_INFINITY) // b no longer tagged t
    expect(s.deleteByTags(['t']).unwrap()).toEqual([])
    expect(s.deleteByTags(['u']).unwrap()).toEqual(['b'])
  })

  it('hands out copies when given a serializer, so callers cannot change what others read', () => {
    const s = new MemoryStorage({ serializer: jsonSerializer })
    s.set('a', entry({ n: 1, at: new Date(0) }), Number.POSITIVE_INFINITY)
    const first = s.get('a').unwrap()!.value as { n: number }
    first.n = 99
    expect(s.get('a').unwrap()!.value).toEqual({ n: 1, at: new Date(0) })
  })

  it('refuses a value its serializer cannot encode, with CACHE_SERIALIZATION', () => {
    const s = new MemoryStorage({ serializer: jsonSerializer })
    const r = s.set(
      'f',
      entry(() => 1),
      Number.POSITIVE_INFINITY,
    )
    expect(!r.ok && r.error.code).toBe('CACHE_SERIALIZATION')
  })

  it('drops entries at the end of their retention on the clock it was given', async () => {
    const clock = new ManualClock(0)
    const s = new MemoryStorage({ clock })
    s.set('a', entry(1), 100)
    await clock.advance(99)
    expect(s.get('a').unwrap()?.value).toBe(1)
    await clock.advance(1)
    expect(s.get('a').unwrap()).toBeUndefined()
    expect(s.size).toBe(0)
  })

  it('rejects limits that are not positive', () => {
    expect(() => new MemoryStorage({ maxSize: 0 })).toThrow(RangeError)
  })
})
