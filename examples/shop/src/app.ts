import { Hono } from 'hono'
import type { Database } from 'kairo/postgres'

/** What the shop's HTTP layer needs. */
export interface ShopDependencies {
  db: Database
  version: string
  /** When the process started, for `uptimeSeconds`. */
  startedAt: number
}

/**
 * The shop's HTTP API as a Hono app: a Fetch handler (`app.fetch`) that Node, tests
 * (`app.request(...)`) and any Fetch-based server can run.
 */
export function createShopApp(deps: ShopDependencies): Hono {
  const app = new Hono()

  app.get('/health', async (c) => {
    const ping = await deps.db.ping()
    const database = ping.ok
      ? {
          reachable: true,
          engine: ping.value.engine,
          serverVersion: ping.value.serverVersion,
          latencyMs: round(ping.value.latencyMs),
        }
      : { reachable: false, engine: deps.db.engine, error: { code: ping.error.code, message: ping.error.message } }
    const body = {
      status: ping.ok ? 'ok' : 'degraded',
      version: deps.version,
      uptimeSeconds: round((Date.now() - deps.startedAt) / 1000),
      database,
    }
    return c.json(body, ping.ok ? 200 : 503)
  })

  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  )
  app.onError((error, c) => {
    console.error('kairo shop: unhandled error', error)
    return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500)
  })
  return app
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
