import { describe } from 'vitest'
import { redisRateLimitStore } from '../src/adapters/redis/index.js'
import { ManualClock } from '../src/index.js'
import { memoryRateLimitStore } from '../src/resilience/index.js'
import { rateLimitStoreContract } from './contracts/rate-limit-store-contract.js'
import { useTestRedis } from './support/redis.js'
import { requireEngine } from './support/require-engine.js'

const clock = new ManualClock(1_000_000)
rateLimitStoreContract('memory', {
  store: () => memoryRateLimitStore({ clock }),
  pass: (ms) => clock.advance(ms),
})

describe.runIf(requireEngine('redis'))('redis server', () => {
  const redis = useTestRedis()
  rateLimitStoreContract('redis', {
    store: () => redisRateLimitStore(redis.client, { prefix: redis.prefix }),
    pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  })
})
