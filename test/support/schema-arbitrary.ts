import fc from 'fast-check'
import { type AnySchema, introspect, type SchemaNode, type StringCheck, schema } from 'kairo/schema'

/**
 * fast-check support for Kairo schemas, built on the public introspection API so any suite can
 * reuse it: `valueArbitrary(S)` generates valid inputs of a schema, `schemaArbitrary()` generates
 * random schemas (for properties that must hold for every schema).
 */

const LOWER = [...'abcdefghijklmnopqrstuvwxyz']
const ALNUM = [...'abcdefghijklmnopqrstuvwxyz0123456789']

function word(min: number, max: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...ALNUM), minLength: min, maxLength: max })
}

/**
 * Valid inputs for `schema`: built from its node (kinds, checks, optionality, children) and
 * finally filtered through `schema.is`, so refinements are honoured too.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(valueArbitrary(Order), (order) => Order.parse(order).ok))
 * ```
 */
export function valueArbitrary(s: AnySchema, depth = 0): fc.Arbitrary<unknown> {
  return nodeArbitrary(introspect(s), depth).filter((v) => s.is(v))
}

function nodeArbitrary(node: SchemaNode, depth: number): fc.Arbitrary<unknown> {
  const inner = baseArbitrary(node, depth)
  const options: Array<fc.Arbitrary<unknown>> = [inner]
  if (node.optional || node.default !== undefined) options.push(fc.constant(undefined))
  if (node.nullable) options.push(fc.constant(null))
  return options.length === 1 ? inner : fc.oneof(...options)
}

function baseArbitrary(node: SchemaNode, depth: number): fc.Arbitrary<unknown> {
  switch (node.kind) {
    case 'string':
      return stringArbitrary(node.checks)
    case 'number': {
      let min = -1e6
      let max = 1e6
      let int = false
      for (const c of node.checks) {
        if (c.kind === 'min')
          min = Math.max(min, c.inclusive ? c.value : c.value + (Number.isInteger(c.value) ? 1 : 1e-6))
        if (c.kind === 'max')
          max = Math.min(max, c.inclusive ? c.value : c.value - (Number.isInteger(c.value) ? 1 : 1e-6))
        if (c.kind === 'int') int = true
      }
      return int
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
    }
    case 'bigint':
      return fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n })
    case 'boolean':
      return fc.boolean()
    case 'date':
      return fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    case 'literal':
      return fc.constant(node.value)
    case 'enum':
      return fc.constantFrom(...node.values)
    case 'unknown':
    case 'any':
      return fc.jsonValue()
    case 'never':
      return fc.constant(Symbol('never'))
    case 'array': {
      let minLength = 0
      let maxLength = 4
      for (const c of node.checks) {
        if (c.kind === 'min') minLength = Math.max(minLength, c.value)
        if (c.kind === 'max') maxLength = Math.min(maxLength, c.value)
        if (c.kind === 'length') [minLength, maxLength] = [c.value, c.value]
      }
      return fc.array(valueArbitrary(node.element, depth), { minLength, maxLength: Math.max(minLength, maxLength) })
    }
    case 'tuple':
      return fc.tuple(...node.items.map((item) => valueArbitrary(item, depth)))
    case 'record':
      return fc
        .array(fc.tuple(valueArbitrary(node.key, depth), valueArbitrary(node.value, depth)), { maxLength: 4 })
        .map((entries) => {
          const out: Record<string, unknown> = {}
          for (const [k, v] of entries)
            if (v !== undefined)
              Object.defineProperty(out, String(k), { value: v, enumerable: true, configurable: true, writable: true })
          return out
        })
    case 'object': {
      const fields: Record<string, fc.Arbitrary<unknown>> = Object.create(null)
      for (const key of node.keys) fields[key] = valueArbitrary(node.shape[key]!, depth)
      return fc.record(fields, { noNullPrototype: true }).map((value) => {
        const out: Record<string, unknown> = {}
        for (const key of node.keys) {
          const v = (value as Record<string, unknown>)[key]
          if (v !== undefined)
            Object.defineProperty(out, key, { value: v, enumerable: true, configurable: true, writable: true })
        }
        return out
      })
    }
    case 'union':
    case 'discriminatedUnion':
      return fc.oneof(...node.options.map((o) => valueArbitrary(o, depth)))
    case 'intersection':
      return valueArbitrary(node.left, depth)
    case 'lazy':
      return depth > 3 ? fc.constant(undefined) : valueArbitrary(node.resolve(), depth + 1)
  }
}

