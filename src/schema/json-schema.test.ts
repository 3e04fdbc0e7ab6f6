import Ajv from 'ajv'
import Ajv2020 from 'ajv/dist/2020.js'
import Ajv04 from 'ajv-draft-04'
import addFormats from 'ajv-formats'
import fc from 'fast-check'
import { type AnySchema, type Schema, sample, schema, toJSONSchema, walkSchema } from 'kairo/schema'
import { describe, expect, it } from 'vitest'
import { schemaArbitrary } from '../../test/support/schema-arbitrary.js'

function validator(target: 'draft-2020-12' | 'draft-07') {
  const ajv =
    target === 'draft-2020-12'
      ? new Ajv2020.default({ strict: true, allowUnionTypes: true, strictTuples: false })
      : new Ajv.default({ strict: true, allowUnionTypes: true, strictTuples: false })
  addFormats.default(ajv)
  return ajv
}

const toJson = (value: unknown) => JSON.parse(JSON.stringify(value))

const Order = schema
  .object({
    id: schema.string().uuid().describe('order id'),
    email: schema.string().email(),
    sku: schema.string().regex(/^[A-Z]{3}-\d{4}$/),
    lines: schema
      .array(
        schema.object({
          productId: schema.string().startsWith('p_'),
          quantity: schema.number().int().positive().max(99),
        }),
      )
      .min(1),
    note: schema.string().max(200).optional(),
    status: schema.enum(['new', 'paid']).default('new'),
    coupon: schema.string().nullable(),
    placedAt: schema.date(),
    payment: schema.discriminatedUnion('method', [
      schema.object({ method: schema.literal('card'), last4: schema.string().length(4) }),
      schema.object({ method: schema.literal('invoice'), days: schema.number().int().min(0).lt(90) }),
    ]),
    tags: schema.record(schema.string().min(1), schema.boolean()),
    point: schema.tuple([schema.number(), schema.number()]),
  })
  .strict()

