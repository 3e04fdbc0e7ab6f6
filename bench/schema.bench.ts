import { Type } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { type } from 'arktype'
import { schema } from 'kairo/schema'
import * as v from 'valibot'
import { z } from 'zod'
import { type BenchCase, benchGroup } from './harness.js'

/**
 * `npm run bench -- schema`: Kairo schemas against zod 4, valibot 1, arktype 2 and TypeBox's
 * TypeCompiler, on the data shape and the four cases of moltar/typescript-runtime-type-benchmarks
 * (parseSafe: strip unknown keys; parseStrict: reject them; assertLoose; assertStrict), on a
 * realistic order document (valid and invalid), and on invalid input of the moltar shape.
 */

let sink: unknown

const validateData = Object.freeze({
  number: 1,
  negNumber: -1,
  maxNumber: Number.MAX_VALUE,
  string: 'string',
  longString:
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum. Vivendum intellegat et qui, ei denique consequuntur vix. Semper aeterno percipit ut his, sea ex utinam referrentur repudiandae. No epicuri hendrerit consetetur sit, sit dicta adipiscing ex, in facete detracto deterruisset duo. Quot populo ad qui. Sit fugit nostrum et. Ad per diam dicant interesset, lorem iusto sensibus ut sed. No dicam aperiam vis. Pri posse graeco definitiones cu, id eam populo quaestio adipiscing, usu quod malorum te. Ex nam agam veri, dicunt efficiantur ad qui, ad legere adversarium sit. Commune platonem mel id, brute adipiscing duo an. Vivendum intellegat et qui, ei denique consequuntur vix. Offendit eleifend moderatius ex vix, quem odio mazim et qui, purto expetendis cotidieque quo cu, veri persius vituperata ei nec. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.',
  boolean: true,
  deeplyNested: { foo: 'bar', num: 1, bool: false },
})
const invalidData = Object.freeze({ ...validateData, number: 'one', deeplyNested: { foo: 1, num: 1, bool: 'no' } })

const kairoShape = {
  number: schema.number(),
  negNumber: schema.number(),
  maxNumber: schema.number(),
  string: schema.string(),
  longString: schema.string(),
  boolean: schema.boolean(),
}
const K = schema.object({
  ...kairoShape,
  deeplyNested: schema.object({ foo: schema.string(), num: schema.number(), bool: schema.boolean() }),
})
const KStrict = schema
  .object({
    ...kairoShape,
    deeplyNested: schema.object({ foo: schema.string(), num: schema.number(), bool: schema.boolean() }).strict(),
  })
  .strict()

const zodShape = {
  number: z.number(),
  negNumber: z.number(),
  maxNumber: z.number(),
  string: z.string(),
  longString: z.string(),
  boolean: z.boolean(),
}
const Z = z.object({ ...zodShape, deeplyNested: z.object({ foo: z.string(), num: z.number(), bool: z.boolean() }) })
const ZStrict = z.strictObject({
  ...zodShape,
  deeplyNested: z.strictObject({ foo: z.string(), num: z.number(), bool: z.boolean() }),
})
const ZLoose = z.looseObject({
  ...zodShape,
  deeplyNested: z.looseObject({ foo: z.string(), num: z.number(), bool: z.boolean() }),
})

const valibotShape = {
  number: v.number(),
  negNumber: v.number(),
  maxNumber: v.number(),
  string: v.string(),
  longString: v.string(),
  boolean: v.boolean(),
}
const V = v.object({ ...valibotShape, deeplyNested: v.object({ foo: v.string(), num: v.number(), bool: v.boolean() }) })
const VStrict = v.strictObject({
  ...valibotShape,
  deeplyNested: v.strictObject({ foo: v.string(), num: v.number(), bool: v.boolean() }),
})
const VLoose = v.looseObject({
  ...valibotShape,
  deeplyNested: v.looseObject({ foo: v.string(), num: v.number(), bool: v.boolean() }),
})

const arkDef = {
  number: 'number',
  negNumber: 'number',
  maxNumber: 'number',
  string: 'string',
  longString: 'string',
  boolean: 'boolean',
  deeplyNested: { foo: 'string', num: 'number', bool: 'boolean' },
} as const
const A = type(arkDef)
const AStrip = A.onDeepUndeclaredKey('delete')
const AStrict = A.onDeepUndeclaredKey('reject')

