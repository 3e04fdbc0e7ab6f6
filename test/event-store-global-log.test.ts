import { describe, expect, it } from 'vitest'
import { createConsumer, createEvent, createEventStore } from '../src/events/index.js'
import { useTestPostgres } from './support/postgres.js'
import { requireEngine } from './support/require-engine.js'

/** Other test files share the server: their transactions can hold the horizon back for a moment. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 15_000
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > until) return value
    await new Promise((r) => setTimeout(r, 50))
  }
}

function deferred() {
  let resolve: () => void = () => {}
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/**
 * The global log on a server, where transactions commit out of order: a reader never skips an event
 * that commits after a later-positioned one was read, and a long transaction is reported.
 */
describe.runIf(requireEngine('postgres'))('global log on a PostgreSQL server', () => {
  const server = useTestPostgres()

  it('holds readers at the horizon until an older transaction commits, then delivers its events first', async () => {
    const store = createEventStore({ database: server.db })
    ;(await store.append('warm-up', [createEvent('WarmUp', {})])).unwrap()
    const start = (await store.readAllPage()).unwrap().through
    ;(await server.db.exec('create table side_writes (id int)')).unwrap()

    const tookXid = deferred()
    const mayAppend = deferred()
    const slow = server.db.transaction(async (tx) => {
      // The transaction gets its id now, with a write that is not an event...
      ;(await tx.query('insert into side_writes values (1)')).unwrap()
      tookXid.resolve()
      await mayAppend.promise
      // ...and appends only after a younger transaction has appended and committed.
      return store.append('slow', [createEvent('Slow', {})], { transaction: tx })
    })
    await tookXid.promise
    ;(await store.append('fast', [createEvent('Fast', {})])).unwrap()

    const whileOpen = (await store.readAllPage({ after: start })).unwrap()
    expect(whileOpen.events.map((e) => e.type)).toEqual([])
    expect(whileOpen.blocked).toBe(true)
    const blocker = (await store.blockingTransaction()).unwrap()
    expect(blocker?.ageMs).toBeGreaterThan(0)
    expect(blocker?.state).toMatch(/idle in transaction|active/)

    mayAppend.resolve()
    ;(await slow).unwrap()
    const after = await eventually(
      async () => (await store.readAllPage({ after: whileOpen.through })).unwrap(),
      (page) => page.events.length >= 2,
    )
    // The slow transaction appended later but started writing first: its event comes first, and a
    // reader resuming from the checkpoint it held while blocked still gets both.
    expect(after.events.map((e) => e.type)).toEqual(['Slow', 'Fast'])
    const later = (await store.blockingTransaction()).unwrap()
    expect(later?.pid).not.toBe(blocker?.pid)
  })

  it('never shows a rolled-back append and never skips what commits around it', async () => {
    const store = createEventStore({ database: server.db })
    const start = (await store.readAllPage()).unwrap().through
    const open = deferred()
    const release = deferred()
    const rolledBack = server.db.transaction(async (tx) => {
      ;(await store.append('doomed', [createEvent('Doomed', {})], { transaction: tx })).unwrap()
      open.resolve()
      await release.promise
      return Promise.reject(new Error('roll back'))
    })
    await open.promise
    ;(await store.append('kept', [createEvent('Kept', {})])).unwrap()
    expect((await store.readAll({ after: start })).unwrap()).toEqual([])
    release.resolve()
    await expect(rolledBack).rejects.toThrow('roll back')
    const log = await eventually(
      async () => (await store.readAll({ after: start })).unwrap(),
      (events) => events.length > 0,
    )
    expect(log.map((e) => e.type)).toEqual(['Kept'])
  })

  it('reports a consumer stalled behind a long transaction, with that transaction, then resumes', async () => {
    const store = createEventStore({ database: server.db })
    ;(await store.append('stall-warm-up', [createEvent('WarmUp', {})])).unwrap()
    const seen: string[] = []
    const consumer = createConsumer(store, {
      name: 'stall-watcher',
      startFrom: 'end',
      pollIntervalMs: 100,
      onError: () => {},
      handler: (event) => {
        if (event.streamId.startsWith('stall-')) seen.push(event.type)
      },
    })
    await consumer.start()
    await consumer.caughtUp
    const opened = deferred()
    const finish = deferred()
    const long = server.db.transaction(async (tx) => {
      ;(await store.append('stall-long', [createEvent('Long', {})], { transaction: tx })).unwrap()
      opened.resolve()
      await finish.promise
      return undefined
    })
    await opened.promise
    ;(await store.append('stall-short', [createEvent('Short', {})])).unwrap()
    const stalled = await eventually(
      async () => consumer.status(),
      (s) => s.stalledSince !== undefined && s.blockedBy !== undefined,
    )
    expect(stalled.blockedBy?.ageMs).toBeGreaterThan(0)
    expect(stalled.blockedBy?.state).toMatch(/idle in transaction|active/)
    expect(seen).toEqual([])
    finish.resolve()
    ;(await long).unwrap()
    await eventually(
      async () => seen,
      (s) => s.length === 2,
    )
    expect(seen).toEqual(['Long', 'Short'])
    await eventually(
      async () => consumer.status(),
      (s) => s.stalledSince === undefined,
    )
    await consumer.stop()
  })
})
