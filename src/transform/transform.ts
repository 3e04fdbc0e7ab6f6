import type { ValidationError } from '../core/errors.js'
import { Err, Ok, type Result } from '../core/result.js'
import {
  type InferSchemaInput,
  type InferSchemaOutput,
  isStandardSchema,
  type StandardSchemaV1,
  validateStandardSync,
} from '../core/standard-schema.js'
import { type FieldPath, type FieldValue, parsePath, readPath, writePath } from './field-path.js'
import { TransformError } from './transform-error.js'

/** Why one item did not come out of a transform. */
export type TransformFailure = ValidationError | TransformError

/** What {@link Transform.executeMany} returns. */
export interface TransformBatch<Out> {
  /** One result per input item, in order. */
  readonly results: ReadonlyArray<Result<TransformFailure, Out>>
  /** The successful outputs, in order. */
  readonly values: Out[]
  readonly summary: TransformSummary
}

/** Counts of a batch: every item is exactly one of succeeded, failed or filtered. */
export interface TransformSummary {
  readonly total: number
  readonly succeeded: number
  /** Invalid source or target data, or a mapping function that threw. */
  readonly failed: number
  /** Left out by a `filter`. */
  readonly filtered: number
}

/**
 * Something that turns raw input into `Out`: a {@link Transform} or a chain of them (`pipe`).
 * `In` is what its source schema accepts, used to type-check `pipe`.
 */
export interface Executable<In, Out> {
  readonly name: string
  /** Contravariant marker for `In` (type-level only). */
  readonly '~accepts'?: (input: In) => void
  /** Validates `input` against the source schema, then maps it. */
  execute(input: unknown): Result<TransformFailure, Out>
  /** Runs every item; one failing item never stops the others. */
  executeMany(items: Iterable<unknown>): TransformBatch<Out>
  /** Feeds this transform's output into `next`. */
  pipe<U>(next: Executable<Out, U>): Executable<In, U>
}

type Step =
  | {
      readonly kind: 'map'
      readonly from: readonly string[]
      readonly to: readonly string[]
      readonly fn: ((source: never, value: never) => unknown) | undefined
    }
  | { readonly kind: 'compute'; readonly to: readonly string[]; readonly fn: (source: never) => unknown }

interface TransformDefinition {
  readonly name: string
  readonly source: StandardSchemaV1
  readonly target: StandardSchemaV1
  readonly steps: readonly Step[]
  readonly filters: ReadonlyArray<(source: never) => unknown>
  readonly validated: boolean
}

/**
 * A declarative mapping from a source schema to a target schema: fields copied or converted
 * (`map`), derived (`compute`), items left out (`filter`), and the result checked against the
 * target (`validate`). Immutable: every method returns a new transform. Source and target may be
 * any Standard Schema (Kairo, Zod, Valibot, ArkType).
 *
 * `Out` is the target's input type until `.validate()`, then its output type.
 *
 * @example
 * ```ts
 * import { schema } from 'kairo/schema'
 * import { transform } from 'kairo/transform'
 *
 * const Raw = schema.object({ user_name: schema.string(), created_at: schema.string(), is_active: schema.boolean() })
 * const User = schema.object({ name: schema.string(), createdAt: schema.date(), greeting: schema.string() })
 *
 * const normalise = transform('user-normalisation', Raw)
 *   .to(User)
 *   .map('user_name', 'name')
 *   .map('created_at', 'createdAt', (source) => new Date(source.created_at))
 *   .compute('greeting', (source) => `Hello ${source.user_name}`)
 *   .filter((source) => source.is_active)
 *   .validate()
 *
 * normalise.execute({ user_name: 'Ada', created_at: '2024-01-01', is_active: true })
 * // Ok({ name: 'Ada', createdAt: Date(2024-01-01), greeting: 'Hello Ada' })
 * ```
 */
