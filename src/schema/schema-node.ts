import type { Schema } from './schema.js'

/**
 * The public, stable description of one schema: what {@link introspect} returns. A discriminated
 * union on `kind`; children are schemas (call `introspect` on them to go deeper), so recursive
 * schemas (`lazy`) are walked one level at a time.
 *
 * Later modules derive SQL columns, GraphQL types, JSON Schema, OpenAPI and test data from it.
 *
 * @example
 * ```ts
 * import { introspect, schema } from 'kairo/schema'
 *
 * const node = introspect(schema.string().email().max(200).optional())
 * node.kind      // 'string'
 * node.optional  // true
 * node.checks    // [{ kind: 'email' }, { kind: 'max', value: 200 }]
 * ```
 */
export type SchemaNode =
  | StringNode
  | NumberNode
  | BigIntNode
  | BooleanNode
  | DateNode
  | LiteralNode
  | EnumNode
  | UnknownNode
  | AnyNode
  | NeverNode
  | ArrayNode
  | TupleNode
  | RecordNode
  | ObjectNode
  | UnionNode
  | DiscriminatedUnionNode
  | IntersectionNode
  | LazyNode

/** Every kind of schema node. */
export type SchemaKind = SchemaNode['kind']

/** A schema of any type: what node children and generic helpers hold. */
export type AnySchema = Schema<unknown, unknown, unknown>

/** A JavaScript primitive a `literal` can hold. */
export type Primitive = string | number | boolean | bigint | null | undefined

/** How a value is filled in when the input is `undefined`. */
export type SchemaDefault =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'factory'; readonly factory: () => unknown }

/**
 * A step run after the base type and its checks passed, in the order they were added:
 * refinements (`refine`, `superRefine`) add issues, transforms replace the value.
 */
export type SchemaEffect =
  | {
      readonly kind: 'refine'
      readonly check: (value: never) => unknown
      readonly message: string | undefined
      readonly path: ReadonlyArray<string | number>
    }
  | { readonly kind: 'superRefine'; readonly check: (value: never, ctx: RefinementContext) => unknown }
  | { readonly kind: 'transform'; readonly fn: (value: never, ctx: RefinementContext) => unknown }

/** What `superRefine` and `transform` callbacks receive to report problems. */
export interface RefinementContext {
  /** The path of the value being refined, from the root of the parse. */
  readonly path: ReadonlyArray<string | number>
  /** Reports a problem; the parse fails. `path` is relative to the refined value. */
  addIssue(issue: CustomIssue): void
}

/** An issue reported by user code through {@link RefinementContext.addIssue}. */
export interface CustomIssue {
  readonly message: string
  /** Relative to the refined value. */
  readonly path?: ReadonlyArray<string | number>
  /** Defaults to `'custom'`. */
  readonly code?: string
  readonly expected?: string
  readonly received?: string
}

/** What every node has, whatever its kind. */
export interface NodeCommon {
  /** `undefined` is accepted (and returned) when there is no default. */
  readonly optional: boolean
  /** `null` is accepted and returned as is. */
  readonly nullable: boolean
  /** Used in place of `undefined` input, then parsed like any input. */
  readonly default: SchemaDefault | undefined
  readonly description: string | undefined
  /** Free-form metadata from `.meta({...})` (merged in order). */
  readonly meta: Readonly<Record<string, unknown>>
  /** The name given to `.brand<'Name'>('Name')`, when branded with a runtime name. */
  readonly brand: string | undefined
  /** Refinements and transforms, in order. */
  readonly effects: readonly SchemaEffect[]
  /** Message used for this node's type issue (`invalid_type`) instead of the default. */
  readonly message: string | undefined
}

/** A check with an optional custom message. */
interface CheckBase {
  /** Replaces the issue message for this check. */
  readonly message?: string | undefined
}

/** Checks and normalisations of a `string()`, run in the order added. */
export type StringCheck = CheckBase &
  (
    | { readonly kind: 'min'; readonly value: number }
    | { readonly kind: 'max'; readonly value: number }
    | { readonly kind: 'length'; readonly value: number }
    | { readonly kind: 'email' }
    | { readonly kind: 'uuid' }
    | { readonly kind: 'url' }
    | { readonly kind: 'regex'; readonly source: string; readonly flags: string }
    | { readonly kind: 'startsWith'; readonly value: string }
    | { readonly kind: 'endsWith'; readonly value: string }
    | { readonly kind: 'trim' }
    | { readonly kind: 'toLowerCase' }
    | { readonly kind: 'toUpperCase' }
  )

