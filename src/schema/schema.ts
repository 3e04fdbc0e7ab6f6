import type { Brand } from '../core/brand.js'
import { ValidationError } from '../core/errors.js'
import type { Result } from '../core/result.js'
import type { StandardSchemaV1 } from '../core/standard-schema.js'
import { generation } from './configure.js'
import { createValidators, type Validators } from './engine.js'
import { type JsonSchemaOptions, toJSONSchema } from './json-schema.js'
import type { RefinementContext, SchemaDefault, SchemaEffect, SchemaNode } from './schema-node.js'

let readNode: (schema: Schema<unknown, unknown, unknown>) => SchemaNode
let readValidators: (schema: Schema<unknown, unknown, unknown>) => Validators

/** The result of {@link Schema.safeParse}, shaped like Zod's. */
export type SafeParseResult<T> =
  | { readonly success: true; readonly data: T; readonly error?: undefined }
  | { readonly success: false; readonly data?: undefined; readonly error: ValidationError }

/** Where a refinement's issue goes and what it says. */
export interface RefineOptions {
  readonly message?: string
  /** Relative to the refined value: `['confirmPassword']` on an object schema. */
  readonly path?: ReadonlyArray<string | number>
}

/** A message for a check: the text, or `{ message }`. */
export type CheckMessage = string | { readonly message?: string }

/** The Standard JSON Schema converter every Kairo schema carries. */
export interface StandardJsonSchemaConverter {
  readonly input: (options: JsonSchemaOptions) => Record<string, unknown>
  readonly output: (options: JsonSchemaOptions) => Record<string, unknown>
}

/** The `'~standard'` property of a Kairo schema: Standard Schema v1 plus Standard JSON Schema. */
export interface KairoStandardProps<Input, Output> extends StandardSchemaV1.Props<Input, Output> {
  readonly vendor: 'kairo'
  readonly jsonSchema: StandardJsonSchemaConverter
}

/** `T` branded `B`, leaving `null` and `undefined` (from `.optional()`/`.nullable()`) unbranded. */
export type Branded<T, B extends string> = T extends null | undefined ? T : Brand<T, B>

/**
 * A Kairo schema: an immutable, frozen description of a value that validates it, infers its type,
 * and can be walked ({@link introspect}) to derive SQL, JSON Schema or test data. Every method
 * returns a new schema.
 *
 * `Out` is what `parse` returns, `In` what it accepts, `Base` what refinements and transforms
 * receive (the value before `.optional()`/`.nullable()` added `undefined`/`null`, which skip them).
 *
 * @example
 * ```ts
 * import { schema, type Infer } from 'kairo/schema'
 *
 * const User = schema.object({ name: schema.string().min(2), age: schema.number().int().optional() })
 * type User = Infer<typeof User> // { name: string; age?: number | undefined }
 *
 * User.parse({ name: 'Ada' })          // Ok({ name: 'Ada' })
 * User.safeParse({ name: 1 }).success  // false
 * User.is({ name: 'Al' })              // true
 * ```
 */
export class Schema<Out = unknown, In = Out, Base = Out> {
  static {
    readNode = (schema) => schema.#node
    readValidators = (schema) => schema.#validators()
  }

  readonly #node: SchemaNode
  #compiled: Validators | undefined
  #parse: Validators['parse'] | undefined
  #check: Validators['check'] | undefined
  #generation = -1
  #standard: KairoStandardProps<In, Out> | undefined

  /** @internal Use the builders in `schema` instead. */
  constructor(node: SchemaNode) {
    this.#node = freezeNode(node)
    Object.freeze(this)
  }

