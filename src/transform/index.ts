/**
 * Declarative transforms between schemas: map and convert fields (nested paths too), compute new
 * ones, filter items, validate against the target, run one item or a batch, and chain transforms.
 *
 * @example
 * ```ts
 * import { transform } from 'kairo/transform'
 *
 * const t = transform('user-import', RawUser).to(User).map('user_name', 'name').validate()
 * t.execute(row) // Result<ValidationError | TransformError, User>
 * ```
 * @module
 */
export type { FieldPath, FieldValue } from './field-path.js'
export {
  type Executable,
  Transform,
  type TransformBatch,
  type TransformFailure,
  type TransformSource,
  type TransformSummary,
  transform,
} from './transform.js'
export { isTransformError, TransformError, type TransformErrorCode } from './transform-error.js'
