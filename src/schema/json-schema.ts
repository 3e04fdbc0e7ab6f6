import { hasTransforms } from './introspect.js'
import { exhaustiveKeys, tupleBounds } from './runtime-helpers.js'
import { nodeOf } from './schema.js'
import type { AnySchema, SchemaNode } from './schema-node.js'

/** Which JSON Schema dialect to produce. */
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-07' | 'openapi-3.0'

/** Options of {@link toJSONSchema}. */
export interface JsonSchemaOptions {
  readonly target: JsonSchemaTarget | (string & {})
  /** Describe what `parse` accepts (`'input'`, the default) or what it returns (`'output'`). */
  readonly io?: 'input' | 'output'
  readonly libraryOptions?: Record<string, unknown>
}

type Json = Record<string, unknown>

const SCHEMA_URI: Record<string, string> = {
  'draft-2020-12': 'https://json-schema.org/draft/2020-12/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
}

const ANNOTATIONS = ['title', 'examples', 'deprecated', 'readOnly', 'writeOnly'] as const

/**
 * Exports a schema as JSON Schema (draft 2020-12 or draft-07) or as an OpenAPI 3.0 schema object.
 * Checks map to keywords (`minLength`, `format: 'email'`, `pattern`, `exclusiveMinimum`, …),
 * optional fields leave `required`, nullable adds `null`, defaults and descriptions are kept,
 * recursive schemas become `$ref`s into `$defs` (`definitions` in draft-07), named after their `meta({ title })`. Dates are
 * `{ type: 'string', format: 'date-time' }`, bigints `{ type: 'integer', format: 'int64' }`.
 * What JSON Schema cannot say (refinements, transforms) is left out: the output side of a
 * transformed value is `{}`. Throws a `TypeError` for an unknown target, or for a recursive schema
 * with `openapi-3.0` (which has no local definitions).
 *
 * @example
 * ```ts
 * import { schema, toJSONSchema } from 'kairo/schema'
 *
 * toJSONSchema(schema.object({ email: schema.string().email(), age: schema.number().int().optional() }), { target: 'draft-2020-12' })
 * // { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object',
 * //   properties: { email: { type: 'string', format: 'email' }, age: { type: 'integer' } },
 * //   required: ['email'] }
 * ```
 */
export function toJSONSchema(schema: AnySchema, options: JsonSchemaOptions): Record<string, unknown> {
  const target = options.target
  if (target !== 'draft-2020-12' && target !== 'draft-07' && target !== 'openapi-3.0') {
    throw new TypeError(`toJSONSchema: unsupported target ${JSON.stringify(target)}`)
  }
  const converter = new Converter(target as JsonSchemaTarget, options.io ?? 'input')
  const root = converter.convert(schema)
  const out: Json = target === 'openapi-3.0' ? {} : { $schema: SCHEMA_URI[target] }
  Object.assign(out, root)
  if (converter.definitions.size > 0) {
    const key = target === 'draft-07' ? 'definitions' : '$defs'
    out[key] = Object.fromEntries(converter.definitions)
  }
  return out
}

class Converter {
  readonly definitions = new Map<string, Json>()
  readonly #names = new Map<unknown, string>()

  constructor(
    readonly target: JsonSchemaTarget,
    readonly io: 'input' | 'output',
  ) {}

  get openapi(): boolean {
    return this.target === 'openapi-3.0'
  }

  convert(schema: AnySchema): Json {
    const node = nodeOf(schema)
    if (this.io === 'output' && hasTransforms(node)) return this.annotate(node, {})
    let json = this.base(node)
    if (node.nullable) json = this.nullable(json)
    return this.annotate(node, json)
  }

  annotate(node: SchemaNode, json: Json): Json {
    const out: Json = { ...json }
    if (node.description !== undefined) out.description = node.description
    if (node.default?.kind === 'value' && isJsonValue(node.default.value)) out.default = node.default.value
    for (const key of ANNOTATIONS) if (node.meta[key] !== undefined) out[key] = node.meta[key]
    return out
  }

  nullable(json: Json): Json {
    if (json.type === 'null' || json.nullable === true) return json
    if (this.openapi) return { ...json, nullable: true }
    if (typeof json.type === 'string' && json.enum === undefined && json.const === undefined) {
      return { ...json, type: [json.type, 'null'] }
    }
    return { anyOf: [json, { type: 'null' }] }
  }

  constant(value: unknown): Json {
    if (value === null) return this.openapi ? { enum: [null], nullable: true } : { type: 'null' }
    if (value === undefined) return { not: {} }
    const json = typeof value === 'bigint' ? Number(value) : value
    return this.openapi ? { type: typeof json, enum: [json] } : { type: typeof json, const: json }
  }

