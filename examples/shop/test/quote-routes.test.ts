import { sample } from 'kairo/schema'
import { describe, expect, it } from 'vitest'
import { sharedPglite } from '../../../test/support/pglite.js'
import { createShopApp } from '../src/app.js'
import { quoteOrder } from '../src/domain/order-quote.js'
import { OrderRequest, type OrderRequestInput } from '../src/domain/shop-schemas.js'
import { quoteRoutes } from '../src/routes/quote-routes.js'

const request: OrderRequestInput = {
  lines: [
    { productId: '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f70', quantity: 3, unitPrice: 19.99 },
    { productId: '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f71', quantity: 1, unitPrice: 0.1 },
  ],
  shippingAddress: {
    name: ' Ada Lovelace ',
    street: '1 rue de Rivoli',
    city: 'Paris',
    postcode: '75001',
    country: 'fr',
  },
  payment: { type: 'invoice' },
}

function post(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, body: string) {
  return app.request('/orders/quote', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
}

describe('POST /orders/quote', () => {
  const app = quoteRoutes()

  it('validates the order and answers with subtotal, tax and total', async () => {
    const res = await post(app, JSON.stringify(request))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      currency: 'EUR',
      lines: [
        { productId: request.lines[0]!.productId, quantity: 3, unitPrice: 19.99, lineTotal: 59.97 },
        { productId: request.lines[1]!.productId, quantity: 1, unitPrice: 0.1, lineTotal: 0.1 },
      ],
      subtotal: 60.07,
      taxRate: 0.2,
      tax: 12.01,
      total: 72.08,
    })
  })

  it('answers 400 with every issue for invalid input', async () => {
    const res = await post(
      app,
      JSON.stringify({
        ...request,
        lines: [{ productId: 'nope', quantity: 0, unitPrice: 1.234 }],
        shippingAddress: { ...request.shippingAddress, country: 'France' },
        payment: { type: 'cash' },
        discount: 100,
      }),
    )
    expect(res.status).toBe(400)
    const body = (await res.json()) as {
      error: { code: string; message: string; issues: Array<{ path: unknown[]; code: string }> }
    }
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(body.error.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['lines.0.productId', 'invalid_string'],
      ['lines.0.quantity', 'too_small'],
      ['lines.0.unitPrice', 'not_multiple_of'],
      ['shippingAddress.country', 'invalid_string'],
      ['payment.type', 'invalid_discriminator'],
      ['', 'unrecognized_keys'],
    ])
    expect(body.error.message).toContain('lines.0.productId')
  })

  it('answers 400 for an empty order and for duplicate product lines', async () => {
    const empty = await post(app, JSON.stringify({ ...request, lines: [] }))
    expect(await empty.json()).toMatchObject({
      error: { issues: [{ path: ['lines'], message: 'an order needs at least one line' }] },
    })
    const duplicate = await post(app, JSON.stringify({ ...request, lines: [request.lines[0], request.lines[0]] }))
    expect(await duplicate.json()).toMatchObject({ error: { issues: [{ path: ['lines'], code: 'custom' }] } })
  })

  it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const res = await post(app, '{"lines": [')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: { code: 'MALFORMED_JSON', message: 'Malformed JSON in request body' } })
  })

  it('prices any valid order request (generated with sample) without error', async () => {
    for (let seed = 0; seed < 20; seed++) {
      const order = sample(OrderRequest, { seed }).unwrap()
      const res = await post(app, JSON.stringify(order))
      expect(res.status).toBe(200)
      const quote = (await res.json()) as { total: number }
      expect(quote.total).toBe(quoteOrder(OrderRequest.parse(order).unwrap()).total)
    }
  })

  it('is mounted in the shop app', async () => {
    const shop = createShopApp({ db: sharedPglite(), version: '1', startedAt: Date.now() })
    const res = await post(shop, JSON.stringify(request))
    expect(res.status).toBe(200)
    expect(((await res.json()) as { total: number }).total).toBe(72.08)
  })
})
