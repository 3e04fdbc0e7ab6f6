import { Hono } from 'hono'
import { validator } from 'hono/validator'
import { schema } from 'kairo/schema'
import { jsonBody, validationFailure } from '../http/json-body.js'
import { chargePayment, paymentFailure } from '../providers/charge-payment.js'
import { ChargeRequest } from '../providers/payment-provider.js'
import { PAYMENTS_MODES } from '../providers/provider-mocks.js'
import { RatesQuery } from '../providers/shipping-rates.js'
import type { ShopProviders } from '../providers/shop-providers.js'

/** Flat rates the shop quotes when the shipping-rates API cannot answer. */
export const FLAT_RATES = [
  { service: 'standard', priceCents: 990, days: 5 },
  { service: 'express', priceCents: 1990, days: 2 },
] as const

const ModeChange = schema.object({ mode: schema.enum(PAYMENTS_MODES as ['ok', 'fail', 'slow']) })
/** The query of `GET /shipping/rates`, as strings on the wire. */
const RatesParams = schema.object({ country: schema.string(), weightGrams: schema.string().regex(/^\d+$/) })

/**
 * The shop's calls to its providers, through `kairo/resource`:
 *
 * - `POST /payments/charge` `{ orderId, amountCents, currency? }` → 201 with the charge, or the
 *   failure as 502/503 with its code (`paymentFailure`);
 * - `GET /shipping/rates?country=FR&weightGrams=1200` → the provider's rates (cached a minute),
 *   or flat rates with `source: 'fallback'` when it cannot answer;
 * - `GET /admin/providers` and `POST /admin/providers/payments` `{ mode: 'ok' | 'fail' | 'slow' }`
 *   to see and change how the mock payment provider behaves.
 */
export function providerRoutes(providers: ShopProviders): Hono {
  return new Hono()
    .post('/payments/charge', jsonBody(ChargeRequest), async (c) => {
      const r = await chargePayment(providers.payments, c.req.valid('json'))
      if (r.ok) return c.json({ charge: r.value }, 201)
      const failure = paymentFailure(r.error)
      return c.json(failure.body, failure.status, failure.headers)
    })
    .get(
      '/shipping/rates',
      validator('query', async (value, c) => {
        const raw = RatesParams.parse(value)
        const parsed = raw.ok ? RatesQuery.parse({ ...raw.value, weightGrams: Number(raw.value.weightGrams) }) : raw
        return parsed.ok ? parsed.value : c.json(validationFailure(parsed.error), 400)
      }),
      async (c) => {
        const r = await providers.shipping.quote.send(c.req.valid('query'))
        if (r.ok)
          return c.json({ source: r.value.source === 'cache' ? 'cache' : 'provider', rates: r.value.data.rates })
        return c.json({ source: 'fallback', reason: r.error.code, rates: FLAT_RATES })
      },
    )
    .get('/admin/providers', (c) => c.json(providers.describe()))
    .post('/admin/providers/payments', jsonBody(ModeChange), (c) => {
      const mocks = providers.mocks
      if (!mocks || !providers.describe().payments.mock) {
        return c.json({ error: { code: 'NOT_A_MOCK', message: 'the shop calls a real payment provider' } }, 409)
      }
      mocks.setPaymentsMode(c.req.valid('json').mode)
      return c.json(providers.describe().payments)
    })
}
