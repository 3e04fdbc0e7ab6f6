import { ConflictError, TimeoutError, UnavailableError } from '../../core/errors.js'
import { KairoError, type KairoErrorOptions } from '../../core/kairo-error.js'

/**
 * A statement failed for a reason that is neither a conflict nor an outage: a syntax error, a
 * missing table, a check constraint. `sqlState` is PostgreSQL's five-character error code.
 *
 * @example
 * ```ts
 * const r = await db.query('select * from missing_table')
 * if (!r.ok && r.error instanceof QueryError) r.error.sqlState // '42P01'
 * ```
 */
export class QueryError extends KairoError {
  readonly sqlState: string | undefined
  constructor(message: string, options: KairoErrorOptions & { sqlState?: string; code?: string } = {}) {
    const { sqlState, code = 'QUERY_FAILED', ...rest } = options
    super(code, message, { ...rest, details: { ...(sqlState ? { sqlState } : {}), ...rest.details } })
    this.sqlState = sqlState
  }
}

/** SQLSTATE codes for failures where running the transaction again may succeed. */
export const SERIALIZATION_FAILURE = '40001'
export const DEADLOCK_DETECTED = '40P01'

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
])

interface DriverError {
  code?: unknown
  message?: unknown
  constraint?: unknown
  detail?: unknown
  table?: unknown
  column?: unknown
}

/**
 * Maps a driver error (from `pg` or PGlite) to a `KairoError`, keeping the original as `cause`:
 * unique and foreign-key violations → `ConflictError`; serialization failures and deadlocks →
 * retryable `ConflictError`; lost or refused connections and server shutdown → `UnavailableError`;
 * statement timeouts → `TimeoutError`; anything else → `QueryError`.
 * @internal
 */
export function mapDatabaseError(error: unknown, service: string): KairoError {
  if (error instanceof KairoError) return error
  const e = (typeof error === 'object' && error !== null ? error : {}) as DriverError
  const code = typeof e.code === 'string' ? e.code : undefined
  const message = typeof e.message === 'string' ? e.message : String(error)
  const details: Record<string, unknown> = {}
  for (const key of ['constraint', 'detail', 'table', 'column'] as const) {
    if (typeof e[key] === 'string') details[key] = e[key]
  }
  if (code && /^[0-9A-Z]{5}$/.test(code)) details.sqlState = code

  if (code === '23505') return new ConflictError(message, { code: 'UNIQUE_VIOLATION', cause: error, details })
  if (code === '23503') return new ConflictError(message, { code: 'FOREIGN_KEY_VIOLATION', cause: error, details })
  if (code === '23P01') return new ConflictError(message, { code: 'EXCLUSION_VIOLATION', cause: error, details })
  if (code === SERIALIZATION_FAILURE) {
    return new ConflictError(message, { code: 'SERIALIZATION_FAILURE', retryable: true, cause: error, details })
  }
  if (code === DEADLOCK_DETECTED) {
    return new ConflictError(message, { code: 'DEADLOCK_DETECTED', retryable: true, cause: error, details })
  }
  if (code === '57014') {
    return new TimeoutError('statement', 0, { cause: error, details: { ...details, reason: message } })
  }
  if (isConnectionFailure(code, message)) {
    return new UnavailableError(service, message || (code ?? 'connection failed'), { cause: error, details })
  }
  return new QueryError(
    message,
    code && details.sqlState ? { sqlState: code, cause: error, details } : { cause: error, details },
  )
}

function isConnectionFailure(code: string | undefined, message: string): boolean {
  if (code && CONNECTION_ERROR_CODES.has(code)) return true
  // Class 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now; 53300: too many connections.
  if (code && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300')) {
    return true
  }
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
    message,
  )
}

/** True when running the whole transaction again may succeed. @internal */
export function isTransactionRetryable(error: KairoError): boolean {
  return error.code === 'SERIALIZATION_FAILURE' || error.code === 'DEADLOCK_DETECTED'
}
