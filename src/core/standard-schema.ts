import { ValidationError, type ValidationIssue } from './errors.js'
import { Err, Ok, type Result } from './result.js'

/**
 * The Standard Schema v1 interface (https://standardschema.dev), copied as the spec intends so
 * Kairo has no dependency for it. Kairo's own schemas implement it, and every Kairo API that takes
 * a schema takes any implementation: Zod, Valibot, ArkType, …
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>
}

// A namespace, as in the spec itself, so types from other libraries line up with these.
export declare namespace StandardSchemaV1 {
  interface Props<Input = unknown, Output = Input> {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown, options?: Options | undefined) => Result<Output> | Promise<Result<Output>>
    readonly types?: Types<Input, Output> | undefined
  }
  type Result<Output> = SuccessResult<Output> | FailureResult
  interface SuccessResult<Output> {
    readonly value: Output
    readonly issues?: undefined
  }
  interface Options {
    readonly libraryOptions?: Record<string, unknown> | undefined
  }
  interface FailureResult {
    readonly issues: ReadonlyArray<Issue>
  }
  interface Issue {
    readonly message: string
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined
  }
  interface PathSegment {
    readonly key: PropertyKey
  }
  interface Types<Input = unknown, Output = Input> {
    readonly input: Input
    readonly output: Output
  }
  type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['input']
  type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output']
}

/** The type a Standard Schema produces. */
export type InferSchemaOutput<S extends StandardSchemaV1> = StandardSchemaV1.InferOutput<S>
/** The type a Standard Schema accepts. */
export type InferSchemaInput<S extends StandardSchemaV1> = StandardSchemaV1.InferInput<S>

/** True for any value implementing Standard Schema v1. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const props = (value as { '~standard'?: { version?: unknown; validate?: unknown } } | null)?.['~standard']
  return typeof props === 'object' && props !== null && props.version === 1 && typeof props.validate === 'function'
}

/**
 * Validates `value` with any Standard Schema and returns a Kairo `Result`: the schema's output, or
 * a `ValidationError` listing every issue with its path.
 *
 * @example
 * ```ts
 * import { z } from 'zod'
 * import { validateStandard } from 'kairo'
 *
 * const r = await validateStandard(z.object({ age: z.number().min(18) }), { age: 12 })
 * // Err(ValidationError: age: Too small: expected number to be >=18)
 * ```
 */
export async function validateStandard<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): Promise<Result<ValidationError, InferSchemaOutput<S>>> {
  const outcome = await schema['~standard'].validate(value)
  return toResult(outcome, schema['~standard'].vendor)
}

/**
 * Like {@link validateStandard}, for code that cannot wait: a schema that validates asynchronously
 * (async refinements) gives a `ValidationError` with code `async_schema`.
 */
export function validateStandardSync<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): Result<ValidationError, InferSchemaOutput<S>> {
  const outcome = schema['~standard'].validate(value)
  if (outcome instanceof Promise) {
    outcome.catch(() => {})
    return new Err(
      new ValidationError([
        { path: [], code: 'async_schema', message: 'this schema validates asynchronously; use the async API' },
      ]),
    )
  }
  return toResult(outcome, schema['~standard'].vendor)
}

function toResult<T>(outcome: StandardSchemaV1.Result<T>, vendor: string): Result<ValidationError, T> {
  if (!outcome.issues) return new Ok(outcome.value)
  const issues: ValidationIssue[] = outcome.issues.map((issue) => {
    const known = issue as StandardSchemaV1.Issue & Partial<ValidationIssue>
    return {
      path: (issue.path ?? []).map((segment) => {
        const key = typeof segment === 'object' && segment !== null ? segment.key : segment
        return typeof key === 'number' ? key : String(key)
      }),
      // Kairo schemas put their own codes on issues; other vendors get a generic one.
      code: typeof known.code === 'string' ? known.code : 'invalid',
      message: issue.message,
      ...(typeof known.expected === 'string' ? { expected: known.expected } : {}),
      ...(typeof known.received === 'string' ? { received: known.received } : {}),
    }
  })
  return new Err(new ValidationError(issues, { details: { vendor } }))
}
