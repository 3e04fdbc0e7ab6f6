import { sValidator } from '@hono/standard-validator'
import type { StandardSchemaV1 as SpecStandardSchemaV1 } from '@standard-schema/spec'
import { Hono } from 'hono'
import { type Brand, type StandardSchemaV1, validateStandard, validateStandardSync } from 'kairo'
import { schema } from 'kairo/schema'
import { describe, expect, expectTypeOf, it } from 'vitest'

const Author = schema.object({
  name: schema.string().min(2),
  age: schema.number().int().min(0),
  id: schema.string().uuid().brand('AuthorId').optional(),
})

describe('Standard Schema v1', () => {
  it('exposes version 1, vendor kairo, validate and types', () => {
    const std = Author['~standard']
    expect(std.version).toBe(1)
    expect(std.vendor).toBe('kairo')
    expect(std.validate({ name: 'Ada', age: 36, x: 1 })).toEqual({ value: { name: 'Ada', age: 36 } })
    expect(std.validate({ name: 'A', age: -1 })).toEqual({
      issues: [
        {
          path: ['name'],
          code: 'too_small',
          message: 'must be at least 2 characters long',
          expected: 'length >= 2',
          received: 'length 1',
        },
        { path: ['age'], code: 'too_small', message: 'must be at least 0', expected: '>= 0', received: '-1' },
      ],
    })
    expectTypeOf<SpecStandardSchemaV1.InferOutput<typeof Author>>().toEqualTypeOf<{
      name: string
      age: number
      id?: Brand<string, 'AuthorId'> | undefined
    }>()
    expectTypeOf<SpecStandardSchemaV1.InferInput<typeof Author>>().toEqualTypeOf<{
      name: string
      age: number
      id?: string | undefined
    }>()
    expectTypeOf(Author).toExtend<SpecStandardSchemaV1>()
    expectTypeOf(Author).toExtend<StandardSchemaV1>()
  })

  it('is accepted by a third-party consumer: @hono/standard-validator', async () => {
    const app = new Hono().post('/authors', sValidator('json', Author), (c) => {
      const author = c.req.valid('json')
      expectTypeOf(author.age).toEqualTypeOf<number>()
      return c.json({ greeting: `${author.name} is ${author.age}` })
    })
    const ok = await app.request('/authors', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', age: 36 }),
    })
    expect(await ok.json()).toEqual({ greeting: 'Ada is 36' })
    const bad = await app.request('/authors', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'A', age: 'x' }),
    })
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { success: boolean; error: Array<{ path: unknown[]; code: string }> }
    expect(body.success).toBe(false)
    expect(body.error.map((i) => [i.path, i.code])).toEqual([
      [['name'], 'too_small'],
      [['age'], 'invalid_type'],
    ])
  })

  it('keeps code, expected and received through kairo validateStandard', async () => {
    const r = await validateStandard(Author, { name: 'Al', age: 1.5 })
    expect(!r.ok && r.error.issues).toEqual([
      { path: ['age'], code: 'not_integer', message: 'must be an integer', expected: 'integer', received: '1.5' },
    ])
    expect(!r.ok && r.error.details).toEqual({ vendor: 'kairo' })
    expect(validateStandardSync(Author, { name: 'Al', age: 1 }).unwrap()).toEqual({ name: 'Al', age: 1 })
  })

  it('validates asynchronously when a refinement is async', async () => {
    const Free = schema.string().refine(async (s) => s !== 'taken', 'taken')
    const outcome = Free['~standard'].validate('taken')
    expect(outcome).toBeInstanceOf(Promise)
    expect(await outcome).toEqual({ issues: [{ path: [], code: 'custom', message: 'taken' }] })
    expect((await validateStandard(Free, 'free')).unwrap()).toBe('free')
  })
})