export class Transform<S extends StandardSchemaV1, T extends StandardSchemaV1, Out = InferSchemaInput<T>>
  implements Executable<InferSchemaInput<S>, Out>
{
  declare readonly '~accepts'?: (input: InferSchemaInput<S>) => void
  readonly #def: TransformDefinition

  /** @internal Use {@link transform}. */
  constructor(def: TransformDefinition) {
    this.#def = Object.freeze({
      ...def,
      steps: Object.freeze([...def.steps]),
      filters: Object.freeze([...def.filters]),
    })
    Object.freeze(this)
  }

  get name(): string {
    return this.#def.name
  }

  /**
   * Copies the source field at `from` to the target field at `to` (dotted paths reach into
   * nested objects), converting it with `fn(source, value)` when given.
   *
   * @example
   * ```ts
   * t.map('address.zip_code', 'shipping.postcode')
   * t.map('created_at', 'createdAt', (source) => new Date(source.created_at))
   * ```
   */
  map<P extends FieldPath<InferSchemaOutput<S>>, Q extends FieldPath<InferSchemaInput<T>>>(
    from: P,
    to: Q,
    fn?: (
      source: InferSchemaOutput<S>,
      value: FieldValue<InferSchemaOutput<S>, P>,
    ) => FieldValue<InferSchemaInput<T>, Q>,
  ): Transform<S, T, Out> {
    return this.#with({
      steps: [...this.#def.steps, { kind: 'map', from: parsePath(from), to: parsePath(to), fn: fn as Step['fn'] }],
    })
  }

  /**
   * Sets the target field at `to` from the whole source.
   *
   * @example
   * ```ts
   * t.compute('displayName', (source) => `${source.first} ${source.last}`)
   * ```
   */
  compute<Q extends FieldPath<InferSchemaInput<T>>>(
    to: Q,
    fn: (source: InferSchemaOutput<S>) => FieldValue<InferSchemaInput<T>, Q>,
  ): Transform<S, T, Out> {
    return this.#with({
      steps: [...this.#def.steps, { kind: 'compute', to: parsePath(to), fn: fn as (source: never) => unknown }],
    })
  }

  /**
   * Keeps only the items for which `predicate(source)` is true; the others end in a
   * `TRANSFORM_FILTERED` error (counted as `filtered` by `executeMany`).
   *
   * @example
   * ```ts
   * t.filter((source) => source.is_active)
   * ```
   */
  filter(predicate: (source: InferSchemaOutput<S>) => boolean): Transform<S, T, Out> {
    return this.#with({ filters: [...this.#def.filters, predicate as (source: never) => unknown] })
  }

  /**
   * Parses the mapped object with the target schema, so results are exactly its output type
   * (defaults applied, unknown keys stripped, every check run).
   *
   * @example
   * ```ts
   * const checked = t.validate() // Transform<…, Infer<typeof Target>>
   * ```
   */
  validate(): Transform<S, T, InferSchemaOutput<T>> {
    return this.#with({ validated: true })
  }

  /**
   * Runs the transform on one raw input.
   *
   * @example
   * ```ts
   * const r = t.execute(row)
   * r.match({ Ok: save, Err: (e) => log(e.code, e.message) })
   * ```
   */
  execute(input: unknown): Result<TransformFailure, Out> {
    const def = this.#def
    const source = validateStandardSync(def.source, input)
    if (!source.ok) return new Err(source.error)
    const value = source.value as never
    for (const predicate of def.filters) {
      let keep: unknown
      try {
        keep = predicate(value)
      } catch (cause) {
        return new Err(this.#failure('the filter threw', undefined, cause))
      }
      if (!keep) {
        return new Err(
          new TransformError('TRANSFORM_FILTERED', `${def.name}: filtered out`, { details: { transform: def.name } }),
        )
      }
    }
    const out: Record<string, unknown> = {}
    for (const step of def.steps) {
      let field: unknown
      try {
        if (step.kind === 'compute') field = step.fn(value)
        else {
          field = readPath(value, step.from)
          if (step.fn) field = step.fn(value, field as never)
        }
      } catch (cause) {
        return new Err(this.#failure(`mapping ${step.to.join('.')} threw`, step.to.join('.'), cause))
      }
      if (field !== undefined) writePath(out, step.to, field)
    }
    if (!def.validated) return new Ok(out as Out)
    return validateStandardSync(def.target, out) as Result<TransformFailure, Out>
  }

  /**
   * Runs every item and reports per-item results with a summary.
   *
   * @example
   * ```ts
   * const { values, summary } = t.executeMany(rows) // summary: { total: 3, succeeded: 2, failed: 0, filtered: 1 }
   * ```
   */
  executeMany(items: Iterable<unknown>): TransformBatch<Out> {
    return runMany(this, items)
  }

  /**
   * Chains `next` after this transform: its source schema checks this transform's output.
   *
   * @example
   * ```ts
   * const importUsers = normalise.pipe(enrich)
   * ```
   */
  pipe<U>(next: Executable<Out, U>): Executable<InferSchemaInput<S>, U> {
    return pipeline(this, next)
  }

  #failure(what: string, field: string | undefined, cause: unknown): TransformError {
    const details = field === undefined ? { transform: this.#def.name } : { transform: this.#def.name, field }
    return new TransformError('TRANSFORM_FAILED', `${this.#def.name}: ${what}`, { details, cause })
  }

  #with<O>(patch: Partial<TransformDefinition>): Transform<S, T, O> {
    return new Transform<S, T, O>({ ...this.#def, ...patch })
  }
}

/** The first half of a transform: its name and source, waiting for `.to(target)`. */
export interface TransformSource<S extends StandardSchemaV1> {
  /** Sets the target schema. */
  to<T extends StandardSchemaV1>(target: T): Transform<S, T>
}

/**
 * Starts a transform named `name` from `source` (any Standard Schema).
 *
 * @example
 * ```ts
 * const t = transform('order-import', RawOrder).to(Order).map('order_no', 'number').validate()
 * ```
 */
export function transform<S extends StandardSchemaV1>(name: string, source: S): TransformSource<S> {
  if (!isStandardSchema(source)) throw new TypeError('transform: the source must be a Standard Schema')
  return Object.freeze({
    to<T extends StandardSchemaV1>(target: T): Transform<S, T> {
      if (!isStandardSchema(target)) throw new TypeError('transform: the target must be a Standard Schema')
      return new Transform<S, T>({ name, source, target, steps: [], filters: [], validated: false })
    },
  })
}

function pipeline<In, Mid, Out>(first: Executable<In, Mid>, second: Executable<Mid, Out>): Executable<In, Out> {
  const piped: Executable<In, Out> = Object.freeze({
    name: `${first.name} | ${second.name}`,
    execute(input: unknown): Result<TransformFailure, Out> {
      const mid = first.execute(input)
      return mid.ok ? second.execute(mid.value) : new Err(mid.error)
    },
    executeMany: (items: Iterable<unknown>) => runMany(piped, items),
    pipe: <U>(next: Executable<Out, U>) => pipeline(piped, next),
  })
  return piped
}

function runMany<Out>(
  t: Executable<unknown, Out> | Executable<never, Out>,
  items: Iterable<unknown>,
): TransformBatch<Out> {
  const results: Array<Result<TransformFailure, Out>> = []
  const values: Out[] = []
  let filtered = 0
  for (const item of items) {
    const r = t.execute(item)
    results.push(r)
    if (r.ok) values.push(r.value)
    else if (r.error.code === 'TRANSFORM_FILTERED') filtered++
  }
  return {
    results,
    values,
    summary: {
      total: results.length,
      succeeded: values.length,
      failed: results.length - values.length - filtered,
      filtered,
    },
  }
}
