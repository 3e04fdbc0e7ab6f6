import type { Brand } from 'kairo'
import {
  type AnySchema,
  childrenOf,
  hasRefinements,
  hasTransforms,
  type Infer,
  type InferInput,
  introspect,
  isSchema,
  type Schema,
  type SchemaNode,
  schema,
  walkSchema,
} from 'kairo/schema'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'

/**
 * A tiny SQL column mapper written only against the public introspection API: the kind of
 * derivation the data layer does for DDL.
 */
function sqlColumns(table: AnySchema): string[] {
  const node = introspect(table)
  if (node.kind !== 'object') throw new TypeError('a table is an object schema')
  return node.keys.map((key) => {
    const column = introspect(node.shape[key]!)
    const notNull = column.optional || column.nullable ? '' : ' not null'
    const fallback = column.default?.kind === 'value' ? ` default ${sqlLiteral(column.default.value)}` : ''
    return `${key} ${sqlType(column)}${notNull}${fallback}`
  })
}

function sqlType(node: SchemaNode): string {
  switch (node.kind) {
    case 'string': {
      if (node.checks.some((c) => c.kind === 'uuid')) return 'uuid'
      const max = node.checks.find((c) => c.kind === 'max' || c.kind === 'length')
      return max && 'value' in max ? `varchar(${String(max.value)})` : 'text'
    }
    case 'number': {
      if (!node.checks.some((c) => c.kind === 'int')) return 'double precision'
      const max = node.checks.find((c) => c.kind === 'max')
      return max && 'value' in max && typeof max.value === 'number' && max.value <= 32767 ? 'smallint' : 'bigint'
    }
    case 'bigint':
      return 'numeric(20)'
    case 'boolean':
      return 'boolean'
    case 'date':
      return 'timestamptz'
    case 'enum':
      return `text check (value in (${node.values.map(sqlLiteral).join(', ')}))`
    default:
      return 'jsonb'
  }
}

function sqlLiteral(value: unknown): string {
  return typeof value === 'string' ? `'${value.replaceAll("'", "''")}'` : String(value)
}

const Customer = schema.object({
  id: schema.string().uuid().brand('CustomerId'),
  email: schema.string().email().max(254),
  name: schema.string().min(1).max(120).describe('display name'),
  age: schema.number().int().min(0).max(150).optional(),
  tier: schema.enum(['basic', 'gold']).default('basic'),
  balance: schema.bigint(),
  createdAt: schema.date(),
  deletedAt: schema.date().nullable(),
  address: schema.object({ city: schema.string() }),
})

