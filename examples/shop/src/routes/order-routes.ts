import { type Context, Hono } from 'hono'
import { isValidationError, type KairoError, uuidv7 } from 'kairo'
import type { Orders } from '../orders/orders.js'

const STATUS: Record<string, 400 | 404 | 409 | 503> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  ORDER_STATE_CONFLICT: 409,
  WRONG_EXPECTED_VERSION: 409,
  COMMAND_IN_PROGRESS: 409,
  UNAVAILABLE: 503,
}

function failure(c: Context, error: KairoError) {
  const status = STATUS[error.code] ?? 500
  const body = {
    code: error.code,
    message: status === 500 ? 'internal error' : error.message,
    ...(isValidationError(error) ? { issues: error.issues } : {}),
  }
  if (status === 500) console.error('kairo shop: order request failed', error)
  return c.json({ error: body }, status)
}

async function jsonBody(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    const body = await c.req.json()
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? body : undefined
  } catch {
    return undefined
  }
}

const invalidBody = (c: Context) =>
  c.json(
    {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'the body must be a JSON object',
        issues: [{ path: [], code: 'invalid_json', message: 'must be a JSON object' }],
      },
    },
    400,
  )

/**
 * Event-sourced orders: commands go through the command bus (an `Idempotency-Key` header makes a
 * retried request run once), reads come from the order-summary projection and the event store.
 *
 * - `POST /orders` `{ customerId, lines: [{ sku, quantity, unitPrice }] }` → 201 `{ orderId, status, version }`
 * - `POST /orders/:id/pay` `{ paymentRef }`, `/ship` `{ carrier }`, `/cancel` `{ reason }`
 * - `GET /orders?status=&limit=`, `GET /orders/:id`, `GET /orders/:id/events`
 */
export function orderRoutes(orders: Orders): Hono {
  const options = (c: Context) => {
    const key = c.req.header('idempotency-key')
    return key ? { id: `http:${key}` } : {}
  }
  return new Hono()
    .post('/orders', async (c) => {
      const body = await jsonBody(c)
      if (!body) return invalidBody(c)
      const r = await orders.commands.execute(
        'PlaceOrder',
        { orderId: uuidv7(), customerId: body.customerId as string, lines: body.lines as never },
        options(c),
      )
      return r.ok ? c.json(r.value, 201) : failure(c, r.error)
    })
    .post('/orders/:id/pay', async (c) => {
      const body = await jsonBody(c)
      if (!body) return invalidBody(c)
      const r = await orders.commands.execute(
        'PayOrder',
        { orderId: c.req.param('id'), paymentRef: body.paymentRef as string },
        options(c),
      )
      return r.ok ? c.json(r.value) : failure(c, r.error)
    })
    .post('/orders/:id/ship', async (c) => {
      const body = await jsonBody(c)
      if (!body) return invalidBody(c)
      const r = await orders.commands.execute(
        'ShipOrder',
        { orderId: c.req.param('id'), carrier: body.carrier as string },
        options(c),
      )
      return r.ok ? c.json(r.value) : failure(c, r.error)
    })
    .post('/orders/:id/cancel', async (c) => {
      const body = await jsonBody(c)
      if (!body) return invalidBody(c)
      const r = await orders.commands.execute(
        'CancelOrder',
        { orderId: c.req.param('id'), reason: body.reason as string },
        options(c),
      )
      return r.ok ? c.json(r.value) : failure(c, r.error)
    })
    .get('/orders', async (c) => {
      const limit = Math.min(Math.max(Number.parseInt(c.req.query('limit') ?? '50', 10) || 50, 1), 500)
      const status = c.req.query('status')
      const r = await orders.list({ limit, ...(status ? { status } : {}) })
      return r.ok ? c.json({ orders: r.value }) : failure(c, r.error)
    })
    .get('/orders/:id', async (c) => {
      const r = await orders.find(c.req.param('id'))
      if (!r.ok) return failure(c, r.error)
      if (!r.value)
        return c.json({ error: { code: 'NOT_FOUND', message: `order ${c.req.param('id')} not found` } }, 404)
      return c.json(r.value)
    })
    .get('/orders/:id/events', async (c) => {
      const r = await orders.history(c.req.param('id'))
      if (!r.ok) return failure(c, r.error)
      if (r.value.length === 0)
        return c.json({ error: { code: 'NOT_FOUND', message: `order ${c.req.param('id')} not found` } }, 404)
      return c.json({
        orderId: c.req.param('id'),
        events: r.value.map((e) => ({
          id: e.id,
          type: e.type,
          version: e.version,
          position: String(e.position),
          occurredAt: e.occurredAt.toISOString(),
          payload: e.payload,
        })),
      })
    })
}