const typeboxShape = {
  number: Type.Number(),
  negNumber: Type.Number(),
  maxNumber: Type.Number(),
  string: Type.String(),
  longString: Type.String(),
  boolean: Type.Boolean(),
}
const T = TypeCompiler.Compile(
  Type.Object({
    ...typeboxShape,
    deeplyNested: Type.Object({ foo: Type.String(), num: Type.Number(), bool: Type.Boolean() }),
  }),
)
const TStrict = TypeCompiler.Compile(
  Type.Object(
    {
      ...typeboxShape,
      deeplyNested: Type.Object(
        { foo: Type.String(), num: Type.Number(), bool: Type.Boolean() },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
)

/** Calls per measured iteration: amortises the harness's per-call timing overhead (~40 ns). */
const BATCH = 50

/**
 * A case that runs `fn` on BATCH different (equal) inputs per iteration: distinct objects keep the
 * optimiser from folding a check of one constant frozen object away, which flatters whoever gets
 * inlined into the benchmark loop.
 */
function batch(name: string, fn: (i: number) => unknown, baseline = false): BenchCase {
  return {
    name,
    baseline,
    fn: () => {
      for (let i = 0; i < BATCH; i++) sink = fn(i)
    },
  }
}

/** BATCH deep copies of a value, frozen at the top like the moltar data (unless `frozen` is false). */
function copies<T>(value: T, frozen = true): T[] {
  return Array.from({ length: BATCH }, () => (frozen ? Object.freeze(structuredClone(value)) : structuredClone(value)))
}

function fail(): never {
  throw new Error('validation failure')
}

// ---- the order document ----

const kairoOrder = schema.object({
  id: schema.string().uuid(),
  customer: schema.object({
    id: schema.string().uuid(),
    email: schema.string().email(),
    name: schema.string().min(1).max(100),
    phone: schema.string().optional(),
  }),
  lines: schema
    .array(
      schema.object({
        productId: schema.string().uuid(),
        sku: schema.string().regex(/^[A-Z]{3}-\d{4}$/),
        quantity: schema.number().int().positive(),
        unitPrice: schema.number().nonnegative(),
        discount: schema.number().min(0).max(1).optional(),
      }),
    )
    .min(1),
  shipping: schema.object({
    street: schema.string(),
    city: schema.string(),
    postcode: schema.string(),
    country: schema.string().length(2),
  }),
  payment: schema.union([
    schema.object({
      method: schema.literal('card'),
      last4: schema.string().length(4),
      brand: schema.enum(['visa', 'mastercard']),
    }),
    schema.object({ method: schema.literal('paypal'), email: schema.string().email() }),
    schema.object({ method: schema.literal('invoice'), dueDays: schema.number().int().min(0) }),
  ]),
  notes: schema.string().max(500).optional(),
  placedAt: schema.date(),
  tags: schema.array(schema.string()),
})

const zodOrder = z.object({
  id: z.uuid(),
  customer: z.object({
    id: z.uuid(),
    email: z.email(),
    name: z.string().min(1).max(100),
    phone: z.string().optional(),
  }),
  lines: z
    .array(
      z.object({
        productId: z.uuid(),
        sku: z.string().regex(/^[A-Z]{3}-\d{4}$/),
        quantity: z.number().int().positive(),
        unitPrice: z.number().nonnegative(),
        discount: z.number().min(0).max(1).optional(),
      }),
    )
    .min(1),
  shipping: z.object({ street: z.string(), city: z.string(), postcode: z.string(), country: z.string().length(2) }),
  payment: z.union([
    z.object({ method: z.literal('card'), last4: z.string().length(4), brand: z.enum(['visa', 'mastercard']) }),
    z.object({ method: z.literal('paypal'), email: z.email() }),
    z.object({ method: z.literal('invoice'), dueDays: z.number().int().min(0) }),
  ]),
  notes: z.string().max(500).optional(),
  placedAt: z.iso.datetime(),
  tags: z.array(z.string()),
})

const valibotOrder = v.object({
  id: v.pipe(v.string(), v.uuid()),
  customer: v.object({
    id: v.pipe(v.string(), v.uuid()),
    email: v.pipe(v.string(), v.email()),
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    phone: v.optional(v.string()),
  }),
  lines: v.pipe(
    v.array(
      v.object({
        productId: v.pipe(v.string(), v.uuid()),
        sku: v.pipe(v.string(), v.regex(/^[A-Z]{3}-\d{4}$/)),
        quantity: v.pipe(v.number(), v.integer(), v.minValue(1)),
        unitPrice: v.pipe(v.number(), v.minValue(0)),
        discount: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
      }),
    ),
    v.minLength(1),
  ),
  shipping: v.object({
    street: v.string(),
    city: v.string(),
    postcode: v.string(),
    country: v.pipe(v.string(), v.length(2)),
  }),
  payment: v.union([
    v.object({
      method: v.literal('card'),
      last4: v.pipe(v.string(), v.length(4)),
      brand: v.picklist(['visa', 'mastercard']),
    }),
    v.object({ method: v.literal('paypal'), email: v.pipe(v.string(), v.email()) }),
    v.object({ method: v.literal('invoice'), dueDays: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  ]),
  notes: v.optional(v.pipe(v.string(), v.maxLength(500))),
  placedAt: v.pipe(v.string(), v.isoTimestamp()),
  tags: v.array(v.string()),
})

const arkOrder = type({
  id: 'string.uuid',
  customer: { id: 'string.uuid', email: 'string.email', name: '1 <= string <= 100', 'phone?': 'string' },
  lines: type({
    productId: 'string.uuid',
    sku: /^[A-Z]{3}-\d{4}$/,
    quantity: 'number.integer > 0',
    unitPrice: 'number >= 0',
    'discount?': '0 <= number <= 1',
  })
    .array()
    .atLeastLength(1),
  shipping: { street: 'string', city: 'string', postcode: 'string', country: 'string == 2' },
  payment: type({ method: "'card'", last4: 'string == 4', brand: "'visa' | 'mastercard'" })
    .or({ method: "'paypal'", email: 'string.email' })
    .or({ method: "'invoice'", dueDays: 'number.integer >= 0' }),
  'notes?': 'string <= 500',
  placedAt: 'string.date.iso',
  tags: 'string[]',
}).onDeepUndeclaredKey('delete')

const typeboxOrder = TypeCompiler.Compile(
  Type.Object({
    id: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }),
    customer: Type.Object({
      id: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }),
      email: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      phone: Type.Optional(Type.String()),
    }),
    lines: Type.Array(
      Type.Object({
        productId: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }),
        sku: Type.String({ pattern: '^[A-Z]{3}-\\d{4}$' }),
        quantity: Type.Integer({ exclusiveMinimum: 0 }),
        unitPrice: Type.Number({ minimum: 0 }),
        discount: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      }),
      { minItems: 1 },
    ),
    shipping: Type.Object({
      street: Type.String(),
      city: Type.String(),
      postcode: Type.String(),
      country: Type.String({ minLength: 2, maxLength: 2 }),
    }),
    payment: Type.Union([
      Type.Object({
        method: Type.Literal('card'),
        last4: Type.String({ minLength: 4, maxLength: 4 }),
        brand: Type.Union([Type.Literal('visa'), Type.Literal('mastercard')]),
      }),
      Type.Object({
        method: Type.Literal('paypal'),
        email: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }),
      }),
      Type.Object({ method: Type.Literal('invoice'), dueDays: Type.Integer({ minimum: 0 }) }),
    ]),
    notes: Type.Optional(Type.String({ maxLength: 500 })),
    placedAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T' }),
    tags: Type.Array(Type.String()),
  }),
)

