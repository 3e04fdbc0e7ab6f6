import { randomBytes } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import { afterAll, inject } from 'vitest'
import { engineUrls } from './engine-urls.js'

/** Redis for one test file: a key prefix of its own and clients that are closed afterwards. */
export interface TestRedis {
  /** `kairo:t:<run>:<random>:`; every key the file writes should start with it. */
  readonly prefix: string
  readonly url: string
  /** A shared client, connected lazily. */
  readonly client: Redis
  /** Another client (for pub/sub, or to act as a second instance), closed after the file. */
  open(options?: RedisOptions): Redis
}

/** Gives this test file a Redis key prefix and deletes every key under it afterwards (with SCAN, never KEYS). */
export function useTestRedis(): TestRedis {
  const prefix = `kairo:t:${inject('testRunId')}:${randomBytes(4).toString('hex')}:`
  const clients: Redis[] = []
  let main: Redis | undefined
  const open = (options: RedisOptions = {}) => {
    const client = new Redis(engineUrls.redis, { maxRetriesPerRequest: 2, ...options })
    client.on('error', () => {})
    clients.push(client)
    return client
  }
  afterAll(async () => {
    const cleaner = new Redis(engineUrls.redis)
    cleaner.on('error', () => {})
    try {
      let cursor = '0'
      do {
        const [next, keys] = await cleaner.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
        cursor = next
        if (keys.length > 0) await cleaner.del(...keys)
      } while (cursor !== '0')
    } finally {
      cleaner.disconnect()
      for (const client of clients) client.disconnect()
    }
  })
  return {
    prefix,
    url: engineUrls.redis,
    get client() {
      main ??= open()
      return main
    },
    open,
  }
}
