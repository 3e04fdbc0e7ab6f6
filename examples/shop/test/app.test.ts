import { pglite } from 'kairo/postgres'
import { describe, expect, it } from 'vitest'
import { sharedPglite } from '../../../test/support/pglite.js'
import { createShopApp } from '../src/app.js'

describe('shop HTTP API', () => {
  const db = sharedPglite()
  const app = createShopApp({ db, version: '9.9.9', startedAt: Date.now() - 2000 })

  it('reports health with the database engine, version and uptime', async () => {
    const res = await app.request('/health')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { uptimeSeconds: number; database: { serverVersion: string } }
    expect(body).toMatchObject({ status: 'ok', version: '9.9.9', database: { reachable: true, engine: 'pglite' } })
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(2)
    expect(body.database.serverVersion).toMatch(/^\d+/)
  })

  it('answers 503 with the reason when the database is unreachable', async () => {
    const closed = pglite({ instance: { closed: true } as never })
    await closed.close()
    const res = await createShopApp({ db: closed, version: '1', startedAt: Date.now() }).request('/health')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      status: 'degraded',
      database: { reachable: false, error: { code: 'DATABASE_CLOSED' } },
    })
  })

  it('answers unknown routes with a JSON 404', async () => {
    const res = await app.request('/nope', { method: 'POST' })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for POST /nope' } })
  })
})

describe('shop health sections', () => {
  it('reports extra sections by name, and a failing section as its error', async () => {
    const app = createShopApp({
      db: sharedPglite(),
      version: '1',
      startedAt: Date.now(),
      health: { circuits: () => ({ payments: 'CLOSED' }), broken: () => Promise.reject(new Error('no stats')) },
    })
    const body = await (await app.request('/health')).json()
    expect(body).toMatchObject({ circuits: { payments: 'CLOSED' }, broken: { error: 'no stats' } })
  })
})