function stringArbitrary(checks: readonly StringCheck[]): fc.Arbitrary<string> {
  let minLength = 0
  let maxLength = 12
  let format: fc.Arbitrary<string> | undefined
  for (const c of checks) {
    if (c.kind === 'min') minLength = Math.max(minLength, c.value)
    if (c.kind === 'max') maxLength = Math.min(maxLength, c.value)
    if (c.kind === 'length') [minLength, maxLength] = [c.value, c.value]
    if (c.kind === 'email') format = fc.tuple(word(1, 8), word(1, 8)).map(([a, b]) => `x${a}@${b || 'x'}.com`)
    if (c.kind === 'uuid') format = fc.uuid()
    if (c.kind === 'url') format = fc.webUrl()
    if (c.kind === 'regex') format = fc.stringMatching(new RegExp(c.source, c.flags.replace(/[gy]/g, '')))
  }
  return format ?? fc.string({ minLength, maxLength: Math.max(minLength, maxLength) })
}

/** Keys that have broken validators before: prototype keys, quotes, line separators, empty. */
export const TRICKY_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '"',
  "'",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal `${` in a key
  '`${x}`',
  '\u2028',
  '',
  'a b',
  '0',
]

const keyArbitrary = fc.oneof(
  fc.constantFrom(...TRICKY_KEYS),
  fc.string({ unit: fc.constantFrom(...LOWER), minLength: 1, maxLength: 6 }),
)

interface SchemaArbitraryOptions {
  /** Include transforms, refinements, defaults and string normalisation (not round-trippable). */
  readonly effects?: boolean
  readonly maxDepth?: number
}

/**
 * Random schemas of every kind, nested up to `maxDepth`, with random checks, modifiers and keys.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(schemaArbitrary(), fc.anything(), (s, input) => { s.safeParse(input) }))
 * ```
 */
export function schemaArbitrary(options: SchemaArbitraryOptions = {}): fc.Arbitrary<AnySchema> {
  const effects = options.effects ?? false
  const { schema: tree } = fc.letrec<{ schema: AnySchema; leaf: AnySchema }>((tie) => ({
    leaf: leafArbitrary(effects),
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: options.maxDepth ?? 3 },
      tie('leaf'),
      fc.tuple(tie('schema'), fc.nat({ max: 3 }), fc.nat({ max: 5 })).map(([element, min, extra]) =>
        schema
          .array(element)
          .min(min)
          .max(min + extra),
      ),
      fc.uniqueArray(fc.tuple(keyArbitrary, tie('schema')), { selector: ([k]) => k, maxLength: 5 }).chain((entries) =>
        fc.constantFrom('strip', 'strict', 'passthrough').map((mode) => {
          const shape: Record<string, AnySchema> = Object.create(null)
          for (const [k, v] of entries) shape[k] = v
          const object = schema.object(shape)
          return mode === 'strict' ? object.strict() : mode === 'passthrough' ? object.passthrough() : object
        }),
      ),
      fc
        .array(tie('schema'), { minLength: 1, maxLength: 3 })
        .map((options) => schema.union(options as [AnySchema, ...AnySchema[]])),
      fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((items) => schema.tuple(items)),
      tie('schema').map((value) => schema.record(value)),
      fc.tuple(tie('schema'), fc.integer({ min: 0, max: 4 })).map(([inner, flags]) => {
        let s: AnySchema = inner
        if (flags & 1) s = s.optional()
        if (flags & 2) s = s.nullable()
        return s
      }),
    ),
  }))
  return tree
}

