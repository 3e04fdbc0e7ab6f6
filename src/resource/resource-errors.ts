import type { CircuitOpenError, TimeoutError, ValidationError, ValidationIssue } from '../core/errors.js'
import { UnavailableError } from '../core/errors.js'
import { KairoError, type KairoErrorOptions, kairoErrorGuard } from '../core/kairo-error.js'
import type { AbortedError } from '../resilience/index.js'

/** Statuses worth another attempt: the server may answer differently later. */
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504])

/**
 * The server answered with a status outside 2xx. `body` is the parsed answer (JSON when it parses,
 * else the text); `retryable` for 408, 425, 429, 500, 502, 503 and 504; `retryAfterMs` from a
 * `Retry-After` header on 429 and 503.
 *
 * @example
 * ```ts
 * const r = await UserAPI.get.run({ id })
 * if (!r.ok && isHttpError(r.error) && r.error.status === 404) console.log('no such user', r.error.body)
 * ```
 */
export class HttpError extends KairoError {
  readonly status: number
  readonly body: unknown
  readonly headers: Readonly<Record<string, string>>
  readonly retryAfterMs: number | undefined
  constructor(
    operation: string,
    status: number,
    body: unknown,
    options: KairoErrorOptions & { headers?: Readonly<Record<string, string>>; retryAfterMs?: number } = {},
  ) {
    const { headers = {}, retryAfterMs, ...rest } = options
    super('HTTP_ERROR', `${operation} answered ${status}`, {
      retryable: RETRYABLE_STATUSES.has(status),
      ...rest,
      details: {
        operation,
        status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ...rest.details,
      },
    })
    this.status = status
    this.body = body
    this.headers = headers
    this.retryAfterMs = retryAfterMs
  }
  override toJSON() {
    return { ...super.toJSON(), status: this.status, body: this.body }
  }
}

/**
 * The server answered 2xx, but the body does not match the operation's `response` schema. `issues`
 * lists every mismatch, with paths into the body. Not retryable: the same request gets the same body.
 *
 * @example
 * ```ts
 * if (!r.ok && isResponseValidationError(r.error)) console.log(r.error.issues) // [{ path: ['email'], code: 'invalid_type', … }]
 * ```
 */
export class ResponseValidationError extends KairoError {
  readonly issues: readonly ValidationIssue[]
  readonly status: number
  readonly body: unknown
  constructor(operation: string, status: number, body: unknown, cause: ValidationError) {
    super(
      'RESPONSE_VALIDATION_FAILED',
      `${operation} answered a body that does not match its schema: ${cause.message}`,
      {
        cause,
        details: { operation, status },
      },
    )
    this.issues = cause.issues
    this.status = status
    this.body = body
  }
  override toJSON() {
    return { ...super.toJSON(), issues: this.issues }
  }
}

/**
 * The server answered 2xx with `application/json` that does not parse. Not retryable.
 *
 * @example
 * ```ts
 * new MalformedResponseError('users.get', 200, new SyntaxError('Unexpected token')).code // 'MALFORMED_RESPONSE'
 * ```
 */
export class MalformedResponseError extends KairoError {
  readonly status: number
  constructor(operation: string, status: number, cause: unknown) {
    super('MALFORMED_RESPONSE', `${operation} answered malformed JSON`, { cause, details: { operation, status } })
    this.status = status
  }
}

/**
 * The connection failed: refused, reset (also in the middle of a body), DNS failure, TLS failure.
 * An {@link UnavailableError} (retryable) with code `NETWORK_ERROR`; `details.reason` is the
 * system's code (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, …) when there is one.
 *
 * @example
 * ```ts
 * if (!r.ok && isNetworkError(r.error)) console.log(r.error.details?.reason) // 'ECONNREFUSED'
 * ```
 */
export class NetworkError extends UnavailableError {
  constructor(operation: string, cause: unknown) {
    const reason = systemCode(cause)
    super(operation, reason ?? (cause instanceof Error ? cause.message : String(cause)), {
      code: 'NETWORK_ERROR',
      cause,
      details: reason === undefined ? {} : { reason },
    })
  }
}

/**
 * The body was larger than `maxResponseBytes`. The download stopped at the limit (or before it,
 * when `Content-Length` already said so). Not retryable.
 *
 * @example
 * ```ts
 * new ResponseTooLargeError('files.get', 1_048_576).code // 'RESPONSE_TOO_LARGE'
 * ```
 */
