import { type KairoError, Result } from 'kairo'
import { type MockAnswer, type MockCall, type MockServer, respond } from 'kairo/resource'
import { PaymentProvider } from './payment-provider.js'
import { ShippingRatesAPI } from './shipping-rates.js'

/** How the mock payment provider behaves: answers at once, fails every charge (503), or answers late. */
export type PaymentsMode = 'ok' | 'fail' | 'slow'
export const PAYMENTS_MODES: readonly PaymentsMode[] = ['ok', 'fail', 'slow']

/** The local stand-ins for the payment provider and the shipping-rates API. */
export interface ProviderMocks {
  readonly paymentsUrl: string
  readonly shippingUrl: string
  readonly payments: MockServer<PaymentProvider['definitions']>
  readonly shipping: MockServer<ShippingRatesAPI['definitions']>
  /** The payment provider's current behaviour. */
  readonly paymentsMode: PaymentsMode
  /** Changes it at once, for the next charges. */
  setPaymentsMode(mode: PaymentsMode): void
  close(): Promise<void>
}

/** Options of {@link startProviderMocks}. */
export interface ProviderMockOptions {
  readonly paymentsMode?: PaymentsMode
  /** How late a charge answers in `slow` mode (ms). Defaults to 5 000, past the 2 s charge timeout. */
  readonly slowMs?: number
}

/**
 * Starts the two providers as `kairo/resource` mock servers on free local ports: real HTTP
 * servers that answer per the resources' own declarations. A charge echoes the order and amount it
 * was asked for (once per idempotency key); a quote prices the parcel by weight and destination.
 */
export async function startProviderMocks(
  options: ProviderMockOptions = {},
): Promise<Result<KairoError, ProviderMocks>> {
  // Like a real provider, a charge is made once per Idempotency-Key: a repeated key gets the
  // first answer again (bounded, oldest keys forgotten first).
  const byKey = new Map<string, unknown>()
  let charges = 0
  const charged = (call: MockCall): MockAnswer => {
    const key = call.headers['idempotency-key']
    const seen = typeof key === 'string' ? byKey.get(key) : undefined
    if (seen) return respond.ok(seen)
    const request = call.body as { orderId: string; amountCents: number; currency?: string }
    const charge = {
      id: `ch_${String(++charges).padStart(6, '0')}`,
      orderId: request.orderId,
      amountCents: request.amountCents,
      currency: request.currency ?? 'EUR',
      status: 'succeeded',
      createdAt: new Date().toISOString(),
    }
    if (typeof key === 'string') {
      byKey.set(key, charge)
      if (byKey.size > 10_000) byKey.delete(byKey.keys().next().value as string)
    }
    return respond.ok(charge)
  }
  const slowMs = options.slowMs ?? 5000
  const scenario = (mode: PaymentsMode): MockAnswer =>
    mode === 'ok'
      ? charged
      : mode === 'slow'
        ? respond.delay(slowMs, charged)
        : respond.error(503, { error: { code: 'PROVIDER_UNAVAILABLE', message: 'payments are down (mock)' } })

  let mode = options.paymentsMode ?? 'ok'
  const payments = await PaymentProvider.mock({ charge: scenario(mode) })
  if (!payments.ok) return Result.Err(payments.error)
  const shipping = await ShippingRatesAPI.mock({ quote: quote })
  if (!shipping.ok) {
    await payments.value.close()
    return Result.Err(shipping.error)
  }
  return Result.Ok({
    paymentsUrl: payments.value.url,
    shippingUrl: shipping.value.url,
    payments: payments.value,
    shipping: shipping.value,
    get paymentsMode() {
      return mode
    },
    setPaymentsMode(next: PaymentsMode) {
      mode = next
      payments.value.use({ charge: scenario(next) })
    },
    close: async () => {
      await Promise.all([payments.value.close(), shipping.value.close()])
    },
  })
}

/** Rates by weight, dearer outside France. */
function quote(call: MockCall): MockAnswer {
  const grams = Number(call.query.weightGrams)
  const abroad = call.query.country !== 'FR'
  const base = 390 + Math.ceil(grams / 500) * 120 + (abroad ? 600 : 0)
  return respond.ok({
    rates: [
      { service: 'standard', priceCents: base, days: abroad ? 5 : 2 },
      { service: 'express', priceCents: base * 2, days: 1 },
    ],
  })
}
