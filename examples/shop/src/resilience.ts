import { type CircuitBreakerRegistry, createCircuitBreakerRegistry } from 'kairo/resilience'

/**
 * The shop's circuit breakers, one per outside service. The payment provider and the shipping-rates
 * API call through them; `GET /health` reports them under `circuits`.
 *
 * - `payments`: opens when half of the last 20 charges failed (after at least 10), probes again
 *   after 30 s with 2 trial charges; a charge slower than 5 s counts as slow.
 * - `shipping-rates`: a quote is cheap to skip (the shop falls back to flat rates), so it opens
 *   after 5 failures in a row and probes again after 10 s.
 */
export function createShopResilience(): CircuitBreakerRegistry {
  const registry = createCircuitBreakerRegistry()
  registry.getBreaker('payments', {
    strategy: { type: 'count-window', size: 20, failureRateThreshold: 0.5, minimumCalls: 10 },
    slowCallDurationMs: 5000,
    timeout: 30_000,
    permittedCallsInHalfOpen: 2,
  })
  registry.getBreaker('shipping-rates', { failureThreshold: 5, timeout: 10_000 })
  return registry
}
