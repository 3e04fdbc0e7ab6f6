import { isValidationError, type ValidationIssue } from 'kairo'
import { type AnySchema, configure, type Infer, type Schema, schema } from 'kairo/schema'
import { describe, expect, it } from 'vitest'
import { describeEachEngine } from '../../test/support/schema-engines.js'
import { validatorsOf } from './schema.js'

function issues(s: AnySchema, value: unknown): ValidationIssue[] {
  const r = s.parse(value)
  return r.ok ? [] : [...r.error.issues]
}

function codes(s: AnySchema, value: unknown): string[] {
  return issues(s, value).map((i) => i.code)
}

function value<T>(s: Schema<T, unknown, unknown>, input: unknown): T {
  const r = s.parse(input)
  if (!r.ok) throw new Error(`expected Ok, got ${r.error.message}`)
  return r.value
}

describeEachEngine('schema parsing', (engine) => {
  it('runs on the expected path', () => {
    const S = schema.object({ a: schema.string() })
    S.parse({ a: 'x' })
    expect(validatorsOf(S).engine).toBe(engine)
  })

  describe('primitives', () => {
    it('string, number, bigint, boolean, literal, enum, null, undefined, unknown, any, never', () => {
      expect(value(schema.string(), 'x')).toBe('x')
      expect(codes(schema.string(), 1)).toEqual(['invalid_type'])
      expect(value(schema.number(), -1.5)).toBe(-1.5)
      expect(value(schema.number(), Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
      expect(issues(schema.number(), Number.NaN)).toMatchObject([
        { code: 'invalid_type', expected: 'number', received: 'NaN' },
      ])
      expect(value(schema.bigint(), 10n)).toBe(10n)
      expect(codes(schema.bigint(), 10)).toEqual(['invalid_type'])
      expect(value(schema.bigint({ coerce: true }), '12345678901234567890')).toBe(12345678901234567890n)
      expect(value(schema.bigint({ coerce: true }), 7)).toBe(7n)
      expect(codes(schema.bigint({ coerce: true }), 1.5)).toEqual(['invalid_type'])
      expect(value(schema.boolean(), false)).toBe(false)
      expect(codes(schema.boolean(), 'true')).toEqual(['invalid_type'])
      expect(value(schema.literal('a'), 'a')).toBe('a')
      expect(issues(schema.literal(3), 4)).toMatchObject([{ code: 'invalid_literal', expected: '3', received: '4' }])
      expect(value(schema.enum(['a', 'b', 1]), 1)).toBe(1)
      expect(issues(schema.enum(['a', 'b']), 'c')).toMatchObject([
        { code: 'invalid_enum', expected: '"a" | "b"', received: '"c"', message: 'must be one of "a" | "b"' },
      ])
      expect(value(schema.null(), null)).toBe(null)
      expect(codes(schema.null(), undefined)).toEqual(['invalid_literal'])
      expect(value(schema.undefined(), undefined)).toBe(undefined)
      const o = { x: 1 }
      expect(value(schema.unknown(), o)).toBe(o)
      expect(value(schema.any(), undefined)).toBe(undefined)
      expect(issues(schema.never(), 1)).toMatchObject([{ code: 'invalid_type', expected: 'never', received: 'number' }])
    })

    it('enum with many values', () => {
      const values = Array.from({ length: 20 }, (_, i) => `v${i}`) as [string, ...string[]]
      const E = schema.enum(values)
      expect(value(E, 'v19')).toBe('v19')
      expect(codes(E, 'v20')).toEqual(['invalid_enum'])
      expect(E.options).toEqual(values)
    })

    it('reports a missing value as required', () => {
      expect(issues(schema.string(), undefined)).toEqual([
        { path: [], code: 'invalid_type', message: 'is required', expected: 'string', received: 'undefined' },
      ])
    })
  })

  describe('string checks', () => {
    it('length checks with expected and received', () => {
      const S = schema.string().min(2).max(4)
      expect(issues(S, 'a')).toEqual([
        {
          path: [],
          code: 'too_small',
          message: 'must be at least 2 characters long',
          expected: 'length >= 2',
          received: 'length 1',
        },
      ])
      expect(issues(S, 'abcde')).toMatchObject([{ code: 'too_big', expected: 'length <= 4', received: 'length 5' }])
      expect(issues(schema.string().length(3), 'ab')).toMatchObject([
        { code: 'too_small', message: 'must be exactly 3 characters long' },
      ])
      expect(codes(schema.string().nonempty(), '')).toEqual(['too_small'])
    })

    it('formats', () => {
      expect(value(schema.string().email(), 'ada.lovelace+x@example.co.uk')).toBe('ada.lovelace+x@example.co.uk')
      for (const bad of ['ada', 'a@b', '.a@b.co', 'a..b@c.co', 'a@-b.co', 'a b@c.co']) {
        expect(codes(schema.string().email(), bad)).toEqual(['invalid_string'])
      }
      expect(value(schema.string().uuid(), '0190F7A4-7B7E-7CC3-8F1A-2B3C4D5E6F70')).toBeTruthy()
      expect(codes(schema.string().uuid(), '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f7')).toEqual(['invalid_string'])
      expect(value(schema.string().url(), 'https://example.com/a?b=c')).toBeTruthy()
      expect(codes(schema.string().url(), 'not a url')).toEqual(['invalid_string'])
      expect(issues(schema.string().regex(/^[A-Z]{3}-\d+$/g), 'abc-1')).toMatchObject([
        { code: 'invalid_string', expected: 'pattern /^[A-Z]{3}-\\d+$/g' },
      ])
      const G = schema.string().regex(/a/g)
      expect([G.is('a'), G.is('a'), G.is('a')]).toEqual([true, true, true])
      expect(codes(schema.string().startsWith('sku_'), 'x')).toEqual(['invalid_string'])
      expect(codes(schema.string().endsWith('.pdf'), 'x.doc')).toEqual(['invalid_string'])
    })

    it('normalises in order: trim, then lower-case, then checks', () => {
      const Email = schema.string().trim().toLowerCase().email().max(20)
      expect(value(Email, '  Ada@Example.COM ')).toBe('ada@example.com')
      expect(value(schema.string().toUpperCase(), 'ab')).toBe('AB')
      expect(codes(schema.string().trim().min(1), '   ')).toEqual(['too_small'])
    })

    it('reports every failing check', () => {
      expect(codes(schema.string().min(5).email().startsWith('x'), 'ab')).toEqual([
        'too_small',
        'invalid_string',
        'invalid_string',
      ])
    })
  })

  describe('number, bigint and date checks', () => {
    it('number bounds, int, finite, multipleOf', () => {
      expect(issues(schema.number().min(18), 12)).toMatchObject([
        { code: 'too_small', expected: '>= 18', received: '12', message: 'must be at least 18' },
      ])
      expect(issues(schema.number().positive(), 0)).toMatchObject([
        { expected: '> 0', message: 'must be greater than 0' },
      ])
      expect(codes(schema.number().nonnegative(), -1)).toEqual(['too_small'])
      expect(codes(schema.number().negative(), 0)).toEqual(['too_big'])
      expect(codes(schema.number().nonpositive(), 1)).toEqual(['too_big'])
      expect(codes(schema.number().lt(5), 5)).toEqual(['too_big'])
      expect(codes(schema.number().lte(5), 5)).toEqual([])
      expect(codes(schema.number().gte(5), 5)).toEqual([])
      expect(codes(schema.number().int(), 1.5)).toEqual(['not_integer'])
      expect(codes(schema.number().int(), 2 ** 53)).toEqual(['not_integer'])
      expect(codes(schema.number().finite(), Number.NEGATIVE_INFINITY)).toEqual(['not_finite'])
      expect(codes(schema.number().multipleOf(0.1), 0.3)).toEqual([])
      expect(issues(schema.number().multipleOf(5), 7)).toMatchObject([
        { code: 'not_multiple_of', expected: 'multiple of 5' },
      ])
    })

    it('bigint bounds', () => {
      expect(issues(schema.bigint().min(10n), 3n)).toMatchObject([
        { code: 'too_small', expected: '>= 10', received: '3' },
      ])
      expect(codes(schema.bigint().max(10n), 11n)).toEqual(['too_big'])
      expect(codes(schema.bigint().positive(), 0n)).toEqual(['too_small'])
      expect(codes(schema.bigint().nonnegative(), 0n)).toEqual([])
      expect(codes(schema.bigint().lt(0n), 0n)).toEqual(['too_big'])
    })

    it('date reads Dates and ISO strings, and coerces on request', () => {
      const d = new Date('2024-05-01T10:00:00Z')
      expect(value(schema.date(), d)).toBe(d)
      expect(value(schema.date(), '2024-05-01T10:00:00Z').toISOString()).toBe('2024-05-01T10:00:00.000Z')
      expect(value(schema.date(), '2024-05-01').toISOString()).toBe('2024-05-01T00:00:00.000Z')
      expect(codes(schema.date(), 'May 1, 2024')).toEqual(['invalid_date'])
      expect(codes(schema.date(), new Date(Number.NaN))).toEqual(['invalid_date'])
      expect(codes(schema.date(), 1714557600000)).toEqual(['invalid_type'])
      expect(value(schema.date({ coerce: true }), 1714557600000).toISOString()).toBe('2024-05-01T10:00:00.000Z')
      expect(value(schema.date({ coerce: true }), 'May 1, 2024 10:00 UTC').toISOString()).toBe(
        '2024-05-01T10:00:00.000Z',
      )
      const Bounded = schema.date().min('2024-01-01').max(new Date('2024-12-31'))
      expect(issues(Bounded, '2023-06-01')).toMatchObject([
        { code: 'too_small', expected: '>= 2024-01-01T00:00:00.000Z', received: '2023-06-01T00:00:00.000Z' },
      ])
      expect(codes(Bounded, '2025-01-01')).toEqual(['too_big'])
    })
  })

  describe('objects', () => {
    const User = schema.object({ name: schema.string(), age: schema.number().optional() })

    it('strips unknown keys by default, keeps key order, omits absent optional keys', () => {
      const out = value(User, { extra: 1, age: 3, name: 'a' })
      expect(out).toEqual({ name: 'a', age: 3 })
      expect(Object.keys(out)).toEqual(['name', 'age'])
      expect(Object.keys(value(User, { name: 'a' }))).toEqual(['name'])
      expect(Object.keys(value(User, { name: 'a', age: undefined }))).toEqual(['name'])
    })

    it('strict rejects unknown keys; passthrough keeps them', () => {
      expect(issues(User.strict(), { name: 'a', x: 1, y: 2 })).toEqual([
        {
          path: [],
          code: 'unrecognized_keys',
          message: 'unrecognized keys: "x", "y"',
          expected: 'only "name", "age"',
          received: '"x", "y"',
        },
      ])
      expect(value(User.passthrough(), { name: 'a', x: 1 })).toEqual({ name: 'a', x: 1 })
      expect(value(User.passthrough().strip(), { name: 'a', x: 1 })).toEqual({ name: 'a' })
    })

    it('reports every field issue with its path', () => {
      const Order = schema.object({
        lines: schema.array(schema.object({ sku: schema.string(), qty: schema.number().int().positive() })),
      })
      expect(
        issues(Order, {
          lines: [
            { sku: 'a', qty: 1 },
            { sku: 2, qty: 0 },
          ],
        }),
      ).toMatchObject([
        { path: ['lines', 1, 'sku'], code: 'invalid_type' },
        { path: ['lines', 1, 'qty'], code: 'too_small' },
      ])
      expect(issues(Order, [])).toMatchObject([
        { path: [], code: 'invalid_type', expected: 'object', received: 'array' },
      ])
      expect(codes(Order, null)).toEqual(['invalid_type'])
    })

    it('partial, required, deepPartial', () => {
      const A = schema.object({
        a: schema.string(),
        b: schema.object({ c: schema.number(), d: schema.array(schema.object({ e: schema.string() })) }),
      })
      expect(value(A.partial(), {})).toEqual({})
      expect(codes(A.partial(), { b: {} })).toEqual(['invalid_type', 'invalid_type'])
      expect(value(A.deepPartial(), { b: { d: [{}] } })).toEqual({ b: { d: [{}] } })
      expect(codes(A.partial().required(), {})).toEqual(['invalid_type', 'invalid_type'])
    })

    it('extend, merge, pick, omit, keyof', () => {
      const B = User.extend({ age: schema.string(), id: schema.number() })
      expect(value(B, { name: 'a', age: 'x', id: 1 })).toEqual({ name: 'a', age: 'x', id: 1 })
      const M = User.merge(schema.object({ id: schema.number() }).strict())
      expect(codes(M, { name: 'a', id: 1, z: 1 })).toEqual(['unrecognized_keys'])
      expect(Object.keys(User.pick(['age']).shape)).toEqual(['age'])
      expect(Object.keys(User.omit(['age']).shape)).toEqual(['name'])
      expect(User.keyof().options).toEqual(['name', 'age'])
      expect(() => User.pick(['nope' as 'name'])).toThrow(TypeError)
    })
  })

  describe('collections', () => {
    it('arrays: bounds, and no element visited past max', () => {
      const A = schema.array(schema.number()).min(1).max(3)
      expect(value(A, [1, 2])).toEqual([1, 2])
      expect(issues(A, [])).toMatchObject([
        { code: 'too_small', expected: 'length >= 1', message: 'must contain at least 1 item' },
      ])
      expect(issues(A, [1, 'x', 3, 4])).toMatchObject([{ code: 'too_big', received: 'length 4' }])
      expect(codes(schema.array(schema.string()).length(2), ['a'])).toEqual(['too_small'])
      expect(codes(schema.array(schema.string()).nonempty(), [])).toEqual(['too_small'])
      const input = [1]
      expect(value(schema.array(schema.number()), input)).not.toBe(input)
    })

    it('tuples, with optional trailing items and a rest', () => {
      const T = schema.tuple([schema.string(), schema.number().optional()])
      expect(value(T, ['a', 1])).toEqual(['a', 1])
      expect(value(T, ['a'])).toEqual(['a'])
      expect(issues(T, [])).toMatchObject([
        { code: 'too_small', expected: 'length >= 1' },
        { path: [0], code: 'invalid_type', message: 'is required' },
      ])
      expect(issues(T, ['a', 1, 2])).toMatchObject([{ code: 'too_big', expected: 'length <= 2' }])
      const R = schema.tuple([schema.string()], schema.number())
      expect(value(R, ['a', 1, 2])).toEqual(['a', 1, 2])
      expect(issues(R, ['a', 1, 'x'])).toMatchObject([{ path: [2], code: 'invalid_type' }])
      const D = schema.tuple([schema.string(), schema.number().default(5)])
      expect(value(D, ['a'])).toEqual(['a', 5])
    })

    it('records: string keys, key schemas, exhaustive enum keys', () => {
      expect(value(schema.record(schema.number()), { a: 1, b: 2 })).toEqual({ a: 1, b: 2 })
      expect(issues(schema.record(schema.number()), { a: 'x' })).toMatchObject([{ path: ['a'], code: 'invalid_type' }])
      const Keyed = schema.record(schema.string().startsWith('k_'), schema.boolean())
      expect(issues(Keyed, { k_a: true, x: false })).toMatchObject([
        { path: ['x'], code: 'invalid_key', message: 'invalid key: must be a string starting with "k_"' },
      ])
      const Stock = schema.record(schema.enum(['paris', 'lyon']), schema.number())
      expect(value(Stock, { paris: 1, lyon: 2 })).toEqual({ paris: 1, lyon: 2 })
      expect(issues(Stock, { paris: 1 })).toMatchObject([
        { path: ['lyon'], code: 'invalid_type', message: 'is required' },
      ])
      expect(codes(Stock, { paris: 1, lyon: 2, nice: 3 })).toEqual(['invalid_key'])
      const Lower = schema.record(schema.string().toLowerCase(), schema.number())
      expect(value(Lower, { AB: 1 })).toEqual({ ab: 1 })
    })
  })

  describe('unions and intersections', () => {
    it('union takes the first option that parses', () => {
      const U = schema.union([schema.string(), schema.number()])
      expect(value(U, 1)).toBe(1)
      expect(issues(U, true)).toEqual([
        {
          path: [],
          code: 'invalid_union',
          message: 'expected string | number, received boolean',
          expected: 'string | number',
          received: 'boolean',
        },
      ])
    })

    it('union reports the issues of the only option that matched the type', () => {
      const U = schema.union([schema.string().email(), schema.number()])
      expect(issues(U, 'x')).toMatchObject([{ code: 'invalid_string' }])
      const Shapes = schema.union([
        schema.object({ kind: schema.literal('circle'), r: schema.number() }),
        schema.object({ kind: schema.literal('square'), side: schema.number() }),
      ])
      expect(issues(Shapes, { kind: 'square', side: 'x' })).toMatchObject([{ path: ['side'], code: 'invalid_type' }])
      expect(codes(Shapes, { kind: 'hexagon' })).toEqual(['invalid_union'])
    })

    it('discriminated union looks the option up by its tag', () => {
      const Payment = schema.discriminatedUnion('method', [
        schema.object({ method: schema.literal('card'), last4: schema.string().length(4) }),
        schema.object({ method: schema.enum(['paypal', 'venmo']), handle: schema.string() }),
      ])
      expect(value(Payment, { method: 'venmo', handle: '@a', x: 1 })).toEqual({ method: 'venmo', handle: '@a' })
      expect(issues(Payment, { method: 'card', last4: '12' })).toMatchObject([{ path: ['last4'], code: 'too_small' }])
      expect(issues(Payment, { method: 'cash' })).toEqual([
        {
          path: ['method'],
          code: 'invalid_discriminator',
          message: 'must be one of "card" | "paypal" | "venmo"',
          expected: '"card" | "paypal" | "venmo"',
          received: '"cash"',
        },
      ])
      expect(codes(Payment, 'card')).toEqual(['invalid_type'])
      expect(() => schema.discriminatedUnion('t', [schema.object({ x: schema.string() })])).toThrow(TypeError)
      expect(() =>
        schema.discriminatedUnion('t', [
          schema.object({ t: schema.literal('a') }),
          schema.object({ t: schema.literal('a') }),
        ]),
      ).toThrow(/used twice/)
    })

    it('intersection merges object outputs and rejects disagreement', () => {
      const I = schema.intersection(schema.object({ a: schema.string() }), schema.object({ b: schema.number() }))
      expect(value(I, { a: 'x', b: 1, c: 2 })).toEqual({ a: 'x', b: 1 })
      expect(codes(I, { a: 'x' })).toEqual(['invalid_type'])
      const Clash = schema.intersection(schema.string().trim(), schema.string())
      expect(issues(Clash, ' a ')).toMatchObject([{ code: 'invalid_intersection' }])
    })
  })

  describe('modifiers', () => {
    it('optional, nullable, nullish', () => {
      expect(value(schema.string().optional(), undefined)).toBe(undefined)
      expect(codes(schema.string().optional(), null)).toEqual(['invalid_type'])
      expect(value(schema.string().nullable(), null)).toBe(null)
      expect(codes(schema.string().nullable(), undefined)).toEqual(['invalid_type'])
      expect(value(schema.string().nullish(), null)).toBe(null)
      expect(value(schema.string().nullish(), undefined)).toBe(undefined)
    })

    it('default values and factories are parsed like input', () => {
      const S = schema.object({
        role: schema.enum(['user', 'admin']).default('user'),
        tags: schema.array(schema.string()).default(() => []),
      })
      const a = value(S, {})
      const b = value(S, {})
      expect(a).toEqual({ role: 'user', tags: [] })
      expect(a.tags).not.toBe(b.tags)
      expect(codes(schema.string().email().default('nope'), undefined)).toEqual(['invalid_string'])
      const Throwing = schema.string().default(() => {
        throw new Error('no default today')
      })
      expect(issues(Throwing, undefined)).toMatchObject([{ code: 'custom', message: 'no default today' }])
    })

    it('transform, refine and superRefine run in order after the checks', () => {
      const Csv = schema
        .string()
        .min(1)
        .transform((s) => s.split(','))
        .refine((parts) => parts.length <= 3, 'at most three')
      expect(value(Csv, 'a,b')).toEqual(['a', 'b'])
      expect(issues(Csv, 'a,b,c,d')).toMatchObject([{ code: 'custom', message: 'at most three', path: [] }])
      expect(codes(Csv, '')).toEqual(['too_small'])
      const Signup = schema
        .object({ password: schema.string(), confirm: schema.string() })
        .refine((v) => v.password === v.confirm, { message: 'passwords differ', path: ['confirm'] })
      expect(issues(Signup, { password: 'a', confirm: 'b' })).toEqual([
        { path: ['confirm'], code: 'custom', message: 'passwords differ' },
      ])
      const Range = schema.object({ from: schema.number(), to: schema.number() }).superRefine((v, ctx) => {
        if (v.to < v.from)
          ctx.addIssue({ path: ['to'], message: 'before from', code: 'bad_range', expected: '>= from' })
        if (v.from < 0) ctx.addIssue({ message: 'negative' })
      })
      expect(issues(Range, { from: -1, to: -2 })).toEqual([
        { path: ['to'], code: 'bad_range', message: 'before from', expected: '>= from' },
        { path: [], code: 'custom', message: 'negative' },
      ])
      const Nested = schema.object({ inner: Range })
      expect(issues(Nested, { inner: { from: 2, to: 1 } })[0]?.path).toEqual(['inner', 'to'])
    })

    it('every refinement reports; a transform after a failure does not run', () => {
      let ran = false
      const S = schema
        .string()
        .refine((s) => s.length > 3, 'short')
        .refine((s) => /\d/.test(s), 'no digit')
        .transform((s) => {
          ran = true
          return s
        })
      expect(issues(S, 'ab').map((i) => i.message)).toEqual(['short', 'no digit'])
      expect(ran).toBe(false)
    })

    it('a throwing refinement or transform is an issue, not an exception', () => {
      const S = schema.string().refine(() => {
        throw new Error('boom')
      })
      expect(issues(S, 'x')).toMatchObject([{ code: 'custom', message: 'boom' }])
      const T = schema.number().transform(() => {
        throw 'plain string'
      })
      expect(issues(T, 1)).toMatchObject([{ code: 'custom', message: 'plain string' }])
    })

    it('optional and nullable skip transforms and refinements', () => {
      const S = schema
        .string()
        .transform((s) => s.length)
        .optional()
        .nullable()
      expect(value(S, 'abc')).toBe(3)
      expect(value(S, undefined)).toBe(undefined)
      expect(value(S, null)).toBe(null)
    })

    it('describe, meta and brand do not change validation', () => {
      const S = schema.string().describe('a name').meta({ title: 'Name' }).brand('Name')
      expect(value(S, 'x')).toBe('x')
      expect(codes(S, 1)).toEqual(['invalid_type'])
    })
  })

  describe('lazy', () => {
    interface Category {
      name: string
      children: Category[]
    }
    const Category: Schema<Category> = schema.lazy(() =>
      schema.object({ name: schema.string(), children: schema.array(Category) }),
    )

    it('parses recursive shapes with deep paths', () => {
      const tree = { name: 'a', children: [{ name: 'b', children: [{ name: 'c', children: [] }] }] }
      expect(value(Category, tree)).toEqual(tree)
      const bad = { name: 'a', children: [{ name: 'b', children: [{ name: 3, children: [] }] }] }
      expect(issues(Category, bad)).toMatchObject([
        { path: ['children', 0, 'children', 0, 'name'], code: 'invalid_type' },
      ])
    })

    it('keeps shared subtrees shared and reports issues at every place they appear', () => {
      const leaf = { name: 'leaf', children: [] }
      const out = value(Category, { name: 'r', children: [leaf, leaf] })
      expect(out.children[0]).toBe(out.children[1])
      const badLeaf = { name: 1, children: [] }
      expect(issues(Category, { name: 'r', children: [badLeaf, badLeaf] }).map((i) => i.path)).toEqual([
        ['children', 0, 'name'],
        ['children', 1, 'name'],
      ])
    })
  })

  describe('messages', () => {
    it('per-check messages win over the global map, which wins over the defaults', () => {
      const previous = configure({
        messages: { too_small: (i) => `au moins ${String(i.params.limit)}`, invalid_type: 'type incorrect' },
      })
      try {
        expect(issues(schema.number().min(18), 3)[0]?.message).toBe('au moins 18')
        expect(issues(schema.number().min(18, 'adults only'), 3)[0]?.message).toBe('adults only')
        expect(issues(schema.string().min(2, { message: 'too short' }), 'a')[0]?.message).toBe('too short')
        expect(issues(schema.string(), 1)[0]?.message).toBe('type incorrect')
        expect(issues(schema.string({ message: 'give me text' }), 1)[0]?.message).toBe('give me text')
      } finally {
        configure(previous)
      }
      expect(issues(schema.number().min(18), 3)[0]?.message).toBe('must be at least 18')
    })
  })

  describe('results', () => {
    it('safeParse, is, assert', () => {
      const S = schema.number().int()
      expect(S.safeParse(1)).toEqual({ success: true, data: 1 })
      const failed = S.safeParse(1.5)
      expect(failed.success).toBe(false)
      expect(failed.error?.issues[0]?.code).toBe('not_integer')
      expect(S.is(1)).toBe(true)
      expect(S.is('1')).toBe(false)
      expect(S.assert(2)).toBe(2)
      expect(() => S.assert(1.5)).toThrow(/must be an integer/)
      try {
        S.assert('x')
      } catch (error) {
        expect(isValidationError(error)).toBe(true)
      }
    })

    it('is() agrees with parse for schemas with effects and defaults', () => {
      const S = schema.object({ n: schema.number().refine((n) => n > 0), d: schema.string().default('x') })
      expect(S.is({ n: 1 })).toBe(true)
      expect(S.is({ n: -1 })).toBe(false)
    })

    it('errors are ValidationErrors with the issue list', () => {
      const r = schema.object({ a: schema.string() }).parse({})
      expect(r.ok).toBe(false)
      if (r.ok) return
      expect(r.error.code).toBe('VALIDATION_FAILED')
      expect(r.error.message).toBe('a: is required')
      expect(r.error.toJSON().issues).toEqual(r.error.issues)
    })
  })

  describe('async', () => {
    it('parseAsync awaits async refinements and transforms', async () => {
      const taken = new Set(['ada'])
      const Free = schema
        .string()
        .refine(async (name) => !taken.has(name), 'already taken')
        .transform(async (name) => name.toUpperCase())
      expect((await Free.parseAsync('bob')).unwrap()).toBe('BOB')
      const r = await Free.safeParseAsync('ada')
      expect(r.success).toBe(false)
      expect(r.error?.issues).toMatchObject([{ code: 'custom', message: 'already taken' }])
      const Nested = schema.object({ users: schema.array(Free) })
      expect((await Nested.parseAsync({ users: ['x', 'ada'] })).unwrapOr(null)).toBe(null)
      const rejected = schema.string().refine(() => Promise.reject(new Error('service down')))
      expect((await rejected.safeParseAsync('x')).error?.issues[0]?.message).toBe('service down')
    })

    it('a synchronous parse of an async schema reports async_schema', () => {
      const S = schema.string().refine(async () => true)
      expect(codes(S, 'x')).toEqual(['async_schema'])
    })

    it('parseAsync works for schemas without effects too', async () => {
      expect((await schema.number().parseAsync(1)).unwrap()).toBe(1)
      expect((await schema.number().safeParseAsync('1')).success).toBe(false)
    })
  })
})

describe('schema values', () => {
  it('are frozen and every method returns a new schema', () => {
    const S = schema.string()
    const T = S.min(1)
    expect(T).not.toBe(S)
    expect(Object.isFrozen(S)).toBe(true)
    expect(S.is('')).toBe(true)
    expect(T.is('')).toBe(false)
  })

  it('reject bad definitions at definition time', () => {
    expect(() => schema.string().min(-1)).toThrow(TypeError)
    expect(() => schema.number().min(Number.NaN)).toThrow(TypeError)
    expect(() => schema.number().multipleOf(0)).toThrow(TypeError)
    expect(() => schema.date().min('nope')).toThrow(TypeError)
    expect(() => schema.enum([] as unknown as ['a'])).toThrow(TypeError)
    expect(() => schema.literal(Number.NaN)).toThrow(TypeError)
    expect(() => schema.object({ a: 'string' as unknown as AnySchema })).toThrow(TypeError)
    expect(() => schema.array({} as AnySchema)).toThrow(TypeError)
  })

  it('infer their types', () => {
    const S = schema.object({ a: schema.string(), b: schema.number().optional() })
    const v: Infer<typeof S> = { a: 'x' }
    expect(S.is(v)).toBe(true)
  })
})
