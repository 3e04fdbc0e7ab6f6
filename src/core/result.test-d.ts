import { describe, expectTypeOf, it } from 'vitest'
import { type Err, type Ok, Result } from './result.js'

describe('Result types', () => {
  it('narrows through guards', () => {
    const r = Result.Ok(1) as Result<Error, number>
    if (Result.isOk(r)) expectTypeOf(r).toEqualTypeOf<Ok<number, Error>>()
    if (Result.isOk(r)) expectTypeOf(r.value).toEqualTypeOf<number>()
    if (Result.isErr(r)) expectTypeOf(r.error).toEqualTypeOf<Error>()
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<number>()
    else expectTypeOf(r).toEqualTypeOf<Err<Error, number>>()
  })

  it('accumulates error types through flatMap', () => {
    const r = Result.Ok(1) as Result<'a', number>
    const chained = r.flatMap(() => Result.Err('b' as const)).flatMap(() => Result.Ok('s'))
    expectTypeOf(chained).toEqualTypeOf<Result<'a' | 'b', string>>()
  })

  it('types Result.all position by position', () => {
    const all = Result.all([Result.Ok(1), Result.Ok('x'), Result.Err(new RangeError())] as const)
    expectTypeOf(all).toEqualTypeOf<Result<RangeError, [number, string, never]>>()
  })
})
