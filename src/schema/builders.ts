import type { StandardSchemaV1 } from '../core/standard-schema.js'
import { ArraySchema } from './array-schema.js'
import { BigIntSchema } from './bigint-schema.js'
import { DateSchema } from './date-schema.js'
import { EnumSchema } from './enum-schema.js'
import type { Infer, InferInput, Shape } from './infer.js'
import { NumberSchema } from './number-schema.js'
import { ObjectSchema, shapePatch } from './object-schema.js'
import { COMMON, nodeOf, Schema } from './schema.js'
import type { AnySchema, Primitive, SchemaNode } from './schema-node.js'
import { StringSchema } from './string-schema.js'

/** Options every builder takes. */
export interface BuilderOptions {
  /** Message of the type issue (`invalid_type`), instead of the default. */
  readonly message?: string
}

/** Options of builders that can convert their input. */
export interface CoerceOptions extends BuilderOptions {
  /** Also accept and convert other representations (see each builder). */
  readonly coerce?: boolean
}

type OutputsOf<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: T[K] extends StandardSchemaV1 ? Infer<T[K]> : never
}
type InputsOf<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: T[K] extends StandardSchemaV1 ? InferInput<T[K]> : never
}
type RestOf<R> = R extends StandardSchemaV1 ? Infer<R>[] : []
type RestInOf<R> = R extends StandardSchemaV1 ? InferInput<R>[] : []
type KeyType<K extends StandardSchemaV1> = Infer<K> extends PropertyKey ? Infer<K> : string

function common(options: BuilderOptions | undefined) {
  return { ...COMMON, message: options?.message }
}

function requireSchema(where: string, value: unknown): AnySchema {
  if (!(value instanceof Schema)) throw new TypeError(`${where}: expected a kairo schema`)
  return value
}

/**
 * The schema builders: `import { schema } from 'kairo/schema'` (also exported as `nativeSchema`).
 * Every builder returns an immutable, frozen schema; every method on it returns a new one.
 *
 * @example
 * ```ts
 * import { schema, type Infer } from 'kairo/schema'
 *
 * const Order = schema.object({
 *   id: schema.string().uuid(),
 *   lines: schema.array(schema.object({ sku: schema.string(), quantity: schema.number().int().positive() })).nonempty(),
 *   payment: schema.discriminatedUnion('method', [
 *     schema.object({ method: schema.literal('card'), last4: schema.string().length(4) }),
 *     schema.object({ method: schema.literal('invoice'), dueDays: schema.number().int() }),
 *   ]),
 *   note: schema.string().max(500).optional(),
 * })
 * type Order = Infer<typeof Order>
 * ```
 */