  /**
   * Validates `value`: the parsed output, or a `ValidationError` listing every issue. Never throws.
   *
   * @example
   * ```ts
   * const r = schema.string().email().parse('nope')
   * if (!r.ok) r.error.issues // [{ path: [], code: 'invalid_string', message: 'must be a valid email address', … }]
   * ```
   */
  parse(value: unknown): Result<ValidationError, Out> {
    if (this.#generation !== generation) this.#validators()
    return this.#parse!(value) as Result<ValidationError, Out>
  }

  /**
   * Like {@link parse}, shaped `{ success, data, error }`.
   *
   * @example
   * ```ts
   * const r = schema.number().safeParse('1')
   * if (!r.success) r.error.issues[0]?.code // 'invalid_type'
   * ```
   */
  safeParse(value: unknown): SafeParseResult<Out> {
    const r = this.#validators().parse(value)
    return r.ok ? { success: true, data: r.value as Out } : { success: false, error: r.error }
  }

  /**
   * True when `value` is valid input; narrows it. Never throws.
   *
   * @example
   * ```ts
   * const input: unknown = 'a@b.co'
   * if (schema.string().email().is(input)) input.toUpperCase()
   * ```
   */
  is(value: unknown): value is In {
    if (this.#generation !== generation) this.#validators()
    return this.#check!(value)
  }

  /**
   * The parsed output, or throws the `ValidationError`. For tests, scripts and programmer
   * invariants; application code should use {@link parse}.
   *
   * @example
   * ```ts
   * const port = schema.number().int().assert(Number(process.env.PORT ?? 3000))
   * ```
   */
  assert(value: unknown): Out {
    const r = this.#validators().parse(value)
    if (!r.ok) throw new ValidationError(r.error.issues)
    return r.value as Out
  }

  /**
   * Like {@link parse}, awaiting asynchronous refinements and transforms.
   *
   * @example
   * ```ts
   * const Free = schema.string().refine(async (name) => !(await taken(name)), 'already taken')
   * const r = await Free.parseAsync('ada')
   * ```
   */
  async parseAsync(value: unknown): Promise<Result<ValidationError, Out>> {
    return (await this.#validators().parseAsync(value)) as Result<ValidationError, Out>
  }

  /**
   * Like {@link safeParse}, awaiting asynchronous refinements and transforms.
   *
   * @example
   * ```ts
   * const { success } = await schema.string().safeParseAsync('x')
   * ```
   */
  async safeParseAsync(value: unknown): Promise<SafeParseResult<Out>> {
    const r = await this.#validators().parseAsync(value)
    return r.ok ? { success: true, data: r.value as Out } : { success: false, error: r.error }
  }

  /**
   * Accepts `undefined` (returned as is; refinements and transforms are skipped). In an object,
   * the key becomes optional.
   *
   * @example
   * ```ts
   * schema.object({ nickname: schema.string().optional() }).parse({}) // Ok({})
   * ```
   */
  optional(): Schema<Out | undefined, In | undefined, Base> {
    return this.#with({ optional: true })
  }

  /**
   * Accepts `null` (returned as is; refinements and transforms are skipped).
   *
   * @example
   * ```ts
   * schema.string().nullable().parse(null) // Ok(null)
   * ```
   */
  nullable(): Schema<Out | null, In | null, Base> {
    return this.#with({ nullable: true })
  }

  /**
   * Accepts `null` and `undefined`.
   *
   * @example
   * ```ts
   * schema.string().nullish().parse(undefined) // Ok(undefined)
   * ```
   */
  nullish(): Schema<Out | null | undefined, In | null | undefined, Base> {
    return this.#with({ optional: true, nullable: true })
  }

  /**
   * Replaces `undefined` input with `value` (or the result of calling it), which is then parsed
   * like any input. Use a factory for objects and arrays, so parses never share one instance.
   *
   * @example
   * ```ts
   * schema.object({ role: schema.enum(['user', 'admin']).default('user') }).parse({}) // Ok({ role: 'user' })
   * schema.date().default(() => new Date())
   * ```
   */
  default(
    value: Exclude<In, undefined> | (() => Exclude<In, undefined>),
  ): Schema<Exclude<Out, undefined>, In | undefined, Base> {
    const fallback: SchemaDefault =
      typeof value === 'function' ? { kind: 'factory', factory: value as () => unknown } : { kind: 'value', value }
    return this.#with({ default: fallback })
  }

  /**
   * Replaces the parsed value with `fn(value)`. Runs after the checks and earlier effects; may
   * report issues through `ctx.addIssue`. Async functions need {@link parseAsync}.
   *
   * @example
   * ```ts
   * const Csv = schema.string().transform((s) => s.split(','))
   * Csv.parse('a,b') // Ok(['a', 'b'])
   * ```
   */
  transform<U>(
    fn: (value: Base, ctx: RefinementContext) => U,
  ): Schema<Awaited<U> | Exclude<Out, Base>, In, Awaited<U>> {
    return this.#with({ effects: [...this.#node.effects, { kind: 'transform', fn } as SchemaEffect] })
  }

  /**
   * Adds a check: the parse fails with a `custom` issue when `check` returns a falsy value (or
   * throws). An async check needs {@link parseAsync}.
   *
   * @example
   * ```ts
   * const Signup = schema
   *   .object({ password: schema.string(), confirm: schema.string() })
   *   .refine((v) => v.password === v.confirm, { message: 'passwords differ', path: ['confirm'] })
   * ```
   */
  refine(check: (value: Base) => unknown, message?: string | RefineOptions): this {
    const options = typeof message === 'string' ? { message } : (message ?? {})
    const effect: SchemaEffect = {
      kind: 'refine',
      check: check as (value: never) => unknown,
      message: options.message,
      path: Object.freeze([...(options.path ?? [])]),
    }
    return this.#with({ effects: [...this.#node.effects, effect] })
  }

  /**
   * Adds a check that reports any number of issues, each with its own path and code.
   *
   * @example
   * ```ts
   * const Range = schema.object({ from: schema.number(), to: schema.number() }).superRefine((v, ctx) => {
   *   if (v.to < v.from) ctx.addIssue({ path: ['to'], message: 'must not be before from' })
   * })
   * ```
   */
  superRefine(check: (value: Base, ctx: RefinementContext) => unknown): this {
    const effect = { kind: 'superRefine', check } as SchemaEffect
    return this.#with({ effects: [...this.#node.effects, effect] })
  }

  /**
   * Brands the output type: `Brand<Out, B>` from `kairo`. Pass the name as well to record it for
   * introspection (`introspect(s).brand`).
   *
   * @example
   * ```ts
   * const UserId = schema.string().uuid().brand('UserId')
   * type UserId = Infer<typeof UserId> // Brand<string, 'UserId'>
   * ```
   */
  brand<B extends string>(name?: B): Schema<Branded<Out, B>, In, Base> {
    return this.#with({ brand: name ?? this.#node.brand })
  }

  /**
   * Sets the description (exported to JSON Schema and OpenAPI).
   *
   * @example
   * ```ts
   * schema.string().describe('the customer e-mail address')
   * ```
   */
  describe(description: string): this {
    return this.#with({ description })
  }

  /**
   * Adds metadata, merged over earlier `.meta()` calls; read it with {@link introspect}.
   * `title`, `examples`, `deprecated`, `readOnly` and `writeOnly` are also exported to JSON Schema.
   *
   * @example
   * ```ts
   * schema.string().meta({ title: 'SKU', sqlType: 'citext' })
   * ```
   */
  meta(meta: Readonly<Record<string, unknown>>): this {
    return this.#with({ meta: { ...this.#node.meta, ...meta } })
  }

  /**
   * Standard Schema v1 (with the Standard JSON Schema converter), so any tool that accepts Zod,
   * Valibot or ArkType schemas accepts Kairo's. Issues carry `code`, `expected` and `received`.
   *
   * @example
   * ```ts
   * import { validateStandard } from 'kairo'
   * await validateStandard(schema.string(), 'x') // Ok('x')
   * ```
   */
  get '~standard'(): KairoStandardProps<In, Out> {
    this.#standard ??= Object.freeze({
      version: 1,
      vendor: 'kairo',
      validate: (value: unknown): StandardSchemaV1.Result<Out> | Promise<StandardSchemaV1.Result<Out>> => {
        const validators = this.#validators()
        const r = validators.parse(value)
        if (r.ok) return { value: r.value as Out }
        if (r.error.issues.some((i) => i.code === 'async_schema')) {
          return validators
            .parseAsync(value)
            .then((a) => (a.ok ? { value: a.value as Out } : { issues: a.error.issues }))
        }
        return { issues: r.error.issues }
      },
      jsonSchema: Object.freeze({
        input: (options: JsonSchemaOptions) => toJSONSchema(this, { ...options, io: 'input' }),
        output: (options: JsonSchemaOptions) => toJSONSchema(this, { ...options, io: 'output' }),
      }),
    }) as KairoStandardProps<In, Out>
    return this.#standard
  }

  /** The validators under the settings in force, built (compiled) on first use. */
  #validators(): Validators {
    if (this.#generation !== generation || this.#compiled === undefined) {
      const compiled = createValidators(this)
      this.#compiled = compiled
      this.#parse = compiled.parse
      this.#check = compiled.check
      this.#generation = generation
    }
    return this.#compiled
  }

