import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { redisRateLimitStore } from '../src/adapters/redis/index.js'
import { rateLimiter } from '../src/resilience/index.js'
import { useTestRedis } from './support/redis.js'
import { requireEngine } from './support/require-engine.js'
import { startTcpProxy } from './support/tcp-proxy.js'

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe.runIf(requireEngine('redis'))('rate limiting shared through Redis', () => {
  const redis = useTestRedis()

  it('shares one limit between two instances with their own clients', async () => {
    const instanceA = redis.open()
    const instanceB = redis.open()
    const limiterOn = (client: Redis) =>
      rateLimiter({
        tokensPerInterval: 10,
        interval: 3_600_000,
        key: 'partner-api',
        name: 'partner-api',
        store: redisRateLimitStore(client, { prefix: redis.prefix }),
      })
    const a = limiterOn(instanceA)
    const b = limiterOn(instanceB)
    let ran = 0
    const work = () => {
      ran++
      return ran
    }
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).execute(work)))
    expect(results.filter((r) => r.ok)).toHaveLength(10)
    expect(ran).toBe(10)
    const refused = results.filter((r) => !r.ok)
    expect(refused).toHaveLength(20)
    for (const r of refused) {
      expect(!r.ok && r.error.code).toBe('RATE_LIMITED')
      expect(!r.ok && 'retryAfter' in r.error && (r.error.retryAfter as number)).toBeGreaterThan(0)
    }
    expect(await instanceA.exists(`${redis.prefix}partner-api`)).toBe(1)
  })

  it('returns UNAVAILABLE when Redis cannot be reached, and recovers when it comes back', async () => {
    const url = new URL(redis.url)
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 6379) })
    // Straight to the proxy (a URL would take precedence over host/port options).
    const client = new Redis({
      port: proxy.port,
      host: '127.0.0.1',
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    })
    client.on('error', () => {})
    await new Promise((resolve) => client.once('ready', resolve))
    const limiter = rateLimiter({
      tokensPerInterval: 100,
      interval: 1000,
      key: 'outage',
      store: redisRateLimitStore(client, { prefix: redis.prefix }),
    })
    expect((await limiter.execute(() => 'up')).ok).toBe(true)
    proxy.cut()
    await new Promise((resolve) => setTimeout(resolve, 50))
    const down = await limiter.execute(() => 'should not run')
    expect(!down.ok && down.error.code).toBe('UNAVAILABLE')
    expect(!down.ok && down.error.retryable).toBe(true)
    proxy.restore()
    let back = await limiter.execute(() => 'back')
    for (let i = 0; i < 50 && !back.ok; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      back = await limiter.execute(() => 'back')
    }
    expect(back.ok).toBe(true)
    client.disconnect()
    await proxy.close()
  })

  describe('on a Redis server of its own (empty script cache)', () => {
    let server: ChildProcess | undefined
    afterAll(() => {
      server?.kill('SIGKILL')
    })

    it('loads the script when the server does not know it yet (NOSCRIPT)', async () => {
      const port = await freePort()
      server = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      )
      // Commands wait in the offline queue while the server starts; the client retries every 20 ms.
      const client = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 20, maxRetriesPerRequest: null })
      client.on('error', () => {})
      expect(await client.script('EXISTS', '0'.repeat(40))).toEqual([0])
      const store = redisRateLimitStore(client)
      const bucket = { capacity: 2, refillPerMs: 1 / 3_600_000 }
      const first = await store.take('fresh', 1, bucket)
      expect(first.unwrap()).toMatchObject({ allowed: true })
      expect((await store.take('fresh', 1, bucket)).unwrap()).toMatchObject({ allowed: true })
      expect((await store.take('fresh', 1, bucket)).unwrap()).toMatchObject({ allowed: false })
      client.disconnect()
    })
  })
})
