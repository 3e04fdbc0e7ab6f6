/**
 * The Kairo shop, an order-fulfilment reference application: `npm start`.
 * Embedded PostgreSQL (PGlite) by default; a server when `KAIRO_PG_URL` is set.
 */
import { readFileSync } from 'node:fs'
import { type Database, pglite, postgres } from 'kairo/postgres'
import { createShopApp } from './app.js'
import { readConfig, redactUrl } from './config.js'
import { startHttpServer } from './http-server.js'
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
const app = createShopApp({ db, version, startedAt, health: { circuits: () => circuits.getAllHealth() } })
const server = await startHttpServer(app.fetch, config.port).catch(async (error: Error) => {
  await db.close({ timeoutMs: 1000 })
  fail(error.message)
})
console.log(`kairo shop ${version} listening on http://localhost:${server.port} (database: ${where})`)

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`kairo shop: ${signal} received, finishing requests under way`)
  await server.stop()
  await db.close()
  console.log('kairo shop: stopped')
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
