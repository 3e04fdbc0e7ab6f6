import { KairoError, type KairoErrorOptions, kairoErrorGuard } from './kairo-error.js'

/** One problem found while validating a value. */
export interface ValidationIssue {
  /** Where the problem is: keys and array indexes from the root (`['items', 0, 'price']`). */
  readonly path: ReadonlyArray<string | number>
  /** A stable code such as `too_small` or `invalid_type`. */
  readonly code: string
  readonly message: string
  /** What was expected (`'string'`, `'>= 18'`), when that is meaningful. */
  readonly expected?: string
  /** What was received (`'number'`, `'undefined'`), when that is meaningful. */
  readonly received?: string
}

/**
 * Input did not match what was required. Lists every issue, not only the first.
 *
 * @example
 * ```ts
 * new ValidationError([{ path: ['age'], code: 'too_small', message: 'must be >= 18' }]).message
 * // 'age: must be >= 18'
 * ```
 */
export class ValidationError extends KairoError {
  readonly issues: readonly ValidationIssue[]
  constructor(issues: readonly ValidationIssue[], options: KairoErrorOptions & { message?: string } = {}) {
    super('VALIDATION_FAILED', options.message ?? formatIssues(issues), { ...options, retryable: false })
    this.issues = issues
  }
  override toJSON() {
    return { ...super.toJSON(), issues: this.issues }
  }
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return 'validation failed'
  const shown = issues.slice(0, 5).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''
  return shown.join('; ') + more
}

/**
 * Something looked up by identity does not exist.
 *
 * @example
 * ```ts
 * new NotFoundError('user', 'u_42').message // 'user u_42 not found'
 * ```
 */
export class NotFoundError extends KairoError {
  constructor(entity: string, id?: unknown, options: KairoErrorOptions = {}) {
    super('NOT_FOUND', id === undefined ? `${entity} not found` : `${entity} ${String(id)} not found`, {
      ...options,
      details: { entity, ...(id === undefined ? {} : { id: String(id) }), ...options.details },
    })
  }
}

/**
 * A write clashed with the current state: a version mismatch, a unique key already taken, a
 * serialization failure. `expected` and `actual` are set for version conflicts.
 *
 * @example
 * ```ts
 * const e = new ConflictError('stream order-1 is at version 3', { expected: 2, actual: 3 })
 * e.code // 'CONFLICT'
 * ```
 */
export class ConflictError extends KairoError {
  readonly expected: unknown
  readonly actual: unknown
  constructor(
    message: string,
    options: KairoErrorOptions & { code?: string; expected?: unknown; actual?: unknown } = {},
  ) {
    const { code = 'CONFLICT', expected, actual, ...rest } = options
    const versionDetails = 'expected' in options || 'actual' in options ? { expected, actual } : {}
    super(code, message, { ...rest, details: { ...versionDetails, ...rest.details } })
    this.expected = expected
    this.actual = actual
  }
}

/**
 * An operation did not finish in time. Retryable by default.
 *
 * @example
 * ```ts
 * new TimeoutError('charge payment', 5000).message // 'charge payment timed out after 5000 ms'
 * ```
 */
export class TimeoutError extends KairoError {
  readonly timeoutMs: number
  constructor(operation: string, timeoutMs: number, options: KairoErrorOptions = {}) {
    super('TIMEOUT', `${operation} timed out after ${timeoutMs} ms`, {
      retryable: true,
      ...options,
      details: { operation, timeoutMs, ...options.details },
    })
    this.timeoutMs = timeoutMs
  }
}

/**
 * A circuit breaker is open and refused the call without trying it. `retryAfter` is the number of
 * milliseconds until it lets a trial call through.
 *
 * @example
 * ```ts
 * new CircuitOpenError('payments', 30_000).retryAfter // 30000
 * ```
 */
export class CircuitOpenError extends KairoError {
  readonly retryAfter: number
  constructor(name: string, retryAfter: number, options: KairoErrorOptions = {}) {
    super('CIRCUIT_OPEN', `circuit ${name} is open; retry after ${retryAfter} ms`, {
      retryable: false,
      ...options,
      details: { circuit: name, retryAfter, ...options.details },
    })
    this.retryAfter = retryAfter
  }
}

/**
 * An engine or service cannot be reached (connection refused, lost, server shutting down).
 * Always retryable.
 *
 * @example
 * ```ts
 * new UnavailableError('postgres', 'connection refused').message // 'postgres unavailable: connection refused'
 * ```
 */
export class UnavailableError extends KairoError {
  constructor(service: string, reason: string, options: KairoErrorOptions & { code?: string } = {}) {
    const { code = 'UNAVAILABLE', ...rest } = options
    super(code, `${service} unavailable: ${reason}`, {
      ...rest,
      retryable: true,
      details: { service, ...rest.details },
    })
  }
}

/** True for a {@link ValidationError}. */
export const isValidationError = kairoErrorGuard(ValidationError, 'ValidationError')
/** True for a {@link NotFoundError}. */
export const isNotFoundError = kairoErrorGuard(NotFoundError, 'NotFoundError')
/** True for a {@link ConflictError}. */
export const isConflictError = kairoErrorGuard(ConflictError, 'ConflictError')
/** True for a {@link TimeoutError}. */
export const isTimeoutError = kairoErrorGuard(TimeoutError, 'TimeoutError')
/** True for a {@link CircuitOpenError}. */
export const isCircuitOpenError = kairoErrorGuard(CircuitOpenError, 'CircuitOpenError')
/** True for an {@link UnavailableError}. */
export const isUnavailableError = kairoErrorGuard(UnavailableError, 'UnavailableError')