export const schema = Object.freeze({
  /** A string. */
  string(options?: BuilderOptions): StringSchema {
    return new StringSchema({ ...common(options), kind: 'string', checks: [] })
  },
  /** A number (never `NaN`). */
  number(options?: BuilderOptions): NumberSchema {
    return new NumberSchema({ ...common(options), kind: 'number', checks: [] })
  },
  /** A bigint; `coerce` also reads safe integer numbers and integer strings. */
  bigint(options?: CoerceOptions): BigIntSchema {
    return new BigIntSchema({ ...common(options), kind: 'bigint', checks: [], coerce: options?.coerce ?? false })
  },
  /** `true` or `false`. */
  boolean(options?: BuilderOptions): Schema<boolean> {
    return new Schema<boolean>({ ...common(options), kind: 'boolean' })
  },
  /** A `Date` or an ISO 8601 string, parsed to a `Date`; `coerce` also reads epoch ms and any Date string. */
  date(options?: CoerceOptions): DateSchema {
    return new DateSchema({ ...common(options), kind: 'date', checks: [], coerce: options?.coerce ?? false })
  },
  /** Exactly `value` (compared with `===`). */
  literal<const V extends Primitive>(value: V, options?: BuilderOptions): Schema<V> {
    if (typeof value === 'number' && Number.isNaN(value)) throw new TypeError('literal(): NaN is never equal to itself')
    return new Schema<V>({ ...common(options), kind: 'literal', value })
  },
  /** One of `values`. */
  enum<const T extends readonly [string | number, ...Array<string | number>]>(
    values: T,
    options?: BuilderOptions,
  ): EnumSchema<T[number]> {
    if (!Array.isArray(values) || values.length === 0) throw new TypeError('enum(): expected a non-empty array')
    for (const v of values) {
      if (typeof v !== 'string' && !(typeof v === 'number' && !Number.isNaN(v))) {
        throw new TypeError('enum(): values must be strings or numbers')
      }
    }
    return new EnumSchema<T[number]>({ ...common(options), kind: 'enum', values: Object.freeze([...values]) })
  },
  /** `null`. */
  null(options?: BuilderOptions): Schema<null> {
    return new Schema<null>({ ...common(options), kind: 'literal', value: null })
  },
  /** `undefined`. */
  undefined(options?: BuilderOptions): Schema<undefined> {
    return new Schema<undefined>({ ...common(options), kind: 'literal', value: undefined })
  },
  /** Any value, returned as is. */
  unknown(): Schema<unknown> {
    return new Schema<unknown>({ ...COMMON, kind: 'unknown' })
  },
  /**
   * Any value, returned as is. Kairo keeps `any` out of its types, so this is typed `unknown`
   * like {@link unknown}; its node kind (`'any'`) tells tools the field is deliberately open.
   */
  any(): Schema<unknown> {
    return new Schema<unknown>({ ...COMMON, kind: 'any' })
  },
  /** No value at all. */
  never(options?: BuilderOptions): Schema<never> {
    return new Schema<never>({ ...common(options), kind: 'never' })
  },
  /** An array of `element`. */
  array<S extends AnySchema>(element: S, options?: BuilderOptions): ArraySchema<Infer<S>, InferInput<S>> {
    return new ArraySchema<Infer<S>, InferInput<S>>({
      ...common(options),
      kind: 'array',
      element: requireSchema('array()', element),
      checks: [],
    })
  },
  /** A fixed-length array (trailing optional items may be left out), with an optional `rest` schema. */
  tuple<const T extends readonly AnySchema[], R extends AnySchema | undefined = undefined>(
    items: T,
    rest?: R,
    options?: BuilderOptions,
  ): Schema<[...OutputsOf<T>, ...RestOf<R>], [...InputsOf<T>, ...RestInOf<R>]> {
    return new Schema({
      ...common(options),
      kind: 'tuple',
      items: Object.freeze(items.map((item) => requireSchema('tuple()', item))),
      rest: rest === undefined ? undefined : requireSchema('tuple()', rest),
    })
  },
  /**
   * An object used as a dictionary: `record(valueSchema)` (string keys) or
   * `record(keySchema, valueSchema)`. With an enum or literal key schema, every key is required.
   */
  record: record as {
    <V extends AnySchema>(
      value: V,
      options?: BuilderOptions,
    ): Schema<Record<string, Infer<V>>, Record<string, InferInput<V>>>
    <K extends AnySchema, V extends AnySchema>(
      key: K,
      value: V,
      options?: BuilderOptions,
    ): Schema<Record<KeyType<K>, Infer<V>>, Record<KeyType<K>, InferInput<V>>>
  },
  /** An object with known keys (unknown keys stripped; see {@link ObjectSchema}). */
  object<S extends Shape>(shape: S, options?: BuilderOptions): ObjectSchema<S> {
    if (typeof shape !== 'object' || shape === null) throw new TypeError('object(): expected a shape object')
    return new ObjectSchema<S>({ ...common(options), kind: 'object', ...shapePatch(shape), unknownKeys: 'strip' })
  },
  /** The first option that parses wins. */
  union<const T extends readonly [AnySchema, ...AnySchema[]]>(
    options: T,
    settings?: BuilderOptions,
  ): Schema<Infer<T[number]>, InferInput<T[number]>> {
    if (!Array.isArray(options) || options.length === 0) throw new TypeError('union(): expected a non-empty array')
    return new Schema({
      ...common(settings),
      kind: 'union',
      options: Object.freeze(options.map((o) => requireSchema('union()', o))),
    })
  },
  /** Object options told apart by the literal value of `key`: one lookup instead of trying each. */
  discriminatedUnion<K extends string, const T extends readonly [AnySchema, ...AnySchema[]]>(
    key: K,
    options: T,
    settings?: BuilderOptions,
  ): Schema<Infer<T[number]>, InferInput<T[number]>> {
    const mapping = new Map<Primitive, AnySchema>()
    for (const option of options) {
      const node = nodeOf(requireSchema('discriminatedUnion()', option))
      const field = node.kind === 'object' && Object.hasOwn(node.shape, key) ? nodeOf(node.shape[key]!) : undefined
      const values = field?.kind === 'literal' ? [field.value] : field?.kind === 'enum' ? field.values : undefined
      if (!values) throw new TypeError(`discriminatedUnion(): every option must be an object with a literal "${key}"`)
      for (const value of values) {
        if (mapping.has(value))
          throw new TypeError(`discriminatedUnion(): "${key}" value ${String(value)} is used twice`)
        mapping.set(value, option)
      }
    }
    return new Schema({
      ...common(settings),
      kind: 'discriminatedUnion',
      discriminator: key,
      options: Object.freeze([...options]),
      mapping,
    })
  },
  /** Both schemas must pass; object outputs are merged. */
  intersection<A extends AnySchema, B extends AnySchema>(
    left: A,
    right: B,
  ): Schema<Infer<A> & Infer<B>, InferInput<A> & InferInput<B>> {
    return new Schema({
      ...COMMON,
      kind: 'intersection',
      left: requireSchema('intersection()', left),
      right: requireSchema('intersection()', right),
    })
  },
  /**
   * A schema defined later, for recursive shapes. Annotate the variable's type, as TypeScript
   * cannot infer a type that refers to itself.
   *
   * @example
   * ```ts
   * interface Category { name: string; children: Category[] }
   * const Category: Schema<Category> = schema.lazy(() =>
   *   schema.object({ name: schema.string(), children: schema.array(Category) }),
   * )
   * ```
   */
  lazy<S extends AnySchema>(get: () => S): Schema<Infer<S>, InferInput<S>> {
    let resolved: AnySchema | undefined
    const resolve = () => {
      resolved ??= requireSchema('lazy()', get())
      return resolved
    }
    return new Schema({ ...COMMON, kind: 'lazy', resolve })
  },
})

function record(...args: unknown[]): AnySchema {
  const hasKey = args.length >= 2 && args[1] instanceof Schema
  const key = hasKey ? requireSchema('record()', args[0]) : schema.string()
  const value = requireSchema('record()', hasKey ? args[1] : args[0])
  const options = (hasKey ? args[2] : args[1]) as BuilderOptions | undefined
  const node: SchemaNode = { ...common(options), kind: 'record', key, value }
  return new Schema(node)
}

/**
 * The seed's name for {@link schema}: the same builders.
 *
 * @example
 * ```ts
 * import { nativeSchema } from 'kairo/schema'
 * const User = nativeSchema.object({ id: nativeSchema.string().uuid(), name: nativeSchema.string().min(2) })
 * ```
 */
export const nativeSchema = schema
