import { schema } from 'kairo/schema'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { json, type ScriptedServer, scriptedServer } from './__tests__/scripted-server.js'
import { respond } from './mock-responses.js'
import { resource } from './resource.js'

const User = schema.object({ id: schema.string().uuid(), email: schema.string().email() })
const ID = '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f70'
const UserAPI = resource(
  'users',
  {
    get: {
      path: '/users/:id',
      params: schema.object({ id: schema.string().uuid() }),
      response: User,
      retry: { times: 3 }, // the contract check turns this off too
      examples: [
        { name: 'existing user', input: { id: ID } },
        { name: 'missing user', input: { id: '0190f7a4-0000-7000-8000-000000000000' }, status: 404 },
      ],
    },
    list: {
      path: '/users',
      query: schema.object({ limit: schema.number().int().min(1).max(50) }),
      response: schema.array(User),
    },
    create: {
      path: '/users',
      body: schema.object({ email: schema.string().email() }),
      response: User,
      successStatus: 201,
    },
  },
  { baseUrl: 'http://127.0.0.1:9/never-called', circuitBreaker: { failureThreshold: 1 }, defaultRetry: { times: 5 } },
)

const open: ScriptedServer[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

describe('contract().verify(baseUrl)', () => {
  it('passes against an API that honours the declaration (here: the resource’s own mock)', async () => {
    const mock = (
      await UserAPI.mock({
        get: (call) => (call.params.id === ID ? respond.ok({ id: ID, email: 'ada@example.com' }) : respond.error(404)),
      })
    ).unwrap()
    const report = await UserAPI.contract().verify(mock.url)
    await mock.close()
    expect(report.ok).toBe(true)
    expect(report.checks.map((c) => [c.operation, c.example, c.status, c.statusMatched, c.responseMatched])).toEqual([
      ['get', 'existing user', 200, true, true],
      ['get', 'missing user', 404, true, undefined],
      ['list', 'generated', 200, true, true],
      ['create', 'generated', 201, true, true],
    ])
    // Generated inputs are valid for the schemas: the mock validated the body, the query was in range.
    const list = report.operations.list!.checks[0]!
    expect(list.input).toEqual({ limit: expect.any(Number) })
  })

  it('reports what does not match: statuses, response shapes with their issues, and unreachable calls', async () => {
    const server = await scriptedServer((req, res) => {
      if (req.method === 'POST') return json(res, 200, { id: ID, email: 'ada@example.com' }) // 200, not 201
      if (req.target.startsWith('/users?')) return json(res, 200, [{ id: 'x', email: 'nope' }])
      if (req.target === `/users/${ID}`) return json(res, 200, { id: ID, email: 'ada@example.com' })
      res.socket!.destroy() // the missing user: no answer at all
    })
    open.push(server)
    const report = await UserAPI.contract().verify(server.url)
    expect(report.ok).toBe(false)
    const byExample = Object.fromEntries(report.checks.map((c) => [`${c.operation}/${c.example}`, c]))
    expect(byExample['get/existing user']).toMatchObject({ ok: true })
    expect(byExample['get/missing user']).toMatchObject({
      ok: false,
      statusMatched: false,
      error: { code: 'NETWORK_ERROR' },
    })
    expect(byExample['list/generated']).toMatchObject({
      ok: false,
      status: 200,
      statusMatched: true,
      responseMatched: false,
    })
    expect(byExample['list/generated']!.issues.map((i) => i.path.join('.'))).toEqual(['0.id', '0.email'])
    expect(byExample['create/generated']).toMatchObject({
      ok: false,
      status: 200,
      expectedStatus: 201,
      statusMatched: false,
    })
    expect(report.operations.get!.ok).toBe(false)
    // No retries, no breaker: one request per check, and every check was made.
    expect(server.requests.length).toBe(4)
  })

  it('skips operations whose schemas cannot generate an input, and uses examples when given', async () => {
    const ZodAPI = resource('z', {
      find: { path: '/find', query: z.object({ q: z.string() }) },
      search: { path: '/search', query: z.object({ q: z.string() }), examples: [{ input: { q: 'kairo' } }] },
    })
    const server = await scriptedServer((_req, res) => json(res, 200, {}))
    open.push(server)
    const report = await ZodAPI.contract().verify(server.url)
    expect(report.operations.find!.checks[0]).toMatchObject({
      ok: false,
      skipped: expect.stringContaining('not a Kairo schema'),
    })
    expect(report.operations.search!.checks[0]).toMatchObject({ ok: true, status: 200 })
    expect(server.requests.map((r) => r.target)).toEqual(['/search?q=kairo'])
    const only = await ZodAPI.contract().verify(server.url, { operations: ['search'] })
    expect(Object.keys(only.operations)).toEqual(['search'])
  })
})
