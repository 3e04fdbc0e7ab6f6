import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Database } from '../../src/adapters/postgres/index.js'
import {
  type AnyStoredEvent,
  createEvent,
  defineEvent,
  defineProjection,
  type EventStore,
  type EventStoreOptions,
  isWrongExpectedVersion,
} from '../../src/events/index.js'
import { isConflictError, isValidationError, Result } from '../../src/index.js'

/** How a contract run gets its stores. */
export interface EventStoreContractSetup {
  /** A store on the engine under test (a new one each call, on the same backing storage for databases). */
  store(options?: Omit<EventStoreOptions, 'database'>): EventStore
  /** The database behind the store, for engines that have one. */
  database?: () => Database
}

let counter = 0
const stream = (prefix = 's') => `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`

/**
 * The behaviour every event store shares, run on memory, PGlite and the PostgreSQL server.
 */
export function eventStoreContract(engine: string, setup: EventStoreContractSetup): void {
  describe(`EventStore contract: ${engine}`, () => {
    it('appends to a new stream and reads every field back', async () => {
      const store = setup.store()
      const id = stream('order')
      const at = new Date('2025-03-04T05:06:07.089Z')
      const placed = createEvent(
        'OrderPlaced',
        { total: 30, items: ['a', 'b'] },
        {
          aggregateId: id,
          aggregateType: 'order',
          correlationId: 'c-1',
          causationId: 'cmd-1',
          metadata: { user: 'ada' },
          occurredAt: at,
        },
      )
      const paid = createEvent('OrderPaid', { amount: 30 })
      const appended = (await store.append(id, [placed, paid], { expectedVersion: 'no_stream' })).unwrap()
      expect(appended.nextExpectedVersion).toBe(2)
      expect(appended.alreadyStored).toBe(false)
      const events = (await store.readStream(id)).unwrap()
      expect(events).toHaveLength(2)
      expect(events[0]).toEqual({
        id: placed.id,
        type: 'OrderPlaced',
        streamId: id,
        version: 1,
        position: expect.any(BigInt),
        payload: { total: 30, items: ['a', 'b'] },
        metadata: { aggregateId: id, aggregateType: 'order', correlationId: 'c-1', causationId: 'cmd-1', user: 'ada' },
        occurredAt: at,
        schemaVersion: 1,
      })
      expect(events[1]?.version).toBe(2)
      expect(events[1]!.position).toBeGreaterThan(events[0]!.position)
      expect(events[1]!.position).toBe(appended.lastPosition)
    })

    it('checks the expected version and reports expected and actual on a mismatch', async () => {
      const store = setup.store()
      const id = stream()
      const missing = await store.append(id, [createEvent('A', {})], { expectedVersion: 'exists' })
      expect(isWrongExpectedVersion(missing.ok ? undefined : missing.error)).toBe(true)
      expect(
        (await store.append(id, [createEvent('A', {})], { expectedVersion: 0 })).unwrap().nextExpectedVersion,
      ).toBe(1)
      const again = await store.append(id, [createEvent('A', {})], { expectedVersion: 'no_stream' })
      expect(again.ok).toBe(false)
      expect(
        (await store.append(id, [createEvent('A', {})], { expectedVersion: 'exists' })).unwrap().nextExpectedVersion,
      ).toBe(2)
      const stale = await store.append(id, [createEvent('A', {})], { expectedVersion: 1 })
      expect(stale.ok).toBe(false)
      if (stale.ok) return
      expect(isConflictError(stale.error)).toBe(true)
      expect(stale.error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', expected: 1, actual: 2 })
      expect(
        (await store.append(id, [createEvent('A', {})], { expectedVersion: 2 })).unwrap().nextExpectedVersion,
      ).toBe(3)
      expect((await store.append(id, [createEvent('A', {})])).unwrap().nextExpectedVersion).toBe(4)
      expect((await store.streamVersion(id)).unwrap()).toBe(4)
      const noStream = await store.append(stream(), [createEvent('A', {})], { expectedVersion: 3 })
      expect(noStream.ok ? undefined : noStream.error).toMatchObject({ expected: 3, actual: 'no_stream' })
    })

    it('stores an event id once: a retried append is acknowledged without writing again', async () => {
      const store = setup.store()
      const id = stream()
      const events = [createEvent('A', { n: 1 }), createEvent('A', { n: 2 })]
      const first = (await store.append(id, events, { expectedVersion: 'no_stream' })).unwrap()
      const retry = (await store.append(id, events, { expectedVersion: 'no_stream' })).unwrap()
      expect(retry).toEqual({ ...first, alreadyStored: true })
      const retryAny = (await store.append(id, events)).unwrap()
      expect(retryAny.alreadyStored).toBe(true)
      expect((await store.readStream(id)).unwrap()).toHaveLength(2)
      const partial = await store.append(id, [events[0]!, createEvent('A', { n: 3 })])
      expect(partial.ok ? undefined : partial.error).toMatchObject({ code: 'EVENT_ID_CONFLICT' })
      const elsewhere = await store.append(stream(), [events[1]!])
      expect(elsewhere.ok ? undefined : elsewhere.error).toMatchObject({ code: 'EVENT_ID_CONFLICT' })
      expect((await store.readStream(id)).unwrap()).toHaveLength(2)
    })

    it('appends to several streams atomically', async () => {
      const store = setup.store()
      const a = stream('a')
      const b = stream('b')
      await store.append(b, [createEvent('B', {})])
      const failed = await store.appendMany([
        { streamId: a, events: [createEvent('A', {})], expectedVersion: 'no_stream' },
        { streamId: b, events: [createEvent('B', {})], expectedVersion: 'no_stream' },
      ])
      expect(failed.ok ? undefined : failed.error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' })
      expect((await store.streamExists(a)).unwrap()).toBe(false)
      const done = (
        await store.appendMany([
          { streamId: a, events: [createEvent('A', {}), createEvent('A', {})], expectedVersion: 'no_stream' },
          { streamId: b, events: [createEvent('B', {})], expectedVersion: 1 },
        ])
      ).unwrap()
      expect(done.map((r) => r.nextExpectedVersion)).toEqual([2, 2])
      expect(done[1]!.lastPosition).toBeGreaterThan(done[0]!.lastPosition)
    })

    it('reads a stream by range, limit and direction', async () => {
      const store = setup.store()
      const id = stream()
      await store.append(
        id,
        Array.from({ length: 10 }, (_, n) => createEvent('N', { n: n + 1 })),
      )
      const versions = (events: AnyStoredEvent[]) => events.map((e) => e.version)
      expect(versions((await store.readStream(id, { from: 3, to: 5 })).unwrap())).toEqual([3, 4, 5])
      expect(versions((await store.readStream(id, { from: 8 })).unwrap())).toEqual([8, 9, 10])
      expect(versions((await store.readStream(id, { limit: 2 })).unwrap())).toEqual([1, 2])
      expect(versions((await store.readStream(id, { direction: 'backward', limit: 3 })).unwrap())).toEqual([10, 9, 8])
      expect(versions((await store.readStream(id, { direction: 'backward', from: 4, to: 2 })).unwrap())).toEqual([
        4, 3, 2,
      ])
      expect((await store.readStream(stream())).unwrap()).toEqual([])
      expect((await store.streamExists(id)).unwrap()).toBe(true)
      expect((await store.streamExists(stream())).unwrap()).toBe(false)
    })

    it('reads the global log in order, after a position, by type and in pages', async () => {
      const store = setup.store()
      const start = await lastPosition(store)
      const id = stream()
      const other = stream()
      await store.append(id, [createEvent('X', { n: 1 }), createEvent('Y', { n: 2 })])
      await store.append(other, [createEvent('X', { n: 3 })])
      await store.append(id, [createEvent('Y', { n: 4 })])
      const all = (await store.readAll({ after: start })).unwrap()
      expect(all.map((e) => (e.payload as { n: number }).n)).toEqual([1, 2, 3, 4])
      for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position)
      expect((await store.readAll({ after: all[1]!.position })).unwrap().map((e) => e.id)).toEqual([
        all[2]!.id,
        all[3]!.id,
      ])
      const xs = (await store.readAll({ after: start, types: ['X'] })).unwrap()
      expect(xs.map((e) => (e.payload as { n: number }).n)).toEqual([1, 3])
      const page = (await store.readAllPage({ after: start, limit: 3 })).unwrap()
      expect(page.events).toHaveLength(3)
      expect(page.through).toBe(all[2]!.position)
      expect(page.endOfLog).toBe(false)
      const rest = (await store.readAllPage({ after: page.through, limit: 3 })).unwrap()
      expect(rest.events.map((e) => e.id)).toEqual([all[3]!.id])
      expect(rest.endOfLog).toBe(true)
      expect(rest.through).toBeGreaterThanOrEqual(all[3]!.position)
      expect(rest.horizon).toBeGreaterThan(all[3]!.position)
      const filtered = (await store.readAllPage({ after: start, types: ['nothing-like-this'] })).unwrap()
      expect(filtered.events).toEqual([])
      expect(filtered.through).toBeGreaterThanOrEqual(all[3]!.position)
    })

    it('folds a stream with aggregateStream and replays it, stopping at an Err', async () => {
      const store = setup.store()
      const id = stream()
      await store.append(
        id,
        [1, 2, 3, 4].map((n) => createEvent('Added', { n })),
      )
      const folded = (
        await store.aggregateStream<number>(id, {
          initialState: () => 0,
          evolve: (sum, e) => sum + (e.payload as { n: number }).n,
        })
      ).unwrap()
      expect(folded).toEqual({ state: 10, version: 4, exists: true })
      const fromSnapshot = (
        await store.aggregateStream<number>(id, {
          initialState: () => 0,
          evolve: (sum, e) => sum + (e.payload as { n: number }).n,
          from: { state: 100, version: 3 },
        })
      ).unwrap()
      expect(fromSnapshot).toEqual({ state: 104, version: 4, exists: true })
      expect(
        (await store.aggregateStream(stream(), { initialState: () => 'none', evolve: (s) => s })).unwrap(),
      ).toEqual({ state: 'none', version: 0, exists: false })
      const seen: number[] = []
      const replayed = await store.replay(id, async (e) => {
        seen.push(e.version)
        return Result.Ok(undefined)
      })
      expect(replayed.unwrap()).toBe(4)
      const stopped = await store.replay(id, (e) => (e.version === 2 ? Result.Err('stop') : Result.Ok(undefined)))
      expect(stopped.ok ? undefined : stopped.error).toBe('stop')
      expect(seen).toEqual([1, 2, 3, 4])
    })

    it('validates payloads of defined events with any Standard Schema and stores nothing invalid', async () => {
      const Placed = defineEvent('ContractPlaced', z.object({ total: z.number().min(0), note: z.string().default('') }))
      const store = setup.store({ events: [Placed] })
      const id = stream()
      const bad = await store.append(id, [createEvent('Other', {}), Placed.create({ total: -1 } as never)])
      expect(bad.ok).toBe(false)
      if (!bad.ok) {
        expect(isValidationError(bad.error)).toBe(true)
        expect(bad.error.message).toContain('ContractPlaced')
      }
      expect((await store.streamExists(id)).unwrap()).toBe(false)
      ;(await store.append(id, [Placed.create({ total: 5 } as never)])).unwrap()
      const [stored] = (await store.readStream(id)).unwrap()
      expect(stored?.payload).toEqual({ total: 5, note: '' })
      expect(Placed.is(stored!)).toBe(true)
    })

    it('lets exactly one of two concurrent no_stream appends win', async () => {
      const store = setup.store()
      const id = stream()
      const results = await Promise.all([
        store.append(id, [createEvent('First', {})], { expectedVersion: 'no_stream' }),
        store.append(id, [createEvent('Second', {})], { expectedVersion: 'no_stream' }),
      ])
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      const loser = results.find((r) => !r.ok)
      expect(loser?.ok === false && isWrongExpectedVersion(loser.error)).toBe(true)
      expect((await store.readStream(id)).unwrap()).toHaveLength(1)
    })

    it('runs inline projections with every event they handle, and an Err rejects the append', async () => {
      const seen: string[] = []
      const projection = defineProjection({
        name: 'contract-inline',
        events: ['Counted', 'Broken'],
        handle: (event) => {
          if (event.type === 'Broken') return Result.Err(new (class extends Error {})('nope') as never)
          seen.push(`${event.streamId}:${event.version}`)
          return undefined
        },
      })
      const store = setup.store({ projections: [projection] })
      const id = stream()
      ;(
        await store.append(id, [createEvent('Counted', {}), createEvent('Ignored', {}), createEvent('Counted', {})])
      ).unwrap()
      expect(seen).toEqual([`${id}:1`, `${id}:3`])
      const rejected = await store.append(id, [createEvent('Counted', {}), createEvent('Broken', {})])
      expect(rejected.ok).toBe(false)
      expect((await store.streamVersion(id)).unwrap()).toBe(3)
    })
  })
}

async function lastPosition(store: EventStore): Promise<bigint> {
  let after = 0n
  for (;;) {
    const page = (await store.readAllPage({ after, limit: 10_000 })).unwrap()
    after = page.events.at(-1)?.position ?? after
    if (page.endOfLog) return after
  }
}
