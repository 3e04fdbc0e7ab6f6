import { isValidationError, type ValidationError } from 'kairo'
import { type Infer, schema } from 'kairo/schema'
import { isTransformError, type TransformError, transform } from 'kairo/transform'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'

const RawOrder = schema.object({
  order_no: schema.string(),
  customer: schema.object({
    first: schema.string(),
    last: schema.string(),
    address: schema.object({ zip_code: schema.string(), city: schema.string() }),
  }),
  total_cents: schema.number().int(),
  status: schema.enum(['open', 'cancelled']),
})
const Order = schema.object({
  number: schema.string().startsWith('ORD-'),
  customerName: schema.string(),
  shipping: schema.object({ postcode: schema.string(), city: schema.string() }),
  total: schema.number().nonnegative(),
  currency: schema.literal('EUR').default('EUR'),
})

const importOrder = transform('order-import', RawOrder)
  .to(Order)
  .map('order_no', 'number', (_source, value) => `ORD-${value}`)
  .compute('customerName', (source) => `${source.customer.first} ${source.customer.last}`)
  .map('customer.address.zip_code', 'shipping.postcode')
  .map('customer.address.city', 'shipping.city')
  .map('total_cents', 'total', (source) => source.total_cents / 100)
  .filter((source) => source.status !== 'cancelled')
  .validate()

const raw = {
  order_no: '42',
  customer: { first: 'Ada', last: 'Lovelace', address: { zip_code: '75001', city: 'Paris' } },
  total_cents: 1250,
  status: 'open',
}

describe('transform', () => {
  it('maps, converts, computes and validates, with nested paths', () => {
    expect(importOrder.execute(raw).unwrap()).toEqual({
      number: 'ORD-42',
      customerName: 'Ada Lovelace',
      shipping: { postcode: '75001', city: 'Paris' },
      total: 12.5,
      currency: 'EUR',
    })
    expectTypeOf(importOrder.execute(raw).unwrap()).toEqualTypeOf<Infer<typeof Order>>()
    expect(importOrder.name).toBe('order-import')
  })

  it('returns a ValidationError for bad source data and for a target the mapping does not satisfy', () => {
    const bad = importOrder.execute({ ...raw, total_cents: 'x' })
    expect(!bad.ok && isValidationError(bad.error) && bad.error.issues[0]?.path).toEqual(['total_cents'])
    const negative = importOrder.execute({ ...raw, total_cents: -5 })
    expect(!negative.ok && (negative.error as ValidationError).issues).toMatchObject([
      { path: ['total'], code: 'too_small' },
    ])
  })

  it('filters items out with TRANSFORM_FILTERED', () => {
    const r = importOrder.execute({ ...raw, status: 'cancelled' })
    expect(!r.ok && isTransformError(r.error) && r.error.code).toBe('TRANSFORM_FILTERED')
  })

  it('turns a throwing mapping into TRANSFORM_FAILED with the field and cause', () => {
    const t = transform('boom', RawOrder)
      .to(Order)
      .compute('customerName', () => {
        throw new Error('no name service')
      })
    const r = t.execute(raw)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const error = r.error as TransformError
    expect(error.code).toBe('TRANSFORM_FAILED')
    expect(error.details).toEqual({ transform: 'boom', field: 'customerName' })
    expect((error.cause as Error).message).toBe('no name service')
    const throwingFilter = transform('f', RawOrder)
      .to(Order)
      .filter(() => {
        throw new Error('x')
      })
    expect(
      !throwingFilter.execute(raw).ok && (throwingFilter.execute(raw) as { error: TransformError }).error.code,
    ).toBe('TRANSFORM_FAILED')
  })

  it('without validate() returns the mapped object as built', () => {
    const t = transform('loose', RawOrder).to(Order).map('order_no', 'number')
    expect(t.execute(raw).unwrap()).toEqual({ number: '42' })
  })

  it('executeMany gives per-item results and a summary', () => {
    const batch = importOrder.executeMany([
      raw,
      { ...raw, status: 'cancelled' },
      { nope: 1 },
      { ...raw, order_no: '7' },
    ])
    expect(batch.summary).toEqual({ total: 4, succeeded: 2, failed: 1, filtered: 1 })
    expect(batch.values.map((o) => o.number)).toEqual(['ORD-42', 'ORD-7'])
    expect(batch.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'ok',
      'TRANSFORM_FILTERED',
      'VALIDATION_FAILED',
      'ok',
    ])
  })

  it('pipe feeds one transform into the next, whose source schema checks it', () => {
    const Invoice = schema.object({ ref: schema.string(), amount: schema.string() })
    const toInvoice = transform('invoice', Order)
      .to(Invoice)
      .map('number', 'ref')
      .map('total', 'amount', (_s, total) => `${total.toFixed(2)} EUR`)
      .validate()
    const chain = importOrder.pipe(toInvoice)
    expect(chain.name).toBe('order-import | invoice')
    expect(chain.execute(raw).unwrap()).toEqual({ ref: 'ORD-42', amount: '12.50 EUR' })
    expect(chain.executeMany([raw, {}]).summary).toMatchObject({ succeeded: 1, failed: 1 })
    expect(chain.pipe(transform('id', Invoice).to(Invoice).map('ref', 'ref')).execute(raw).unwrap()).toEqual({
      ref: 'ORD-42',
    })
  })

  it('checks types from source to target', () => {
    const t = transform('types', RawOrder).to(Order)
    // @ts-expect-error: not a source path
    expect(() => t.map('nope', 'number')).not.toThrow()
    // @ts-expect-error: not a target path
    t.map('order_no', 'nope')
    // @ts-expect-error: a number cannot fill a string field
    t.compute('customerName', () => 3)
    t.map('customer.address.city', 'shipping.city')
    expect(true).toBe(true)
  })

  it('rejects dangerous or empty path segments at definition time', () => {
    const t = transform('paths', RawOrder).to(Order) as unknown as { map(a: string, b: string): unknown }
    expect(() => t.map('order_no', '__proto__.polluted')).toThrow(TypeError)
    expect(() => t.map('constructor.prototype', 'number')).toThrow(TypeError)
    expect(() => t.map('a..b', 'number')).toThrow(TypeError)
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })

  it('takes any Standard Schema as source and target', () => {
    const t = transform('zod', z.object({ first_name: z.string() }))
      .to(schema.object({ firstName: schema.string().min(2) }))
      .map('first_name', 'firstName')
      .validate()
    expect(t.execute({ first_name: 'Ada' }).unwrap()).toEqual({ firstName: 'Ada' })
    expect(t.execute({ first_name: 1 }).ok).toBe(false)
    expect(() => transform('x', {} as never)).toThrow(TypeError)
  })
})