  /** A copy of this schema (same class) with node fields replaced. */
  #with<S>(patch: Partial<SchemaNode>): S {
    return cloneSchema(this, patch) as unknown as S
  }
}

/** A copy of a schema (same class) with its node fields replaced. @internal */
export function cloneSchema<S extends Schema<unknown, unknown, unknown>>(schema: S, patch: Partial<SchemaNode>): S {
  const Ctor = schema.constructor as new (node: SchemaNode) => S
  return new Ctor({ ...readNode(schema), ...patch } as SchemaNode)
}

/** A copy of a schema with one more check. @internal */
export function appendCheck<S extends Schema<unknown, unknown, unknown>>(schema: S, check: object): S {
  const node = readNode(schema) as SchemaNode & { checks: readonly object[] }
  return cloneSchema(schema, { checks: [...node.checks, Object.freeze(check)] } as Partial<SchemaNode>)
}

/** The validators of a schema (compiled on first use). @internal */
export function validatorsOf(schema: Schema<unknown, unknown, unknown>): Validators {
  return readValidators(schema)
}

/** The node of a schema. @internal */
export function nodeOf(schema: Schema<unknown, unknown, unknown>): SchemaNode {
  return readNode(schema)
}

/** The node fields every kind starts with. @internal */
export const COMMON = Object.freeze({
  optional: false,
  nullable: false,
  default: undefined,
  description: undefined,
  meta: Object.freeze({}),
  brand: undefined,
  effects: Object.freeze([]),
  message: undefined,
})

function freezeNode(node: SchemaNode): SchemaNode {
  for (const value of Object.values(node)) {
    if (Array.isArray(value) || (typeof value === 'object' && value !== null && !(value instanceof Map))) {
      Object.freeze(value)
    }
  }
  return Object.freeze(node)
}

/** Reads the message out of a check's message argument. @internal */
export function messageOf(message: CheckMessage | undefined): string | undefined {
  return typeof message === 'string' ? message : message?.message
}
