import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { spawnScript } from '../../../test/support/child-process.js'
import { useTestPostgres } from '../../../test/support/postgres.js'
import { requireEngine } from '../../../test/support/require-engine.js'

const MAIN = 'examples/shop/src/main.ts'

describe('shop process (as `npm start` runs it)', () => {
  it('starts on PGlite, answers /health, and stops cleanly on SIGTERM', async () => {
    const shop = spawnScript(MAIN, { PORT: '0', KAIRO_PG_URL: '', KAIRO_DATA_DIR: '' })
    const [, url] = await shop.waitForLine(/listening on (http:\/\/\S+)/)
    expect(shop.stdout()).toContain('database: PGlite in memory')
    const res = await fetch(`${url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: { reachable: true, engine: 'pglite' } })
    shop.child.kill('SIGTERM')
    expect(await shop.exited()).toBe(0)
    expect(shop.stdout()).toContain('kairo shop: stopped')
  })

  it('explains an unreachable KAIRO_PG_URL in one line, hiding the password', async () => {
    const shop = spawnScript(MAIN, { PORT: '0', KAIRO_PG_URL: 'postgres://shop:hunter2@127.0.0.1:1/shop' })
    expect(await shop.exited()).toBe(1)
    const lines = shop.stderr().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^kairo shop: cannot reach PostgreSQL at postgres:\/\/shop:\*\*\*@127\.0\.0\.1:1\/shop: .*ECONNREFUSED/,
    )
    expect(shop.stderr()).not.toContain('hunter2')
  })

  it('rejects a malformed PORT with a clear message', async () => {
    const shop = spawnScript(MAIN, { PORT: 'eighty' })
    expect(await shop.exited()).toBe(1)
    expect(shop.stderr().trim()).toBe('kairo shop: PORT must be a number from 0 to 65535, got "eighty"')
  })
})

describe.runIf(requireEngine('postgres'))('shop process on a PostgreSQL server', () => {
  // A database of this file's own: the shop creates its tables there, never in a shared database.
  const server = useTestPostgres()

  it('explains a port already in use in one line', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, resolve))
    const port = (blocker.address() as net.AddressInfo).port
    const shop = spawnScript(MAIN, { PORT: String(port), KAIRO_PG_URL: server.url })
    expect(await shop.exited()).toBe(1)
    expect(shop.stderr().trim()).toBe(`kairo shop: port ${port} is already in use; set PORT to a free port`)
    blocker.close()
  })
})
