import type { ServerResponse } from 'node:http'
import { ManualClock } from 'kairo'
import { CacheManager } from 'kairo/cache'
import { schema } from 'kairo/schema'
import { afterEach, describe, expect, it } from 'vitest'
import { json, type ScriptedServer, scriptedServer } from './__tests__/scripted-server.js'
import { resource } from './resource.js'

const open: ScriptedServer[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})
/** Answers `{ n }` (the request's number), so each answer shows which request made it. */
async function counting() {
  const server = await scriptedServer((_req, res, n) => json(res, 200, { n, tags: ['a'] }))
  open.push(server)
  return server
}
const Answer = schema.object({ n: schema.number(), tags: schema.array(schema.string()) })

function api(baseUrl: string, defaults: Parameters<typeof resource>[2] = {}) {
  return resource(
    'catalog',
    {
      item: { path: '/items/:id', response: Answer },
      fresh: { path: '/fresh/:id', response: Answer, cache: false },
      update: { method: 'PUT', path: '/items/:id', response: Answer },
    },
    { baseUrl, defaultCache: { ttl: 1000 }, defaultRetry: false, ...defaults },
  )
}

describe('GET caching', () => {
  it('answers from the cache until the ttl passes (on the clock)', async () => {
    const clock = new ManualClock(0)
    const server = await counting()
    const catalog = api(server.url, { clock, defaultTimeout: false })
    expect((await catalog.item.run({ id: 1 })).unwrap().n).toBe(1)
    const again = await catalog.item.send({ id: 1 })
    expect(again.unwrap()).toMatchObject({ source: 'cache', status: 200, data: { n: 1 } })
    await clock.advance(999)
    expect((await catalog.item.run({ id: 1 })).unwrap().n).toBe(1)
    await clock.advance(1)
    expect((await catalog.item.run({ id: 1 })).unwrap().n).toBe(2)
    expect(server.requests.length).toBe(2)
    await catalog.close()
  })

  it('keys by the final URL: other params or query are other entries', async () => {
    const server = await counting()
    const catalog = api(server.url)
    await catalog.item.run({ id: 1 })
    await catalog.item.run({ id: 2 })
    await catalog.item.run({ id: 1 })
    expect(server.requests.map((r) => r.target)).toEqual(['/items/1', '/items/2'])
  })

  it('hands every caller a fresh copy: mutating one answer does not change the cache', async () => {
    const server = await counting()
    const catalog = api(server.url)
    const first = (await catalog.item.run({ id: 1 })).unwrap()
    first.tags.push('mutated')
    first.n = 99
    expect((await catalog.item.run({ id: 1 })).unwrap()).toEqual({ n: 1, tags: ['a'] })
  })

  it('varies by credentials: two tokens never share an answer', async () => {
    const server = await counting()
    let token = 'alice'
    const catalog = api(server.url, { auth: { type: 'bearer', token: () => token } })
    expect((await catalog.item.run({ id: 1 })).unwrap().n).toBe(1)
    token = 'bob'
    expect((await catalog.item.run({ id: 1 })).unwrap().n).toBe(2)
    token = 'alice'
    expect((await catalog.item.run({ id: 1 })).unwrap().n).toBe(1)
  })

  it('varies by the headers named in vary', async () => {
    const server = await counting()
    const catalog = api(server.url, { defaultCache: { ttl: 1000, vary: ['accept-language'] } })
    const fr = await catalog.item.run({ id: 1 }, { headers: { 'accept-language': 'fr' } })
    const de = await catalog.item.run({ id: 1 }, { headers: { 'accept-language': 'de' } })
    const fr2 = await catalog.item.run({ id: 1 }, { headers: { 'accept-language': 'fr' } })
    expect([fr, de, fr2].map((r) => r.unwrap().n)).toEqual([1, 2, 1])
  })

  it('does not cache failures, bodies that fail the schema, other methods, or operations with cache: false', async () => {
    const server = await scriptedServer((req, res, n) => {
      if (req.target.startsWith('/items/bad'))
        return n === 1 ? json(res, 200, { n: 'x' }) : json(res, 200, { n, tags: [] })
      if (req.target.startsWith('/items/down')) return n === 3 ? json(res, 500, {}) : json(res, 200, { n, tags: [] })
      json(res, 200, { n, tags: [] })
    })
    open.push(server)
    const catalog = api(server.url)
    expect((await catalog.item.run({ id: 'bad' })).ok).toBe(false)
    expect((await catalog.item.run({ id: 'bad' })).unwrap().n).toBe(2)
    expect((await catalog.item.run({ id: 'down' })).ok).toBe(false)
    expect((await catalog.item.run({ id: 'down' })).unwrap().n).toBe(4)
    await catalog.update.run({ id: 'x' })
    await catalog.update.run({ id: 'x' })
    await catalog.fresh.run({ id: 'x' })
    await catalog.fresh.run({ id: 'x' })
    expect(server.requests.length).toBe(8)
  })

  it('no-cache skips the read (and stores the fresh answer); no-store neither reads nor stores', async () => {
    const server = await counting()
    const catalog = api(server.url)
    await catalog.item.run({ id: 1 })
    expect((await catalog.item.run({ id: 1 }, { cache: 'no-cache' })).unwrap().n).toBe(2)
    expect((await catalog.item.run({ id: 1 })).unwrap().n).toBe(2)
    expect((await catalog.item.run({ id: 1 }, { cache: 'no-store' })).unwrap().n).toBe(3)
    expect((await catalog.item.run({ id: 1 })).unwrap().n).toBe(2)
  })

  it('invalidate() drops one operation’s answers, or the resource’s', async () => {
    const server = await counting()
    const catalog = api(server.url)
    await catalog.item.run({ id: 1 })
    expect((await catalog.invalidate('item')).unwrap()).toBe(1)
    expect((await catalog.item.run({ id: 1 })).unwrap().n).toBe(2)
    expect((await catalog.invalidate()).unwrap()).toBe(1)
  })

  it('keeps answers in a shared CacheManager when given one (tags by resource and operation)', async () => {
    const server = await counting()
    const shared = new CacheManager({ namespace: 'app', analytics: { healthCheckInterval: 0 } })
    const a = api(server.url, { cache: shared })
    const b = api(server.url, { cache: shared })
    await a.item.run({ id: 1 })
    expect((await b.item.send({ id: 1 })).unwrap().source).toBe('cache')
    expect((await shared.invalidateByTag('resource:catalog.item')).unwrap()).toBe(1)
    expect((await b.item.run({ id: 1 })).unwrap().n).toBe(2)
    await shared.close()
  })
})

