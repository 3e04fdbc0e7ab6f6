import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Err, Ok, Result } from './result.js'

describe('Result', () => {
  it('builds and narrows both variants', () => {
    const ok: Result<string, number> = Result.Ok(1)
    const err: Result<string, number> = Result.Err('boom')
    expect(Result.isOk(ok) && ok.value).toBe(1)
    expect(Result.isErr(err) && err.error).toBe('boom')
    expect(ok.isOk()).toBe(true)
    expect(err.isErr()).toBe(true)
    expect(ok).toBeInstanceOf(Ok)
    expect(err).toBeInstanceOf(Err)
  })

  it('maps, chains and folds', () => {
    const half = (n: number): Result<string, number> => (n % 2 === 0 ? Result.Ok(n / 2) : Result.Err(`${n} is odd`))
    expect(
      half(8)
        .flatMap(half)
        .map((n) => n * 10)
        .unwrapOr(-1),
    ).toBe(20)
    expect(half(6).flatMap(half).unwrapOr(-1)).toBe(-1)
    expect(
      half(3)
        .mapErr((e) => e.toUpperCase())
        .match({ Ok: () => '', Err: (e) => e }),
    ).toBe('3 IS ODD')
    expect(half(4).match({ Ok: (n) => n + 1, Err: () => 0 })).toBe(3)
  })

  it('skips the function on the other variant', () => {
    let calls = 0
    Result.Err<string, number>('x').map(() => calls++)
    Result.Ok<number, string>(1).mapErr(() => calls++)
    Result.Err<string, number>('x').flatMap(() => Result.Ok(calls++))
    expect(calls).toBe(0)
  })

  it('converts promises and throwing functions', async () => {
    expect((await Result.fromPromise(Promise.resolve(3))).unwrap()).toBe(3)
    const rejected = await Result.fromPromise(Promise.reject(new Error('no')), (e) => (e as Error).message)
    expect(rejected.isErr() && rejected.error).toBe('no')
    expect(Result.tryCatch(() => JSON.parse('{"a":1}')).unwrap()).toEqual({ a: 1 })
    const bad = Result.tryCatch(
      () => JSON.parse('{'),
      () => 'invalid json',
    )
    expect(bad.isErr() && bad.error).toBe('invalid json')
  })

  it('collects all values or returns the first error', () => {
    expect(Result.all([Result.Ok(1), Result.Ok('a')] as const).unwrap()).toEqual([1, 'a'])
    const r = Result.all([Result.Ok(1), Result.Err('first'), Result.Err('second')])
    expect(r.isErr() && r.error).toBe('first')
    expect(Result.all([]).unwrap()).toEqual([])
  })

  it('unwrap throws the error on Err, for tests and scripts', () => {
    expect(() => Result.Err(new RangeError('r')).unwrap()).toThrow(RangeError)
    expect(() => Result.Err('plain').unwrap()).toThrow('unwrap() on Err: plain')
  })

  it('serialises to JSON', () => {
    expect(JSON.stringify(Result.Ok({ a: 1 }))).toBe('{"ok":true,"value":{"a":1}}')
    expect(JSON.stringify(Result.Err('e'))).toBe('{"ok":false,"error":"e"}')
  })

  it('obeys the monad laws (property)', () => {
    const f = (n: number): Result<string, number> => (n > 0 ? Result.Ok(n - 1) : Result.Err('neg'))
    const g = (n: number): Result<string, number> => (n % 3 === 0 ? Result.Err('three') : Result.Ok(n * 2))
    fc.assert(
      fc.property(fc.integer(), (n) => {
        const same = (a: Result<string, number>, b: Result<string, number>) => expect(a.toJSON()).toEqual(b.toJSON())
        same(Result.Ok<number, string>(n).flatMap(f), f(n)) // left identity
        same(
          f(n).flatMap((x) => Result.Ok(x)),
          f(n),
        ) // right identity
        same(
          f(n).flatMap(g),
          f(n).flatMap((x) => g(x)),
        ) // associativity (sequencing)
        same(
          Result.Ok<number, string>(n).flatMap(f).flatMap(g),
          Result.Ok<number, string>(n).flatMap((x) => f(x).flatMap(g)),
        )
      }),
    )
  })
})
