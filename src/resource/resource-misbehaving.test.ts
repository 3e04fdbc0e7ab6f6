import { createServer } from 'node:net'
import { isTimeoutError } from 'kairo'
import { schema } from 'kairo/schema'
import { afterEach, describe, expect, it } from 'vitest'
import { json, type ScriptedServer, scriptedServer } from './__tests__/scripted-server.js'
import { resource } from './resource.js'
import { isHttpError, isMalformedResponseError, isNetworkError, isResponseValidationError } from './resource-errors.js'

const Rates = schema.object({ standard: schema.number(), express: schema.number() })
const FAST_RETRY = { times: 2, backoff: { type: 'constant' as const, delay: 1, jitter: 'none' as const } }

/** Servers started by a test, closed after it. */
const open: ScriptedServer[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})
async function serve(handler: Parameters<typeof scriptedServer>[0]) {
  const server = await scriptedServer(handler)
  open.push(server)
  return server
}
const ratesApi = (baseUrl: string, defaults: Parameters<typeof resource>[2] = {}) =>
  resource('rates', { get: { path: '/rates', response: Rates } }, { baseUrl, defaultRetry: FAST_RETRY, ...defaults })

describe('resources against servers that misbehave', () => {
  it('ends a slow answer with TimeoutError at the deadline, and aborts the request', async () => {
    let closedEarly = false
    const server = await serve((_req, res) => {
      res.on('close', () => {
        closedEarly = !res.writableEnded
      })
      setTimeout(() => json(res, 200, { standard: 1, express: 2 }), 5000).unref()
    })
    // The deadline leaves the request time to reach the server even on a busy machine.
    const r = await ratesApi(server.url, { defaultTimeout: 500, defaultRetry: false }).get.run()
    expect(!r.ok && isTimeoutError(r.error)).toBe(true)
    expect(!r.ok && r.error.message).toBe('rates.get timed out after 500 ms')
    expect(server.requests.length).toBe(1)
    await expect.poll(() => closedEarly, { timeout: 5000 }).toBe(true)
  })

  it('retries a GET whose connection is reset before any answer, then succeeds', async () => {
    const server = await serve((_req, res, n) => {
      if (n < 3) return res.socket!.destroy()
      json(res, 200, { standard: 4.9, express: 9.9 })
    })
    const r = await ratesApi(server.url).get.run()
    expect(r.unwrap()).toEqual({ standard: 4.9, express: 9.9 })
    expect(server.requests.length).toBe(3)
  })

  it('reports a connection reset in the middle of the body as a retryable NetworkError', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"standard": 4.9, "exp')
      setTimeout(() => res.socket!.destroy(), 10)
    })
    const r = await ratesApi(server.url).get.run()
    if (r.ok || !isNetworkError(r.error)) throw new Error(`expected a NetworkError, got ${JSON.stringify(r)}`)
    expect(r.error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true })
    expect(server.requests.length).toBe(3) // the first attempt and two retries
  })

  it('reports a refused connection as NetworkError with the system code', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    await new Promise((resolve) => blocker.close(resolve))
    const r = await ratesApi(`http://127.0.0.1:${port}`, { defaultRetry: false }).get.run()
    if (r.ok || !isNetworkError(r.error)) throw new Error('expected a NetworkError')
    expect(r.error.details).toMatchObject({ reason: 'ECONNREFUSED' })
  })

  it('rides out a short burst of 500s with retries', async () => {
    const server = await serve((_req, res, n) =>
      n <= 2 ? json(res, 500, { error: 'boom' }) : json(res, 200, { standard: 1, express: 2 }),
    )
    expect((await ratesApi(server.url).get.run()).unwrap()).toEqual({ standard: 1, express: 2 })
    expect(server.requests.length).toBe(3)
  })

  it('gives up after the retries on a longer burst, and a breaker then refuses calls without sending them', async () => {
    const server = await serve((_req, res) => json(res, 500, { error: 'boom' }))
    const api = ratesApi(server.url, { circuitBreaker: { failureThreshold: 3, timeout: 60_000 } })
    const first = await api.get.run()
    expect(!first.ok && isHttpError(first.error) && first.error.status).toBe(500)
    expect(server.requests.length).toBe(3)
    const refused = await api.get.run()
    expect(!refused.ok && refused.error.code).toBe('CIRCUIT_OPEN')
    expect(server.requests.length).toBe(3)
  })

  it('reports malformed JSON on a 2xx as MalformedResponseError, not retried', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end('{"standard": 4.9,')
    })
    const r = await ratesApi(server.url).get.run()
    expect(!r.ok && isMalformedResponseError(r.error)).toBe(true)
    expect(server.requests.length).toBe(1)
  })

  it('reports a body of the wrong shape with every issue', async () => {
    const server = await serve((_req, res) => json(res, 200, { standard: '4.9' }))
    const r = await ratesApi(server.url).get.run()
    if (r.ok || !isResponseValidationError(r.error)) throw new Error('expected a ResponseValidationError')
    expect(r.error.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['standard', 'invalid_type'],
      ['express', 'invalid_type'],
    ])
  })

  it('stops reading an endless chunked body at the size limit (no Content-Length), closing the connection', async () => {
    let written = 0
    let closed = false
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }) // chunked: no Content-Length
      const chunk = Buffer.alloc(16 * 1024, 0x20)
      const pump = () => {
        while (!closed && res.write(chunk)) written += chunk.length
        if (!closed) res.once('drain', pump)
      }
      res.on('close', () => {
        closed = true
      })
      pump()
    })
    const r = await ratesApi(server.url, { maxResponseBytes: 64 * 1024 }).get.run()
    expect(!r.ok && r.error.code).toBe('RESPONSE_TOO_LARGE')
    await expect.poll(() => closed).toBe(true)
    expect(written).toBeLessThan(64 * 1024 * 1024) // the stream had no end: it was cut, not read through
  })

  it('refuses a body whose Content-Length is over the limit without reading it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) })
      res.write('{')
    })
    const r = await ratesApi(server.url, { maxResponseBytes: 1024 }).get.run()
    expect(!r.ok && r.error.code).toBe('RESPONSE_TOO_LARGE')
  })

  describe('redirects', () => {
    it('follows a GET redirect on the same origin, credentials included', async () => {
      const server = await serve((req, res) => {
        if (req.target === '/rates') {
          res.writeHead(302, { location: '/v2/rates' })
          return res.end()
        }
        json(res, 200, { standard: 1, express: 2 })
      })
      const api = ratesApi(server.url, { auth: { type: 'bearer', token: 'tok' } })
      const r = await api.get.send()
      expect(r.unwrap()).toMatchObject({ url: `${server.url}/v2/rates`, data: { standard: 1, express: 2 } })
      expect(server.requests.map((q) => [q.target, q.headers.authorization])).toEqual([
        ['/rates', 'Bearer tok'],
        ['/v2/rates', 'Bearer tok'],
      ])
    })

    it('never forwards Authorization, cookies or the auth header to another origin', async () => {
      const other = await serve((_req, res) => json(res, 200, { standard: 1, express: 2 }))
      const server = await serve((_req, res) => {
        res.writeHead(307, { location: `${other.url.replace('127.0.0.1', 'localhost')}/rates` })
        res.end()
      })
      for (const auth of [
        { type: 'bearer', token: 'tok' },
        { type: 'header', name: 'X-Api-Key', value: 'k' },
      ] as const) {
        const r = await ratesApi(server.url, { auth }).get.run(undefined, { headers: { cookie: 'sid=1' } })
        expect(r.ok).toBe(true)
      }
      for (const received of other.requests) {
        expect(received.headers.authorization).toBeUndefined()
        expect(received.headers['x-api-key']).toBeUndefined()
        expect(received.headers.cookie).toBeUndefined()
      }
      expect(server.requests[0]!.headers.authorization).toBe('Bearer tok')
      expect(server.requests[1]!.headers['x-api-key']).toBe('k')
    })

    it('stops a redirect loop', async () => {
      const server = await serve((req, res) => {
        res.writeHead(302, { location: req.target === '/rates' ? '/a' : '/rates' })
        res.end()
      })
      const r = await ratesApi(server.url).get.run()
      expect(!r.ok && r.error.code).toBe('REDIRECT_LOOP')
      expect(server.requests.length).toBe(2)
    })

    it('stops after maxRedirects', async () => {
      const server = await serve((_req, res, n) => {
        res.writeHead(301, { location: `/hop/${n}` })
        res.end()
      })
      const r = await ratesApi(server.url, { maxRedirects: 3 }).get.run()
      expect(!r.ok && r.error.code).toBe('TOO_MANY_REDIRECTS')
      expect(server.requests.length).toBe(4)
    })

    it('does not follow redirects of a POST', async () => {
      const server = await serve((_req, res) => {
        res.writeHead(307, { location: '/elsewhere' })
        res.end()
      })
      const api = resource(
        'pay',
        { charge: { path: '/charges', body: schema.object({ amount: schema.number() }) } },
        { baseUrl: server.url },
      )
      const r = await api.charge.run({ body: { amount: 5 } })
      expect(!r.ok && isHttpError(r.error) && r.error.status).toBe(307)
      expect(server.requests.length).toBe(1)
    })
  })
})
