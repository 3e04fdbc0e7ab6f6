export { type Brand, type BrandConstructor, brand } from './brand.js'
export { type Clock, ManualClock, systemClock } from './clock.js'
export {
  CircuitOpenError,
  ConflictError,
  isCircuitOpenError,
  isConflictError,
  isNotFoundError,
  isTimeoutError,
  isUnavailableError,
  isValidationError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
  ValidationError,
  type ValidationIssue,
} from './errors.js'
export {
  isKairoError,
  isRetryableError,
  KairoError,
  type KairoErrorJSON,
  type KairoErrorOptions,
  kairoErrorGuard,
} from './kairo-error.js'
export { Err, type ErrType, Ok, type OkType, Result } from './result.js'
export {
  type InferSchemaInput,
  type InferSchemaOutput,
  isStandardSchema,
  type StandardSchemaV1,
  validateStandard,
  validateStandardSync,
} from './standard-schema.js'
export { KAIRO_TRACER_NAME, kairoMeter, withSpan } from './telemetry.js'
export { createUuidV7Generator, type IdGenerator, isUuid, uuidv7, uuidv7Timestamp } from './uuid-v7.js'
