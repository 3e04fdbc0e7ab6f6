import * as v from 'valibot'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { ValidationError } from './errors.js'
import { isStandardSchema, validateStandard, validateStandardSync } from './standard-schema.js'

describe('Standard Schema interop', () => {
  const User = z.object({ name: z.string().min(2), tags: z.array(z.string()) })

  it('validates with a third-party schema and types the output', async () => {
    const r = await validateStandard(User, { name: 'Ada', tags: ['x'] })
    expect(r.unwrap()).toEqual({ name: 'Ada', tags: ['x'] })
    expectTypeOf(r.unwrap()).toEqualTypeOf<{ name: string; tags: string[] }>()
  })

  it('turns every issue into a ValidationError issue with its path', async () => {
    const r = await validateStandard(User, { name: 'A', tags: [1] })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toBeInstanceOf(ValidationError)
    expect(r.error.issues.map((i) => i.path)).toEqual([['name'], ['tags', 0]])
    expect(r.error.details).toEqual({ vendor: 'zod' })
    const valibot = validateStandardSync(v.object({ n: v.number() }), { n: 'x' })
    expect(!valibot.ok && valibot.error.issues[0]?.path).toEqual(['n'])
  })

  it('refuses an async schema on the sync path with a clear code', () => {
    const Async = z.string().refine(async () => true)
    const r = validateStandardSync(Async, 'x')
    expect(!r.ok && r.error.issues[0]?.code).toBe('async_schema')
  })

  it('recognises Standard Schemas', () => {
    expect(isStandardSchema(User)).toBe(true)
    expect(isStandardSchema({ '~standard': { version: 2, validate() {} } })).toBe(false)
    expect(isStandardSchema(null)).toBe(false)
  })
})
