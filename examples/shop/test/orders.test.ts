import { describe, expect, it } from 'vitest'
import { sharedPglite } from '../../../test/support/pglite.js'
import { createShopApp } from '../src/app.js'

describe('shop orders (event-sourced)', () => {
  const db = sharedPglite()
  const app = createShopApp({ db, version: '1', startedAt: Date.now() })
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    })
  const place = async (customerId = 'cust-1') => {
    const res = await post('/orders', {
      customerId,
      lines: [
        { sku: 'pen', quantity: 2, unitPrice: 1.25 },
        { sku: 'ink', quantity: 1, unitPrice: 4 },
      ],
    })
    expect(res.status).toBe(201)
    return (await res.json()) as { orderId: string; status: string; version: number }
  }

  it('places an order through the command bus and lists it from the order-summary projection', async () => {
    const placed = await place('ada')
    expect(placed).toMatchObject({ status: 'placed', version: 1 })
    const one = await (await app.request(`/orders/${placed.orderId}`)).json()
    expect(one).toMatchObject({
      orderId: placed.orderId,
      customerId: 'ada',
      status: 'placed',
      total: 6.5,
      itemCount: 3,
      version: 1,
    })
    const list = (await (await app.request('/orders?status=placed')).json()) as { orders: Array<{ orderId: string }> }
    expect(list.orders.map((o) => o.orderId)).toContain(placed.orderId)
  })

  it('pays, ships and shows the history; refuses what the order state does not allow', async () => {
    const { orderId } = await place()
    expect((await post(`/orders/${orderId}/ship`, { carrier: 'ups' })).status).toBe(409)
    const paid = await post(`/orders/${orderId}/pay`, { paymentRef: 'pay-1' })
    expect(await paid.json()).toEqual({ orderId, status: 'paid', version: 2 })
    expect((await post(`/orders/${orderId}/ship`, { carrier: 'ups' })).status).toBe(200)
    const cancel = await post(`/orders/${orderId}/cancel`, { reason: 'changed my mind' })
    expect(cancel.status).toBe(409)
    expect(await cancel.json()).toMatchObject({ error: { code: 'ORDER_STATE_CONFLICT' } })
    const history = (await (await app.request(`/orders/${orderId}/events`)).json()) as {
      events: Array<{ type: string; version: number; payload: Record<string, unknown> }>
    }
    expect(history.events.map((e) => [e.type, e.version])).toEqual([
      ['OrderPlaced', 1],
      ['OrderPaid', 2],
      ['OrderShipped', 3],
    ])
    expect(history.events[1]?.payload).toMatchObject({ amount: 6.5, paymentRef: 'pay-1' })
    expect(await (await app.request(`/orders/${orderId}`)).json()).toMatchObject({ status: 'shipped', version: 3 })
  })

  it('cancels a placed order', async () => {
    const { orderId } = await place()
    const res = await post(`/orders/${orderId}/cancel`, { reason: 'out of stock' })
    expect(await res.json()).toEqual({ orderId, status: 'cancelled', version: 2 })
  })

  it('answers 400 with every issue for invalid input, 404 for unknown orders', async () => {
    const res = await post('/orders', { customerId: '', lines: [{ sku: 'x', quantity: 0, unitPrice: -1 }] })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; issues: Array<{ path: string[] }> } }
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(body.error.issues.map((i) => i.path.join('.'))).toEqual([
      'customerId',
      'lines.0.quantity',
      'lines.0.unitPrice',
    ])
    expect((await app.request('/orders', { method: 'POST', body: 'nope' })).status).toBe(400)
    expect((await post('/orders/none/pay', { paymentRef: 'p' })).status).toBe(404)
    expect((await app.request('/orders/none')).status).toBe(404)
    expect((await app.request('/orders/none/events')).status).toBe(404)
  })

  it('runs a retried request with the same Idempotency-Key once', async () => {
    const body = { customerId: 'retry', lines: [{ sku: 'pen', quantity: 1, unitPrice: 1 }] }
    const first = await (await post('/orders', body, { 'idempotency-key': 'k-123' })).json()
    const again = await (await post('/orders', body, { 'idempotency-key': 'k-123' })).json()
    expect(again).toEqual(first)
    const list = (await (await app.request('/orders?limit=500')).json()) as { orders: Array<{ customerId: string }> }
    expect(list.orders.filter((o) => o.customerId === 'retry')).toHaveLength(1)
  })
})
