import { KairoError, type KairoErrorOptions } from '../core/kairo-error.js'

/** Why a transform did not produce a value, besides invalid data (a `ValidationError`). */
export type TransformErrorCode = 'TRANSFORM_FILTERED' | 'TRANSFORM_FAILED'

/**
 * A transform left an item out (`TRANSFORM_FILTERED`: a `filter` predicate returned false) or a
 * mapping function threw (`TRANSFORM_FAILED`, with the thrown value as `cause`). `details` name
 * the transform and, for failures, the target field.
 *
 * @example
 * ```ts
 * const r = userTransform.execute(raw)
 * if (!r.ok && isTransformError(r.error) && r.error.code === 'TRANSFORM_FILTERED') skip()
 * ```
 */
export class TransformError extends KairoError {
  declare readonly code: TransformErrorCode
  constructor(code: TransformErrorCode, message: string, options: KairoErrorOptions = {}) {
    super(code, message, { ...options, retryable: false })
  }
}

/**
 * True for a {@link TransformError}, also across duplicated copies of the package.
 *
 * @example
 * ```ts
 * isTransformError(new TransformError('TRANSFORM_FILTERED', 'filtered out')) // true
 * ```
 */
export function isTransformError(value: unknown): value is TransformError {
  return (
    value instanceof TransformError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { isKairoError?: unknown }).isKairoError === true &&
      (value as { name?: unknown }).name === 'TransformError')
  )
}
