import { ManualClock } from 'kairo'
import { schema } from 'kairo/schema'
import { afterEach, describe, expect, it } from 'vitest'
import { json, type ScriptedServer, scriptedServer } from './__tests__/scripted-server.js'
import { resource } from './resource.js'
import { isHttpError } from './resource-errors.js'

const open: ScriptedServer[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})
/** A server that fails the first `failures` requests with `status` (and `headers`), then answers 200. */
async function failing(failures: number, status = 503, headers: Record<string, string> = {}) {
  const server = await scriptedServer((_req, res, n) =>
    n <= failures ? json(res, status, { error: 'busy' }, headers) : json(res, 200, { ok: true }),
  )
  open.push(server)
  return server
}
const RETRY = { times: 2, backoff: { type: 'constant' as const, delay: 1, jitter: 'none' as const } }
const Charge = schema.object({ amount: schema.number() })

function paymentsApi(baseUrl: string, retry: Record<string, unknown> = {}) {
  return resource(
    'payments',
    {
      charge: { method: 'POST', path: '/charges', body: Charge },
      capture: { method: 'PATCH', path: '/charges/:id', retry: { ...RETRY, unsafe: true } },
      replace: { method: 'PUT', path: '/charges/:id', body: Charge },
      remove: { method: 'DELETE', path: '/charges/:id' },
      get: { path: '/charges/:id' },
    },
    { baseUrl, defaultRetry: { ...RETRY, ...retry } },
  )
}

/** A GET on a manual clock, without a timeout (the clock only moves when the test says). */
function clocked(baseUrl: string, clock: ManualClock) {
  return resource(
    'payments',
    { get: { path: '/charges/:id' } },
    { baseUrl, clock, defaultRetry: RETRY, defaultTimeout: false },
  )
}

describe('retries', () => {
  it('does not retry a POST (not idempotent)', async () => {
    const server = await failing(1)
    const r = await paymentsApi(server.url).charge.run({ body: { amount: 5 } })
    expect(!r.ok && isHttpError(r.error) && r.error.status).toBe(503)
    expect(server.requests.length).toBe(1)
  })

  it('retries a POST that carries an Idempotency-Key, with the same key each time', async () => {
    const server = await failing(2)
    const r = await paymentsApi(server.url).charge.run({ body: { amount: 5 } }, { idempotencyKey: 'order-7' })
    expect(r.ok).toBe(true)
    expect(server.requests.map((q) => q.headers['idempotency-key'])).toEqual(['order-7', 'order-7', 'order-7'])
  })

  it('retries a non-idempotent method when the operation says retry: { unsafe: true }', async () => {
    const server = await failing(1)
    expect((await paymentsApi(server.url).capture.run({ id: 'c1' })).ok).toBe(true)
    expect(server.requests.map((q) => q.method)).toEqual(['PATCH', 'PATCH'])
  })

  it('retries idempotent methods: GET, PUT, DELETE', async () => {
    for (const call of [
      (api: ReturnType<typeof paymentsApi>) => api.get.run({ id: 'c1' }),
      (api: ReturnType<typeof paymentsApi>) => api.replace.run({ id: 'c1', body: { amount: 1 } }),
      (api: ReturnType<typeof paymentsApi>) => api.remove.run({ id: 'c1' }),
    ]) {
      const server = await failing(2)
      expect((await call(paymentsApi(server.url))).ok).toBe(true)
      expect(server.requests.length).toBe(3)
    }
  })

  it('does not retry answers that will not change (400, 404)', async () => {
    for (const status of [400, 404]) {
      const server = await failing(1, status)
      const r = await paymentsApi(server.url).get.run({ id: 'c1' })
      expect(!r.ok && isHttpError(r.error) && r.error.status).toBe(status)
      expect(server.requests.length).toBe(1)
    }
  })

  /** Fails once with `status` and `retryAfter`, then answers; checks the retry waits exactly `waitMs` on the clock. */
  async function expectRetryAfterWait(status: number, retryAfter: string, startAt: number, waitMs: number) {
    const clock = new ManualClock(startAt)
    const server = await failing(1, status, { 'retry-after': retryAfter })
    const api = clocked(server.url, clock)
    const call = api.get.run({ id: 'c1' })
    await server.received(1)
    await expect.poll(() => clock.pending).toBeGreaterThan(0) // the backoff, then the Retry-After wait
    await clock.advance(waitMs - 1)
    expect(server.requests.length).toBe(1)
    await clock.advance(1)
    await server.received(2)
    expect((await call).ok).toBe(true)
  }

  it('waits as long as Retry-After says on a 503 before retrying (on the clock)', async () => {
    await expectRetryAfterWait(503, '2', 0, 2000)
  })

  it('reads Retry-After as an HTTP date on a 429', async () => {
    await expectRetryAfterWait(429, 'Wed, 01 Jan 2025 00:00:05 GMT', Date.parse('2025-01-01T00:00:00Z'), 5000)
  })

  it('does not retry when Retry-After asks for longer than maxRetryAfterMs, and reports the wait', async () => {
    const server = await failing(1, 503, { 'retry-after': '120' })
    const r = await paymentsApi(server.url, { maxRetryAfterMs: 10_000 }).get.run({ id: 'c1' })
    expect(!r.ok && isHttpError(r.error) && r.error.retryAfterMs).toBe(120_000)
    expect(server.requests.length).toBe(1)
  })

  it('an aborted caller signal during the wait ends the call with ABORTED', async () => {
    const clock = new ManualClock(0)
    const server = await failing(5, 503, { 'retry-after': '20' })
    const api = clocked(server.url, clock)
    const controller = new AbortController()
    const call = api.get.run({ id: 'c1' }, { signal: controller.signal })
    await server.received(1)
    await expect.poll(() => clock.pending).toBeGreaterThan(0)
    controller.abort()
    const r = await call
    expect(!r.ok && r.error.code).toBe('ABORTED')
    expect(server.requests.length).toBe(1)
  })
})
