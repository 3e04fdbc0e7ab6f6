import { isCircuitOpenError, type Result } from 'kairo'
import { isHttpError, type ResourceError } from 'kairo/resource'
import type { Charge, ChargeRequest, PaymentProvider } from './payment-provider.js'

/**
 * Charges an order through the payment provider. The `Idempotency-Key` is derived from the order,
 * so the provider charges an order at most once however often this is retried (by the resource on
 * a 5xx or a reset connection, or by the customer paying again after a failure).
 *
 * @example
 * ```ts
 * const charge = await chargePayment(providers.payments, { orderId, amountCents: 4990, currency: 'EUR' })
 * if (!charge.ok) return c.json(...paymentFailure(charge.error))
 * ```
 */
export function chargePayment(
  payments: PaymentProvider,
  request: ChargeRequest,
): Promise<Result<ResourceError, Charge>> {
  return payments.charge.run({ body: request }, { idempotencyKey: `charge:${request.orderId}` })
}

/** The HTTP answer to a failed charge: status, JSON body with the error code, and headers. */
export interface PaymentFailure {
  readonly status: 400 | 502 | 503
  readonly body: { error: { code: string; message: string } }
  readonly headers: Record<string, string>
}

/**
 * How the shop answers when a charge fails: 503 when the provider is known to be unavailable
 * (the breaker is open — with `Retry-After` — the connection failed, or the provider said 503 or
 * 429), 400 for input the provider's schema refused, 502 for anything else the provider did
 * wrong (an error status, a timeout, a body that does not match).
 */
export function paymentFailure(error: ResourceError): PaymentFailure {
  const body = { error: { code: error.code, message: error.message } }
  if (isCircuitOpenError(error)) {
    return { status: 503, body, headers: { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfter / 1000))) } }
  }
  if (error.code === 'NETWORK_ERROR' || (isHttpError(error) && (error.status === 503 || error.status === 429))) {
    return { status: 503, body, headers: {} }
  }
  if (error.code === 'VALIDATION_FAILED') return { status: 400, body, headers: {} }
  return { status: 502, body, headers: {} }
}
