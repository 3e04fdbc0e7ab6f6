import type { Clock } from '../core/clock.js'
import { systemClock } from '../core/clock.js'
import { CircuitOpenError, isCircuitOpenError } from '../core/errors.js'
import { isRetryableError } from '../core/kairo-error.js'
import { Err, type Result } from '../core/result.js'
import { withSpan } from '../core/telemetry.js'
import type { BreakerStats, BreakerStrategy } from './breaker-strategy.js'
import { breakerTelemetry } from './breaker-telemetry.js'
import type { CircuitBreakerEvents, CircuitTransition } from './circuit-breaker-events.js'
import { type ConsecutiveFailuresOptions, consecutiveFailures } from './consecutive-failures.js'
import { type CountWindowOptions, countWindowStrategy } from './count-window-strategy.js'
import { EventListeners } from './event-listeners.js'
import { fallback as fallbackPolicy } from './fallback.js'
import type { ExecuteOptions, Policy, PolicyResult, Work, WorkContext, WorkValue } from './policy.js'
import { contextFor } from './policy-context.js'
import { isAbortedError, isBulkheadRejectedError, isRateLimitedError, type ThrownError } from './resilience-errors.js'
import { asPromise, type Settled, settleWorkThen } from './settle-work.js'
import { type SlowCallRateOptions, slowCallRateStrategy } from './slow-call-rate-strategy.js'
import { type TimeWindowOptions, timeWindowStrategy } from './time-window-strategy.js'

/**
 * - `CLOSED`: calls pass; outcomes are recorded and the strategy decides when to open.
 * - `OPEN`: calls are refused with `CircuitOpenError` until `timeout` ms have passed.
 * - `HALF_OPEN`: up to `permittedCallsInHalfOpen` trial calls pass; one bad trial reopens, all good close.
 * - `FORCED_OPEN`: every call refused until `reset()`.
 * - `DISABLED`: every call passes and nothing is recorded, until `reset()`.
 */
export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN' | 'FORCED_OPEN' | 'DISABLED'

/** When to open: one of the four strategies, as a plain options object. */
export type BreakerStrategyOptions =
  | ConsecutiveFailuresOptions
  | CountWindowOptions
  | TimeWindowOptions
  | SlowCallRateOptions

/** Options of {@link circuitBreaker}; see {@link defaultCircuitBreakerOptions} for the defaults. */
export interface CircuitBreakerOptions {
  /** Names the breaker in errors, events, spans and metrics. Defaults to `'circuit'`. */
  name?: string
  /** Shorthand for `strategy: { type: 'consecutive-failures', threshold }`. Defaults to 5. */
  failureThreshold?: number
  /** When to open. Defaults to 5 consecutive failures. */
  strategy?: BreakerStrategyOptions
  /** Milliseconds the circuit stays `OPEN` before letting trial calls through. Defaults to 60 000. */
  timeout?: number
  /** Trial calls allowed in `HALF_OPEN`; that many successes close the circuit. Defaults to 1. */
  permittedCallsInHalfOpen?: number
  /**
   * Calls that take at least this long (ms) are slow: counted in `slowCallRate`, and a slow trial
   * reopens the circuit when the strategy judges slowness. Defaults to the `slow-call-rate`
   * strategy's own duration, else off.
   */
  slowCallDurationMs?: number
  /**
   * Which failures count against the circuit. Defaults to {@link countsAsFailure}: retryable
   * failures (a thrown error, a timeout, an unavailable service), not answers such as `NOT_FOUND`
   * or a validation error, and not rejections by other local policies. Failures that do not count
   * are returned unchanged and reported as `ignored`.
   */
  isFailure?: (error: unknown) => boolean
  /** Defaults to `systemClock`; tests pass a `ManualClock`. */
  clock?: Clock
}

/**
 * The breaker's default failure rule: a failure counts when it is retryable (the dependency may be
 * in trouble) and was not produced by a local policy (circuit open, bulkhead full, rate limited,
 * aborted by the caller).
 *
 * @example
 * ```ts
 * import { circuitBreaker, countsAsFailure } from 'kairo/resilience'
 * circuitBreaker({ isFailure: (e) => countsAsFailure(e) || (e as { status?: number }).status === 429 })
 * ```
 */
export function countsAsFailure(error: unknown): boolean {
  return (
    isRetryableError(error) &&
    !isCircuitOpenError(error) &&
    !isBulkheadRejectedError(error) &&
    !isRateLimitedError(error) &&
    !isAbortedError(error)
  )
}

