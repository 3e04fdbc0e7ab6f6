import { Hono } from 'hono'
import type { Database } from 'kairo/postgres'
import type { ProductCatalog } from './catalog/product-catalog.js'
import { createOrders } from './orders/orders.js'
import type { ShopProviders } from './providers/shop-providers.js'
import { catalogRoutes } from './routes/catalog-routes.js'
import { type HealthSection, healthRoutes } from './routes/health-routes.js'
import { orderRoutes } from './routes/order-routes.js'
import { providerRoutes } from './routes/provider-routes.js'
import { quoteRoutes } from './routes/quote-routes.js'

/** What the shop's HTTP layer needs; each area of the shop adds what its routes use. */
export interface ShopDependencies {
  db: Database
  version: string
  /** When the process started, for `uptimeSeconds`. */
  startedAt: number
  /** Extra sections of `GET /health`. */
  health?: Record<string, HealthSection>
  /** The product catalog (`/products`), read through the cache. */
  catalog?: ProductCatalog
  /** The payment provider and shipping-rates API (`/payments/charge`, `/shipping/rates`). */
  providers?: ShopProviders
}

/**
 * The shop's HTTP API as a Hono app: a Fetch handler (`app.fetch`) that Node, tests
 * (`app.request(...)`) and any Fetch-based server can run. Each area of the shop lives in its own
 * file under `routes/` and is mounted here.
 */
export function createShopApp(deps: ShopDependencies): Hono {
  const app = new Hono()
  app.route('/', healthRoutes({ db: deps.db, version: deps.version, startedAt: deps.startedAt, sections: deps.health }))
  if (deps.catalog) app.route('/', catalogRoutes(deps.catalog))
  if (deps.providers) app.route('/', providerRoutes(deps.providers))
  app.route('/', quoteRoutes())
  app.route('/', orderRoutes(createOrders(deps.db)))

  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  )
  app.onError((error, c) => {
    console.error('kairo shop: unhandled error', error)
    return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500)
  })
  return app
}
