import type { CircuitHealth } from 'kairo/resilience'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnScript } from '../../../test/support/child-process.js'
import { sharedPglite } from '../../../test/support/pglite.js'
import { createShopApp } from '../src/app.js'
import { createShopProviders, type ShopProviderSettings } from '../src/providers/shop-providers.js'
import { createShopResilience } from '../src/resilience.js'
import { FLAT_RATES } from '../src/routes/provider-routes.js'

type Health = { circuits: { payments: CircuitHealth }; providers: { payments: { mode?: string } } }

const running: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()))
})

/** The shop's HTTP app with its providers on mock servers, as `npm start` wires it. */
async function shop(settings: ShopProviderSettings = {}) {
  const circuits = createShopResilience()
  const providers = (await createShopProviders(circuits, settings)).unwrap()
  running.push(providers)
  const app = createShopApp({
    db: sharedPglite(),
    version: '1',
    startedAt: Date.now(),
    providers,
    health: { circuits: () => circuits.getAllHealth(), providers: () => providers.describe() },
  })
  const post = (path: string, body: unknown) =>
    app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
  const health = async () => (await (await app.request('/health')).json()) as Health
  return { app, providers, mocks: providers.mocks!, post, health }
}

describe('shop payments through the payment provider resource', () => {
  it('charges an order: 201 with the provider’s charge, sent once with an idempotency key', async () => {
    const { post, mocks } = await shop()
    const res = await post('/payments/charge', { orderId: 'order-1', amountCents: 4990 })
    expect(res.status).toBe(201)
    const { charge } = (await res.json()) as { charge: Record<string, unknown> }
    expect(charge).toMatchObject({ orderId: 'order-1', amountCents: 4990, currency: 'EUR', status: 'succeeded' })
    expect(charge.id).toMatch(/^ch_\d+$/)
    const calls = mocks.payments.callsTo('charge')
    expect(calls).toHaveLength(1)
    expect(calls[0]!.headers['idempotency-key']).toBe('charge:order-1')
    expect(calls[0]!.body).toEqual({ orderId: 'order-1', amountCents: 4990, currency: 'EUR' })
  })

  it('charges an order once: paying it again returns the same charge (same idempotency key)', async () => {
    const { post } = await shop()
    const pay = async () =>
      (
        (await (await post('/payments/charge', { orderId: 'order-9', amountCents: 500 })).json()) as {
          charge: { id: string }
        }
      ).charge.id
    const [a, b] = await Promise.all([pay(), pay()])
    expect(a).toBe(b)
    expect(await pay()).toBe(a)
    const other = await post('/payments/charge', { orderId: 'order-10', amountCents: 500 })
    expect(((await other.json()) as { charge: { id: string } }).charge.id).not.toBe(a)
  })

  it('refuses an invalid charge with 400 before calling the provider', async () => {
    const { post, mocks } = await shop()
    const res = await post('/payments/charge', { orderId: '', amountCents: -5 })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED')
    expect(mocks.payments.calls).toHaveLength(0)
  })

  it('in fail mode answers 503 with the provider’s error code (retried with the same key), then CIRCUIT_OPEN once the breaker opens', async () => {
    const { post, health, mocks, app } = await shop()
    const switched = await post('/admin/providers/payments', { mode: 'fail' })
    expect(await switched.json()).toMatchObject({ mock: true, mode: 'fail' })
    const first = await post('/payments/charge', { orderId: 'order-2', amountCents: 1000 })
    expect(first.status).toBe(503)
    expect(await first.json()).toMatchObject({ error: { code: 'HTTP_ERROR' } })
    expect(mocks.payments.calls.map((c) => c.headers['idempotency-key'])).toEqual(Array(3).fill('charge:order-2'))
    expect((await health()).circuits.payments).toMatchObject({ state: 'CLOSED', failureRate: 1 })

    let last: Response | undefined
    for (let i = 0; i < 10; i++) {
      last = await post('/payments/charge', { orderId: `order-${i + 3}`, amountCents: 1000 })
      const { error } = (await last.clone().json()) as { error: { code: string } }
      if (error.code === 'CIRCUIT_OPEN') break
    }
    expect(last!.status).toBe(503)
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/)
    const after = await health()
    expect(after.circuits.payments).toMatchObject({ healthy: false, state: 'OPEN' })
    expect(after.providers.payments.mode).toBe('fail')
    // Open: the provider is not called at all.
    const callsBefore = mocks.payments.calls.length
    expect((await post('/payments/charge', { orderId: 'order-x', amountCents: 1 })).status).toBe(503)
    expect(mocks.payments.calls.length).toBe(callsBefore)
    expect((await app.request('/admin/providers')).status).toBe(200)
  })

  it('in slow mode answers 502 TIMEOUT and the breaker counts it', async () => {
    const { post, health, mocks } = await shop({ paymentsMode: 'slow', slowMs: 5000, paymentsTimeoutMs: 500 })
    const res = await post('/payments/charge', { orderId: 'order-slow', amountCents: 700 })
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ error: { code: 'TIMEOUT' } })
    expect((await health()).circuits.payments.failureRate).toBe(1)
    mocks.setPaymentsMode('ok')
    expect((await post('/payments/charge', { orderId: 'order-fast', amountCents: 700 })).status).toBe(201)
  })

  it('refuses an unknown mode', async () => {
    const { post } = await shop()
    expect((await post('/admin/providers/payments', { mode: 'chaos' })).status).toBe(400)
  })
})

