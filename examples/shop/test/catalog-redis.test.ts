import { afterAll, describe, expect, it } from 'vitest'
import { spawnScript } from '../../../test/support/child-process.js'
import { sharedPglite } from '../../../test/support/pglite.js'
import { useTestRedis } from '../../../test/support/redis.js'
import { requireEngine } from '../../../test/support/require-engine.js'
import { createShopApp } from '../src/app.js'
import { createCatalogCache } from '../src/catalog/catalog-cache.js'
import { productCatalog } from '../src/catalog/product-catalog.js'
import { setUpProductsTable } from '../src/catalog/products-table.js'

describe.runIf(requireEngine('redis'))('shop catalog with a Redis layer', () => {
  const redis = useTestRedis()
  const db = sharedPglite()
  const caches = [0, 1].map(() => createCatalogCache({ redisUrl: redis.url, keyPrefix: redis.prefix }))
  const [a, b] = caches.map((cache) =>
    createShopApp({ db, version: '1', startedAt: Date.now(), catalog: productCatalog(db, cache) }),
  )
  afterAll(async () => {
    for (const c of caches) await c.close()
  })

  it('keeps two instances coherent: a price changed on one is served by the other', async () => {
    ;(await setUpProductsTable(db)).unwrap()
    for (const c of caches) (await c.ready()).unwrap()
    const price = async (app: typeof a) =>
      ((await (await app!.request('/products/p-102')).json()) as { price: number }).price
    expect(await price(a)).toBe(8.9)
    expect(await price(b)).toBe(8.9) // from Redis, now in b's memory too
    expect(caches[1]!.getAnalytics().layers.redis?.hits).toBe(1)
    const res = await a!.request('/products/p-102', { method: 'PATCH', body: '{"price": 7.5}' })
    expect(res.status).toBe(200)
    await expect.poll(() => price(b), { timeout: 3000 }).toBe(7.5)
  })

  it('runs as `npm start` with KAIRO_REDIS_URL, reporting both layers in /health', async () => {
    const shop = spawnScript('examples/shop/src/main.ts', {
      PORT: '0',
      KAIRO_PG_URL: '',
      KAIRO_DATA_DIR: '',
      KAIRO_REDIS_URL: redis.url,
      KAIRO_CACHE_PREFIX: `${redis.prefix}shop:`,
    })
    try {
      const [, url] = await shop.waitForLine(/listening on (http:\/\/\S+)/)
      await shop.waitForLine(/cache in memory and Redis at/)
      expect((await fetch(`${url}/products/p-100`)).status).toBe(200)
      const health = (await (await fetch(`${url}/health`)).json()) as { cache: { layers: Record<string, unknown> } }
      expect(Object.keys(health.cache.layers)).toEqual(['memory', 'redis'])
      expect(health.cache.layers.redis).toMatchObject({ kind: 'redis', circuit: 'closed', writes: 1 })
      shop.child.kill('SIGTERM')
      expect(await shop.exited()).toBe(0)
    } finally {
      shop.child.kill('SIGKILL')
    }
  })
})
