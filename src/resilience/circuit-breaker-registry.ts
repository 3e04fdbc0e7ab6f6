import {
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitHealth,
  circuitBreaker,
} from './circuit-breaker.js'

/** Options of {@link createCircuitBreakerRegistry}: defaults for every breaker it makes. */
export type CircuitBreakerRegistryOptions = Omit<CircuitBreakerOptions, 'name'>

/**
 * One circuit breaker per name, made on first use, with the health of all of them in one call.
 */
export interface CircuitBreakerRegistry {
  /**
   * The breaker called `name`, made with `options` (over the registry's defaults) the first time.
   * Later calls return the same breaker and ignore `options`.
   */
  getBreaker(name: string, options?: Omit<CircuitBreakerOptions, 'name'>): CircuitBreaker
  /** The breaker called `name`, if one was made. */
  get(name: string): CircuitBreaker | undefined
  /** Every breaker, in creation order. */
  breakers(): CircuitBreaker[]
  /** `{ [name]: { healthy, state, failureRate, slowCallRate, message } }` for every breaker. */
  getAllHealth(): Record<string, CircuitHealth>
  /** Puts every breaker back to `CLOSED`. */
  resetAll(): void
}

/**
 * A registry of its own: for tests, or one per tenant. Most applications use the shared
 * {@link circuitBreakerRegistry}.
 *
 * @example
 * ```ts
 * import { createCircuitBreakerRegistry } from 'kairo/resilience'
 *
 * const registry = createCircuitBreakerRegistry({ timeout: 30_000 })
 * const payments = registry.getBreaker('payments', { failureThreshold: 5 })
 * const r = await payments.execute(() => charge(order), () => ({ status: 'queued' }))
 * registry.getAllHealth() // { payments: { healthy: true, state: 'CLOSED', failureRate: 0, slowCallRate: 0, message: 'Circuit closed' } }
 * ```
 */
export function createCircuitBreakerRegistry(defaults: CircuitBreakerRegistryOptions = {}): CircuitBreakerRegistry {
  const byName = new Map<string, CircuitBreaker>()
  return Object.freeze({
    getBreaker(name: string, options: Omit<CircuitBreakerOptions, 'name'> = {}): CircuitBreaker {
      let breaker = byName.get(name)
      if (breaker === undefined) {
        breaker = circuitBreaker({ ...defaults, ...options, name })
        byName.set(name, breaker)
      }
      return breaker
    },
    get: (name: string) => byName.get(name),
    breakers: () => [...byName.values()],
    getAllHealth() {
      const health: Record<string, CircuitHealth> = {}
      for (const [name, breaker] of byName) health[name] = breaker.health()
      return health
    },
    resetAll() {
      for (const breaker of byName.values()) breaker.reset()
    },
  })
}

/**
 * The process-wide registry.
 *
 * @example
 * ```ts
 * import { circuitBreakerRegistry } from 'kairo/resilience'
 *
 * const ai = circuitBreakerRegistry.getBreaker('gemini-api', { failureThreshold: 5, timeout: 60_000 })
 * const answer = await ai.execute(() => askModel(prompt), () => ({ content: 'temporarily unavailable' }))
 * ```
 */
export const circuitBreakerRegistry: CircuitBreakerRegistry = createCircuitBreakerRegistry()