/** The circuit breaker defaults. */
export const defaultCircuitBreakerOptions = Object.freeze({
  name: 'circuit',
  failureThreshold: 5,
  timeout: 60_000,
  permittedCallsInHalfOpen: 1,
  isFailure: countsAsFailure,
  clock: systemClock,
})

/** A breaker's health, as the registry reports it. */
export interface CircuitHealth {
  /** True when `CLOSED` or `DISABLED`. */
  readonly healthy: boolean
  readonly state: CircuitState
  /** Failed calls / calls in the strategy's window (0–1). */
  readonly failureRate: number
  /** Slow calls / calls in the strategy's window (0–1). */
  readonly slowCallRate: number
  /** For people: `'Circuit open - retry in 45000ms'`. */
  readonly message: string
}

/**
 * A circuit breaker. `execute(work)` returns the work's result, or `Err(CircuitOpenError)` without
 * running it when the circuit is open; `execute(work, fallback)` answers with the fallback instead
 * of any failure.
 */
export interface CircuitBreaker extends Policy<CircuitOpenError> {
  readonly name: string
  /** The current state (an `OPEN` circuit whose timeout has passed reads as `HALF_OPEN`). */
  readonly state: CircuitState
  execute<R>(work: Work<R>, options?: ExecuteOptions): Promise<PolicyResult<R, CircuitOpenError>>
  execute<R, F>(
    work: Work<R>,
    fallback: (error: unknown, context: WorkContext) => F,
    options?: ExecuteOptions,
  ): Promise<Result<ThrownError, WorkValue<R> | WorkValue<F>>>
  /** Refuses every call until {@link CircuitBreaker.reset}. */
  forceOpen(): void
  /** Lets every call through without recording, until {@link CircuitBreaker.reset}. */
  disable(): void
  /** Back to `CLOSED` with an empty window. */
  reset(): void
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof CircuitBreakerEvents>(event: K, listener: (payload: CircuitBreakerEvents[K]) => void): () => void
  health(): CircuitHealth
  /** The strategy's counts and rates, with the state. */
  stats(): BreakerStats & { readonly state: CircuitState }
}

const TRANSITION_EVENT = {
  CLOSED: 'close',
  OPEN: 'open',
  HALF_OPEN: 'halfOpen',
  FORCED_OPEN: 'forcedOpen',
  DISABLED: 'disabled',
} as const satisfies Record<CircuitState, keyof CircuitBreakerEvents>

function makeStrategy(spec: BreakerStrategyOptions): BreakerStrategy {
  switch (spec.type) {
    case 'consecutive-failures':
      return consecutiveFailures(spec)
    case 'count-window':
      return countWindowStrategy(spec)
    case 'time-window':
      return timeWindowStrategy(spec)
    case 'slow-call-rate':
      return slowCallRateStrategy(spec)
    default: {
      const unknown: never = spec
      throw new TypeError(`circuitBreaker: unknown strategy ${JSON.stringify(unknown)}`)
    }
  }
}

/**
 * Stops calling a dependency that keeps failing, then probes it. Four strategies decide when to
 * open: consecutive failures (the default, `failureThreshold`), the failure rate of the last N calls
 * (`count-window`), the failure rate of the last T milliseconds (`time-window`), and the rate of
 * slow calls (`slow-call-rate`). Every call is traced (`kairo.circuit_breaker`) and counted
 * (`kairo.resilience.breaker.calls`).
 *
 * @example
 * ```ts
 * import { circuitBreaker } from 'kairo/resilience'
 *
 * const breaker = circuitBreaker({
 *   name: 'payments',
 *   strategy: { type: 'count-window', size: 20, failureRateThreshold: 0.5, minimumCalls: 10 },
 *   timeout: 30_000,
 * })
 * breaker.on('open', (t) => console.warn(`${t.name} opened`))
 * const r = await breaker.execute(({ signal }) => fetch('https://example.com/charge', { method: 'POST', signal }))
 * if (!r.ok && r.error.code === 'CIRCUIT_OPEN') console.log(`retry in ${r.error.retryAfter} ms`)
 * ```
 */
export function circuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  return new CircuitBreakerImpl(options)
}