const order = Object.freeze({
  id: '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f70',
  customer: {
    id: '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f71',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    extra: 'strip me',
  },
  lines: Array.from({ length: 5 }, (_, i) => ({
    productId: `0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f7${i}`,
    sku: `ABC-000${i}`,
    quantity: i + 1,
    unitPrice: 9.99 + i,
    ...(i % 2 === 0 ? { discount: 0.1 } : {}),
  })),
  shipping: { street: '1 rue de Rivoli', city: 'Paris', postcode: '75001', country: 'FR' },
  payment: { method: 'paypal', email: 'ada@example.com' },
  placedAt: '2024-05-01T10:00:00.000Z',
  tags: ['gift', 'express'],
})
const badOrder = Object.freeze({
  ...order,
  customer: { ...order.customer, email: 'not-an-email' },
  lines: [{ ...order.lines[0]!, quantity: 0 }, ...order.lines.slice(1)],
  shipping: { street: '1 rue de Rivoli', postcode: '75001', country: 'FRA' },
})

// arktype's key deletion writes into its input (it fails on frozen objects), so it gets unfrozen copies.
const arkOrderData = () => structuredClone(order)
const arkBadOrder = structuredClone(badOrder)

const validInputs = copies(validateData)
const arkValidInputs = copies(validateData, false)
const invalidInputs = copies(invalidData)
const arkInvalidInputs = copies(invalidData, false)
const orderInputs = copies(order)
const arkOrderInputs = copies(order, false)
const badOrderInputs = copies(badOrder)
const arkBadOrderInputs = copies(badOrder, false)

function check(name: string, ok: boolean) {
  if (!ok) throw new Error(`benchmark setup: ${name} disagrees with the expected outcome`)
}

