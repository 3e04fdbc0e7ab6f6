import { Hono } from 'hono'
import { type KairoError, ValidationError } from 'kairo'
import type { ProductCatalog } from '../catalog/product-catalog.js'

/**
 * `GET /products`, `GET /products/:id` (read through the cache) and `PATCH /products/:id` with
 * `{ "price": 12.5 }` (writes, then invalidates the cached catalog on every instance).
 */
export function catalogRoutes(catalog: ProductCatalog): Hono {
  return new Hono()
    .get('/products', async (c) => {
      const r = await catalog.list()
      return r.ok ? c.json({ products: r.value }) : c.json(errorBody(r.error), statusOf(r.error))
    })
    .get('/products/:id', async (c) => {
      const r = await catalog.get(c.req.param('id'))
      return r.ok ? c.json(r.value) : c.json(errorBody(r.error), statusOf(r.error))
    })
    .patch('/products/:id', async (c) => {
      const input = readPrice(await c.req.text())
      if (!input.ok) return c.json(errorBody(input.error), 400)
      const r = await catalog.changePrice(c.req.param('id'), input.cents)
      return r.ok ? c.json(r.value) : c.json(errorBody(r.error), statusOf(r.error))
    })
}

// Checked by hand until the schema module arrives.
function readPrice(body: string): { ok: true; cents: number } | { ok: false; error: ValidationError } {
  const fail = (message: string, received?: string) =>
    ({
      ok: false,
      error: new ValidationError([
        { path: ['price'], code: 'invalid_price', message, ...(received ? { received } : {}) },
      ]),
    }) as const
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return { ok: false, error: new ValidationError([{ path: [], code: 'invalid_json', message: 'body must be JSON' }]) }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      ok: false,
      error: new ValidationError([{ path: [], code: 'invalid_type', message: 'body must be an object' }]),
    }
  }
  const price = (parsed as { price?: unknown }).price
  if (typeof price !== 'number' || !Number.isFinite(price)) return fail('price must be a number', typeof price)
  const cents = Math.round(price * 100)
  if (Math.abs(cents - price * 100) > 1e-6) return fail('price must have at most two decimals', String(price))
  if (cents < 0 || cents > 100_000_000) return fail('price must be between 0 and 1000000', String(price))
  return { ok: true, cents }
}

function errorBody(error: KairoError) {
  return { error: { code: error.code, message: error.message, ...('issues' in error ? { issues: error.issues } : {}) } }
}

function statusOf(error: KairoError): 404 | 503 | 500 {
  if (error.code === 'NOT_FOUND') return 404
  return error.retryable ? 503 : 500
}