/** Checks of a `number()`. */
export type NumberCheck = CheckBase &
  (
    | { readonly kind: 'min'; readonly value: number; readonly inclusive: boolean }
    | { readonly kind: 'max'; readonly value: number; readonly inclusive: boolean }
    | { readonly kind: 'int' }
    | { readonly kind: 'finite' }
    | { readonly kind: 'multipleOf'; readonly value: number }
  )

/** Checks of a `bigint()`. */
export type BigIntCheck = CheckBase &
  (
    | { readonly kind: 'min'; readonly value: bigint; readonly inclusive: boolean }
    | { readonly kind: 'max'; readonly value: bigint; readonly inclusive: boolean }
  )

/** Checks of a `date()`; `value` is a Unix time in milliseconds. */
export type DateCheck = CheckBase &
  ({ readonly kind: 'min'; readonly value: number } | { readonly kind: 'max'; readonly value: number })

/** Length checks of an `array()`. */
export type ArrayCheck = CheckBase &
  (
    | { readonly kind: 'min'; readonly value: number }
    | { readonly kind: 'max'; readonly value: number }
    | { readonly kind: 'length'; readonly value: number }
  )

export interface StringNode extends NodeCommon {
  readonly kind: 'string'
  readonly checks: readonly StringCheck[]
}

export interface NumberNode extends NodeCommon {
  readonly kind: 'number'
  readonly checks: readonly NumberCheck[]
}

export interface BigIntNode extends NodeCommon {
  readonly kind: 'bigint'
  readonly checks: readonly BigIntCheck[]
  /** Also accepts integer numbers and integer strings, converted to bigint. */
  readonly coerce: boolean
}

export interface BooleanNode extends NodeCommon {
  readonly kind: 'boolean'
}

export interface DateNode extends NodeCommon {
  readonly kind: 'date'
  readonly checks: readonly DateCheck[]
  /** Also accepts epoch milliseconds and any string `Date` can read (not only ISO 8601). */
  readonly coerce: boolean
}

export interface LiteralNode extends NodeCommon {
  readonly kind: 'literal'
  readonly value: Primitive
}

export interface EnumNode extends NodeCommon {
  readonly kind: 'enum'
  readonly values: ReadonlyArray<string | number>
}

export interface UnknownNode extends NodeCommon {
  readonly kind: 'unknown'
}

export interface AnyNode extends NodeCommon {
  readonly kind: 'any'
}

export interface NeverNode extends NodeCommon {
  readonly kind: 'never'
}

export interface ArrayNode extends NodeCommon {
  readonly kind: 'array'
  readonly element: AnySchema
  readonly checks: readonly ArrayCheck[]
}

export interface TupleNode extends NodeCommon {
  readonly kind: 'tuple'
  readonly items: readonly AnySchema[]
  /** Schema of the elements after `items`, or `undefined` for a fixed-length tuple. */
  readonly rest: AnySchema | undefined
}

export interface RecordNode extends NodeCommon {
  readonly kind: 'record'
  /** Schema of the keys (a string schema, an enum or a literal). */
  readonly key: AnySchema
  readonly value: AnySchema
}

/** What an object does with keys its shape does not list. */
export type UnknownKeys = 'strip' | 'strict' | 'passthrough'

export interface ObjectNode extends NodeCommon {
  readonly kind: 'object'
  /** Field schemas by key (a null-prototype object, so any key, even `__proto__`, is a plain entry). */
  readonly shape: Readonly<Record<string, AnySchema>>
  /** The keys of `shape`, in declaration order. */
  readonly keys: readonly string[]
  readonly unknownKeys: UnknownKeys
}

export interface UnionNode extends NodeCommon {
  readonly kind: 'union'
  readonly options: readonly AnySchema[]
}

export interface DiscriminatedUnionNode extends NodeCommon {
  readonly kind: 'discriminatedUnion'
  /** The key whose literal value selects the option. */
  readonly discriminator: string
  readonly options: readonly AnySchema[]
  /** Discriminator value → the option it selects. */
  readonly mapping: ReadonlyMap<Primitive, AnySchema>
}

export interface IntersectionNode extends NodeCommon {
  readonly kind: 'intersection'
  readonly left: AnySchema
  readonly right: AnySchema
}

export interface LazyNode extends NodeCommon {
  readonly kind: 'lazy'
  /** The schema the getter returns (computed once). */
  readonly resolve: () => AnySchema
}
