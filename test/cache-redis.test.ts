import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { RedisCacheLock, RedisInvalidationBus, RedisStorage } from '../src/adapters/redis/index.js'
import { type CacheAlertType, CacheManager, MemoryStorage } from '../src/cache/index.js'
import { waitFor } from './contracts/database-contract.js'
import { spawnScript } from './support/child-process.js'
import { useTestRedis } from './support/redis.js'
import { requireEngine } from './support/require-engine.js'
import { startTcpProxy } from './support/tcp-proxy.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.runIf(requireEngine('redis'))('cache on the real Redis server', () => {
  const redis = useTestRedis()
  const managers: CacheManager[] = []
  afterAll(async () => {
    for (const m of managers) await m.close()
  })
  let n = 0

  /** An application instance: memory over Redis, each with connections of its own. */
  function instance(options: { prefix?: string; bus?: boolean; lock?: boolean; memoryTtl?: number } = {}) {
    const prefix = options.prefix ?? `${redis.prefix}${++n}:`
    const cache = new CacheManager({
      ttl: 60_000,
      namespace: 'app',
      analytics: { healthCheckInterval: 0 },
      ...(options.bus ? { bus: new RedisInvalidationBus({ client: redis.open(), channel: `${prefix}bus` }) } : {}),
      ...(options.lock
        ? { lock: new RedisCacheLock({ client: redis.open(), keyPrefix: prefix }), lockPollInterval: 10 }
        : {}),
    })
    cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage(), ttl: options.memoryTtl ?? 60_000 })
    cache.addLayer({
      name: 'redis',
      priority: 50,
      storage: new RedisStorage({ client: redis.open(), keyPrefix: prefix }),
    })
    managers.push(cache)
    return { cache, prefix }
  }

  it('shares values through Redis and keeps memory layers coherent through the bus', async () => {
    const a = instance({ bus: true })
    const b = instance({ prefix: a.prefix, bus: true })
    ;(await a.cache.ready()).unwrap()
    ;(await b.cache.ready()).unwrap()
    await a.cache.set('user:1', { name: 'Ada', since: new Date(0) }, { tags: ['user'] })
    expect((await b.cache.get('user:1')).unwrap()).toEqual({ name: 'Ada', since: new Date(0) }) // from Redis
    expect(b.cache.getAnalytics().layers.redis?.hits).toBe(1)
    await a.cache.set('user:1', { name: 'Grace', since: new Date(0) }, { tags: ['user'] })
    await waitFor(() => b.cache.getAnalytics().layers.memory?.entries === 0)
    expect((await b.cache.get('user:1')).unwrap()).toMatchObject({ name: 'Grace' })
    await b.cache.invalidateByTag('user')
    await waitFor(() => a.cache.getAnalytics().layers.memory?.entries === 0)
    expect((await a.cache.get('user:1')).unwrap()).toBeUndefined()
  })

  it('invalidates by pattern and by dependency across instances', async () => {
    const a = instance({ bus: true })
    const b = instance({ prefix: a.prefix, bus: true })
    ;(await a.cache.ready()).unwrap()
    ;(await b.cache.ready()).unwrap()
    for (let i = 0; i < 300; i++) await a.cache.set(`session:${i}`, i)
    await a.cache.set('product:1', 'p', { dependencies: ['products'] })
    await a.cache.set('page:home', 'html', { dependencies: ['product:1'] })
    for (const k of ['session:7', 'product:1', 'page:home']) expect((await b.cache.get(k)).unwrap()).toBeDefined()
    expect((await b.cache.invalidateByPattern('session:*')).unwrap()).toBe(300)
    expect((await b.cache.invalidateByDependency('products')).unwrap()).toBe(2)
    await waitFor(() => a.cache.getAnalytics().layers.memory?.entries === 0)
    for (const k of ['session:7', 'product:1', 'page:home']) expect((await a.cache.get(k)).unwrap()).toBeUndefined()
  })

  it('walks keys with SCAN and never sends KEYS, however many keys match', async () => {
    const commands = new Set<string>()
    const client = redis.open()
    const watched = new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver)
        if (typeof value !== 'function') return value
        commands.add(String(property))
        return value.bind(target)
      },
    })
    const prefix = `${redis.prefix}${++n}:`
    const storage = new RedisStorage({ client: watched, keyPrefix: prefix, scanCount: 50 })
    const entry = {
      value: 1,
      expiresAt: Number.POSITIVE_INFINITY,
      staleUntil: Number.POSITIVE_INFINITY,
      tags: [],
      dependencies: [],
    }
    for (let i = 0; i < 600; i++) (await storage.set(`app:k:${i}`, entry, 60_000)).unwrap()
    expect((await storage.deleteMatching('app:', 'k:1*')).unwrap()).toBe(111)
    expect((await storage.deleteMatching('app:', /^k:2\d\d$/)).unwrap()).toBe(100)
    expect((await storage.clear('app:')).unwrap()).toBe(389)
    expect(commands.has('scan')).toBe(true)
    expect([...commands].filter((c) => c.toLowerCase() === 'keys')).toEqual([])
  })

  it('runs one factory across two instances on two connections, under the Redis lock', async () => {
    const a = instance({ lock: true })
    const b = instance({ prefix: a.prefix, lock: true })
    let calls = 0
    const factory = async () => {
      calls++
      await sleep(150)
      return { report: 'daily', at: new Date(1) }
    }
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).cache.getOrSet('report', factory)),
    )
    expect(calls).toBe(1)
    for (const r of results) expect(r.unwrap()).toEqual({ report: 'daily', at: new Date(1) })
    const waits = a.cache.getAnalytics().getOrSet.lockWaits + b.cache.getAnalytics().getOrSet.lockWaits
    expect(waits).toBe(1) // the instance that lost the race waited (once, for all its callers)
  })

  it('without the lock, two instances each run the factory (what the lock prevents)', async () => {
    const a = instance()
    const b = instance({ prefix: a.prefix })
    let calls = 0
    const factory = async () => {
      calls++
      await sleep(50)
      return 1
    }
    await Promise.all([a.cache.getOrSet('k', factory), b.cache.getOrSet('k', factory)])
    expect(calls).toBe(2)
  })

  it('keeps memory layers of two processes coherent through the Redis bus', async () => {
    const prefix = `${redis.prefix}${++n}:`
    const writer = new CacheManager({
      namespace: 'shop',
      bus: new RedisInvalidationBus({ client: redis.open(), channel: `${prefix}bus` }),
      analytics: { healthCheckInterval: 0 },
    })
    writer.addLayer({
      name: 'redis',
      priority: 50,
      storage: new RedisStorage({ client: redis.open(), keyPrefix: prefix }),
    })
    managers.push(writer)
    await writer.set('product:1', 'v1', { tags: ['catalog'] })
    const env = { REDIS_URL: redis.url, PREFIX: prefix }
    const coherent = spawnScript('test/fixtures/cache-instance.ts', { ...env, BUS: 'on' })
    const isolated = spawnScript('test/fixtures/cache-instance.ts', { ...env, BUS: 'off' })
    try {
      await coherent.waitForLine(/value v1/)
      await isolated.waitForLine(/value v1/)
      await writer.set('product:1', 'v2', { tags: ['catalog'] })
      await coherent.waitForLine(/value v2/)
      await writer.invalidateByTag('catalog')
      await coherent.waitForLine(/value none/)
      // The process without the bus still serves its memory copy: the bus is what made the difference.
      expect(isolated.stdout()).toBe('value v1\n')
    } finally {
      coherent.child.kill('SIGKILL')
      isolated.child.kill('SIGKILL')
    }
  })

  it('survives Redis being killed and restarted under read load: zero failed reads, and the layer comes back', async () => {
    const port = await freePort()
    let server = await startRedisServer(port)
    const url = `redis://127.0.0.1:${port}`
    const cache = new CacheManager({
      ttl: 60_000,
      analytics: { healthCheckInterval: 0 },
      bus: new RedisInvalidationBus({ url }),
    })
    managers.push(cache)
    cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage(), ttl: 20 })
    cache.addLayer({
      name: 'redis',
      priority: 50,
      storage: new RedisStorage({ url }),
      circuitBreaker: { failureThreshold: 3, openMs: 300 },
    })
    const alerts: CacheAlertType[] = []
    cache.onCacheAlert((type) => alerts.push(type))
    let reads = 0
    let failed = 0
    let wrong = 0
    let stop = false
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const key = `item:${(w * 7 + i) % 40}`
        const r = await cache.getOrSet(key, async () => `value of ${key}`)
        reads++
        if (!r.ok) failed++
        else if (r.value !== `value of ${key}`) wrong++
        await sleep(2)
      }
    }
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)))
    try {
      await sleep(400)
      const hitsBefore = cache.getAnalytics().layers.redis!.hits
      expect(hitsBefore).toBeGreaterThan(0)
      server.kill('SIGKILL')
      await waitFor(() => alerts.includes('layer-unavailable'), 10_000)
      const readsAtOutage = reads
      await sleep(500) // reads go on against memory and the factory while Redis is down
      expect(reads).toBeGreaterThan(readsAtOutage + 50)
      server = await startRedisServer(port)
      await waitFor(() => alerts.includes('layer-recovered'), 10_000)
      const hitsAfterRecovery = cache.getAnalytics().layers.redis!.hits
      await waitFor(() => cache.getAnalytics().layers.redis!.hits > hitsAfterRecovery + 20, 10_000)
    } finally {
      stop = true
      await load
      server.kill('SIGKILL')
    }
    expect(reads).toBeGreaterThan(200)
    expect(failed).toBe(0)
    expect(wrong).toBe(0)
    expect(cache.getAnalytics().layers.redis?.circuit).toBe('closed')
  })
})

