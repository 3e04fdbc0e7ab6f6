import { resource } from 'kairo/resource'
import { type Infer, type InferInput, schema } from 'kairo/schema'

/** What the shop asks the payment provider to charge: an amount in cents for one order. */
export const ChargeRequest = schema.object({
  orderId: schema.string().trim().min(1).max(100),
  amountCents: schema.number().int().positive().max(100_000_000),
  currency: schema.enum(['EUR', 'USD', 'GBP']).default('EUR'),
})
export type ChargeRequest = InferInput<typeof ChargeRequest>

/** A charge the provider accepted. */
export const Charge = schema.object({
  id: schema.string().regex(/^ch_[A-Za-z0-9]+$/),
  orderId: schema.string(),
  amountCents: schema.number().int().positive(),
  currency: schema.enum(['EUR', 'USD', 'GBP']),
  status: schema.literal('succeeded'),
  createdAt: schema.date(),
})
export type Charge = Infer<typeof Charge>

/**
 * The payment provider's API, declared once. A charge is a POST, so it is retried only because
 * the shop sends an `Idempotency-Key` with it (the provider charges a key at most once); each
 * attempt has 2 s. The base URL and the circuit breaker are given where the shop wires it
 * (`shop-providers.ts`).
 */
export const PaymentProvider = resource(
  'payments',
  {
    charge: {
      method: 'POST',
      path: '/v1/charges',
      body: ChargeRequest,
      response: Charge,
      successStatus: 201,
      description: 'Charge an order',
    },
  },
  { defaultRetry: { times: 2, backoff: { delay: 50, maxDelay: 500 } }, defaultTimeout: 2000 },
)
export type PaymentProvider = typeof PaymentProvider
