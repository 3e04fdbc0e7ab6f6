import { EnumSchema } from './enum-schema.js'
import type { DeepPartial, Shape, ShapeInput, ShapeOutput, Simplify } from './infer.js'
import { COMMON, cloneSchema, nodeOf, Schema } from './schema.js'
import type { AnySchema, ObjectNode, SchemaNode, UnknownKeys } from './schema-node.js'

/** Output type of an object schema. */
export type ObjectOutput<S extends Shape, U extends UnknownKeys> = U extends 'passthrough'
  ? ShapeOutput<S> & { [key: string]: unknown }
  : ShapeOutput<S>
/** Input type of an object schema. */
export type ObjectInput<S extends Shape, U extends UnknownKeys> = U extends 'passthrough'
  ? ShapeInput<S> & { [key: string]: unknown }
  : ShapeInput<S>

/** A field schema made optional (what `.partial()` does to each field). */
export type OptionalField<X> =
  X extends Schema<infer O, infer I, infer B> ? Schema<O | undefined, I | undefined, B> : never
/** A field schema made required (what `.required()` does to each field). */
export type RequiredField<X> =
  X extends Schema<infer O, infer I, infer B> ? Schema<Exclude<O, undefined>, Exclude<I, undefined>, B> : never
/** The shape `A` with the fields of `B` added or replaced. */
export type ExtendShape<A extends Shape, B extends Shape> = Simplify<Omit<A, keyof B> & B>

/**
 * An object with known keys. Unknown keys are stripped from the output by default; `.strict()`
 * rejects them and `.passthrough()` keeps them. A key such as `__proto__` or `constructor` is an
 * ordinary own key: it never changes the output's prototype and is never read from the input's.
 *
 * @example
 * ```ts
 * const Address = schema.object({ street: schema.string(), city: schema.string(), zip: schema.string().optional() })
 * const Strict = Address.strict()
 * Strict.parse({ street: 'a', city: 'b', extra: 1 }) // Err: unrecognized_keys
 * ```
 */
export class ObjectSchema<S extends Shape = Shape, U extends UnknownKeys = 'strip'> extends Schema<
  ObjectOutput<S, U>,
  ObjectInput<S, U>