  base(node: SchemaNode): Json {
    switch (node.kind) {
      case 'string':
        return this.string(node)
      case 'number':
        return this.number(node)
      case 'bigint': {
        const json: Json = { type: 'integer', format: 'int64' }
        for (const c of node.checks) this.bound(json, c.kind === 'min', Number(c.value), c.inclusive)
        return json
      }
      case 'boolean':
        return { type: 'boolean' }
      case 'date':
        return { type: 'string', format: 'date-time' }
      case 'literal':
        return this.constant(node.value)
      case 'enum': {
        const types = [...new Set(node.values.map((v) => typeof v))]
        return { type: types.length === 1 ? types[0] : types, enum: [...node.values] }
      }
      case 'unknown':
      case 'any':
        return {}
      case 'never':
        return { not: {} }
      case 'array': {
        const json: Json = { type: 'array', items: this.convert(node.element) }
        for (const c of node.checks) {
          if (c.kind !== 'max') json.minItems = c.value
          if (c.kind !== 'min') json.maxItems = c.value
        }
        return json
      }
      case 'tuple':
        return this.tuple(node)
      case 'record': {
        const required = exhaustiveKeys(nodeOf(node.key))
        const value = this.convert(node.value)
        if (required) {
          return {
            type: 'object',
            properties: Object.fromEntries(required.map((k) => [k, value])),
            required,
            additionalProperties: false,
          }
        }
        const json: Json = { type: 'object', additionalProperties: value }
        const keys = this.convert(node.key)
        delete keys.type
        if (!this.openapi && Object.keys(keys).length > 0) json.propertyNames = keys
        return json
      }
      case 'object': {
        const properties: Json = {}
        const required: string[] = []
        for (const key of node.keys) {
          const field = node.shape[key]!
          Object.defineProperty(properties, key, {
            value: this.convert(field),
            enumerable: true,
            writable: true,
            configurable: true,
          })
          if (!this.isOptional(nodeOf(field))) required.push(key)
        }
        const json: Json = { type: 'object', properties }
        if (required.length > 0) json.required = required
        if (node.unknownKeys === 'strict' || (node.unknownKeys === 'strip' && this.io === 'output')) {
          json.additionalProperties = false
        }
        return json
      }
      case 'union':
        return { anyOf: node.options.map((o) => this.convert(o)) }
      case 'discriminatedUnion': {
        const json: Json = { oneOf: node.options.map((o) => this.convert(o)) }
        if (this.openapi) json.discriminator = { propertyName: node.discriminator }
        return json
      }
      case 'intersection':
        return { allOf: [this.convert(node.left), this.convert(node.right)] }
      case 'lazy':
        return this.reference(node)
    }
  }

  /** Whether an object key may be left out of the input (or the output). */
  isOptional(node: SchemaNode): boolean {
    if (node.optional) return true
    if (this.io === 'input' && node.default !== undefined) return true
    return node.kind === 'unknown' || node.kind === 'any' || (node.kind === 'literal' && node.value === undefined)
  }

  bound(json: Json, lower: boolean, value: number, inclusive: boolean): void {
    const name = lower ? 'minimum' : 'maximum'
    const exclusive = lower ? 'exclusiveMinimum' : 'exclusiveMaximum'
    if (inclusive) json[name] = value
    else if (this.openapi) {
      json[name] = value
      json[exclusive] = true
    } else json[exclusive] = value
  }

  string(node: SchemaNode & { kind: 'string' }): Json {
    const json: Json = { type: 'string' }
    const patterns: string[] = []
    for (const c of node.checks) {
      switch (c.kind) {
        case 'min':
          json.minLength = c.value
          break
        case 'max':
          json.maxLength = c.value
          break
        case 'length':
          json.minLength = c.value
          json.maxLength = c.value
          break
        case 'email':
          json.format = 'email'
          break
        case 'uuid':
          json.format = 'uuid'
          break
        case 'url':
          json.format = 'uri'
          break
        case 'regex':
          patterns.push(c.source)
          break
        case 'startsWith':
          patterns.push(`^${escapeRegex(c.value)}`)
          break
        case 'endsWith':
          patterns.push(`${escapeRegex(c.value)}$`)
          break
        default:
          break
      }
    }
    if (patterns.length === 1) json.pattern = patterns[0]
    else if (patterns.length > 1) json.allOf = patterns.map((pattern) => ({ pattern }))
    return json
  }

  number(node: SchemaNode & { kind: 'number' }): Json {
    const json: Json = { type: node.checks.some((c) => c.kind === 'int') ? 'integer' : 'number' }
    for (const c of node.checks) {
      if (c.kind === 'min' || c.kind === 'max') this.bound(json, c.kind === 'min', c.value, c.inclusive)
      else if (c.kind === 'multipleOf') json.multipleOf = c.value
    }
    return json
  }

  tuple(node: SchemaNode & { kind: 'tuple' }): Json {
    const items = node.items.map((item) => this.convert(item))
    const { min } = tupleBounds(node)
    const rest = node.rest ? this.convert(node.rest) : undefined
    const json: Json = { type: 'array', minItems: min }
    if (!rest) json.maxItems = items.length
    if (this.target === 'draft-2020-12') {
      json.prefixItems = items
      json.items = rest ?? false
    } else if (this.target === 'draft-07') {
      json.items = items
      json.additionalItems = rest ?? false
    } else {
      json.items = { anyOf: rest ? [...items, rest] : items }
    }
    return json
  }

  reference(node: SchemaNode & { kind: 'lazy' }): Json {
    if (this.openapi) {
      throw new TypeError(
        'toJSONSchema: recursive schemas need $ref definitions, which openapi-3.0 schema objects lack',
      )
    }
    let name = this.#names.get(node.resolve)
    if (name === undefined) {
      const title = node.meta.title ?? nodeOf(node.resolve()).meta.title
      const taken = new Set(this.#names.values())
      name =
        typeof title === 'string' && /^[A-Za-z_][\w.-]*$/.test(title) && !taken.has(title)
          ? title
          : `Schema${this.#names.size + 1}`
      this.#names.set(node.resolve, name)
      this.definitions.set(name, {})
      this.definitions.set(name, this.convert(node.resolve()))
    }
    return { $ref: `#/${this.target === 'draft-07' ? 'definitions' : '$defs'}/${name}` }
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

function isJsonValue(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined && typeof value !== 'bigint'
  } catch {
    return false
  }
}
