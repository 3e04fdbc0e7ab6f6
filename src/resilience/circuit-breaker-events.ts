import type { CircuitOpenError } from '../core/errors.js'
import type { CircuitState } from './circuit-breaker.js'

/** A change of state. `at` is the clock's time. */
export interface CircuitTransition {
  readonly name: string
  readonly from: CircuitState
  readonly to: CircuitState
  readonly at: number
}

/** A call that ran. `durationMs` is measured only when a slow-call duration is set (else 0). */
export interface CircuitCall {
  readonly name: string
  /** The state the call was let through in. */
  readonly state: CircuitState
  readonly durationMs: number
  readonly slow: boolean
}

/** A call that failed; `counted` says whether it counted against the circuit. */
export interface CircuitFailure extends CircuitCall {
  readonly error: unknown
}

/** A call refused without running. */
export interface CircuitRejection {
  readonly name: string
  readonly state: CircuitState
  readonly error: CircuitOpenError
}

/** Every event a breaker emits, by name. */
export interface CircuitBreakerEvents {
  /** Any transition. */
  stateChange: CircuitTransition
  /** Transition to `OPEN`. */
  open: CircuitTransition
  /** Transition to `HALF_OPEN`. */
  halfOpen: CircuitTransition
  /** Transition to `CLOSED`. */
  close: CircuitTransition
  /** Transition to `FORCED_OPEN`. */
  forcedOpen: CircuitTransition
  /** Transition to `DISABLED`. */
  disabled: CircuitTransition
  /** A call succeeded. */
  success: CircuitCall
  /** A call failed with an error that counts. */
  failure: CircuitFailure
  /** A call failed with an error that does not count (see `isFailure`). */
  ignored: CircuitFailure
  /** A call was refused. */
  rejected: CircuitRejection
}