describe('toJSONSchema', () => {
  it('maps kinds and checks to keywords', () => {
    const json = toJSONSchema(Order, { target: 'draft-2020-12' })
    expect(json).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      required: ['id', 'email', 'sku', 'lines', 'coupon', 'placedAt', 'payment', 'tags', 'point'],
      properties: {
        id: { type: 'string', format: 'uuid', description: 'order id' },
        email: { type: 'string', format: 'email' },
        sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
        lines: { type: 'array', minItems: 1, items: { type: 'object', required: ['productId', 'quantity'] } },
        status: { type: 'string', enum: ['new', 'paid'], default: 'new' },
        coupon: { type: ['string', 'null'] },
        placedAt: { type: 'string', format: 'date-time' },
        point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
      },
    })
    const lines = (json.properties as Record<string, { items: { properties: Record<string, unknown> } }>).lines!
    expect(lines.items.properties.quantity).toEqual({ type: 'integer', exclusiveMinimum: 0, maximum: 99 })
    expect(lines.items.properties.productId).toEqual({ type: 'string', pattern: '^p_' })
  })

  for (const target of ['draft-2020-12', 'draft-07'] as const) {
    it(`produces a ${target} schema a real validator compiles, and that agrees with parse`, () => {
      const ajv = validator(target)
      const check = ajv.compile(toJSONSchema(Order, { target }))
      for (let seed = 0; seed < 30; seed++) {
        const value = sample(Order, { seed }).unwrap()
        expect(check(toJson(value)), JSON.stringify(check.errors)).toBe(true)
      }
      const good = toJson(sample(Order, { seed: 1 }).unwrap())
      for (const bad of [
        { ...good, email: 'nope' },
        { ...good, lines: [] },
        { ...good, extra: 1 },
        { ...good, payment: { method: 'cash' } },
        { ...good, point: [1] },
      ]) {
        expect(check(bad)).toBe(false)
        expect(Order.parse(bad).ok).toBe(false)
      }
    })
  }

  it('exports OpenAPI 3.0 schema objects: nullable, boolean exclusive bounds, discriminator', () => {
    const json = toJSONSchema(Order, { target: 'openapi-3.0' })
    expect(json.$schema).toBeUndefined()
    const props = json.properties as Record<string, Record<string, unknown>>
    expect(props.coupon).toEqual({ type: 'string', nullable: true })
    expect(props.payment).toMatchObject({ discriminator: { propertyName: 'method' } })
    const quantity = (props.lines as { items: { properties: { quantity: unknown } } }).items.properties.quantity
    expect(quantity).toEqual({ type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 99 })
    const ajv = new Ajv04.default({ strict: false, discriminator: true })
    addFormats.default(ajv)
    expect(ajv.validateSchema(json), JSON.stringify(ajv.errors)).toBe(true)
    const check = ajv.compile(json)
    expect(check(toJson(sample(Order, { seed: 3 }).unwrap())), JSON.stringify(check.errors)).toBe(true)
    expect(check({ ...toJson(sample(Order, { seed: 3 }).unwrap()), coupon: 5 })).toBe(false)
  })

  it('describes input or output: defaults make keys optional on input, transforms are open on output', () => {
    const S = schema.object({ role: schema.string().default('user'), n: schema.string().transform(Number) })
    expect(toJSONSchema(S, { target: 'draft-07', io: 'input' }).required).toEqual(['n'])
    const output = toJSONSchema(S, { target: 'draft-07', io: 'output' })
    expect(output.required).toEqual(['role', 'n'])
    expect((output.properties as Record<string, unknown>).n).toEqual({})
    expect(output.additionalProperties).toBe(false)
  })

  it('turns recursive schemas into $defs references', () => {
    interface Tree {
      name: string
      children: Tree[]
    }
    const Tree: Schema<Tree> = schema.lazy(() => schema.object({ name: schema.string(), children: schema.array(Tree) }))
    const json = toJSONSchema(Tree, { target: 'draft-2020-12' })
    expect(json).toMatchObject({ $ref: '#/$defs/Schema1', $defs: { Schema1: { type: 'object' } } })
    const check = validator('draft-2020-12').compile(json)
    expect(check({ name: 'a', children: [{ name: 'b', children: [] }] })).toBe(true)
    expect(check({ name: 'a', children: [{ name: 1, children: [] }] })).toBe(false)
    expect(toJSONSchema(Tree, { target: 'draft-07' })).toMatchObject({ definitions: { Schema1: { type: 'object' } } })
    expect(() => toJSONSchema(Tree, { target: 'openapi-3.0' })).toThrow(TypeError)
    expect(() => toJSONSchema(Tree, { target: 'draft-04' })).toThrow(/unsupported target/)
    const Titled: Schema<Tree> = schema.lazy(() =>
      schema.object({ name: schema.string(), children: schema.array(Titled) }).meta({ title: 'Category' }),
    )
    expect(toJSONSchema(Titled, { target: 'draft-2020-12' })).toMatchObject({
      $ref: '#/$defs/Category',
      $defs: { Category: { title: 'Category' } },
    })
  })

  it('implements the Standard JSON Schema interface', () => {
    const std = Order['~standard']
    expect(std.jsonSchema.input({ target: 'draft-07' })).toEqual(toJSONSchema(Order, { target: 'draft-07' }))
    expect(std.jsonSchema.output({ target: 'draft-2020-12' })).toEqual(
      toJSONSchema(Order, { target: 'draft-2020-12', io: 'output' }),
    )
  })

  it('property: JSON values a random schema accepts satisfy its exported JSON Schema', () => {
    const ajv = validator('draft-2020-12')
    const jsonSafe = schemaArbitrary().filter((s) => {
      let ok = true
      walkSchema(s, (node) => {
        if (node.kind === 'bigint' || node.kind === 'date' || node.kind === 'unknown') ok = false
        // Ajv ignores a `__proto__` entry of `properties` (its own guard against pollution).
        if (node.kind === 'object' && node.keys.includes('__proto__')) ok = false
      })
      return ok
    })
    fc.assert(
      fc.property(jsonSafe, fc.integer(), (s: AnySchema, seed) => {
        const value = toJson(sample(s, { seed }).unwrap() ?? null)
        fc.pre(s.is(value))
        const check = ajv.compile(toJSONSchema(s, { target: 'draft-2020-12' }))
        expect(check(toJson(value)), JSON.stringify(check.errors)).toBe(true)
      }),
      { numRuns: 100 },
    )
  })
})
