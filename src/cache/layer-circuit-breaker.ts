import type { Clock } from '../core/clock.js'

/** The three states of a {@link LayerCircuitBreaker}. */
export type LayerCircuitState = 'closed' | 'open' | 'half-open'

/** When a {@link LayerCircuitBreaker} opens and how long it stays open. */
export interface LayerCircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Defaults to 3. */
  failureThreshold?: number
  /** Milliseconds the circuit stays open before letting one trial call through. Defaults to 2000. */
  openMs?: number
}

/**
 * TEMPORARY — a minimal circuit breaker private to the cache, guarding its distributed layers
 * until `kairo/resilience` lands; the lead engineer will replace it with the resilience module's
 * `CircuitBreaker` and delete this file.
 *
 * Closed: calls go through; `failureThreshold` consecutive failures open it. Open: calls are
 * refused (the cache skips the layer) until `openMs` has passed on the clock. Half-open: one trial
 * call goes through (others are still refused); its success closes the circuit, its failure opens
 * it again for another `openMs`.
 *
 * @example
 * ```ts
 * const breaker = new LayerCircuitBreaker(systemClock, { failureThreshold: 3, openMs: 2000 })
 * if (breaker.allow()) {
 *   try { await redis.get(key); breaker.success() } catch { breaker.failure() }
 * }
 * ```
 * @internal
 */
export class LayerCircuitBreaker {
  readonly #clock: Clock
  readonly #threshold: number
  readonly #openMs: number
  readonly #listeners: ((state: LayerCircuitState) => void)[] = []
  #state: LayerCircuitState = 'closed'
  #failures = 0
  #openedAt = 0
  #trialInFlight = false

  constructor(clock: Clock, options: LayerCircuitBreakerOptions = {}) {
    this.#clock = clock
    this.#threshold = options.failureThreshold ?? 3
    this.#openMs = options.openMs ?? 2000
  }

  get state(): LayerCircuitState {
    return this.#state
  }

  /** Milliseconds until an open circuit lets a trial through (0 when not open). */
  get retryAfter(): number {
    return this.#state === 'open' ? Math.max(0, this.#openedAt + this.#openMs - this.#clock.now()) : 0
  }

  /** Whether a call may go through now. A `true` must be followed by `success()` or `failure()`. */
  allow(): boolean {
    if (this.#state === 'closed') return true
    if (this.#state === 'open') {
      if (this.#clock.now() - this.#openedAt < this.#openMs) return false
      this.#set('half-open')
    }
    if (this.#trialInFlight) return false
    this.#trialInFlight = true
    return true
  }

  success(): void {
    this.#failures = 0
    if (this.#state === 'half-open') {
      this.#trialInFlight = false
      this.#set('closed')
    }
  }

  failure(): void {
    if (this.#state === 'half-open') {
      this.#trialInFlight = false
      this.#open()
      return
    }
    if (this.#state === 'closed' && ++this.#failures >= this.#threshold) this.#open()
  }

  /** Calls `fn` on every change of state. */
  onStateChange(fn: (state: LayerCircuitState) => void): void {
    this.#listeners.push(fn)
  }

  #open(): void {
    this.#openedAt = this.#clock.now()
    this.#failures = 0
    this.#set('open')
  }

  #set(state: LayerCircuitState): void {
    if (this.#state === state) return
    this.#state = state
    for (const fn of this.#listeners) fn(state)
  }
}
