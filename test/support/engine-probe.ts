import net from 'node:net'
import { type EngineName, engineUrls } from './engine-urls.js'

/**
 * Checks each engine answers its own protocol (not merely that the port is open), within a
 * bounded time. Used once per run by the global setup.
 */
export async function probeEngines(): Promise<Record<EngineName, string | null>> {
  const [postgres, redis, nats] = await Promise.all([probePostgres(), probeRedis(), probeNats()])
  return { postgres, redis, nats }
}

async function probePostgres(): Promise<string | null> {
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: engineUrls.postgres, connectionTimeoutMillis: 3000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('select 1')
    return null
  } catch (error) {
    return describe(error)
  } finally {
    await client.end().catch(() => {})
  }
}

async function probeRedis(): Promise<string | null> {
  const { Redis } = await import('ioredis')
  const client = new Redis(engineUrls.redis, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG' ? null : 'no PONG'
  } catch (error) {
    return describe(error)
  } finally {
    client.disconnect()
  }
}

async function probeNats(): Promise<string | null> {
  const u = new URL(engineUrls.nats)
  // NATS greets every client with an INFO line; JetStream must be on (`"jetstream":true`).
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 4222) })
    const done = (result: string | null) => {
      socket.destroy()
      resolve(result)
    }
    socket.setTimeout(3000, () => done('timed out'))
    socket.once('error', (error) => done(describe(error)))
    socket.once('data', (data) => {
      const info = data.toString()
      if (!info.startsWith('INFO')) return done('did not answer like a NATS server')
      done(info.includes('"jetstream":true') ? null : 'JetStream is not enabled (start nats-server with -js)')
    })
  })
}

function describe(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describe).join('; ')
  return error instanceof Error ? error.message || error.name : String(error)
}
