/**
 * The base of every error Kairo returns. A `KairoError` has a stable, machine-readable `code`
 * (never reworded), a `retryable` flag that retry policies read, a human `message`, and optionally
 * the underlying `cause` and structured `details`.
 *
 * @example
 * ```ts
 * import { KairoError } from 'kairo'
 *
 * class PaymentDeclinedError extends KairoError {
 *   constructor(reason: string) {
 *     super('PAYMENT_DECLINED', `payment declined: ${reason}`, { details: { reason } })
 *   }
 * }
 * new PaymentDeclinedError('insufficient funds').toJSON()
 * // { name: 'PaymentDeclinedError', code: 'PAYMENT_DECLINED', message: '…', retryable: false, details: { reason: '…' } }
 * ```
 */
export class KairoError extends Error {
  /** Marks Kairo errors even across duplicated copies of the package, where `instanceof` fails. */
  readonly isKairoError = true as const
  readonly code: string
  readonly retryable: boolean
  readonly details: Readonly<Record<string, unknown>> | undefined

  constructor(code: string, message: string, options: KairoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.retryable = options.retryable ?? false
    this.details = options.details
  }

  /** A plain object safe to log or send: the cause is summarised, never the whole object graph. */
  toJSON(): KairoErrorJSON {
    const json: KairoErrorJSON = {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    }
    if (this.details !== undefined) json.details = this.details
    if (this.cause !== undefined) json.cause = summariseCause(this.cause)
    return json
  }
}

/** Options shared by every {@link KairoError} constructor. */
export interface KairoErrorOptions {
  /** The error this one wraps (a driver error, a thrown exception). */
  cause?: unknown
  /** Whether trying the same operation again may succeed. Defaults to `false`. */
  retryable?: boolean
  /** Structured facts about the failure, safe to serialise. */
  details?: Readonly<Record<string, unknown>>
}

/** The JSON form of a {@link KairoError}. */
export interface KairoErrorJSON {
  name: string
  code: string
  message: string
  retryable: boolean
  details?: Readonly<Record<string, unknown>>
  cause?: { name?: string; code?: string; message: string }
}

function summariseCause(cause: unknown): { name?: string; code?: string; message: string } {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    return typeof code === 'string'
      ? { name: cause.name, code, message: cause.message }
      : { name: cause.name, message: cause.message }
  }
  return { message: String(cause) }
}

/** True for any Kairo error, including ones from another copy of the package. */
export function isKairoError(value: unknown): value is KairoError {
  return (
    value instanceof KairoError ||
    (typeof value === 'object' && value !== null && (value as { isKairoError?: unknown }).isKairoError === true)
  )
}

/**
 * Makes the `isXxxError` guard of a `KairoError` subclass: true for instances, and for errors of
 * that name from another copy of the package (where `instanceof` fails).
 *
 * @example
 * ```ts
 * import { KairoError, kairoErrorGuard } from 'kairo'
 *
 * class PaymentDeclinedError extends KairoError {}
 * export const isPaymentDeclinedError = kairoErrorGuard(PaymentDeclinedError, 'PaymentDeclinedError')
 * ```
 */
export function kairoErrorGuard<C extends abstract new (...args: never[]) => KairoError>(
  cls: C,
  name: string,
): (value: unknown) => value is InstanceType<C> {
  return (value: unknown): value is InstanceType<C> =>
    value instanceof cls || (isKairoError(value) && (value as { name?: unknown }).name === name)
}

/**
 * True when an error says trying again may help: a `KairoError` with `retryable: true`, or any
 * other thrown value whose `retryable` is not `false` (unknown failures are assumed transient).
 */
export function isRetryableError(value: unknown): boolean {
  if (isKairoError(value)) return value.retryable
  if (typeof value === 'object' && value !== null && 'retryable' in value) {
    return (value as { retryable: unknown }).retryable !== false
  }
  return true
}