class CircuitBreakerImpl implements CircuitBreaker {
  readonly name: string
  readonly #clock: Clock
  readonly #timeoutMs: number
  readonly #permitted: number
  readonly #slowMs: number | undefined
  readonly #slowReopens: boolean
  readonly #needsEndTime: boolean
  readonly #isFailure: (error: unknown) => boolean
  readonly #strategy: BreakerStrategy
  readonly #events = new EventListeners<CircuitBreakerEvents>()
  readonly #telemetry: ReturnType<typeof breakerTelemetry>
  readonly #spanAttributes: Record<string, string>
  #state: CircuitState = 'CLOSED'
  /** Bumped on every transition: outcomes of calls let through in an earlier state are not judged. */
  #generation = 0
  #openedAt = 0
  #trialsStarted = 0
  #trialSuccesses = 0

  constructor(options: CircuitBreakerOptions) {
    const d = defaultCircuitBreakerOptions
    this.name = options.name ?? d.name
    this.#clock = options.clock ?? d.clock
    this.#timeoutMs = options.timeout ?? d.timeout
    this.#permitted = options.permittedCallsInHalfOpen ?? d.permittedCallsInHalfOpen
    if (!(this.#timeoutMs >= 0)) throw new RangeError(`circuitBreaker: timeout must be >= 0, got ${this.#timeoutMs}`)
    if (!Number.isInteger(this.#permitted) || this.#permitted < 1) {
      throw new RangeError(`circuitBreaker: permittedCallsInHalfOpen must be an integer >= 1, got ${this.#permitted}`)
    }
    const spec: BreakerStrategyOptions = options.strategy ?? {
      type: 'consecutive-failures',
      threshold: options.failureThreshold ?? d.failureThreshold,
    }
    this.#strategy = makeStrategy(spec)
    this.#slowMs = options.slowCallDurationMs ?? (spec.type === 'slow-call-rate' ? spec.slowCallDurationMs : undefined)
    this.#slowReopens =
      this.#slowMs !== undefined &&
      (spec.type === 'slow-call-rate' ||
        (spec.type !== 'consecutive-failures' && spec.slowCallRateThreshold !== undefined))
    this.#needsEndTime = this.#slowMs !== undefined || spec.type === 'time-window' || spec.type === 'slow-call-rate'
    this.#isFailure = options.isFailure ?? d.isFailure
    this.#telemetry = breakerTelemetry(this.name, () => this.state)
    this.#spanAttributes = { 'kairo.breaker': this.name }
  }

  get state(): CircuitState {
    if (this.#state === 'OPEN') this.#halfOpenIfDue(this.#clock.now())
    return this.#state
  }

  on<K extends keyof CircuitBreakerEvents>(event: K, listener: (payload: CircuitBreakerEvents[K]) => void): () => void {
    return this.#events.on(event, listener)
  }

  execute<R>(work: Work<R>, options?: ExecuteOptions): Promise<PolicyResult<R, CircuitOpenError>>
  execute<R, F>(
    work: Work<R>,
    fallback: (error: unknown, context: WorkContext) => F,
    options?: ExecuteOptions,
  ): Promise<Result<ThrownError, WorkValue<R> | WorkValue<F>>>
  execute(
    work: Work<unknown>,
    fallbackOrOptions?: ((error: unknown, context: WorkContext) => unknown) | ExecuteOptions,
    options?: ExecuteOptions,
  ): Promise<Settled> {
    if (typeof fallbackOrOptions === 'function') {
      return fallbackPolicy(fallbackOrOptions).execute((context) => this.#guarded(work, context), options)
    }
    return this.#guarded(work, fallbackOrOptions)
  }

  #guarded(work: Work<unknown>, options: ExecuteOptions | undefined): Promise<Settled> {
    return withSpan('kairo.circuit_breaker', this.#spanAttributes, () => this.#run(work, options))
  }

  #run(work: Work<unknown>, options: ExecuteOptions | undefined): Promise<Settled> {
    const rejection = this.#admit()
    if (rejection !== undefined) {
      this.#telemetry.count('rejected')
      if (this.#events.has('rejected'))
        this.#events.emit('rejected', { name: this.name, state: this.#state, error: rejection })
      return Promise.resolve(new Err(rejection))
    }
    const generation = this.#generation
    const admittedIn = this.#state
    const start = this.#slowMs === undefined ? 0 : this.#clock.now()
    return asPromise(
      settleWorkThen(work, contextFor(options), (result) => {
        this.#settle(result, generation, admittedIn, start)
        return result
      }),
    )
  }

  /** Lets a call through (returns undefined) or says why not. */
  #admit(): CircuitOpenError | undefined {
    switch (this.#state) {
      case 'CLOSED':
      case 'DISABLED':
        return undefined
      case 'FORCED_OPEN':
        return new CircuitOpenError(this.name, Number.POSITIVE_INFINITY, { details: { forced: true } })
      case 'OPEN': {
        const now = this.#clock.now()
        if (!this.#halfOpenIfDue(now)) return new CircuitOpenError(this.name, this.#openedAt + this.#timeoutMs - now)
        return this.#admitTrial()
      }
      case 'HALF_OPEN':
        return this.#admitTrial()
    }
  }

  #admitTrial(): CircuitOpenError | undefined {
    if (this.#trialsStarted >= this.#permitted) {
      return new CircuitOpenError(this.name, 0, { details: { halfOpen: true } })
    }
    this.#trialsStarted++
    return undefined
  }

  #halfOpenIfDue(now: number): boolean {
    if (now < this.#openedAt + this.#timeoutMs) return false
    this.#transition('HALF_OPEN', now)
    return true
  }

  #settle(result: Settled, generation: number, admittedIn: CircuitState, start: number): void {
    const end = this.#needsEndTime ? this.#clock.now() : 0
    const durationMs = this.#slowMs === undefined ? 0 : end - start
    const slow = this.#slowMs !== undefined && durationMs >= this.#slowMs
    const counted = !result.ok && this.#isFailure(result.error)
    const outcome = result.ok ? 'success' : counted ? 'failure' : 'ignored'
    this.#telemetry.count(outcome)
    if (this.#events.has(outcome)) {
      const call = { name: this.name, state: admittedIn, durationMs, slow }
      this.#events.emit(outcome, result.ok ? call : { ...call, error: result.error })
    }
    if (generation !== this.#generation) return
    if (this.#state === 'CLOSED') {
      if (outcome === 'ignored') return
      this.#strategy.record({ failed: counted, slow }, end)
      if (this.#strategy.tripped(end)) this.#open(end)
    } else if (this.#state === 'HALF_OPEN') {
      if (outcome === 'ignored') {
        this.#trialsStarted--
      } else if (counted || (slow && this.#slowReopens)) {
        this.#open(end)
      } else if (++this.#trialSuccesses >= this.#permitted) {
        this.#transition('CLOSED', this.#needsEndTime ? end : this.#clock.now())
      }
    }
  }

  #open(end: number): void {
    this.#transition('OPEN', this.#needsEndTime ? end : this.#clock.now())
  }

  #transition(to: CircuitState, at: number): void {
    const from = this.#state
    if (from === to) return
    this.#state = to
    this.#generation++
    if (to === 'OPEN') this.#openedAt = at
    if (to === 'HALF_OPEN') {
      this.#trialsStarted = 0
      this.#trialSuccesses = 0
    }
    if (to === 'CLOSED') this.#strategy.reset()
    const event: CircuitTransition = { name: this.name, from, to, at }
    this.#events.emit('stateChange', event)
    this.#events.emit(TRANSITION_EVENT[to], event)
  }

  forceOpen(): void {
    this.#transition('FORCED_OPEN', this.#clock.now())
  }

  disable(): void {
    this.#transition('DISABLED', this.#clock.now())
  }

  reset(): void {
    this.#strategy.reset()
    this.#transition('CLOSED', this.#clock.now())
  }

  stats(): BreakerStats & { readonly state: CircuitState } {
    const state = this.state
    return { ...this.#strategy.stats(this.#clock.now()), state }
  }

  health(): CircuitHealth {
    const { state, failureRate, slowCallRate } = this.stats()
    return {
      healthy: state === 'CLOSED' || state === 'DISABLED',
      state,
      failureRate,
      slowCallRate,
      message: this.#message(state),
    }
  }

  #message(state: CircuitState): string {
    switch (state) {
      case 'CLOSED':
        return 'Circuit closed'
      case 'OPEN':
        return `Circuit open - retry in ${Math.max(0, this.#openedAt + this.#timeoutMs - this.#clock.now())}ms`
      case 'HALF_OPEN':
        return 'Circuit half-open - trial calls allowed'
      case 'FORCED_OPEN':
        return 'Circuit forced open - reset() to close'
      case 'DISABLED':
        return 'Circuit disabled - calls pass unchecked'
    }
  }
}
