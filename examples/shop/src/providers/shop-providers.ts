import { type KairoError, Result } from 'kairo'
import type { CircuitBreakerRegistry } from 'kairo/resilience'
import { PaymentProvider } from './payment-provider.js'
import { PAYMENTS_MODES, type PaymentsMode, type ProviderMocks, startProviderMocks } from './provider-mocks.js'
import { ShippingRatesAPI } from './shipping-rates.js'

/** The outside services the shop calls, wired to their breakers. */
export interface ShopProviders {
  readonly payments: PaymentProvider
  readonly shipping: ShippingRatesAPI
  /** The mock servers, when the shop runs its own (no provider URLs configured). */
  readonly mocks: ProviderMocks | undefined
  /** For `GET /health` and `GET /admin/providers`. */
  describe(): {
    payments: { url: string; mock: boolean; mode?: PaymentsMode }
    shipping: { url: string; mock: boolean }
  }
  /** One line for the start-up log. */
  summary(): string
  close(): Promise<void>
}

/** How the providers are set up; `fromEnv` reads it from the environment. */
export interface ShopProviderSettings {
  /** A real payment provider. Unset: a mock server started with the shop. */
  readonly paymentsUrl?: string
  /** A real shipping-rates API. Unset: a mock server started with the shop. */
  readonly shippingUrl?: string
  /** The mock payment provider's behaviour at start. */
  readonly paymentsMode?: PaymentsMode
  /** How late a charge answers in `slow` mode (ms). */
  readonly slowMs?: number
  /** Milliseconds per charge attempt (default: the resource's 2 s). */
  readonly paymentsTimeoutMs?: number
}

/**
 * Reads `SHOP_PAYMENTS_URL`, `SHOP_SHIPPING_URL`, `SHOP_PAYMENTS_MODE` (`ok` | `fail` | `slow`) and
 * `SHOP_PAYMENTS_SLOW_MS`, or explains in one line what is wrong with them.
 */
export function providerSettingsFromEnv(
  env: NodeJS.ProcessEnv,
): { ok: true; settings: ShopProviderSettings } | { ok: false; problem: string } {
  const mode = env.SHOP_PAYMENTS_MODE || 'ok'
  if (!PAYMENTS_MODES.includes(mode as PaymentsMode)) {
    return {
      ok: false,
      problem: `SHOP_PAYMENTS_MODE must be one of ${PAYMENTS_MODES.join(', ')}, got ${JSON.stringify(mode)}`,
    }
  }
  const slow = env.SHOP_PAYMENTS_SLOW_MS
  if (slow !== undefined && slow !== '' && !/^\d+$/.test(slow)) {
    return { ok: false, problem: `SHOP_PAYMENTS_SLOW_MS must be a number of milliseconds, got ${JSON.stringify(slow)}` }
  }
  for (const name of ['SHOP_PAYMENTS_URL', 'SHOP_SHIPPING_URL'] as const) {
    const url = env[name]
    if (url && !/^https?:\/\/[^?#]+$/.test(url))
      return { ok: false, problem: `${name} must be an http(s) URL, got ${JSON.stringify(url)}` }
  }
  return {
    ok: true,
    settings: {
      paymentsMode: mode as PaymentsMode,
      ...(slow ? { slowMs: Number(slow) } : {}),
      ...(env.SHOP_PAYMENTS_URL ? { paymentsUrl: env.SHOP_PAYMENTS_URL } : {}),
      ...(env.SHOP_SHIPPING_URL ? { shippingUrl: env.SHOP_SHIPPING_URL } : {}),
    },
  }
}

/**
 * Points the payment and shipping-rates resources at their providers — the mock servers it starts
 * unless URLs are configured — and makes every call go through the shop's breakers (`payments`,
 * `shipping-rates`), so their health in `GET /health` follows the providers.
 */
export async function createShopProviders(
  circuits: CircuitBreakerRegistry,
  settings: ShopProviderSettings = {},
): Promise<Result<KairoError, ShopProviders>> {
  let mocks: ProviderMocks | undefined
  if (!settings.paymentsUrl || !settings.shippingUrl) {
    const started = await startProviderMocks({
      ...(settings.paymentsMode ? { paymentsMode: settings.paymentsMode } : {}),
      ...(settings.slowMs !== undefined ? { slowMs: settings.slowMs } : {}),
    })
    if (!started.ok) return Result.Err(started.error)
    mocks = started.value
  }
  const paymentsUrl = settings.paymentsUrl ?? mocks!.paymentsUrl
  const shippingUrl = settings.shippingUrl ?? mocks!.shippingUrl
  const payments = PaymentProvider.withOptions({
    baseUrl: paymentsUrl,
    circuitBreaker: circuits.getBreaker('payments'),
    ...(settings.paymentsTimeoutMs ? { defaultTimeout: settings.paymentsTimeoutMs } : {}),
  })
  const shipping = ShippingRatesAPI.withOptions({
    baseUrl: shippingUrl,
    circuitBreaker: circuits.getBreaker('shipping-rates'),
  })
  return Result.Ok({
    payments,
    shipping,
    mocks,
    describe: () => ({
      payments: {
        url: paymentsUrl,
        mock: !settings.paymentsUrl,
        ...(!settings.paymentsUrl && mocks ? { mode: mocks.paymentsMode } : {}),
      },
      shipping: { url: shippingUrl, mock: !settings.shippingUrl },
    }),
    summary() {
      const where = (url: string, mock: boolean) => (mock ? `mock at ${url}` : `at ${new URL(url).origin}`)
      const mode = !settings.paymentsUrl && mocks ? ` (mode ${mocks.paymentsMode})` : ''
      return `payments ${where(paymentsUrl, !settings.paymentsUrl)}${mode}, shipping rates ${where(shippingUrl, !settings.shippingUrl)}`
    },
    close: async () => {
      await Promise.all([payments.close(), shipping.close(), mocks?.close()])
    },
  })
}
