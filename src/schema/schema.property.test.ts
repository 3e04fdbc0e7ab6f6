import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import { type AnySchema, configure, sample, walkSchema } from 'kairo/schema'
import { afterEach, describe, expect, it } from 'vitest'
import { inputArbitrary, schemaArbitrary, schemaText, valueArbitrary } from '../../test/support/schema-arbitrary.js'
import { createValidators } from './engine.js'

/** Both paths, built directly so one property run compares them on the same schema and input. */
function bothPaths(s: AnySchema) {
  const previous = configure({ jit: true })
  const jit = createValidators(s)
  configure({ jit: false })
  const interpreter = createValidators(s)
  configure(previous)
  expect(jit.engine).toBe('jit')
  expect(interpreter.engine).toBe('interpreter')
  return { jit, interpreter }
}

function summary(r: ReturnType<AnySchema['parse']>) {
  return r.ok ? { ok: true, value: r.value } : { ok: false, issues: r.error.issues }
}

/** Deep equality that checks prototypes and own keys, and is not fooled by an own `constructor` key. */
function same(actual: unknown, expected: unknown, s: AnySchema, input?: unknown): void {
  if (isDeepStrictEqual(actual, expected)) return
  expect.fail(
    `schema ${schemaText(s)}\ninput ${String(JSON.stringify(input, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)))}\n` +
      `got ${JSON.stringify(actual, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}\nwant ${JSON.stringify(expected, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
  )
}

/**
 * What a valid value parses to: itself, except that a union may match it with an earlier option
 * that strips some keys. Either way parsing the output again changes nothing.
 */
function expectParsesToItself(
  s: AnySchema,
  parse: (v: unknown) => ReturnType<AnySchema['parse']>,
  value: unknown,
): void {
  const first = summary(parse(value))
  let unions = false
  walkSchema(s, (node) => {
    if (node.kind === 'union') unions = true
  })
  if (!unions) {
    same(first, { ok: true, value }, s, value)
    return
  }
  expect(first.ok).toBe(true)
  same(summary(parse(first.value)), first, s, first.value)
}

const runs = { numRuns: Number(process.env.KAIRO_PROPERTY_RUNS ?? 150) }

describe('schema properties', () => {
  afterEach(() => {
    configure({ jit: true })
  })

  it('values generated from a schema parse to themselves (after stripping), on both paths', () => {
    const cases = schemaArbitrary().chain((s) => fc.tuple(fc.constant(s), valueArbitrary(s)))
    fc.assert(
      fc.property(cases, ([s, value]) => {
        const { jit, interpreter } = bothPaths(s)
        expectParsesToItself(s, (v) => jit.parse(v), value)
        expectParsesToItself(s, (v) => interpreter.parse(v), value)
        same(summary(interpreter.parse(value)), summary(jit.parse(value)), s, value)
      }),
      runs,
    )
  })

  it('the compiled and interpreted paths agree on random schemas and inputs, and never throw', () => {
    const cases = schemaArbitrary({ effects: true }).chain((s) => fc.tuple(fc.constant(s), inputArbitrary(s)))
    fc.assert(
      fc.property(cases, ([s, input]) => {
        const { jit, interpreter } = bothPaths(s)
        const compiled = summary(jit.parse(input))
        same(summary(interpreter.parse(input)), compiled, s, input)
        same(jit.check(input), compiled.ok, s, input)
        same(interpreter.check(input), compiled.ok, s, input)
      }),
      runs,
    )
  })

  it('random values never make parse, is or safeParse throw', () => {
    fc.assert(
      fc.property(
        schemaArbitrary({ effects: true }),
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true }),
        (s, input) => {
          expect(() => s.parse(input)).not.toThrow()
          expect(() => s.is(input)).not.toThrow()
          expect(() => s.safeParse(input)).not.toThrow()
        },
      ),
      runs,
    )
  })

  it('sample() gives valid, deterministic values that parse to themselves', () => {
    fc.assert(
      fc.property(schemaArbitrary(), fc.integer(), (s, seed) => {
        const first = sample(s, { seed })
        expect(first.ok).toBe(true)
        if (!first.ok) return
        same(sample(s, { seed }), first, s)
        expectParsesToItself(s, (v) => s.parse(v), first.value)
      }),
      runs,
    )
  })
})