describe('coalescing identical concurrent GETs', () => {
  /** A server that holds every answer until `release()`. */
  async function holding() {
    const held: Array<{ res: ServerResponse; n: number }> = []
    const closed: number[] = []
    const server = await scriptedServer((_req, res, n) => {
      res.on('close', () => {
        if (!res.writableEnded) closed.push(n)
      })
      held.push({ res, n })
    })
    open.push(server)
    return {
      server,
      closed,
      release: () => {
        for (const { res, n } of held.splice(0)) json(res, 200, { n, tags: [] })
      },
    }
  }

  it('sends one request for identical concurrent calls and gives each caller its own copy', async () => {
    const { server, release } = await holding()
    const catalog = api(server.url, { defaultCache: undefined })
    const calls = Array.from({ length: 10 }, () => catalog.item.send({ id: 7 }))
    await server.received(1)
    release()
    const results = (await Promise.all(calls)).map((r) => r.unwrap())
    expect(server.requests.length).toBe(1)
    expect(results.map((r) => r.data.n)).toEqual(Array(10).fill(1))
    expect(results.filter((r) => r.source === 'coalesced').length).toBe(9)
    expect(new Set(results.map((r) => r.data)).size).toBe(10)
  })

  it('does not share between calls with different headers or URLs', async () => {
    const { server, release } = await holding()
    const catalog = api(server.url, { defaultCache: undefined })
    const calls = [
      catalog.item.run({ id: 1 }),
      catalog.item.run({ id: 2 }),
      catalog.item.run({ id: 1 }, { headers: { 'x-tenant': 't2' } }),
    ]
    await server.received(3)
    release()
    await Promise.all(calls)
    expect(server.requests.length).toBe(3)
  })

  it('lets one caller give up while the others still get the answer', async () => {
    const { server, release, closed } = await holding()
    const catalog = api(server.url, { defaultCache: undefined })
    const quitter = new AbortController()
    const first = catalog.item.run({ id: 1 }, { signal: quitter.signal })
    const second = catalog.item.run({ id: 1 })
    await server.received(1)
    quitter.abort()
    expect(((await first) as { ok: boolean; error?: { code: string } }).error?.code).toBe('ABORTED')
    release()
    expect((await second).unwrap().n).toBe(1)
    expect(closed).toEqual([])
  })

  it('cancels the shared request once every caller has given up', async () => {
    const { server, closed } = await holding()
    const catalog = api(server.url, { defaultCache: undefined })
    const a = new AbortController()
    const b = new AbortController()
    const calls = [catalog.item.run({ id: 1 }, { signal: a.signal }), catalog.item.run({ id: 1 }, { signal: b.signal })]
    await server.received(1)
    a.abort()
    b.abort()
    for (const r of await Promise.all(calls)) expect(!r.ok && r.error.code).toBe('ABORTED')
    await expect.poll(() => closed).toEqual([1])
    // A call made afterwards does not join the cancelled request: it sends its own.
    const later = catalog.item.run({ id: 1 })
    await server.received(2)
    expect(server.requests.length).toBe(2)
    void later
  })
})
