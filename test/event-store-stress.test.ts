import { describe, expect, it } from 'vitest'
import {
  type Consumer,
  createConsumer,
  createEvent,
  createEventStore,
  isWrongExpectedVersion,
} from '../src/events/index.js'
import { ConflictError, Result } from '../src/index.js'
import { useTestPostgres } from './support/postgres.js'
import { requireEngine } from './support/require-engine.js'

const WRITERS = 16
const RUN_MS = 20_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * 16 writers with random delays and random rollbacks append to shared and separate streams for 20 s
 * while 3 consumers follow the global log: every committed event is seen exactly once per consumer,
 * no rolled-back event is ever seen, stream versions are gapless and checkpoints only move forward.
 */
describe.runIf(requireEngine('postgres'))('event store under concurrent writers (PostgreSQL server)', () => {
  const server = useTestPostgres()

  it('delivers every committed event exactly once per consumer and never a rolled-back one', async () => {
    const writerDb = server.open({ max: WRITERS + 4 })
    const store = createEventStore({ database: writerDb })
    ;(await store.streamVersion('warm-up')).unwrap()
    ;(await writerDb.exec('create table side_effects (writer int, n int)')).unwrap()

    const committed = new Set<string>()
    const rolledBack = new Set<string>()
    let lastCommitted = 0n
    const consumers: Consumer[] = []
    const seen = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()]
    const checkpoints: bigint[][] = [[], [], []]
    for (let i = 0; i < 3; i++) {
      // Each consumer has a pool of its own, as it would in its own process.
      const own = createEventStore({ database: server.open({ max: 4 }) })
      const consumer = createConsumer(own, {
        name: `stress-${i}`,
        batchSize: 50 + i * 50,
        pollIntervalMs: 250,
        onError: () => {},
        onCheckpoint: (p) => checkpoints[i]!.push(p),
        handler: (event) => {
          seen[i]!.set(event.id, (seen[i]!.get(event.id) ?? 0) + 1)
        },
      })
      consumers.push(consumer)
      await consumer.start()
    }

    const ownVersions = new Map<number, number>()
    const deadline = Date.now() + RUN_MS
    let appends = 0
    const writer = async (w: number) => {
      let n = 0
      while (Date.now() < deadline) {
        await sleep(Math.random() * 15)
        const shared = Math.random() < 0.5
        const streamId = shared ? `shared-${n % 3}` : `own-${w}`
        const events = Array.from({ length: 1 + Math.floor(Math.random() * 4) }, () =>
          createEvent('Work', { w, n: n++ }),
        )
        const rollback = Math.random() < 0.25
        const expectedVersion = shared ? 'any' : (ownVersions.get(w) ?? 'no_stream')
        const inTransaction = rollback || Math.random() < 0.5
        if (!inTransaction) {
          const r = await store.append(streamId, events, { expectedVersion })
          if (r.ok) {
            for (const e of events) committed.add(e.id)
            if (!shared) ownVersions.set(w, r.value.nextExpectedVersion)
            if (r.value.lastPosition > lastCommitted) lastCommitted = r.value.lastPosition
          }
          appends++
          continue
        }
        const r = await writerDb.transaction(async (tx) => {
          ;(await tx.query('insert into side_effects values ($1, $2)', [w, n])).unwrap()
          const appended = await store.append(streamId, events, { expectedVersion, transaction: tx })
          if (!appended.ok) return appended
          await sleep(Math.random() * 10) // hold the transaction open a while: others commit meanwhile
          if (rollback) return Result.Err(new ConflictError('random rollback'))
          return appended
        })
        appends++
        if (r.ok) {
          for (const e of events) committed.add(e.id)
          if (!shared) ownVersions.set(w, r.value.nextExpectedVersion)
          if (r.value.lastPosition > lastCommitted) lastCommitted = r.value.lastPosition
        } else if (rollback && r.error.message === 'random rollback') {
          for (const e of events) rolledBack.add(e.id)
        } else if (!isWrongExpectedVersion(r.error)) {
          throw r.error
        }
      }
    }
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)))
    expect(appends).toBeGreaterThan(WRITERS * 50)
    expect(rolledBack.size).toBeGreaterThan(0)

    for (const consumer of consumers) (await consumer.waitFor(lastCommitted, { timeoutMs: 60_000 })).unwrap()
    await Promise.all(consumers.map((c) => c.stop()))

    for (let i = 0; i < 3; i++) {
      const map = seen[i]!
      const missing = [...committed].filter((id) => !map.has(id))
      const twice = [...map].filter(([, times]) => times !== 1)
      const ghosts = [...map.keys()].filter((id) => rolledBack.has(id))
      expect({ consumer: i, missing: missing.length, twice: twice.length, ghosts: ghosts.length }).toEqual({
        consumer: i,
        missing: 0,
        twice: 0,
        ghosts: 0,
      })
      expect(map.size).toBe(committed.size)
      const cps = checkpoints[i]!
      for (let k = 1; k < cps.length; k++) expect(cps[k]!).toBeGreaterThanOrEqual(cps[k - 1]!)
    }

    const streams = (
      await writerDb.query<{ stream_id: string; n: bigint; low: bigint; high: bigint; recorded: bigint }>(
        `select e.stream_id, count(*) as n, min(e.version) as low, max(e.version) as high, s.version as recorded
         from kairo_events e join kairo_streams s using (stream_id) where e.stream_id <> 'warm-up'
         group by e.stream_id, s.version`,
      )
    ).unwrap().rows
    expect(streams.length).toBeGreaterThan(WRITERS)
    for (const s of streams) expect([s.stream_id, s.low, s.n, s.recorded]).toEqual([s.stream_id, 1n, s.high, s.high])
    const stored = Number(
      (await writerDb.query<{ n: bigint }>('select count(*) as n from kairo_events')).unwrap().rows[0]!.n,
    )
    expect(stored).toBe(committed.size)
  }, 120_000)

  it('lets exactly one of two concurrent no_stream appends win, every time', async () => {
    const store = createEventStore({ database: server.open({ max: 20 }) })
    ;(await store.streamVersion('x')).unwrap()
    for (let round = 0; round < 40; round++) {
      const id = `race-${round}`
      const results = await Promise.all(
        [0, 1].map((k) => store.append(id, [createEvent('Claimed', { by: k })], { expectedVersion: 'no_stream' })),
      )
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expect(results.filter((r) => !r.ok && isWrongExpectedVersion(r.error))).toHaveLength(1)
      expect((await store.readStream(id)).unwrap()).toHaveLength(1)
    }
  })
})