function leafArbitrary(effects: boolean): fc.Arbitrary<AnySchema> {
  const leaves: Array<fc.Arbitrary<AnySchema>> = [
    fc
      .record({
        min: fc.option(fc.nat({ max: 4 })),
        extra: fc.option(fc.nat({ max: 8 })),
        format: fc.constantFrom('none', 'email', 'uuid', 'url', 'regex', 'prefix'),
      })
      .map(({ min, extra, format }) => {
        let s = schema.string()
        if (format === 'email') s = s.email()
        else if (format === 'uuid') s = s.uuid()
        else if (format === 'url') s = s.url()
        else if (format === 'regex') s = s.regex(/^[a-f]{2,5}\d?$/)
        else if (format === 'prefix') s = s.startsWith('k_')
        else {
          if (min !== null) s = s.min(min)
          if (min !== null && extra !== null) s = s.max(min + extra)
        }
        return s as AnySchema
      }),
    fc
      .record({ int: fc.boolean(), min: fc.option(fc.integer({ min: -100, max: 100 })), span: fc.nat({ max: 200 }) })
      .map(({ int, min, span }) => {
        let s = schema.number()
        if (int) s = s.int()
        if (min !== null) s = s.min(min).max(min + span)
        return s as AnySchema
      }),
    fc.constant(schema.boolean()),
    fc.constant(schema.bigint()),
    fc.constant(schema.date()),
    fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null)).map((v) => schema.literal(v)),
    fc
      .uniqueArray(fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -5, max: 5 })), {
        minLength: 1,
        maxLength: 10,
      })
      .map((values) => schema.enum(values as [string, ...string[]])),
    fc.constant(schema.unknown()),
  ]
  if (effects) {
    leaves.push(
      fc.constant(schema.string().trim().toLowerCase().min(1)),
      fc.constant(schema.number().transform((n) => n * 2)),
      fc.constant(schema.string().refine((s) => s.length % 2 === 0, 'odd length')),
      fc.constant(schema.number().int().default(7)),
      fc.constant(schema.bigint({ coerce: true })),
      fc.constant(schema.date({ coerce: true })),
      fc.constant(
        schema.object({ a: schema.number(), b: schema.number() }).superRefine((v, ctx) => {
          if (v.a > v.b) ctx.addIssue({ path: ['a'], message: 'a > b' })
        }),
      ),
      fc.constant(
        schema.intersection(schema.object({ a: schema.string() }), schema.object({ b: schema.number().optional() })),
      ),
      fc.constant(
        schema.discriminatedUnion('t', [
          schema.object({ t: schema.literal('x'), x: schema.number() }),
          schema.object({ t: schema.literal('y'), y: schema.string() }),
        ]),
      ),
    )
  }
  return fc.oneof(...leaves)
}

/** Inputs worth throwing at a schema: anything, plus values built like valid ones but perturbed. */
export function inputArbitrary(s: AnySchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
    }),
    valueArbitrary(s),
    fc
      .tuple(valueArbitrary(s), fc.anything())
      .map(([value, noise]) =>
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? { ...value, ...(typeof noise === 'object' ? noise : { noise }) }
          : value,
      ),
  )
}

/** A compact text form of a schema, for property-test counterexamples. */
export function schemaText(s: AnySchema): string {
  const node = introspect(s)
  const mods = `${node.optional ? '?' : ''}${node.nullable ? '|null' : ''}${node.default ? '=default' : ''}${node.effects.length ? `+${node.effects.map((e) => e.kind).join('+')}` : ''}`
  const checks =
    'checks' in node
      ? node.checks.map((c) => `.${c.kind}(${'value' in c ? String(c.value) : 'source' in c ? c.source : ''})`).join('')
      : ''
  let inner: string
  switch (node.kind) {
    case 'object':
      inner = `{${node.keys.map((k) => `${JSON.stringify(k)}: ${schemaText(node.shape[k]!)}`).join(', ')}}${node.unknownKeys === 'strip' ? '' : `.${node.unknownKeys}`}`
      break
    case 'array':
      inner = `${schemaText(node.element)}[]`
      break
    case 'tuple':
      inner = `[${node.items.map(schemaText).join(', ')}${node.rest ? `, ...${schemaText(node.rest)}` : ''}]`
      break
    case 'record':
      inner = `record<${schemaText(node.key)}, ${schemaText(node.value)}>`
      break
    case 'union':
    case 'discriminatedUnion':
      inner = `(${node.options.map(schemaText).join(' | ')})`
      break
    case 'intersection':
      inner = `(${schemaText(node.left)} & ${schemaText(node.right)})`
      break
    case 'literal':
      inner = `literal(${typeof node.value === 'bigint' ? `${node.value}n` : JSON.stringify(node.value)})`
      break
    case 'enum':
      inner = `enum(${JSON.stringify(node.values)})`
      break
    default:
      inner = node.kind
  }
  return inner + checks + mods
}
