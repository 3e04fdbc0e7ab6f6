import {
  configure,
  hasTransforms,
  type Infer,
  type InferInput,
  introspect,
  type SchemaNode,
  sample,
  schema,
  toJSONSchema,
} from 'kairo/schema'
import { describe, expect, expectTypeOf, it } from 'vitest'

/** The examples of docs/schema.md, run. */
describe('docs/schema.md examples', () => {
  const Order = schema
    .object({
      id: schema.string().uuid().brand('OrderId'),
      email: schema.string().trim().toLowerCase().email(),
      lines: schema
        .array(
          schema.object({ sku: schema.string().regex(/^[A-Z]{3}-\d{4}$/), quantity: schema.number().int().positive() }),
        )
        .nonempty(),
      payment: schema.discriminatedUnion('method', [
        schema.object({ method: schema.literal('card'), last4: schema.string().length(4) }),
        schema.object({ method: schema.literal('invoice'), dueDays: schema.number().int().default(30) }),
      ]),
      note: schema.string().max(500).optional(),
      placedAt: schema.date(),
    })
    .strict()

  it('parses the order of the opening example', () => {
    const body = JSON.stringify({
      id: '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f70',
      email: ' Ada@Example.com ',
      lines: [{ sku: 'ABC-1234', quantity: 2 }],
      payment: { method: 'invoice' },
      placedAt: '2024-05-01T10:00:00Z',
    })
    const r = Order.parse(JSON.parse(body))
    expect(r.unwrap()).toMatchObject({ email: 'ada@example.com', payment: { method: 'invoice', dueDays: 30 } })
    expect(r.unwrap().placedAt).toBeInstanceOf(Date)
    type OrderInput = InferInput<typeof Order>
    expectTypeOf<OrderInput['placedAt']>().toEqualTypeOf<Date | string>()
    expectTypeOf<Infer<typeof Order>['placedAt']>().toEqualTypeOf<Date>()
    const bad = Order.parse({ ...JSON.parse(body), lines: [], extra: 1 })
    expect(!bad.ok && bad.error.issues.map((i) => i.code)).toEqual(['too_small', 'unrecognized_keys'])
  })

  it('translates messages with params', () => {
    const previous = configure({
      messages: {
        too_small: (i) =>
          i.params.origin === 'string'
            ? `au moins ${String(i.params.limit)} caractères`
            : `au moins ${String(i.params.limit)}`,
        invalid_type: (i) => (i.params.missing ? 'obligatoire' : `type attendu : ${String(i.expected)}`),
      },
    })
    try {
      const S = schema.object({ name: schema.string().min(3), age: schema.number().min(18) })
      const r = S.parse({ name: 'Al', age: 12 })
      expect(!r.ok && r.error.issues.map((i) => i.message)).toEqual(['au moins 3 caractères', 'au moins 18'])
      const missing = S.parse({})
      expect(!missing.ok && missing.error.issues[0]?.message).toBe('obligatoire')
    } finally {
      configure(previous)
    }
  })

  it('maps introspected nodes to SQL types', () => {
    function sqlType(node: SchemaNode): string {
      switch (node.kind) {
        case 'string':
          return node.checks.some((c) => c.kind === 'uuid') ? 'uuid' : 'text'
        case 'number':
          return node.checks.some((c) => c.kind === 'int') ? 'bigint' : 'double precision'
        case 'date':
          return 'timestamptz'
        default:
          return 'jsonb'
      }
    }
    const node = introspect(Order)
    const columns: string[] = []
    if (node.kind === 'object') {
      for (const key of node.keys) {
        const field = introspect(node.shape[key]!)
        columns.push(`${key} ${sqlType(field)} ${field.optional || field.nullable ? 'null' : 'not null'}`)
      }
    }
    expect(columns).toEqual([
      'id uuid not null',
      'email text not null',
      'lines jsonb not null',
      'payment jsonb not null',
      'note text null',
      'placedAt timestamptz not null',
    ])
    expect(hasTransforms(introspect(schema.string().transform((s) => s.split(','))))).toBe(true)
  })

  it('samples and exports JSON Schema', () => {
    const value = sample(Order, { seed: 42 }).unwrap()
    expect(Order.parse(value).ok).toBe(true)
    expect(sample(Order, { seed: 42 }).unwrap()).toEqual(value)
    expect(toJSONSchema(Order, { target: 'draft-2020-12' })).toMatchObject({
      type: 'object',
      additionalProperties: false,
    })
    expect(Order['~standard'].jsonSchema.input({ target: 'draft-07' })).toMatchObject({ type: 'object' })
  })
})