describe('introspection', () => {
  it('derives SQL columns from a schema', () => {
    expect(sqlColumns(Customer)).toEqual([
      'id uuid not null',
      'email varchar(254) not null',
      'name varchar(120) not null',
      'age smallint',
      "tier text check (value in ('basic', 'gold')) not null default 'basic'",
      'balance numeric(20) not null',
      'createdAt timestamptz not null',
      'deletedAt timestamptz',
      'address jsonb not null',
    ])
  })

  it('describes kind, checks with parameters, modifiers, brand, description and metadata', () => {
    const node = introspect(
      schema
        .string()
        .trim()
        .regex(/^[A-Z]+$/i, 'letters only')
        .min(2)
        .describe('a code')
        .meta({ title: 'Code', sqlType: 'citext' })
        .meta({ example: 'AB' })
        .brand('Code')
        .nullish(),
    )
    expect(node).toMatchObject({
      kind: 'string',
      optional: true,
      nullable: true,
      default: undefined,
      description: 'a code',
      brand: 'Code',
      meta: { title: 'Code', sqlType: 'citext', example: 'AB' },
      checks: [
        { kind: 'trim' },
        { kind: 'regex', source: '^[A-Z]+$', flags: 'i', message: 'letters only' },
        { kind: 'min', value: 2 },
      ],
    })
    const number = introspect(schema.number().gt(0).lte(10).multipleOf(0.5))
    expect(number.kind === 'number' && number.checks).toEqual([
      { kind: 'min', value: 0, inclusive: false, message: undefined },
      { kind: 'max', value: 10, inclusive: true, message: undefined },
      { kind: 'multipleOf', value: 0.5, message: undefined },
    ])
    const factory = () => new Date(0)
    expect(introspect(schema.date().default(factory)).default).toEqual({ kind: 'factory', factory })
  })

  it('exposes children of every composite kind', () => {
    const item = schema.string()
    const Payment = schema.discriminatedUnion('method', [
      schema.object({ method: schema.literal('card') }),
      schema.object({ method: schema.literal('cash') }),
    ])
    const node = introspect(Payment)
    expect(node.kind === 'discriminatedUnion' && [node.discriminator, [...node.mapping.keys()]]).toEqual([
      'method',
      ['card', 'cash'],
    ])
    expect(childrenOf(introspect(schema.array(item)))).toEqual([{ role: 'element', schema: item }])
    expect(childrenOf(introspect(schema.tuple([item], item))).map((c) => [c.role, c.key])).toEqual([
      ['item', 0],
      ['rest', undefined],
    ])
    expect(childrenOf(introspect(schema.record(schema.enum(['a']), item))).map((c) => c.role)).toEqual(['key', 'value'])
    expect(childrenOf(introspect(schema.intersection(item, item))).map((c) => c.role)).toEqual(['left', 'right'])
    expect(childrenOf(introspect(Customer)).map((c) => c.key)).toEqual(Object.keys(Customer.shape))
    expect(introspect(Customer.strict()).kind === 'object' && introspect(Customer.strict())).toMatchObject({
      unknownKeys: 'strict',
    })
  })

  it('tells transforms from refinements', () => {
    expect(hasTransforms(introspect(schema.string().transform(Number)))).toBe(true)
    expect(hasRefinements(introspect(schema.string().transform(Number)))).toBe(false)
    expect(hasRefinements(introspect(schema.string().refine(Boolean)))).toBe(true)
    expect(introspect(schema.string().refine(Boolean, { message: 'm', path: ['x'] })).effects).toMatchObject([
      { kind: 'refine', message: 'm', path: ['x'] },
    ])
  })

  it('walks recursive schemas once, with paths', () => {
    interface Category {
      name: string
      children: Category[]
    }
    const Category: Schema<Category> = schema.lazy(() =>
      schema.object({ name: schema.string(), children: schema.array(Category) }),
    )
    const seen: string[] = []
    walkSchema(schema.object({ root: Category }), (node, path) => {
      seen.push(
        `${path.map((p) => (p.key === undefined ? p.role : `${p.role}:${String(p.key)}`)).join('/')}=${node.kind}`,
      )
    })
    expect(seen).toEqual([
      '=object',
      'field:root=lazy',
      'field:root/lazy=object',
      'field:root/lazy/field:name=string',
      'field:root/lazy/field:children=array',
      'field:root/lazy/field:children/element=lazy',
    ])
  })

  it('recognises Kairo schemas among Standard Schemas', () => {
    expect(isSchema(Customer)).toBe(true)
    expect(isSchema(z.string())).toBe(false)
    expect(introspect(z.string())).toBeUndefined()
  })

  it('nodes are frozen', () => {
    const node = introspect(Customer)
    expect(Object.isFrozen(node)).toBe(true)
    expect(node.kind === 'object' && Object.isFrozen(node.shape)).toBe(true)
    expect(
      Object.isFrozen(introspect(schema.string().min(1)).kind === 'string' && introspect(schema.string().min(1))),
    ).toBe(true)
  })

  it('infers types, with brands from kairo core', () => {
    type C = Infer<typeof Customer>
    expectTypeOf<C['id']>().toEqualTypeOf<Brand<string, 'CustomerId'>>()
    expectTypeOf<C['age']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<C['tier']>().toEqualTypeOf<'basic' | 'gold'>()
    expectTypeOf<InferInput<typeof Customer>['tier']>().toEqualTypeOf<'basic' | 'gold' | undefined>()
    expectTypeOf<C['createdAt']>().toEqualTypeOf<Date>()
    expectTypeOf<InferInput<typeof Customer>['createdAt']>().toEqualTypeOf<Date | string>()
    expectTypeOf<C['deletedAt']>().toEqualTypeOf<Date | null>()
    const T = schema.tuple([schema.string(), schema.number().optional()], schema.boolean())
    expectTypeOf<Infer<typeof T>>().toEqualTypeOf<[string, number | undefined, ...boolean[]]>()
    const U = schema.union([schema.literal('a'), schema.number()])
    expectTypeOf<Infer<typeof U>>().toEqualTypeOf<'a' | number>()
    const R = schema.record(schema.enum(['x', 'y']), schema.number())
    expectTypeOf<Infer<typeof R>>().toEqualTypeOf<Record<'x' | 'y', number>>()
    const P = Customer.pick(['email']).partial()
    expectTypeOf<Infer<typeof P>>().toEqualTypeOf<{ email?: string | undefined }>()
    const X = schema
      .string()
      .transform((s) => s.length)
      .optional()
    expectTypeOf<Infer<typeof X>>().toEqualTypeOf<number | undefined>()
    const Y = schema
      .string()
      .optional()
      .transform((s) => s.length)
    expectTypeOf<Infer<typeof Y>>().toEqualTypeOf<number | undefined>()
    const Pass = schema.object({ a: schema.string() }).passthrough()
    expectTypeOf<Infer<typeof Pass>>().toExtend<{ a: string; [key: string]: unknown }>()
    expect(true).toBe(true)
  })
})
