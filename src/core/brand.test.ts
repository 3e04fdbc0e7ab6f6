import { describe, expect, expectTypeOf, it } from 'vitest'
import { type Brand, brand } from './brand.js'
import { ValidationError } from './errors.js'

describe('brand', () => {
  const Email = brand('Email', (s: string) => s.includes('@') || 'must contain @')
  const Positive = brand('Positive', (n: number) => n > 0)

  it('brands valid values and explains invalid ones', () => {
    const ok = Email('ada@example.com')
    expect(ok.unwrap()).toBe('ada@example.com')
    expectTypeOf(ok.unwrap()).toEqualTypeOf<Brand<string, 'Email'>>()
    const bad = Email('nope')
    expect(bad.isErr() && bad.error).toBeInstanceOf(ValidationError)
    expect(bad.isErr() && bad.error.issues[0]).toMatchObject({
      code: 'invalid_brand',
      message: 'must contain @',
      expected: 'Email',
    })
    expect(Positive(-1).isErr() && Positive(-1).unwrapOr(0)).toBe(0)
    const neg = Positive(-1)
    expect(neg.isErr() && neg.error.issues[0]?.message).toBe('not a valid Positive')
  })

  it('narrows with is() and brands trusted values with unsafe()', () => {
    const value: string = 'x@y'
    if (Email.is(value)) expectTypeOf(value).toEqualTypeOf<Brand<string, 'Email'>>()
    expect(Email.is('x')).toBe(false)
    expect(Email.unsafe('anything')).toBe('anything')
    expect(Email.brandName).toBe('Email')
  })

  it('keeps brands apart at compile time', () => {
    type UserId = Brand<string, 'UserId'>
    type OrderId = Brand<string, 'OrderId'>
    expectTypeOf<UserId>().not.toEqualTypeOf<OrderId>()
    expectTypeOf<UserId>().toMatchTypeOf<string>()
  })
})
