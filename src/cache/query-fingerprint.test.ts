import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { CacheManager } from './cache-manager.js'
import { canonicalQuery, queryCacheKey, queryFingerprint } from './query-fingerprint.js'

const shuffle = <T>(items: T[], seed: number): T[] => {
  const out = [...items]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const reorderKeys = (obj: Record<string, unknown>, seed: number) =>
  Object.fromEntries(shuffle(Object.entries(obj), seed))

describe('queryFingerprint', () => {
  it.each([
    [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ],
    [{ a: 1 }, { a: { $eq: 1 } }],
    [{ s: { $in: ['b', 'a', 'b'] } }, { s: { $in: ['a', 'b'] } }],
    [{ s: { $in: ['a'] } }, { s: 'a' }],
    [{ $and: [{ a: 1 }, { b: 2 }] }, { a: 1, b: 2 }],
    [{ $and: [{ $and: [{ a: 1 }] }, { b: 2 }] }, { b: 2, a: 1 }],
    [{ $or: [{ a: 1 }, { b: 2 }] }, { $or: [{ b: 2 }, { a: { $eq: 1 } }] }],
    [{ $or: [{ $or: [{ a: 1 }, { b: 2 }] }, { c: 3 }] }, { $or: [{ c: 3 }, { b: 2 }, { a: 1 }] }],
    [{ $or: [{ a: 1 }] }, { a: 1 }],
    [{ age: { $lte: 65, $gte: 18 } }, { age: { $gte: 18, $lte: 65 } }],
    [{ a: 1, gone: undefined }, { a: 1 }],
    [{ at: new Date(0) }, { at: { $eq: new Date(0) } }],
  ])('%o and %o share a fingerprint', (a, b) => {
    expect(queryFingerprint(a)).toBe(queryFingerprint(b))
  })

  it.each([
    [{ a: 1 }, { a: '1' }],
    [{ a: 1 }, { b: 1 }],
    [{ a: { $gte: 1 } }, { a: { $gt: 1 } }],
    [{ s: { $in: ['a', 'b'] } }, { s: { $nin: ['a', 'b'] } }],
    [{ $or: [{ a: 1 }, { b: 2 }] }, { a: 1, b: 2 }],
    [{ orderBy: ['a', 'b'] }, { orderBy: ['b', 'a'] }],
    [{ n: 1n }, { n: 1 }],
    [{ at: new Date(0) }, { at: new Date(1) }],
    [{ a: { $eq: { $in: [1] } } }, { a: { $in: [1] } }],
    [JSON.parse('{"__proto__": 1}'), {}],
    [{ $and: [JSON.parse('{"__proto__": 1}'), { a: 1 }] }, { a: 1 }],
  ])('%o and %o do not', (a, b) => {
    expect(queryFingerprint(a)).not.toBe(queryFingerprint(b))
  })

  it('ignores key order and $in order at every level', () => {
    const filter = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 4 }).filter((k) => !k.startsWith('$')),
      fc.oneof(fc.integer(), fc.string(), fc.record({ $in: fc.array(fc.integer(), { maxLength: 5 }) })),
      { maxKeys: 6 },
    )
    fc.assert(
      fc.property(filter, fc.integer({ min: 0, max: 1000 }), (f, seed) => {
        const scrambled = reorderKeys(
          Object.fromEntries(
            Object.entries(f).map(([k, v]) => [
              k,
              typeof v === 'object' && v !== null ? { $in: shuffle((v as { $in: number[] }).$in, seed) } : v,
            ]),
          ),
          seed,
        )
        expect(queryFingerprint(scrambled)).toBe(queryFingerprint(f))
        expect(queryFingerprint({ $and: [scrambled] })).toBe(queryFingerprint(f))
      }),
    )
  })

  it('tells apart filters on different values', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), fc.jsonValue(), (field, x, y) => {
        fc.pre(JSON.stringify(canonicalQuery(x)) !== JSON.stringify(canonicalQuery(y)))
        expect(queryFingerprint({ [field]: { $eq: x } })).not.toBe(queryFingerprint({ [field]: { $eq: y } }))
      }),
      { numRuns: 3000 },
    )
  })

  it('shows the canonical form it hashes', () => {
    expect(
      canonicalQuery({ status: { $in: ['b', 'a', 'b'] }, age: 18, $or: [{ vip: true }, { spent: { $gt: 100 } }] }),
    ).toEqual({
      $or: [{ spent: { $gt: 100 } }, { vip: { $eq: true } }],
      age: { $eq: 18 },
      status: { $in: ['a', 'b'] },
    })
  })
})

describe('queryCacheKey', () => {
  it('lets equivalent queries share one cached result, dropped by one write to the source', async () => {
    const cache = new CacheManager({ clock: new ManualClock(0), analytics: { healthCheckInterval: 0 } })
    let queries = 0
    const findMany = async (filter: unknown) => {
      const { key, dependency } = queryCacheKey('products', 'findMany', filter)
      return cache.getOrSet(key, () => ++queries, { dependencies: [dependency] })
    }
    expect((await findMany({ price: { $lt: 10 }, tag: { $in: ['b', 'a'] } })).unwrap()).toBe(1)
    expect((await findMany({ tag: { $in: ['a', 'b'] }, price: { $lt: 10 } })).unwrap()).toBe(1)
    expect((await findMany({ price: { $lt: 20 } })).unwrap()).toBe(2)
    expect(queryCacheKey('orders', 'findMany', {}).key).not.toBe(queryCacheKey('products', 'findMany', {}).key)
    expect(queryCacheKey('products', 'count', {}).key).not.toBe(queryCacheKey('products', 'findMany', {}).key)
    expect((await cache.invalidateByDependency('products')).unwrap()).toBe(2)
    expect((await findMany({ price: { $lt: 10 }, tag: { $in: ['a', 'b'] } })).unwrap()).toBe(3)
  })
})
