import { randomBytes } from 'node:crypto'
import { BentoCache, bentostore } from 'bentocache'
import { memoryDriver } from 'bentocache/drivers/memory'
import { redisDriver } from 'bentocache/drivers/redis'
import { Redis } from 'ioredis'
import { type CacheEntry, CacheManager, jsonSerializer, MemoryStorage } from 'kairo/cache'
import { msgpackSerializer } from 'kairo/msgpack'
import { RedisStorage } from 'kairo/redis'
import { LRUCache } from 'lru-cache'
import { benchGroup } from './harness.js'

const KEYS = 1000
const keys = Array.from({ length: KEYS }, (_, i) => `product:${i}`)
const product = (i: number) => ({
  id: i,
  name: `Product ${i}`,
  price: 9.99 + i,
  tags: ['a', 'b'],
  stock: 100 - (i % 100),
})
const forever = (value: unknown): CacheEntry => ({
  value,
  expiresAt: Number.POSITIVE_INFINITY,
  staleUntil: Number.POSITIVE_INFINITY,
  tags: [],
  dependencies: [],
})

/**
 * The cache against the libraries a user would otherwise pick: raw lru-cache for the memory layer,
 * BentoCache for tiered `getOrSet`, raw ioredis for the Redis layer. Needs Redis at KAIRO_REDIS_URL
 * (default redis://127.0.0.1:6379); every key is under a random prefix and deleted afterwards.
 */
export default async function cacheBench(): Promise<void> {
  const redisUrl = process.env.KAIRO_REDIS_URL ?? 'redis://127.0.0.1:6379'
  const prefix = `kairo:bench:${randomBytes(4).toString('hex')}:`
  const raw = new Redis(redisUrl)
  let i = 0
  const nextKey = () => {
    i = (i + 1) % KEYS
    return keys[i]!
  }

  // --- memory layer -----------------------------------------------------------------------------
  const lru = new LRUCache<string, object>({ max: 10_000 })
  const memory = new MemoryStorage({ maxSize: 10_000 })
  const memoryCopies = new MemoryStorage({ maxSize: 10_000, serializer: jsonSerializer })
  for (const [n, k] of keys.entries()) {
    lru.set(k, product(n))
    memory.set(k, forever(product(n)), Number.POSITIVE_INFINITY)
    memoryCopies.set(k, forever(product(n)), Number.POSITIVE_INFINITY)
  }
  await benchGroup('memory get (hit), 1000 keys', [
    { name: 'lru-cache get', fn: () => lru.get(nextKey()), baseline: true },
    { name: 'kairo MemoryStorage get (lru)', fn: () => memory.get(nextKey()) },
    { name: 'kairo MemoryStorage get, json copies', fn: () => memoryCopies.get(nextKey()) },
  ])
  const values = keys.map((_, n) => product(n))
  await benchGroup('memory set, 1000 keys', [
    { name: 'lru-cache set', fn: () => lru.set(nextKey(), values[i]!), baseline: true },
    {
      name: 'kairo MemoryStorage set (lru)',
      fn: () => memory.set(nextKey(), forever(values[i]), Number.POSITIVE_INFINITY),
    },
    {
      name: 'kairo MemoryStorage set, json copies',
      fn: () => memoryCopies.set(nextKey(), forever(values[i]), Number.POSITIVE_INFINITY),
    },
  ])

  // --- tiered getOrSet hits (memory over Redis) -------------------------------------------------
  const kairoTiered = new CacheManager({ ttl: 3_600_000, namespace: 'tiered' })
  kairoTiered.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ maxSize: 10_000 }) })
  kairoTiered.addLayer({ name: 'redis', priority: 50, storage: new RedisStorage({ url: redisUrl, keyPrefix: prefix }) })
  const bento = new BentoCache({
    default: 'tiered',
    prefix: `${prefix}bento`,
    stores: {
      tiered: bentostore()
        .useL1Layer(memoryDriver({ maxItems: 10_000 }))
        .useL2Layer(redisDriver({ connection: new Redis(redisUrl) })),
      l2: bentostore().useL2Layer(redisDriver({ connection: new Redis(redisUrl) })),
    },
  })
  for (const [n, k] of keys.entries()) {
    await kairoTiered.getOrSet(k, () => product(n))
    await bento.getOrSet({ key: k, factory: () => product(n), ttl: '1h' })
  }
  await benchGroup('tiered getOrSet (hit in memory), 1000 keys', [
    {
      name: 'BentoCache getOrSet',
      fn: () => bento.getOrSet({ key: nextKey(), factory: () => product(i), ttl: '1h' }),
      baseline: true,
    },
    { name: 'kairo CacheManager getOrSet', fn: () => kairoTiered.getOrSet(nextKey(), () => product(i)) },
    { name: 'kairo CacheManager get', fn: () => kairoTiered.get(nextKey()) },
  ])

  // --- L2-only getOrSet hits (Redis) ------------------------------------------------------------
  const l2Only = (serializer: 'json' | 'msgpack' | 'json+deflate') => {
    const m = new CacheManager({ ttl: 3_600_000, namespace: `l2${serializer.replace('+', '')}` })
    m.addLayer({
      name: 'redis',
      priority: 50,
      storage: new RedisStorage({
        url: redisUrl,
        keyPrefix: prefix,
        serializer: serializer === 'msgpack' ? msgpackSerializer() : jsonSerializer,
        compression: serializer === 'json+deflate' ? { threshold: 0 } : false,
      }),
    })
    return m
  }
  const l2Json = l2Only('json')
  const l2Msgpack = l2Only('msgpack')
  const l2Deflate = l2Only('json+deflate')
  for (const [n, k] of keys.entries()) {
    await raw.set(`${prefix}raw:${k}`, JSON.stringify(product(n)))
    await l2Json.getOrSet(k, () => product(n))
    await l2Msgpack.getOrSet(k, () => product(n))
    await l2Deflate.getOrSet(k, () => product(n))
    await bento.use('l2').getOrSet({ key: k, factory: () => product(n), ttl: '1h' })
  }
  await benchGroup(
    'L2-only getOrSet (hit in Redis), 1000 keys',
    [
      { name: 'raw ioredis GET', fn: () => raw.get(`${prefix}raw:${nextKey()}`), baseline: true },
      {
        name: 'raw ioredis GET + JSON.parse',
        fn: async () => JSON.parse((await raw.get(`${prefix}raw:${nextKey()}`))!),
      },
      {
        name: 'BentoCache getOrSet (L2 only)',
        fn: () => bento.use('l2').getOrSet({ key: nextKey(), factory: () => product(i), ttl: '1h' }),
      },
      { name: 'kairo getOrSet, json', fn: () => l2Json.getOrSet(nextKey(), () => product(i)) },
      { name: 'kairo getOrSet, msgpack', fn: () => l2Msgpack.getOrSet(nextKey(), () => product(i)) },
      { name: 'kairo getOrSet, json + deflate', fn: () => l2Deflate.getOrSet(nextKey(), () => product(i)) },
      // The baseline again, last: how far the machine drifted during the group.
      { name: 'raw ioredis GET (again)', fn: () => raw.get(`${prefix}raw:${nextKey()}`) },
    ],
    { timeMs: 2000 },
  )

  // --- cleanup ----------------------------------------------------------------------------------
  await Promise.all([kairoTiered.close(), l2Json.close(), l2Msgpack.close(), l2Deflate.close(), bento.disconnectAll()])
  let cursor = '0'
  do {
    const [next, found] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    cursor = next
    if (found.length > 0) await raw.unlink(...found)
  } while (cursor !== '0')
  raw.disconnect()
}
