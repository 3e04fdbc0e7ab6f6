import { trace } from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordingTracerProvider } from '../../test/support/recording-tracer.js'
import { json, type ScriptedServer, scriptedServer } from './__tests__/scripted-server.js'
import { resource } from './resource.js'

const { provider, spans } = recordingTracerProvider()

describe('resource spans', () => {
  let server: ScriptedServer
  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider)
    server = await scriptedServer((req, res, n) =>
      req.target.startsWith('/users/') && n > 1 ? json(res, 200, { ok: true }) : json(res, 503, {}),
    )
  })
  afterAll(async () => {
    trace.disable()
    await server.close()
  })

  it('opens one span per call with the method, route template, status, attempts and source', async () => {
    const api = resource(
      'users',
      { get: { path: '/users/:id' }, down: { path: '/down' } },
      { baseUrl: server.url, defaultRetry: { times: 1, backoff: { delay: 1 } }, defaultCache: { ttl: 60_000 } },
    )
    expect((await api.get.run({ id: 'u-42' })).ok).toBe(true)
    expect((await api.get.run({ id: 'u-42' })).ok).toBe(true)
    expect((await api.down.run()).ok).toBe(false)
    const own = spans.filter((s) => s.name === 'kairo.resource')
    expect(own.map((s) => s.attributes)).toEqual([
      {
        'kairo.resource': 'users',
        'kairo.resource.operation': 'get',
        'http.request.method': 'GET',
        'url.template': '/users/:id',
        'server.address': new URL(server.url).host,
        'kairo.resource.source': 'network',
        'kairo.resource.attempts': 2,
        'http.response.status_code': 200,
      },
      expect.objectContaining({ 'kairo.resource.source': 'cache', 'http.response.status_code': 200 }),
      expect.objectContaining({
        'url.template': '/down',
        'kairo.resource.attempts': 2,
        'http.response.status_code': 503,
      }),
    ])
    expect(own.every((s) => s.ended)).toBe(true)
    expect(own.map((s) => s.status)).toEqual([undefined, undefined, 2]) // ERROR on the failed call only
    // The concrete id never reaches the span: only the template does.
    expect(JSON.stringify(own)).not.toContain('u-42')
  })
})
