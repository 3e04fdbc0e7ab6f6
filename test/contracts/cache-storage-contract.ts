import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CacheEntry, CacheStorage } from '../../src/cache/index.js'

/** How a contract run gets storages of one engine. */
export interface CacheStorageContractSetup {
  /** A new, empty storage of its own (its own key prefix on a shared server). */
  make(options?: { scanCount?: number }): CacheStorage
}

const entry = (value: unknown, extra: Partial<CacheEntry> = {}): CacheEntry => ({
  value,
  expiresAt: Number.POSITIVE_INFINITY,
  staleUntil: Number.POSITIVE_INFINITY,
  tags: [],
  dependencies: [],
  ...extra,
})

const keysOf = async (storage: CacheStorage, keys: string[]) => {
  const present: string[] = []
  for (const k of keys) if ((await storage.get(k)).unwrap() !== undefined) present.push(k)
  return present
}

/**
 * The behaviour every `CacheStorage` must share. Run once per implementation (memory, memory
 * with a serializer, Redis with each serializer), so a layer behaves the same on every engine.
 */
export function cacheStorageContract(name: string, setup: CacheStorageContractSetup): void {
  describe(`CacheStorage contract: ${name}`, () => {
    it('answers a miss with Ok(undefined) and reads back what was written', async () => {
      const s = setup.make()
      expect((await s.get('ns:none')).unwrap()).toBeUndefined()
      const e = entry(
        { id: 1, name: 'pen', price: 1.5, tags: ['a'], nested: { ok: true, none: null } },
        {
          expiresAt: 1_700_000_000_000,
          staleUntil: 1_700_000_060_000,
          tags: ['t1', 't2'],
          dependencies: ['products'],
        },
      )
      ;(await s.set('ns:a', e, 60_000)).unwrap()
      expect((await s.get('ns:a')).unwrap()).toEqual(e)
      await s.close()
    })

    it('keeps Date, BigInt, Map, Set and undefined values', async () => {
      const s = setup.make()
      const value = { at: new Date(5), big: 2n ** 70n, map: new Map([[1, 'x']]), set: new Set(['a']), none: undefined }
      ;(await s.set('ns:rich', entry(value), 60_000)).unwrap()
      expect((await s.get('ns:rich')).unwrap()?.value).toEqual(value)
      await s.close()
    })

    it('replaces an entry on a second write', async () => {
      const s = setup.make()
      ;(await s.set('ns:a', entry(1), 60_000)).unwrap()
      ;(await s.set('ns:a', entry(2), 60_000)).unwrap()
      expect((await s.get('ns:a')).unwrap()?.value).toBe(2)
      await s.close()
    })

    it('drops an entry once its retention has passed', async () => {
      const s = setup.make()
      ;(await s.set('ns:short', entry('x'), 30)).unwrap()
      ;(await s.set('ns:long', entry('y'), 60_000)).unwrap()
      await new Promise((r) => setTimeout(r, 80))
      expect((await s.get('ns:short')).unwrap()).toBeUndefined()
      expect((await s.get('ns:long')).unwrap()?.value).toBe('y')
      await s.close()
    })

    it('deletes keys and counts those that existed', async () => {
      const s = setup.make()
      for (const k of ['ns:a', 'ns:b']) (await s.set(k, entry(k), 60_000)).unwrap()
      expect((await s.delete(['ns:a', 'ns:b', 'ns:missing'])).unwrap()).toBe(2)
      expect(await keysOf(s, ['ns:a', 'ns:b'])).toEqual([])
      expect((await s.delete([])).unwrap()).toBe(0)
      await s.close()
    })

    it('deletes by tag exactly the entries carrying one of the tags, and reports them', async () => {
      const s = setup.make()
      ;(await s.set('ns:u1', entry(1, { tags: ['user'] }), 60_000)).unwrap()
      ;(await s.set('a:u2', entry(2, { tags: ['user', 'vip'] }), 60_000)).unwrap()
      ;(await s.set('ns:o1', entry(3, { tags: ['order'] }), 60_000)).unwrap()
      ;(await s.set('ns:p1', entry(4, { tags: ['product'] }), 60_000)).unwrap()
      ;(await s.set('ns:plain', entry(5), 60_000)).unwrap()
      const deleted = (await s.deleteByTags(['user', 'order'])).unwrap()
      expect([...deleted].sort()).toEqual(['a:u2', 'ns:o1', 'ns:u1'])
      expect(await keysOf(s, ['ns:u1', 'a:u2', 'ns:o1', 'ns:p1', 'ns:plain'])).toEqual(['ns:p1', 'ns:plain'])
      // A tag is forgotten once used: a new entry with it is deleted by the next invalidation only.
      // An entry rewritten without a tag no longer goes with it.
      ;(await s.set('ns:p1', entry(7, { tags: ['product'] }), 60_000)).unwrap()
      ;(await s.set('ns:p1', entry(8, { tags: [] }), 60_000)).unwrap()
      expect((await s.deleteByTags(['product'])).unwrap()).toEqual([])
      expect((await s.get('ns:p1')).unwrap()?.value).toBe(8)
      ;(await s.set('ns:u3', entry(6, { tags: ['user'] }), 60_000)).unwrap()
      expect((await s.deleteByTags(['user'])).unwrap()).toEqual(['ns:u3'])
      expect((await s.deleteByTags(['nobody'])).unwrap()).toEqual([])
      await s.close()
    })

    it('deletes by dependency the entries depending on it', async () => {
      const s = setup.make()
      ;(await s.set('ns:list', entry([1, 2], { dependencies: ['products'] }), 60_000)).unwrap()
      ;(await s.set('ns:count', entry(2, { dependencies: ['products', 'orders'] }), 60_000)).unwrap()
      ;(await s.set('ns:other', entry(0, { dependencies: ['orders'] }), 60_000)).unwrap()
      expect([...(await s.deleteByDependency('products')).unwrap()].sort()).toEqual(['ns:count', 'ns:list'])
      expect(await keysOf(s, ['ns:list', 'ns:count', 'ns:other'])).toEqual(['ns:other'])
      await s.close()
    })

    it('deletes by glob within a prefix, with ?, [..] and escapes read as Redis MATCH reads them', async () => {
      const s = setup.make()
      const keys = ['ns:user:1', 'ns:user:22', 'ns:user:a', 'ns:order:1', 'other:user:1', 'ns:star*', 'ns:starx']
      for (const k of keys) (await s.set(k, entry(k), 60_000)).unwrap()
      expect((await s.deleteMatching('ns:', 'user:?')).unwrap()).toBe(2)
      expect(await keysOf(s, keys)).toEqual(['ns:user:22', 'ns:order:1', 'other:user:1', 'ns:star*', 'ns:starx'])
      expect((await s.deleteMatching('ns:', 'user:[0-9]*')).unwrap()).toBe(1)
      expect((await s.deleteMatching('ns:', 'star\\*')).unwrap()).toBe(1)
      expect(await keysOf(s, keys)).toEqual(['ns:order:1', 'other:user:1', 'ns:starx'])
      expect((await s.deleteMatching('ns:', '*')).unwrap()).toBe(2)
      expect(await keysOf(s, keys)).toEqual(['other:user:1'])
      await s.close()
    })

    it('deletes by RegExp tested against the key without the prefix', async () => {
      const s = setup.make()
      const keys = ['ns:user:1', 'ns:user:x', 'ns:xuser:1', 'ot:user:2']
      for (const k of keys) (await s.set(k, entry(k), 60_000)).unwrap()
      expect((await s.deleteMatching('ns:', /^user:\d+$/g)).unwrap()).toBe(1)
      expect(await keysOf(s, keys)).toEqual(['ns:user:x', 'ns:xuser:1', 'ot:user:2'])
      await s.close()
    })

    it('takes prefixes with glob characters literally', async () => {
      const s = setup.make()
      const keys = ['n[s]:a', 'ns:a', 'n*:a']
      for (const k of keys) (await s.set(k, entry(k), 60_000)).unwrap()
      expect((await s.deleteMatching('n[s]:', '*')).unwrap()).toBe(1)
      expect((await s.clear('n*:')).unwrap()).toBe(1)
      expect(await keysOf(s, keys)).toEqual(['ns:a'])
      await s.close()
    })

    it('deletes every match among thousands of keys (walking the whole key space)', async () => {
      const s = setup.make({ scanCount: 100 })
      const writes: Promise<unknown>[] = []
      for (let i = 0; i < 2500; i++) {
        writes.push(Promise.resolve(s.set(`ns:${i % 2 === 0 ? 'even' : 'odd'}:${i}`, entry(i), 60_000)))
      }
      await Promise.all(writes)
      expect((await s.deleteMatching('ns:', 'even:*')).unwrap()).toBe(1250)
      expect((await s.get('ns:even:0')).unwrap()).toBeUndefined()
      expect((await s.get('ns:odd:1')).unwrap()?.value).toBe(1)
      expect((await s.deleteMatching('ns:', /^odd:\d*5$/)).unwrap()).toBe(250)
      expect((await s.clear('ns:')).unwrap()).toBe(1000)
      await s.close()
    })

    it('clears one prefix, or everything', async () => {
      const s = setup.make()
      const keys = ['a:1', 'a:2', 'ab:1', 'b:1']
      for (const k of keys) (await s.set(k, entry(k, { tags: ['t'] }), 60_000)).unwrap()
      expect((await s.clear('a:')).unwrap()).toBe(2)
      expect(await keysOf(s, keys)).toEqual(['ab:1', 'b:1'])
      await s.clear()
      expect(await keysOf(s, keys)).toEqual([])
      await s.close()
    })

    it('keeps keys with spaces, newlines, unicode and glob characters apart', async () => {
      const s = setup.make()
      const keys = ['ns:a b', 'ns:a\nb', 'ns:ü→✓', 'ns:*', 'ns:?', 'ns:[x]', 'ns:\\']
      for (const [i, k] of keys.entries()) (await s.set(k, entry(i), 60_000)).unwrap()
      for (const [i, k] of keys.entries()) expect((await s.get(k)).unwrap()?.value).toBe(i)
      expect((await s.deleteMatching('ns:', '\\*')).unwrap()).toBe(1)
      expect((await s.get('ns:?')).unwrap()?.value).toBe(4)
      await s.close()
    })

    it('behaves like a map under any sequence of writes, deletes and tag invalidations', async () => {
      const key = fc.constantFrom('ns:a', 'ns:b', 'ns:c', 'ns:d')
      const tag = fc.constantFrom('x', 'y')
      const op = fc.oneof(
        fc.record({ kind: fc.constant('set' as const), key, value: fc.integer(), tags: fc.subarray(['x', 'y']) }),
        fc.record({ kind: fc.constant('delete' as const), key }),
        fc.record({ kind: fc.constant('tag' as const), tag }),
      )
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
          const s = setup.make()
          const model = new Map<string, { value: number; tags: string[] }>()
          for (const o of ops) {
            if (o.kind === 'set') {
              ;(await s.set(o.key, entry(o.value, { tags: o.tags }), 60_000)).unwrap()
              model.set(o.key, { value: o.value, tags: o.tags })
            } else if (o.kind === 'delete') {
              expect((await s.delete([o.key])).unwrap()).toBe(model.delete(o.key) ? 1 : 0)
            } else {
              await s.deleteByTags([o.tag])
              for (const [k, v] of model) if (v.tags.includes(o.tag)) model.delete(k)
            }
          }
          for (const k of ['ns:a', 'ns:b', 'ns:c', 'ns:d']) {
            const got = (await s.get(k)).unwrap()
            const want = model.get(k)
            expect(got?.value).toBe(want?.value)
          }
          await s.close()
        }),
        { numRuns: 25 },
      )
    })
  })
}
