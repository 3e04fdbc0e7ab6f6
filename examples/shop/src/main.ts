/**
 * The Kairo shop, an order-fulfilment reference application: `npm start`.
 * Embedded PostgreSQL (PGlite) by default; a server when `KAIRO_PG_URL` is set.
 */
import { readFileSync } from 'node:fs'
import { type Database, pglite, postgres } from 'kairo/postgres'
import { createShopApp } from './app.js'
import { createCatalogCache } from './catalog/catalog-cache.js'
import { productCatalog } from './catalog/product-catalog.js'
import { setUpProductsTable } from './catalog/products-table.js'
import { readConfig, redactUrl } from './config.js'
import { startHttpServer } from './http-server.js'
import { createShopProviders, providerSettingsFromEnv } from './providers/shop-providers.js'
import { createShopResilience } from './resilience.js'

const startedAt = Date.now()
const version = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version

function fail(message: string): never {
  console.error(`kairo shop: ${message}`)
  process.exit(1)
}

const parsed = readConfig(process.env)
if (!parsed.ok) fail(parsed.problem)
const { config } = parsed
const providerSettings = providerSettingsFromEnv(process.env)
if (!providerSettings.ok) fail(providerSettings.problem)

const db: Database = config.postgresUrl
  ? postgres({ url: config.postgresUrl, connectionTimeoutMs: 5000 })
  : pglite(config.dataDir ? { dataDir: config.dataDir } : {})
const where = config.postgresUrl
  ? `PostgreSQL at ${redactUrl(config.postgresUrl)}`
  : `PGlite ${config.dataDir ? `in ${config.dataDir}` : 'in memory'}`

const reachable = await db.ping()
if (!reachable.ok) {
  await db.close({ timeoutMs: 1000 })
  const cause = reachable.error.cause instanceof Error ? reachable.error.cause.message : reachable.error.message
  fail(`cannot reach ${where}: ${cause || reachable.error.code}`)
}

const circuits = createShopResilience()
const started = await createShopProviders(circuits, providerSettings.settings)
if (!started.ok) {
  await db.close({ timeoutMs: 1000 })
  fail(`cannot start the provider mocks: ${started.error.message}`)
}
const providers = started.value
const redisUrl = process.env.KAIRO_REDIS_URL || undefined
const cache = createCatalogCache({ redisUrl, keyPrefix: process.env.KAIRO_CACHE_PREFIX || undefined })
const tables = await setUpProductsTable(db)
if (!tables.ok) {
  await Promise.all([cache.close(), providers.close(), db.close({ timeoutMs: 1000 })])
  fail(`cannot set up the products table: ${tables.error.message}`)
}

const app = createShopApp({
  db,
  version,
  startedAt,
  catalog: productCatalog(db, cache),
  providers,
  health: {
    circuits: () => circuits.getAllHealth(),
    cache: () => cache.getAnalytics(),
    providers: () => providers.describe(),
  },
})
const server = await startHttpServer(app.fetch, config.port).catch(async (error: Error) => {
  await Promise.all([cache.close(), providers.close(), db.close({ timeoutMs: 1000 })])
  fail(error.message)
})
console.log(`kairo shop ${version} listening on http://localhost:${server.port} (database: ${where})`)
console.log(`kairo shop: cache in memory${redisUrl ? ` and Redis at ${redactUrl(redisUrl)}` : ''}`)
console.log(`kairo shop: ${providers.summary()}`)

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`kairo shop: ${signal} received, finishing requests under way`)
  await server.stop()
  await providers.close()
  await cache.close()
  await db.close()
  console.log('kairo shop: stopped')
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
