import { describe, expect, it } from 'vitest'
import { sharedPglite } from '../../../test/support/pglite.js'
import { createShopApp } from '../src/app.js'
import { createCatalogCache } from '../src/catalog/catalog-cache.js'
import { productCatalog } from '../src/catalog/product-catalog.js'
import { setUpProductsTable } from '../src/catalog/products-table.js'

describe('shop catalog read through the cache', () => {
  const db = sharedPglite()
  const cache = createCatalogCache()
  const app = createShopApp({
    db,
    version: '1',
    startedAt: Date.now(),
    catalog: productCatalog(db, cache),
    health: { cache: () => cache.getAnalytics() },
  })
  const json = async (path: string, init?: RequestInit) => {
    const res = await app.request(path, init)
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const patch = (id: string, body: string) =>
    json(`/products/${id}`, { method: 'PATCH', body, headers: { 'content-type': 'application/json' } })

  it('creates and seeds the products table, idempotently', async () => {
    ;(await setUpProductsTable(db)).unwrap()
    ;(await setUpProductsTable(db)).unwrap()
    const { status, body } = await json('/products')
    expect(status).toBe(200)
    expect((body.products as { id: string }[]).map((p) => p.id)).toEqual(['p-100', 'p-101', 'p-102', 'p-103', 'p-104'])
  })

  it('serves products from the cache, not the database, once read', async () => {
    const first = await json('/products/p-100')
    expect(first.body).toMatchObject({ id: 'p-100', name: 'Fountain pen', price: 24.9 })
    // Changed behind the cache's back: the cached value is still served.
    ;(await db.query('update products set price_cents = 1 where id = $1', ['p-100'])).unwrap()
    expect((await json('/products/p-100')).body).toMatchObject({ price: 24.9 })
    expect(cache.getAnalytics().layers.memory?.hits).toBeGreaterThan(0)
    ;(await db.query('update products set price_cents = 2490 where id = $1', ['p-100'])).unwrap()
  })

  it('invalidates the product and the list when its price changes', async () => {
    await json('/products')
    await json('/products/p-101')
    const changed = await patch('p-101', JSON.stringify({ price: 9.99 }))
    expect(changed).toMatchObject({ status: 200, body: { id: 'p-101', price: 9.99 } })
    expect((await json('/products/p-101')).body).toMatchObject({ price: 9.99 })
    const list = (await json('/products')).body.products as { id: string; price: number }[]
    expect(list.find((p) => p.id === 'p-101')?.price).toBe(9.99)
  })

  it('answers 404 for unknown products, and does not cache the absence', async () => {
    expect(await json('/products/p-999')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
    expect((await patch('p-999', '{"price": 1}')).status).toBe(404)
    ;(await db.query(`insert into products (id, name, price_cents) values ('p-999', 'New', 100)`)).unwrap()
    expect(await json('/products/p-999')).toMatchObject({ status: 200, body: { price: 1 } })
  })

  it.each([
    ['not json', 'invalid_json'],
    ['[1]', 'invalid_type'],
    ['{}', 'invalid_price'],
    ['{"price": "12"}', 'invalid_price'],
    ['{"price": -1}', 'invalid_price'],
    ['{"price": 1.234}', 'invalid_price'],
    ['{"price": 1e12}', 'invalid_price'],
  ])('refuses the body %s with 400 (%s)', async (body, code) => {
    const r = await patch('p-100', body)
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ code }] } })
  })

  it('takes ids with SQL in them as plain values', async () => {
    expect((await json(`/products/${encodeURIComponent("p-100' or '1'='1")}`)).status).toBe(404)
  })

  it('reports cache analytics in GET /health', async () => {
    const { body } = await json('/health')
    expect(body.cache).toMatchObject({ layers: { memory: { kind: 'memory' } } })
    expect((body.cache as { hits: number }).hits).toBeGreaterThan(0)
  })
})
