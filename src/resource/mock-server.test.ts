import { schema } from 'kairo/schema'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { respond } from './mock-responses.js'
import type { MockServer } from './mock-server.js'
import { resource } from './resource.js'
import { isHttpError } from './resource-errors.js'

const User = schema.object({
  id: schema.string().uuid(),
  email: schema.string().email(),
  age: schema.number().int().min(18).max(99),
  roles: schema.array(schema.enum(['admin', 'member'])).nonempty(),
})
const UserAPI = resource(
  'users',
  {
    get: { path: '/users/:id', response: User },
    list: { path: '/users', query: schema.object({ page: schema.number().optional() }), response: schema.array(User) },
    create: { path: '/users', body: schema.object({ email: schema.string().email() }), response: User },
    remove: { method: 'DELETE', path: '/users/:id' },
  },
  { defaultRetry: false },
)

const servers: MockServer<unknown>[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})
async function mock(...args: Parameters<typeof UserAPI.mock>) {
  const server = (await UserAPI.mock(...args)).unwrap()
  servers.push(server as MockServer<unknown>)
  return { server, api: UserAPI.withOptions({ baseUrl: server.url }) }
}

describe('resource.mock()', () => {
  it('answers every operation with data generated from its response schema, valid by construction', async () => {
    const { api } = await mock()
    const users = (await api.list.run()).unwrap()
    const one = (await api.get.run({ id: 'u1' })).unwrap()
    const created = await api.create.send({ body: { email: 'ada@example.com' } })
    expect(users.every((u) => User.is(u))).toBe(true)
    expect(User.is(one)).toBe(true)
    expect(created.unwrap().status).toBe(201)
    expect((await api.remove.send({ id: 'u1' })).unwrap().status).toBe(200)
  })

  it('generates the same data for the same seed, other data for another', async () => {
    const a = await mock({}, { seed: 7 })
    const b = await mock({}, { seed: 7 })
    const c = await mock({}, { seed: 8 })
    const [x, y, z2] = await Promise.all([a, b, c].map(({ api }) => api.get.run({ id: '1' }).then((r) => r.unwrap())))
    expect(x).toEqual(y)
    expect(x).not.toEqual(z2)
  })

  it('answers with given data, errors, sequences and functions of the request', async () => {
    const id = '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f70'
    const ada = { id, email: 'ada@example.com', age: 36, roles: ['admin'] as const }
    const { api } = await mock({
      get: (call) => (call.params.id === 'gone' ? respond.error(404) : respond.ok({ ...ada, id })),
      list: respond.sequence([respond.error(503), respond.ok([ada])]),
      remove: respond.ok(undefined, { status: 204 }),
    })
    expect((await api.get.run({ id })).unwrap().email).toBe('ada@example.com')
    const gone = await api.get.run({ id: 'gone' })
    expect(!gone.ok && isHttpError(gone.error) && [gone.error.status, gone.error.body]).toEqual([
      404,
      { error: { status: 404, message: 'Not Found' } },
    ])
    expect(!(await api.list.run()).ok).toBe(true)
    expect((await api.list.run()).unwrap()).toHaveLength(1)
    expect((await api.list.run()).unwrap()).toHaveLength(1) // the last answer repeats
    const removed = await api.remove.send({ id })
    expect([removed.unwrap().status, removed.unwrap().data]).toEqual([204, undefined])
  })

  it('cycles a sequence when asked', async () => {
    const { api } = await mock({ remove: respond.sequence([respond.error(500), respond.ok()], { cycle: true }) })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await api.remove.run({ id: '1' })).ok)
    expect(statuses).toEqual([false, true, false, true])
  })

  it('fails with the given probability, the same way for the same seed', async () => {
    const outcomes = async (seed: number) => {
      const { api } = await mock({ remove: respond.flaky(0.3) }, { seed })
      const out: boolean[] = []
      for (let i = 0; i < 40; i++) out.push((await api.remove.run({ id: '1' })).ok)
      return out
    }
    const first = await outcomes(42)
    expect(await outcomes(42)).toEqual(first)
    const failures = first.filter((ok) => !ok).length
    expect(failures).toBeGreaterThan(0)
    expect(failures).toBeLessThan(40)
  })

  it('delays answers, and can reset the connection', async () => {
    const { server, api } = await mock({ get: respond.delay(200), remove: respond.reset() })
    const slow = await api.withOptions({ defaultTimeout: 50 }).get.run({ id: '1' })
    expect(!slow.ok && slow.error.code).toBe('TIMEOUT')
    const reset = await api.remove.run({ id: '1' })
    expect(!reset.ok && reset.error.code).toBe('NETWORK_ERROR')
    server.use({ get: respond.reset({ afterBytes: 10 }) })
    const cut = await api.get.run({ id: '1' }) // headers and 10 bytes of body, then the reset
    expect(!cut.ok && cut.error.code).toBe('NETWORK_ERROR')
  })

  it('sends a raw body as given (malformed JSON, for clients under test)', async () => {
    const { api } = await mock({ get: respond.raw('{"id": ') })
    const r = await api.get.run({ id: '1' })
    expect(!r.ok && r.error.code).toBe('MALFORMED_RESPONSE')
  })

  it('records the calls it received, matched to operations', async () => {
    const { server, api } = await mock()
    await api.get.run({ id: 'a b/c' })
    await api.list.run({ page: 2 })
    await api.create.run({ body: { email: 'x@example.com' } }, { headers: { 'x-trace': 't1' } })
    expect(server.calls.map((c) => [c.operation, c.method, c.path])).toEqual([
      ['get', 'GET', '/users/a%20b%2Fc'],
      ['list', 'GET', '/users'],
      ['create', 'POST', '/users'],
    ])
    expect(server.callsTo('get')[0]!.params).toEqual({ id: 'a b/c' })
    expect(server.callsTo('list')[0]!.query).toEqual({ page: '2' })
    expect(server.callsTo('create')[0]).toMatchObject({
      body: { email: 'x@example.com' },
      headers: { 'x-trace': 't1' },
    })
    server.clearCalls()
    expect(server.calls).toEqual([])
  })

  it('answers 400 to a body that does not match the operation, and 404 to unknown routes', async () => {
    const { server } = await mock()
    const bad = await fetch(`${server.url}/users`, { method: 'POST', body: JSON.stringify({ email: 'nope' }) })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path: ['email'] }] } })
    const unknown = await fetch(`${server.url}/nothing/here`)
    expect(unknown.status).toBe(404)
    expect(server.calls.at(-1)!.operation).toBeUndefined()
  })

  it('switches scenarios at run time with use()', async () => {
    const { server, api } = await mock({ remove: respond.error(503) })
    expect((await api.remove.run({ id: '1' })).ok).toBe(false)
    server.use({ remove: respond.ok() })
    expect((await api.remove.run({ id: '1' })).ok).toBe(true)
  })

  it('explains that data cannot be generated from a schema that is not Kairo’s', async () => {
    const ZodAPI = resource(
      'z',
      { get: { path: '/z', response: z.object({ a: z.string() }) } },
      { defaultRetry: false },
    )
    const server = (await ZodAPI.mock()).unwrap()
    servers.push(server as MockServer<unknown>)
    const r = await ZodAPI.withOptions({ baseUrl: server.url }).get.run()
    expect(!r.ok && isHttpError(r.error) && r.error.status).toBe(500)
    expect(JSON.stringify(!r.ok && isHttpError(r.error) && r.error.body)).toContain('not a Kairo schema')
    server.use({ get: respond.ok({ a: 'given' }) })
    expect((await ZodAPI.withOptions({ baseUrl: server.url }).get.run()).unwrap()).toEqual({ a: 'given' })
  })

  it('keeps at most keepCalls calls', async () => {
    const { server, api } = await mock({}, { keepCalls: 2 })
    for (const id of ['1', '2', '3']) await api.remove.run({ id })
    expect(server.calls.map((c) => c.params.id)).toEqual(['2', '3'])
  })
})