describe('shop shipping rates through the shipping-rates resource', () => {
  it('quotes from the provider, then from the cache for the same parcel', async () => {
    const { app, mocks } = await shop()
    const first = await app.request('/shipping/rates?country=de&weightGrams=1200')
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({
      source: 'provider',
      rates: [
        { service: 'standard', priceCents: 1350, days: 5 },
        { service: 'express', priceCents: 2700, days: 1 },
      ],
    })
    expect(mocks.shipping.calls[0]!.target).toBe('/v1/rates?country=DE&weightGrams=1200')
    const again = (await (await app.request('/shipping/rates?country=DE&weightGrams=1200')).json()) as {
      source: string
    }
    expect(again.source).toBe('cache')
    expect(mocks.shipping.calls).toHaveLength(1)
  })

  it('falls back to flat rates when the provider fails, and rejects a bad query', async () => {
    const { app, mocks } = await shop()
    await mocks.shipping.close()
    const res = await app.request('/shipping/rates?country=FR&weightGrams=500')
    expect(await res.json()).toEqual({ source: 'fallback', reason: 'NETWORK_ERROR', rates: FLAT_RATES })
    expect((await app.request('/shipping/rates?country=France&weightGrams=heavy')).status).toBe(400)
  })
})

describe('the running shop (`npm start`) with SHOP_PAYMENTS_MODE=fail', () => {
  it('starts its provider mocks failing, and switches them back at run time', async () => {
    const child = spawnScript('examples/shop/src/main.ts', {
      PORT: '0',
      KAIRO_PG_URL: '',
      KAIRO_DATA_DIR: '',
      SHOP_PAYMENTS_MODE: 'fail',
    })
    try {
      const [, url] = await child.waitForLine(/listening on (http:\/\/\S+)/)
      await child.waitForLine(/payments mock at \S+ \(mode fail\)/)
      const charge = () =>
        fetch(`${url}/payments/charge`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ orderId: 'o-1', amountCents: 100 }),
        })
      expect((await charge()).status).toBe(503)
      const health = (await (await fetch(`${url}/health`)).json()) as Health
      expect(health.circuits.payments.failureRate).toBe(1)
      expect(health.providers.payments.mode).toBe('fail')
      await fetch(`${url}/admin/providers/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'ok' }),
      })
      expect((await charge()).status).toBe(201)
    } finally {
      child.child.kill('SIGTERM')
      await child.exited()
    }
  })

  it('explains a bad SHOP_PAYMENTS_MODE in one line', async () => {
    const child = spawnScript('examples/shop/src/main.ts', { PORT: '0', SHOP_PAYMENTS_MODE: 'sometimes' })
    expect(await child.exited()).toBe(1)
    expect(child.stderr().trim()).toBe('kairo shop: SHOP_PAYMENTS_MODE must be one of ok, fail, slow, got "sometimes"')
  })
})