describe.runIf(requireEngine('redis'))('cache invalidations while Redis is unreachable', () => {
  const redis = useTestRedis()

  it('queues them and applies them when Redis comes back, so no stale value survives the outage', async () => {
    const target = new URL(redis.url)
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) })
    const prefix = `${redis.prefix}outage:`
    const cache = new CacheManager({ ttl: 60_000, analytics: { healthCheckInterval: 0 } })
    cache.addLayer({
      name: 'redis',
      priority: 50,
      storage: new RedisStorage({ url: `redis://127.0.0.1:${proxy.port}`, keyPrefix: prefix, commandTimeout: 200 }),
      circuitBreaker: { failureThreshold: 1, openMs: 100 },
    })
    try {
      await cache.set('price:1', 10, { tags: ['prices'] })
      await cache.set('price:2', 20, { tags: ['prices'] })
      await cache.set('price:3', 30)
      proxy.cut()
      expect((await cache.get('price:1')).unwrap()).toBeUndefined() // a miss, not an error
      expect((await cache.delete('price:3')).ok).toBe(true)
      expect((await cache.invalidateByTag('prices')).ok).toBe(true)
      expect((await cache.set('price:4', 40)).ok).toBe(true)
      expect(cache.getAnalytics().layers.redis?.pendingInvalidations).toBe(3)
      // Nothing reached Redis yet.
      expect(await redis.client.exists(`${prefix}v:default:price:1`, `${prefix}v:default:price:3`)).toBe(2)
      proxy.restore()
      // Reads let a trial call through once the circuit's open period has passed; it closes the circuit.
      for (let i = 0; i < 100 && cache.getAnalytics().layers.redis?.circuit !== 'closed'; i++) {
        await cache.get('probe')
        await sleep(20)
      }
      await waitFor(() => cache.getAnalytics().layers.redis?.pendingInvalidations === 0)
      expect(
        await redis.client.exists(
          `${prefix}v:default:price:1`,
          `${prefix}v:default:price:2`,
          `${prefix}v:default:price:3`,
        ),
      ).toBe(0)
    } finally {
      await cache.close()
      await proxy.close()
    }
  })
})

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A Redis server of this test's own (never the shared one), answering on `port`. */
async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  )
  for (let i = 0; i < 200; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (up) return child
    await sleep(25)
  }
  child.kill('SIGKILL')
  throw new Error(`redis-server did not start on port ${port}`)
}
