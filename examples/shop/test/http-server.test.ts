import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { sharedPglite } from '../../../test/support/pglite.js'
import { startHttpServer } from '../src/http-server.js'

describe('shop HTTP server', () => {
  const db = sharedPglite()

  it('answers a request under way and commits its write when stopped mid-request', async () => {
    ;(await db.exec('create table acknowledged (id int primary key)')).unwrap()
    const app = new Hono().post('/slow-write', async (c) => {
      const r = await db.transaction(async (tx) => {
        await tx.query('select pg_sleep(0.3)')
        return tx.query('insert into acknowledged values (1)')
      })
      return c.json({ ok: r.ok })
    })
    const server = await startHttpServer(app.fetch, 0)
    const response = fetch(`http://127.0.0.1:${server.port}/slow-write`, { method: 'POST' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    const stopped = server.stop()
    const res = await response
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    await stopped
    expect((await db.query('select id from acknowledged')).unwrap().rows).toEqual([{ id: 1 }])
    await expect(fetch(`http://127.0.0.1:${server.port}/slow-write`, { method: 'POST' })).rejects.toThrow()
  })

  it('explains a port already in use in one line', async () => {
    const first = await startHttpServer(() => new Response('x'), 0)
    await expect(startHttpServer(() => new Response('y'), first.port)).rejects.toThrow(
      `port ${first.port} is already in use; set PORT to a free port`,
    )
    await first.stop()
  })
})
