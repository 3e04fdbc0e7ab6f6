import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, type ScriptedServer, scriptedServer } from './__tests__/scripted-server.js'
import { resource } from './resource.js'

/**
 * Whatever a caller puts in a path parameter or a query value, the request that reaches a real
 * server has exactly the declared path shape: the value stays inside its one segment (or its one
 * query field), decodes back to itself, and adds no header.
 */
const FRAGMENTS = [
  '../',
  '..',
  '.',
  '/',
  '//',
  '?',
  '#',
  '&x=1',
  '%2e%2e',
  '%2E%2E/',
  '..%2f',
  '%252e',
  '%00',
  '%',
  '\\',
  '\r\n',
  '%0d%0aX-Injected: 1',
  '\nX-Injected: 1',
  ' ',
  'é',
  '\u2028',
  '\ud83d\ude00',
]
/** Lone surrogates have no UTF-8 form: URLs cannot carry them. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const wellFormed = (s: string) => s.replace(new RegExp(LONE_SURROGATE, 'g'), '\ufffd')
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
)

describe('no path traversal or injection through params (property test, real server)', () => {
  let server: ScriptedServer
  beforeAll(async () => {
    server = await scriptedServer((_req, res) => json(res, 200, {}))
  })
  afterAll(() => server.close())

  const files = () =>
    resource(
      'files',
      { meta: { path: '/files/:name/meta' }, search: { path: '/files/:name/search' } },
      { baseUrl: `${server.url}/base`, defaultRetry: false, defaultCache: undefined },
    )
  const expectedHeaders = [
    'accept',
    'accept-encoding',
    'accept-language',
    'connection',
    'host',
    'sec-fetch-mode',
    'user-agent',
  ]

  it('keeps any path parameter inside its segment, or refuses it without a request', async () => {
    const api = files()
    await fc.assert(
      fc.asyncProperty(hostile, async (name) => {
        const before = server.requests.length
        const r = await api.meta.run({ name })
        const unrepresentable = name === '' || name === '.' || name === '..' || LONE_SURROGATE.test(name)
        if (unrepresentable) {
          expect(!r.ok && r.error.code).toBe('VALIDATION_FAILED')
          expect(server.requests.length).toBe(before)
          return
        }
        expect(r.ok).toBe(true)
        expect(server.requests.length).toBe(before + 1)
        const received = server.requests.at(-1)!
        expect(received.target).toBe(`/base/files/${encodeURIComponent(name)}/meta`)
        const segments = received.target.split('/')
        expect(segments.length).toBe(5)
        expect(received.target).not.toMatch(/[?#]/)
        expect(decodeURIComponent(segments[3]!)).toBe(name)
        expect(Object.keys(received.headers).sort()).toEqual(expectedHeaders)
      }),
      { numRuns: 300, examples: FRAGMENTS.map((f) => [f] as [string]) },
    )
  })

  it('keeps any query value inside its field', async () => {
    const api = resource(
      'files',
      {
        search: {
          path: '/files',
          query: { '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value }) } },
        },
      },
      { baseUrl: server.url, defaultRetry: false },
    )
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (q, other) => {
        const r = await api.search.run({ q, other } as never)
        expect(r.ok).toBe(true)
        const received = server.requests.at(-1)!
        const [path, search, ...rest] = received.target.split('?')
        expect(path).toBe('/files')
        expect(rest).toEqual([])
        expect(received.target).not.toContain('#')
        const parsed = [...new URLSearchParams(search)]
        expect(parsed).toEqual([
          ['q', wellFormed(q)],
          ['other', wellFormed(other)],
        ])
        expect(Object.keys(received.headers).sort()).toEqual(expectedHeaders)
      }),
      { numRuns: 200 },
    )
  })
})
