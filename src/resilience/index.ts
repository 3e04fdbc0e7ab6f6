/**
 * `kairo/resilience`: retry, timeout, circuit breaker (with a registry), bulkhead, rate limiter,
 * fallback and hedging. Every policy's `execute(work)` resolves to a `Result` and never rejects;
 * policies compose with `wrap(...)` or `withResilience(fn, { ... })`.
 *
 * @example
 * ```ts
 * import { circuitBreakerRegistry, retry, timeout, wrap } from 'kairo/resilience'
 *
 * const payments = circuitBreakerRegistry.getBreaker('payments', { failureThreshold: 5, timeout: 60_000 })
 * const policy = wrap(retry({ maxAttempts: 3 }), payments, timeout(2000))
 * const r = await policy.execute(({ signal }) => fetch('https://example.com/charge', { method: 'POST', signal }))
 * ```
 * @module
 */
export { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff.js'
export type { BreakerCall, BreakerStats } from './breaker-strategy.js'
export { BREAKER_STATE_CODES, type BreakerOutcome } from './breaker-telemetry.js'
export { type BulkheadOptions, type BulkheadPolicy, bulkhead } from './bulkhead.js'
export {
  type BreakerStrategyOptions,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitHealth,
  type CircuitState,
  circuitBreaker,
  countsAsFailure,
  defaultCircuitBreakerOptions,
} from './circuit-breaker.js'
export type {
  CircuitBreakerEvents,
  CircuitCall,
  CircuitFailure,
  CircuitRejection,
  CircuitTransition,
} from './circuit-breaker-events.js'
export {
  type CircuitBreakerRegistry,
  type CircuitBreakerRegistryOptions,
  circuitBreakerRegistry,
  createCircuitBreakerRegistry,
} from './circuit-breaker-registry.js'
export type { ConsecutiveFailuresOptions } from './consecutive-failures.js'
export type { CountWindowOptions } from './count-window-strategy.js'
export {
  type FallbackOptions,
  type FallbackPolicy,
  fallback,
  type SelectiveFallbackOptions,
  type SelectiveFallbackPolicy,
} from './fallback.js'
export { type HedgeOptions, type HedgePolicy, hedge } from './hedge.js'
export { type MemoryRateLimitStoreOptions, memoryRateLimitStore } from './memory-rate-limit-store.js'
export type {
  ExecuteOptions,
  Policy,
  PolicyErrorsOf,
  PolicyResult,
  Work,
  WorkContext,
  WorkError,
  WorkValue,
} from './policy.js'
export type { RateLimitDecision, RateLimitStore, TokenBucketSpec } from './rate-limit-store.js'
export { type RateLimiterOptions, type RateLimiterPolicy, rateLimiter } from './rate-limiter.js'
export {
  AbortedError,
  BulkheadRejectedError,
  HedgeLostError,
  isAbortedError,
  isBulkheadRejectedError,
  isRateLimitedError,
  isThrownError,
  RateLimitedError,
  ThrownError,
} from './resilience-errors.js'
export { defaultRetryOptions, type RetryEvent, type RetryOptions, type RetryPolicy, retry } from './retry.js'
export type { SlowCallRateOptions } from './slow-call-rate-strategy.js'
export type { TimeWindowOptions } from './time-window-strategy.js'
export { defaultTimeoutOptions, type TimeoutOptions, type TimeoutPolicy, timeout } from './timeout.js'
export {
  type ArgumentsWithoutContext,
  type ResilienceErrors,
  type ResilienceOptions,
  type Resilient,
  withResilience,
} from './with-resilience.js'
export { wrap } from './wrap.js'