/** The cases, each checked once against the expected outcome before measuring. */
export default async function schemaBench(): Promise<void> {
  check('kairo parseSafe', K.parse({ ...validateData, extra: 1 }).ok)
  check('kairo parseStrict', !KStrict.parse({ ...validateData, extra: 1 }).ok)
  check('kairo order', kairoOrder.parse(order).ok && !kairoOrder.parse(badOrder).ok)
  check('zod order', zodOrder.safeParse(order).success && !zodOrder.safeParse(badOrder).success)
  check('valibot order', v.safeParse(valibotOrder, order).success && !v.safeParse(valibotOrder, badOrder).success)
  check(
    'arktype order',
    !(arkOrder(arkOrderData()) instanceof type.errors) && arkOrder(arkBadOrder) instanceof type.errors,
  )
  check('typebox order', typeboxOrder.Check(order) && !typeboxOrder.Check(badOrder))
  // Every checker is used before measuring, as in an application with many schemas: shared
  // dispatch paths (Schema.prototype.is, TypeCheck.prototype.Check) see all their targets.
  check('checks', K.is(validateData) && !KStrict.is({ ...validateData, x: 1 }) && kairoOrder.is(order))
  check('typebox checks', T.Check(validateData) && !TStrict.Check({ ...validateData, x: 1 }))

  const groups: Array<[string, BenchCase[]]> = [
    [
      'parseSafe (moltar shape: validate, strip unknown keys)',
      [
        batch('zod 4', (i) => Z.parse(validInputs[i]), true),
        batch('valibot 1', (i) => v.parse(V, validInputs[i])),
        batch('arktype 2', (i) => AStrip.assert(arkValidInputs[i])),
        batch('kairo (jit)', (i) => K.parse(validInputs[i]).unwrap()),
      ],
    ],
    [
      'parseStrict (moltar shape: reject unknown keys)',
      [
        batch('zod 4', (i) => ZStrict.parse(validInputs[i]), true),
        batch('valibot 1', (i) => v.parse(VStrict, validInputs[i])),
        batch('arktype 2', (i) => AStrict.assert(arkValidInputs[i])),
        batch('kairo (jit)', (i) => KStrict.parse(validInputs[i]).unwrap()),
      ],
    ],
    [
      'assertLoose (moltar shape: check only, unknown keys allowed)',
      [
        batch('typebox TypeCompiler', (i) => T.Check(validInputs[i]) || fail(), true),
        batch('zod 4', (i) => ZLoose.safeParse(validInputs[i]).success || fail()),
        batch('valibot 1', (i) => v.is(VLoose, validInputs[i]) || fail()),
        batch('arktype 2', (i) => A.allows(validInputs[i]) || fail()),
        batch('kairo is()', (i) => K.is(validInputs[i]) || fail()),
      ],
    ],
    [
      'assertStrict (moltar shape: check only, unknown keys rejected)',
      [
        batch('typebox TypeCompiler', (i) => TStrict.Check(validInputs[i]) || fail(), true),
        batch('zod 4', (i) => ZStrict.safeParse(validInputs[i]).success || fail()),
        batch('valibot 1', (i) => v.is(VStrict, validInputs[i]) || fail()),
        batch('arktype 2', (i) => AStrict.allows(validInputs[i]) || fail()),
        batch('kairo is()', (i) => KStrict.is(validInputs[i]) || fail()),
      ],
    ],
    [
      'order document, valid (nested arrays, formats, optionals, a union; strip)',
      [
        batch('zod 4', (i) => zodOrder.parse(orderInputs[i]), true),
        batch('valibot 1', (i) => v.parse(valibotOrder, orderInputs[i])),
        batch('arktype 2', (i) => arkOrder.assert(arkOrderInputs[i])),
        batch('kairo (jit)', (i) => kairoOrder.parse(orderInputs[i]).unwrap()),
        batch('typebox TypeCompiler (check only, no output)', (i) => typeboxOrder.Check(orderInputs[i])),
        batch('kairo is() (check only)', (i) => kairoOrder.is(orderInputs[i])),
      ],
    ],
    [
      'order document, invalid (all issues collected)',
      [
        batch('zod 4', (i) => zodOrder.safeParse(badOrderInputs[i]).error?.issues.length, true),
        batch('valibot 1', (i) => v.safeParse(valibotOrder, badOrderInputs[i]).issues?.length),
        batch('arktype 2', (i) => arkOrder(arkBadOrderInputs[i])),
        batch('kairo (jit)', (i) => kairoOrder.safeParse(badOrderInputs[i]).error?.issues.length),
      ],
    ],
    [
      'invalid input (moltar shape, three wrong fields)',
      [
        batch('zod 4', (i) => Z.safeParse(invalidInputs[i]).success, true),
        batch('valibot 1', (i) => v.safeParse(V, invalidInputs[i]).success),
        batch('arktype 2', (i) => AStrip(arkInvalidInputs[i])),
        batch('kairo (jit)', (i) => K.safeParse(invalidInputs[i]).success),
      ],
    ],
  ]
  console.log(`each iteration runs the operation ${BATCH} times: operations per second = ops/s × ${BATCH}`)
  for (const [title, cases] of groups) await benchGroup(title, cases)
  if (sink === Symbol.for('never')) console.log(sink)
}
