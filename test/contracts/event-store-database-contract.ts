import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Database } from '../../src/adapters/postgres/index.js'
import {
  createEvent,
  createEventStore,
  defineEvent,
  defineProjection,
  projectionConsumer,
  rebuildProjection,
} from '../../src/events/index.js'
import { ConflictError, Result } from '../../src/index.js'

let counter = 0
const name = (prefix: string) => `${prefix}_${process.pid}_${++counter}`

/**
 * What the PostgreSQL event store adds to the shared contract, on PGlite and the server: appends
 * joined with other writes in one transaction, inline projections in that transaction, upcasting.
 */
export function eventStoreDatabaseContract(engine: string, database: () => Database): void {
  describe(`EventStore on a database: ${engine}`, () => {
    it('commits or rolls back appends to several streams together with other writes in one transaction', async () => {
      const db = database()
      const store = createEventStore({ database: db })
      const table = name('ledger')
      ;(await db.exec(`create table ${table} (id text primary key)`)).unwrap()
      const [a, b] = [name('acct'), name('acct')]
      const rolledBack = await db.transaction(async (tx) => {
        ;(await tx.query(`insert into ${table} (id) values ($1)`, ['rolled-back'])).unwrap()
        ;(await store.append(a, [createEvent('Debited', { amount: 5 })], { transaction: tx })).unwrap()
        ;(
          await store.appendMany([{ streamId: b, events: [createEvent('Credited', { amount: 5 })] }], {
            transaction: tx,
          })
        ).unwrap()
        return Result.Err(new ConflictError('insufficient funds'))
      })
      expect(rolledBack.ok).toBe(false)
      expect((await store.streamExists(a)).unwrap()).toBe(false)
      expect((await store.streamExists(b)).unwrap()).toBe(false)
      expect((await db.query(`select id from ${table}`)).unwrap().rows).toEqual([])

      const committed = await db.transaction(async (tx) => {
        ;(await tx.query(`insert into ${table} (id) values ($1)`, ['committed'])).unwrap()
        return store.appendMany(
          [
            { streamId: a, events: [createEvent('Debited', { amount: 5 })], expectedVersion: 'no_stream' },
            { streamId: b, events: [createEvent('Credited', { amount: 5 })], expectedVersion: 'no_stream' },
          ],
          { transaction: tx },
        )
      })
      expect(committed.unwrap().map((r) => r.nextExpectedVersion)).toEqual([1, 1])
      expect((await db.query(`select id from ${table}`)).unwrap().rows).toEqual([{ id: 'committed' }])
      expect((await store.readStream(b)).unwrap()).toHaveLength(1)
    })

    it('rolls back the whole transaction when an append in it fails, even if the caller ignores the Err', async () => {
      const db = database()
      const store = createEventStore({ database: db })
      const table = name('side')
      ;(await db.exec(`create table ${table} (id text primary key)`)).unwrap()
      const id = name('s')
      await store.append(id, [createEvent('A', {})])
      const r = await db.transaction(async (tx) => {
        await tx.query(`insert into ${table} (id) values ('x')`)
        await store.append(id, [createEvent('A', {})], { transaction: tx, expectedVersion: 'no_stream' }) // ignored
        return 'done'
      })
      expect(r.ok ? undefined : r.error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' })
      expect((await db.query(`select * from ${table}`)).unwrap().rows).toEqual([])
    })

    it('writes inline projections in the append transaction: a failing projection rolls the events back', async () => {
      const db = database()
      const table = name('totals')
      ;(await db.exec(`create table ${table} (stream_id text primary key, total int not null)`)).unwrap()
      const projection = defineProjection({
        name: 'totals',
        events: ['Added'],
        handle: async (event, { transaction }) => {
          const amount = (event.payload as { amount: number }).amount
          return transaction!.query(
            `insert into ${table} (stream_id, total) values ($1, $2)
             on conflict (stream_id) do update set total = ${table}.total + excluded.total`,
            [event.streamId, amount],
          )
        },
      })
      const store = createEventStore({ database: db, projections: [projection] })
      const id = name('cart')
      ;(await store.append(id, [createEvent('Added', { amount: 2 }), createEvent('Added', { amount: 3 })])).unwrap()
      expect((await db.query(`select total from ${table}`)).unwrap().rows).toEqual([{ total: 5 }])
      const failed = await store.append(id, [
        createEvent('Added', { amount: 1 }),
        createEvent('Added', { amount: 'x' }),
      ])
      expect(failed.ok).toBe(false)
      expect((await db.query(`select total from ${table}`)).unwrap().rows).toEqual([{ total: 5 }])
      expect((await store.streamVersion(id)).unwrap()).toBe(2)
    })

    it('applies an asynchronous projection exactly once per event, in the transaction that moves its checkpoint', async () => {
      const db = database()
      const schema = name('async')
      const store = createEventStore({ database: db, schema })
      const table = name('applied')
      ;(await db.exec(`create table ${table} (event_id uuid not null, stream_id text not null)`)).unwrap()
      let poison = true
      const projection = defineProjection({
        name: name('applier'),
        events: ['Apply', 'Poison'],
        handle: async (event, { transaction }) => {
          const r = await transaction!.query(`insert into ${table} values ($1, $2)`, [event.id, event.streamId])
          if (!r.ok) return r
          if (event.type === 'Poison' && poison) return Result.Err(new ConflictError('poison'))
          return undefined
        },
        reset: ({ transaction }) => transaction!.query(`delete from ${table}`),
      })
      const last = (
        await store.append('p', [createEvent('Apply', {}), createEvent('Poison', {}), createEvent('Apply', {})])
      ).unwrap()
      const consumer = projectionConsumer(store, projection, {
        pollIntervalMs: 100,
        retry: { maxAttempts: 2, initialDelayMs: 1 },
        onError: () => {},
      })
      await consumer.start()
      ;(await consumer.waitFor(last.lastPosition)).unwrap()
      await consumer.stop()
      // The batch failed and rolled back; each event then ran alone: the poison's write rolled back too.
      const rows = (await db.query<{ n: bigint }>(`select count(*) as n from ${table}`)).unwrap().rows[0]!.n
      expect(rows).toBe(2n)
      expect((await store.consumers.deadLetters({ consumer: projection.name })).unwrap()).toHaveLength(1)
      poison = false
      const retry = createEventStore({ database: db, schema })
      const again = projectionConsumer(retry, projection, { onError: () => {} })
      expect((await again.retryDeadLetters()).unwrap()).toEqual({ retried: 1, resolved: 1, failed: 0 })
      expect((await db.query<{ n: bigint }>(`select count(*) as n from ${table}`)).unwrap().rows[0]!.n).toBe(3n)
      const rebuilt = (await rebuildProjection(store, projection)).unwrap()
      expect(rebuilt.processed).toBe(3)
      expect((await db.query<{ n: bigint }>(`select count(*) as n from ${table}`)).unwrap().rows[0]!.n).toBe(3n)
    })

    it('upcasts payloads stored under an older schema version when reading', async () => {
      const db = database()
      const schema = name('upcast')
      const V1 = defineEvent('Renamed', z.object({ name: z.string() }))
      const V2 = defineEvent('Renamed', z.object({ first: z.string(), last: z.string() }), {
        version: 2,
        upcast: (old, from) => {
          if (from !== 1) return old
          const [first = '', last = ''] = (old as { name: string }).name.split(' ')
          return { first, last }
        },
      })
      const old = createEventStore({ database: db, schema, events: [V1] })
      ;(await old.append('person-1', [V1.create({ name: 'Ada Lovelace' })])).unwrap()
      const current = createEventStore({ database: db, schema, events: [V2] })
      ;(await current.append('person-1', [V2.create({ first: 'Grace', last: 'Hopper' })])).unwrap()
      const events = (await current.readStream('person-1')).unwrap()
      expect(events.map((e) => [e.schemaVersion, e.payload])).toEqual([
        [2, { first: 'Ada', last: 'Lovelace' }],
        [2, { first: 'Grace', last: 'Hopper' }],
      ])
      expect((await current.readAll()).unwrap().map((e) => e.payload)).toEqual(events.map((e) => e.payload))
      expect((await old.readStream('person-1')).unwrap()[0]?.schemaVersion).toBe(1)
    })

    it('keeps its tables in the given schema and rejects a schema name that is not an identifier', async () => {
      const db = database()
      const schema = name('own')
      const store = createEventStore({ database: db, schema })
      ;(await store.append('x', [createEvent('A', {})])).unwrap()
      const tables = (
        await db.query<{ table_name: string }>(
          `select table_name from information_schema.tables where table_schema = $1 order by table_name`,
          [schema],
        )
      ).unwrap()
      expect(tables.rows.map((r) => r.table_name)).toContain('kairo_events')
      expect(() => createEventStore({ database: db, schema: 'x"; drop table y; --' })).toThrow(TypeError)
    })

    it('keeps new positions above the stored ones after a restore into a cluster with lower transaction ids', async () => {
      const db = database()
      const schema = name('restored')
      const store = createEventStore({ database: db, schema })
      ;(await store.append('a', [createEvent('A', {})])).unwrap()
      // Simulate a restore: an event whose position lies far beyond the current transaction ids.
      const future = ((BigInt(2) ** 40n) << 20n) + 7n
      ;(
        await db.query(
          `insert into "${schema}".kairo_events (position, stream_id, version, id, type, schema_version, payload, metadata, occurred_at)
           values ($1, 'restored', 1, gen_random_uuid(), 'Old', 1, '{}', '{}', now())`,
          [future],
        )
      ).unwrap()
      const reopened = createEventStore({ database: db, schema })
      const appended = (await reopened.append('b', [createEvent('B', {})])).unwrap()
      expect(appended.lastPosition).toBeGreaterThan(future)
      const log = (await reopened.readAll()).unwrap()
      expect(log.map((e) => e.type)).toEqual(['A', 'Old', 'B'])
    })
  })
}
