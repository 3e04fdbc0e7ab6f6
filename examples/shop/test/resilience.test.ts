import { UnavailableError } from 'kairo'
import type { CircuitHealth } from 'kairo/resilience'
import { describe, expect, it } from 'vitest'
import { spawnScript } from '../../../test/support/child-process.js'
import { sharedPglite } from '../../../test/support/pglite.js'
import { createShopApp } from '../src/app.js'
import { createShopResilience } from '../src/resilience.js'

type Health = { circuits: Record<string, CircuitHealth> }
const healthOf = async (res: Response) => (await res.json()) as Health

describe('shop circuit breakers in GET /health', () => {
  it('reports each breaker, and an open one as unhealthy with its message', async () => {
    const circuits = createShopResilience()
    const app = createShopApp({
      db: sharedPglite(),
      version: '1',
      startedAt: Date.now(),
      health: { circuits: () => circuits.getAllHealth() },
    })
    const before = await healthOf(await app.request('/health'))
    expect(before.circuits).toEqual({
      payments: { healthy: true, state: 'CLOSED', failureRate: 0, slowCallRate: 0, message: 'Circuit closed' },
      'shipping-rates': { healthy: true, state: 'CLOSED', failureRate: 0, slowCallRate: 0, message: 'Circuit closed' },
    })
    const shipping = circuits.getBreaker('shipping-rates')
    for (let i = 0; i < 5; i++) {
      const quote = await shipping.execute(
        () => {
          throw new UnavailableError('shipping api', 'connection refused')
        },
        () => ({ flatRate: 4.9 }),
      )
      expect(quote.unwrap()).toEqual({ flatRate: 4.9 })
    }
    const after = await healthOf(await app.request('/health'))
    expect(after.circuits['shipping-rates']).toMatchObject({ healthy: false, state: 'OPEN', failureRate: 1 })
    expect(after.circuits['shipping-rates']!.message).toMatch(/^Circuit open - retry in \d+ms$/)
    expect(after.circuits.payments!.state).toBe('CLOSED')
  })

  it('is wired into the running shop (`npm start`)', async () => {
    const shop = spawnScript('examples/shop/src/main.ts', { PORT: '0', KAIRO_PG_URL: '', KAIRO_DATA_DIR: '' })
    try {
      const [, url] = await shop.waitForLine(/listening on (http:\/\/\S+)/)
      const body = await healthOf(await fetch(`${url}/health`))
      expect(Object.keys(body.circuits)).toEqual(['payments', 'shipping-rates'])
      expect(body.circuits.payments).toMatchObject({ healthy: true, state: 'CLOSED' })
    } finally {
      shop.child.kill('SIGTERM')
      await shop.exited()
    }
  })
})