> {
  /** The field schemas by key (a null-prototype object). */
  get shape(): S {
    return (nodeOf(this) as ObjectNode).shape as S
  }

  /** Rejects unknown keys (`unrecognized_keys`). */
  strict(): ObjectSchema<S, 'strict'> {
    return this.#with({ unknownKeys: 'strict' })
  }

  /** Keeps unknown keys in the output, as they are. */
  passthrough(): ObjectSchema<S, 'passthrough'> {
    return this.#with({ unknownKeys: 'passthrough' })
  }

  /** Drops unknown keys from the output (the default). */
  strip(): ObjectSchema<S, 'strip'> {
    return this.#with({ unknownKeys: 'strip' })
  }

  /**
   * Every field optional.
   *
   * @example
   * ```ts
   * const Patch = User.partial() // { name?: string; email?: string }
   * ```
   */
  partial(): ObjectSchema<{ [K in keyof S]: OptionalField<S[K]> }, U> {
    return this.#mapFields((field) => cloneSchema(field, { optional: true }))
  }

  /**
   * Every field required (undoes `.optional()`; defaults stay).
   *
   * @example
   * ```ts
   * const Complete = Draft.required()
   * ```
   */
  required(): ObjectSchema<{ [K in keyof S]: RequiredField<S[K]> }, U> {
    return this.#mapFields((field) => cloneSchema(field, { optional: false }))
  }

  /**
   * Every field optional, recursively through nested objects and arrays of objects.
   *
   * @example
   * ```ts
   * Order.deepPartial().parse({ shipping: { city: 'Lyon' } })
   * ```
   */
  deepPartial(): Schema<DeepPartial<ObjectOutput<S, U>>, DeepPartial<ObjectInput<S, U>>> {
    return deepPartialOf(this) as Schema<DeepPartial<ObjectOutput<S, U>>, DeepPartial<ObjectInput<S, U>>>
  }

  /**
   * Adds fields (replacing same-named ones).
   *
   * @example
   * ```ts
   * const Stamped = User.extend({ createdAt: schema.date() })
   * ```
   */
  extend<E extends Shape>(extension: E): ObjectSchema<ExtendShape<S, E>, U> {
    return this.#with(shapePatch({ ...entries(this.shape), ...entries(extension) }))
  }

  /**
   * Adds the fields of another object schema, taking its unknown-key policy.
   *
   * @example
   * ```ts
   * const Full = Person.merge(Contact)
   * ```
   */
  merge<S2 extends Shape, U2 extends UnknownKeys>(other: ObjectSchema<S2, U2>): ObjectSchema<ExtendShape<S, S2>, U2> {
    const theirs = nodeOf(other) as ObjectNode
    return this.#with({
      ...shapePatch({ ...entries(this.shape), ...entries(theirs.shape) }),
      unknownKeys: theirs.unknownKeys,
    })
  }

  /**
   * Only the listed fields.
   *
   * @example
   * ```ts
   * const Credentials = User.pick(['email', 'password'])
   * ```
   */
  pick<K extends keyof S & string>(keys: readonly K[]): ObjectSchema<Simplify<Pick<S, K>>, U> {
    const shape = this.shape
    const picked = Object.create(null) as Record<string, AnySchema>
    for (const key of keys) {
      if (!Object.hasOwn(shape, key)) throw new TypeError(`object().pick: unknown key ${JSON.stringify(key)}`)
      picked[key] = shape[key]!
    }
    return this.#with(shapePatch(picked))
  }

  /**
   * All fields but the listed ones.
   *
   * @example
   * ```ts
   * const PublicUser = User.omit(['password'])
   * ```
   */
  omit<K extends keyof S & string>(keys: readonly K[]): ObjectSchema<Simplify<Omit<S, K>>, U> {
    const dropped = new Set<string>(keys)
    const kept = Object.fromEntries(Object.entries(entries(this.shape)).filter(([key]) => !dropped.has(key)))
    return this.#with(shapePatch(kept))
  }

  /**
   * An enum of the keys.
   *
   * @example
   * ```ts
   * const Field = User.keyof() // EnumSchema<'name' | 'email'>
   * ```
   */
  keyof(): EnumSchema<keyof S & string> {
    const keys = (nodeOf(this) as ObjectNode).keys
    return new EnumSchema<keyof S & string>({ ...COMMON, kind: 'enum', values: Object.freeze([...keys]) })
  }

  #with<R>(patch: Partial<ObjectNode>): R {
    return cloneSchema(this, patch) as unknown as R
  }

  #mapFields<R>(fn: (field: AnySchema) => AnySchema): R {
    const mapped = Object.create(null) as Record<string, AnySchema>
    for (const [key, field] of Object.entries(entries(this.shape))) mapped[key] = fn(field)
    return this.#with(shapePatch(mapped))
  }
}

/** A plain copy of a shape's entries, keeping keys such as `__proto__` as own keys. */
function entries(shape: Shape): Record<string, AnySchema> {
  const out = Object.create(null) as Record<string, AnySchema>
  for (const key of Object.keys(shape)) out[key] = shape[key]!
  return out
}

/** The `shape` and `keys` node fields for a set of fields, validated. @internal */
export function shapePatch(fields: Readonly<Record<string, unknown>>): Pick<ObjectNode, 'shape' | 'keys'> {
  const shape = Object.create(null) as Record<string, AnySchema>
  const keys = Object.keys(fields)
  for (const key of keys) {
    const field = fields[key]
    if (!(field instanceof Schema)) throw new TypeError(`object(): field ${JSON.stringify(key)} is not a kairo schema`)
    shape[key] = field
  }
  return { shape: Object.freeze(shape), keys: Object.freeze(keys) }
}

function deepPartialOf(schema: AnySchema): AnySchema {
  const node: SchemaNode = nodeOf(schema)
  if (node.kind === 'object') {
    const shape = Object.create(null) as Record<string, AnySchema>
    for (const key of node.keys) shape[key] = cloneSchema(deepPartialOf(node.shape[key]!), { optional: true })
    return cloneSchema(schema, shapePatch(shape))
  }
  if (node.kind === 'array') return cloneSchema(schema, { element: deepPartialOf(node.element) })
  return schema
}
