import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { richValue } from '../../test/contracts/rich-value-arbitrary.js'
import { jsonSerializer } from './json-serializer.js'

describe('jsonSerializer', () => {
  it('brings back any mix of JSON, Date, BigInt, Map, Set, bytes, undefined and special numbers', () => {
    fc.assert(
      fc.property(richValue, (value) => {
        expect(jsonSerializer.decode(jsonSerializer.encode(value))).toEqual(value)
      }),
      { numRuns: 500 },
    )
  })

  it('keeps -0, NaN, invalid dates and objects that have a $t key of their own', () => {
    const value = { z: -0, n: Number.NaN, bad: new Date(Number.NaN), tagged: { $t: 'd', v: 5 } }
    const back = jsonSerializer.decode(jsonSerializer.encode(value)) as typeof value
    expect(Object.is(back.z, -0)).toBe(true)
    expect(back.n).toBeNaN()
    expect(back.bad.getTime()).toBeNaN()
    expect(back.tagged).toEqual({ $t: 'd', v: 5 })
  })

  it('keeps a __proto__ key as data without touching prototypes', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')
    const back = jsonSerializer.decode(jsonSerializer.encode(value)) as Record<string, unknown>
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
    expect(Object.hasOwn(back, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses functions, symbols and cycles with a TypeError', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    for (const bad of [() => 1, Symbol('s'), cyclic]) expect(() => jsonSerializer.encode({ bad })).toThrow(TypeError)
  })
})
