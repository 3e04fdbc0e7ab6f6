import { isValidationError } from 'kairo'
import { schema } from 'kairo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { json, type ScriptedServer, scriptedServer } from './__tests__/scripted-server.js'
import { resource } from './resource.js'
import { isHttpError, isResponseValidationError } from './resource-errors.js'

const ID = '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f70'
const User = schema.object({ id: schema.string().uuid(), name: schema.string(), joined: schema.date() })

describe('resource calls', () => {
  let server: ScriptedServer
  beforeAll(async () => {
    server = await scriptedServer((req, res) => {
      const url = new URL(req.target, 'http://x')
      if (url.pathname === `/api/users/${ID}`)
        return json(res, 200, { id: ID, name: 'Ada', joined: '2024-05-01T10:00:00Z' })
      if (url.pathname === '/api/users' && req.method === 'GET') return json(res, 200, [])
      if (url.pathname === '/api/users' && req.method === 'POST') {
        return json(res, 201, { id: ID, ...JSON.parse(req.body), joined: '2024-05-01T10:00:00Z' })
      }
      if (url.pathname === '/api/echo') return json(res, 200, { headers: req.headers, target: req.target })
      if (url.pathname === '/api/text-error') {
        res.writeHead(503, { 'content-type': 'text/plain' })
        return res.end('down for maintenance')
      }
      if (url.pathname === '/api/wrong') return json(res, 200, { id: 'not-a-uuid', name: 42 })
      json(res, 404, { error: { code: 'NO_SUCH_THING', path: url.pathname } })
    })
  })
  afterAll(() => server.close())

  const api = () =>
    resource(
      'users',
      {
        get: { path: '/users/:id', params: schema.object({ id: schema.string().uuid() }), response: User },
        list: {
          path: '/users',
          query: schema.object({ page: schema.number().int().min(1), tags: schema.array(schema.string()).optional() }),
          response: schema.array(User),
        },
        create: {
          method: 'POST',
          path: '/users',
          body: schema.object({ name: schema.string().min(1) }),
          response: User,
        },
        missing: { path: '/things/:id' },
        wrong: { path: '/wrong', response: User },
        textError: { path: '/text-error', retry: false },
        echo: { path: '/echo' },
      },
      { baseUrl: `${server.url}/api/`, defaultRetry: false },
    )

  it('GETs a typed, validated response (dates parsed by the schema)', async () => {
    const r = await api().get.run({ id: ID })
    const user = r.unwrap()
    expect(user).toEqual({ id: ID, name: 'Ada', joined: new Date('2024-05-01T10:00:00Z') })
    expect(server.requests.at(-1)!.target).toBe(`/api/users/${ID}`)
  })

  it('sends the query string, arrays as repeated keys', async () => {
    await api().list.run({ page: 2, tags: ['a b', 'c&d'] })
    expect(server.requests.at(-1)!.target).toBe('/api/users?page=2&tags=a+b&tags=c%26d')
  })

  it('POSTs the validated body as JSON', async () => {
    const r = await api().create.run({ body: { name: 'Grace' } })
    expect(r.unwrap()).toMatchObject({ id: ID, name: 'Grace' })
    const sent = server.requests.at(-1)!
    expect(sent.method).toBe('POST')
    expect(sent.headers['content-type']).toBe('application/json')
    expect(JSON.parse(sent.body)).toEqual({ name: 'Grace' })
  })

  it('rejects invalid params, query and body before sending anything, listing every issue', async () => {
    const before = server.requests.length
    const params = await api().get.run({ id: 'nope' })
    const query = await api().list.run({ page: 0 })
    const body = await api().create.run({ body: { name: '' } })
    expect(server.requests.length).toBe(before)
    const issues = [params, query, body].map((r) => {
      if (r.ok || !isValidationError(r.error)) throw new Error('expected a ValidationError')
      return r.error.issues.map((i) => [i.path, i.code])
    })
    expect(issues).toEqual([[[['id'], 'invalid_string']], [[['page'], 'too_small']], [[['body', 'name'], 'too_small']]])
  })

  it('maps a non-2xx answer to HttpError with the status and the parsed JSON body', async () => {
    const r = await api().missing.run({ id: 'x' })
    expect(!r.ok && isHttpError(r.error)).toBe(true)
    if (r.ok || !isHttpError(r.error)) return
    expect(r.error).toMatchObject({ code: 'HTTP_ERROR', status: 404, retryable: false })
    expect(r.error.body).toEqual({ error: { code: 'NO_SUCH_THING', path: '/api/things/x' } })
  })

  it('keeps a non-JSON error body as text, and marks 503 retryable', async () => {
    const r = await api().textError.run()
    if (r.ok || !isHttpError(r.error)) throw new Error('expected an HttpError')
    expect(r.error).toMatchObject({ status: 503, body: 'down for maintenance', retryable: true })
  })

  it('reports a 2xx body of the wrong shape as ResponseValidationError with the issues', async () => {
    const r = await api().wrong.run()
    if (r.ok || !isResponseValidationError(r.error)) throw new Error('expected a ResponseValidationError')
    expect(r.error.code).toBe('RESPONSE_VALIDATION_FAILED')
    expect(r.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['id', 'joined', 'name'])
    expect(r.error.body).toEqual({ id: 'not-a-uuid', name: 42 })
  })

  it('works with Zod schemas as well', async () => {
    const zodApi = resource(
      'users-zod',
      {
        get: {
          path: '/users/:id',
          params: z.object({ id: z.uuid() }),
          response: z.object({ id: z.string(), name: z.string(), joined: z.coerce.date() }),
        },
      },
      { baseUrl: `${server.url}/api` },
    )
    const r = await zodApi.get.run({ id: ID })
    expect(r.unwrap().joined).toEqual(new Date('2024-05-01T10:00:00Z'))
    const bad = await zodApi.get.run({ id: 'x' })
    expect(!bad.ok && bad.error.code).toBe('VALIDATION_FAILED')
  })

  it('send() gives the status, headers and final URL with the data', async () => {
    const r = await api().create.send({ body: { name: 'Lin' } })
    expect(r.unwrap()).toMatchObject({ status: 201, url: `${server.url}/api/users`, source: 'network' })
    expect(r.unwrap().headers.get('content-type')).toBe('application/json')
  })

  it('without a baseUrl, a call is a RESOURCE_MISCONFIGURED error', async () => {
    const r = await resource('x', { get: { path: '/x' } }).get.run()
    expect(!r.ok && r.error.code).toBe('RESOURCE_MISCONFIGURED')
  })

  describe('headers and auth', () => {
    const echo = async (defaults: Parameters<typeof resource>[2], headers?: Record<string, string>) => {
      const r = await resource('echo', { echo: { path: '/api/echo' } }, { baseUrl: server.url, ...defaults }).echo.run(
        undefined,
        headers ? { headers } : {},
      )
      return (r.unwrap() as { headers: Record<string, string> }).headers
    }

    it('sends a static bearer token, or one from an async provider called per request', async () => {
      expect((await echo({ auth: { type: 'bearer', token: 's3cret' } })).authorization).toBe('Bearer s3cret')
      let n = 0
      const provider = async () => `t${++n}`
      expect((await echo({ auth: { type: 'bearer', token: provider } })).authorization).toBe('Bearer t1')
      expect((await echo({ auth: { type: 'bearer', token: provider } })).authorization).toBe('Bearer t2')
    })

    it('sends basic auth (UTF-8, base64) and custom auth headers', async () => {
      const basic = await echo({ auth: { type: 'basic', username: 'ada', password: 'pässword' } })
      expect(basic.authorization).toBe(`Basic ${Buffer.from('ada:pässword').toString('base64')}`)
      expect((await echo({ auth: { type: 'header', name: 'X-Api-Key', value: () => 'k1' } }))['x-api-key']).toBe('k1')
    })

    it('merges static and function headers, the call’s own winning', async () => {
      const seen = await echo(
        { headers: (ctx) => ({ 'x-op': `${ctx.resource}.${ctx.operation} ${ctx.method}`, 'x-a': 'resource' }) },
        { 'X-A': 'call' },
      )
      expect(seen).toMatchObject({ 'x-op': 'echo.echo GET', 'x-a': 'call', accept: 'application/json' })
    })

    it('refuses header values with line breaks and failing token providers, sending nothing', async () => {
      const before = server.requests.length
      const api = resource('echo', { echo: { path: '/api/echo' } }, { baseUrl: server.url })
      const injected = await api.echo.run(undefined, { headers: { 'x-a': 'ok\r\nx-injected: yes' } })
      expect(!injected.ok && injected.error.code).toBe('RESOURCE_MISCONFIGURED')
      const failing = resource(
        'echo',
        { echo: { path: '/api/echo' } },
        {
          baseUrl: server.url,
          auth: {
            type: 'bearer',
            token: () => {
              throw new Error('vault sealed')
            },
          },
        },
      )
      const r = await failing.echo.run()
      expect(!r.ok && r.error.code).toBe('RESOURCE_MISCONFIGURED')
      expect(!r.ok && (r.error.cause as Error).message).toBe('vault sealed')
      expect(server.requests.length).toBe(before)
    })
  })
})
