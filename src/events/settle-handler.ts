import { isKairoError, KairoError } from '../core/kairo-error.js'
import { Err, Ok, Result } from '../core/result.js'

/**
 * A handler failed with an error that is not a `KairoError` (it threw, or returned `Err('text')`);
 * the original is the `cause`. Retryable, since such failures are usually bugs or outages.
 *
 * @example
 * ```ts
 * const r = await queries.execute('GetOrder', { orderId: 'o1' }) // the handler threw
 * if (!r.ok && r.error.code === 'HANDLER_FAILED') console.error(r.error.cause)
 * ```
 */
export class HandlerError extends KairoError {
  constructor(message: string, cause: unknown) {
    super('HANDLER_FAILED', message, { cause, retryable: true })
  }
}

/**
 * Runs a user handler and turns whatever it does into a Result: a returned `Err` (its error, wrapped
 * in a `HandlerError` when it is not a `KairoError`), a thrown value (likewise), or success.
 * @internal
 */
export async function settleHandler(fn: () => unknown): Promise<Result<KairoError, unknown>> {
  try {
    const value = await fn()
    if (Result.isResult(value)) {
      if (value.ok) return new Ok(value.value)
      return new Err(asKairoError(value.error))
    }
    return new Ok(value)
  } catch (thrown) {
    return new Err(asKairoError(thrown))
  }
}

/** @internal */
export function asKairoError(error: unknown): KairoError {
  if (isKairoError(error)) return error
  const message = error instanceof Error ? error.message : String(error)
  return new HandlerError(message, error)
}
