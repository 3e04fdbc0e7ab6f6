import { Redis } from 'ioredis'
import { CacheManager } from 'kairo/cache'
import { RedisStorage } from 'kairo/redis'

const url = 'redis://127.0.0.1:6379'
const prefix = 'kairo:prof:'
const raw = new Redis(url)
const mk = (opts: object) => {
  const storage = new RedisStorage({ url, keyPrefix: prefix, ...opts })
  const m = new CacheManager({ ttl: 3_600_000 })
  m.addLayer({ name: 'redis', priority: 50, storage })
  return { m, storage }
}
const a = mk({})
const b = mk({ client: new Redis(url) })
const v = { id: 1, name: 'Product', price: 9.99, tags: ['a'], stock: 3 }
await a.m.set('k', v)
await raw.set(prefix + 'raw', JSON.stringify(v))
await new Promise((r) => setTimeout(r, 200))
const cases: Record<string, () => Promise<unknown>> = {
  'raw get': () => raw.get(prefix + 'raw'),
  'raw getBuffer': () => raw.getBuffer(prefix + 'v:default:k'),
  'storage.get': () => a.storage.get('default:k'),
  'storage.get plain client': () => b.storage.get('default:k'),
  'manager.getOrSet': () => a.m.getOrSet('k', () => 1),
  'manager.getOrSet plain client': () => b.m.getOrSet('k', () => 1),
}
const total: Record<string, number[]> = {}
for (let r = 0; r < 30; r++)
  for (const [name, fn] of Object.entries(cases)) {
    const t = performance.now()
    for (let i = 0; i < 500; i++) await fn()
    ;(total[name] ??= []).push(((performance.now() - t) * 1000) / 500)
  }
for (const [n, t] of Object.entries(total)) {
  t.sort((x, y) => x - y)
  console.log(n.padEnd(32), 'median', t[15]!.toFixed(1), 'µs  min', t[0]!.toFixed(1))
}
process.exit(0)
