import { describe } from 'vitest'
import { msgpackSerializer } from '../src/adapters/msgpack/index.js'
import { RedisStorage } from '../src/adapters/redis/index.js'
import { jsonSerializer, MemoryStorage } from '../src/cache/index.js'
import { cacheStorageContract } from './contracts/cache-storage-contract.js'
import { useTestRedis } from './support/redis.js'
import { requireEngine } from './support/require-engine.js'

cacheStorageContract('memory', { make: () => new MemoryStorage() })
cacheStorageContract('memory with a serializer', {
  make: () => new MemoryStorage({ serializer: jsonSerializer }),
})

describe.runIf(requireEngine('redis'))('redis', () => {
  const redis = useTestRedis()
  let n = 0
  cacheStorageContract('redis (json)', {
    make: (o) => new RedisStorage({ client: redis.client, keyPrefix: `${redis.prefix}${++n}:`, ...o }),
  })
  cacheStorageContract('redis (msgpack, compressed)', {
    make: (o) =>
      new RedisStorage({
        client: redis.client,
        keyPrefix: `${redis.prefix}${++n}:`,
        serializer: msgpackSerializer(),
        compression: { threshold: 16 },
        ...o,
      }),
  })
})