export class ResponseTooLargeError extends KairoError {
  readonly limitBytes: number
  constructor(operation: string, limitBytes: number) {
    super('RESPONSE_TOO_LARGE', `${operation} answered more than ${limitBytes} bytes`, {
      details: { operation, limitBytes },
    })
    this.limitBytes = limitBytes
  }
}

/**
 * Redirects were not followed to the end: more than `maxRedirects` of them (code
 * `TOO_MANY_REDIRECTS`), a loop back to a URL already visited (`REDIRECT_LOOP`), or a `Location`
 * that is missing or not http(s) (`BAD_REDIRECT`). Not retryable.
 *
 * @example
 * ```ts
 * if (!r.ok && isRedirectError(r.error)) console.log(r.error.code, r.error.details?.location)
 * ```
 */
export class RedirectError extends KairoError {
  constructor(
    code: 'TOO_MANY_REDIRECTS' | 'REDIRECT_LOOP' | 'BAD_REDIRECT',
    operation: string,
    details: Readonly<Record<string, unknown>>,
  ) {
    const what = {
      TOO_MANY_REDIRECTS: 'redirected too many times',
      REDIRECT_LOOP: 'redirected in a loop',
      BAD_REDIRECT: 'redirected to an unusable location',
    }[code]
    super(code, `${operation} ${what}`, { details: { operation, ...details } })
  }
}

/**
 * The operation cannot be called as configured: no `baseUrl`, a header function or token provider
 * that threw, a header value that HTTP does not allow. Not retryable.
 *
 * @example
 * ```ts
 * new ResourceConfigError('users.get', 'no baseUrl').code // 'RESOURCE_MISCONFIGURED'
 * ```
 */
export class ResourceConfigError extends KairoError {
  constructor(operation: string, problem: string, options: KairoErrorOptions = {}) {
    super('RESOURCE_MISCONFIGURED', `${operation}: ${problem}`, {
      ...options,
      details: { operation, ...options.details },
    })
  }
}

/**
 * Everything a resource call can return as an error:
 *
 * | class | code | retryable |
 * | --- | --- | --- |
 * | `ValidationError` (core) | `VALIDATION_FAILED` | no — params, query or body did not match |
 * | {@link ResponseValidationError} | `RESPONSE_VALIDATION_FAILED` | no |
 * | {@link MalformedResponseError} | `MALFORMED_RESPONSE` | no |
 * | {@link HttpError} | `HTTP_ERROR` | 408, 425, 429, 5xx but 501 |
 * | {@link NetworkError} | `NETWORK_ERROR` | yes |
 * | `TimeoutError` (core) | `TIMEOUT` | yes |
 * | `CircuitOpenError` (core) | `CIRCUIT_OPEN` | no |
 * | {@link ResponseTooLargeError} | `RESPONSE_TOO_LARGE` | no |
 * | {@link RedirectError} | `TOO_MANY_REDIRECTS`, `REDIRECT_LOOP`, `BAD_REDIRECT` | no |
 * | {@link ResourceConfigError} | `RESOURCE_MISCONFIGURED` | no |
 * | `AbortedError` (resilience) | `ABORTED` | no — the caller's signal fired |
 */
export type ResourceError =
  | ValidationError
  | ResponseValidationError
  | MalformedResponseError
  | HttpError
  | NetworkError
  | TimeoutError
  | CircuitOpenError
  | ResponseTooLargeError
  | RedirectError
  | ResourceConfigError
  | AbortedError

/** True for an {@link HttpError}. */
export const isHttpError = kairoErrorGuard(HttpError, 'HttpError')
/** True for a {@link ResponseValidationError}. */
export const isResponseValidationError = kairoErrorGuard(ResponseValidationError, 'ResponseValidationError')
/** True for a {@link MalformedResponseError}. */
export const isMalformedResponseError = kairoErrorGuard(MalformedResponseError, 'MalformedResponseError')
/** True for a {@link NetworkError}. */
export const isNetworkError = kairoErrorGuard(NetworkError, 'NetworkError')
/** True for a {@link ResponseTooLargeError}. */
export const isResponseTooLargeError = kairoErrorGuard(ResponseTooLargeError, 'ResponseTooLargeError')
/** True for a {@link RedirectError}. */
export const isRedirectError = kairoErrorGuard(RedirectError, 'RedirectError')

/** The system error code behind a failed `fetch` (undici nests it in `cause`). */
function systemCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}
