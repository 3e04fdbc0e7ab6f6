import { describe, expect, it } from 'vitest'
import { type Database, type IsolationLevel, QueryError } from '../../src/adapters/postgres/index.js'
import {
  ConflictError,
  isConflictError,
  isUnavailableError,
  KairoError,
  NotFoundError,
  Result,
} from '../../src/index.js'

/** How a contract run gets its databases. */
export interface DatabaseContractSetup {
  /** The database shared by the suite. */
  db(): Database
  /** A database of its own (on the same engine), for tests that close it. */
  fresh(): Database
}

let tableCounter = 0
const table = (prefix = 't') => `${prefix}_${process.pid}_${++tableCounter}`

/**
 * The behaviour every `Database` engine must share. Run once per engine, so PGlite and a server
 * answer the same statements with the same values, errors and transaction semantics.
 */
export function databaseContract(engineName: string, setup: DatabaseContractSetup): void {
  describe(`Database contract: ${engineName}`, () => {
    it('runs statements with bound parameters and reports row counts', async () => {
      const db = setup.db()
      const t = table()
      ;(await db.exec(`create table ${t} (id serial primary key, name text not null)`)).unwrap()
      const inserted = (await db.query(`insert into ${t} (name) values ($1), ($2)`, ['a', 'b'])).unwrap()
      expect(inserted.rowCount).toBe(2)
      const updated = (await db.query(`update ${t} set name = upper(name)`)).unwrap()
      expect(updated.rowCount).toBe(2)
      const rows = (await db.query<{ name: string }>(`select name from ${t} where id > $1 order by id`, [0])).unwrap()
      expect(rows.rows.map((r) => r.name)).toEqual(['A', 'B'])
      expect(rows.rowCount).toBe(2)
    })

    it('parses values the same on every engine', async () => {
      const db = setup.db()
      const r = (
        await db.query(
          `select 1::int8 as int8, array[1, 2]::int8[] as int8s, 42::int4 as int4, 1.5::float8 as float8,
                  12.345::numeric as numeric, '2024-02-29'::date as date,
                  '2024-01-02 03:04:05.678'::timestamp as ts, '2024-01-02 03:04:05+02'::timestamptz as tstz,
                  '{"a":[1,{"b":null}]}'::jsonb as jsonb, '\\x00ff'::bytea as bytea, true as bool,
                  null::text as nothing, 'x'::text as text, array['a','b'] as texts`,
        )
      ).unwrap().rows[0]
      expect(r).toEqual({
        int8: 1n,
        int8s: [1n, 2n],
        int4: 42,
        float8: 1.5,
        numeric: '12.345',
        date: '2024-02-29',
        ts: new Date('2024-01-02T03:04:05.678Z'),
        tstz: new Date('2024-01-02T01:04:05Z'),
        jsonb: { a: [1, { b: null }] },
        bytea: new Uint8Array([0, 255]),
        bool: true,
        nothing: null,
        text: 'x',
        texts: ['a', 'b'],
      })
    })

    it('binds bigint, Date, JSON, array and null parameters', async () => {
      const db = setup.db()
      const when = new Date('2025-06-01T12:00:00.000Z')
      const r = (
        await db.query(
          'select $1::int8 as big, $2::timestamptz as at, $3::jsonb as doc, $4::int[] as ints, $5::text as none',
          [9007199254740993n, when, JSON.stringify([1, 'two']), [1, 2, 3], null],
        )
      ).unwrap().rows[0]
      expect(r).toEqual({ big: 9007199254740993n, at: when, doc: [1, 'two'], ints: [1, 2, 3], none: null })
    })

    it('stores hostile strings verbatim: values never become SQL', async () => {
      const db = setup.db()
      const t = table()
      ;(await db.exec(`create table ${t} (v text)`)).unwrap()
      const hostile = [`'; drop table ${t}; --`, '$1', '\\', "O'Brien", '\u0000'.slice(1), '"; select pg_sleep(10); --']
      for (const v of hostile) (await db.query(`insert into ${t} (v) values ($1)`, [v])).unwrap()
      const rows = (await db.query<{ v: string }>(`select v from ${t}`)).unwrap().rows
      expect(rows.map((r) => r.v)).toEqual(hostile)
    })

    it('maps driver errors to KairoErrors with codes and the driver error as cause', async () => {
      const db = setup.db()
      const syntax = await db.query('selec 1')
      expect(syntax.ok).toBe(false)
      if (syntax.ok) return
      expect(syntax.error).toBeInstanceOf(QueryError)
      expect(syntax.error.code).toBe('QUERY_FAILED')
      expect((syntax.error as QueryError).sqlState).toBe('42601')
      expect(syntax.error.cause).toBeInstanceOf(Error)

      const missing = await db.query('select * from no_such_table_here')
      expect(!missing.ok && (missing.error as QueryError).sqlState).toBe('42P01')

      const t = table()
      const p = table('p')
      ;(
        await db.exec(
          `create table ${p} (id int primary key); create table ${t} (id int primary key, p int references ${p}(id))`,
        )
      ).unwrap()
      ;(await db.query(`insert into ${p} values (1)`)).unwrap()
      ;(await db.query(`insert into ${t} values (1, 1)`)).unwrap()
      const dup = await db.query(`insert into ${t} values (1, 1)`)
      expect(dup.ok).toBe(false)
      if (dup.ok) return
      expect(dup.error).toBeInstanceOf(ConflictError)
      expect(dup.error.code).toBe('UNIQUE_VIOLATION')
      expect(dup.error.retryable).toBe(false)
      expect(dup.error.details).toMatchObject({ constraint: `${t}_pkey`, sqlState: '23505' })
      const orphan = await db.query(`insert into ${t} values (2, 99)`)
      expect(!orphan.ok && orphan.error.code).toBe('FOREIGN_KEY_VIOLATION')
      expect(!orphan.ok && isConflictError(orphan.error)).toBe(true)
    })

    it('runs multi-statement scripts with exec', async () => {
      const db = setup.db()
      const t = table()
      ;(await db.exec(`create table ${t} (n int); insert into ${t} values (1); insert into ${t} values (2);`)).unwrap()
      expect((await db.query(`select count(*)::int as n from ${t}`)).unwrap().rows[0]).toEqual({ n: 2 })
    })

    describe('transactions', () => {
      it('commits the work of a function that succeeds, returning its value', async () => {
        const db = setup.db()
        const t = table()
        ;(await db.exec(`create table ${t} (n int)`)).unwrap()
        const r = await db.transaction(async (tx) => {
          await tx.query(`insert into ${t} values (1)`)
          await tx.query(`insert into ${t} values (2)`)
          return 'done'
        })
        expect(r.unwrap()).toBe('done')
        expect((await db.query(`select count(*)::int as n from ${t}`)).unwrap().rows[0]).toEqual({ n: 2 })
      })

      it('unwraps a returned Ok and rolls back on a returned Err, keeping its error', async () => {
        const db = setup.db()
        const t = table()
        ;(await db.exec(`create table ${t} (n int)`)).unwrap()
        const ok = await db.transaction(async (tx) => {
          await tx.query(`insert into ${t} values (1)`)
          return Result.Ok(7)
        })
        expect(ok.unwrap()).toBe(7)
        const err = await db.transaction(async (tx) => {
          await tx.query(`insert into ${t} values (2)`)
          return Result.Err(new NotFoundError('order', 'o1'))
        })
        expect(!err.ok && err.error).toBeInstanceOf(NotFoundError)
        expect((await db.query(`select n from ${t}`)).unwrap().rows).toEqual([{ n: 1 }])
      })

      it('rolls back when a statement failed, even if the function ignored the failure', async () => {
        const db = setup.db()
        const t = table()
        ;(await db.exec(`create table ${t} (n int primary key)`)).unwrap()
        const r = await db.transaction(async (tx) => {
          await tx.query(`insert into ${t} values (1)`)
          await tx.query(`insert into ${t} values (1)`) // unique violation, result ignored
          return 'looks fine'
        })
        expect(!r.ok && r.error.code).toBe('UNIQUE_VIOLATION')
        expect((await db.query(`select count(*)::int as n from ${t}`)).unwrap().rows[0]).toEqual({ n: 0 })
      })

      it('rolls back and re-throws a programming error; a thrown KairoError becomes the Err', async () => {
        const db = setup.db()
        const t = table()
        ;(await db.exec(`create table ${t} (n int)`)).unwrap()
        await expect(
          db.transaction(async (tx) => {
            await tx.query(`insert into ${t} values (1)`)
            throw new TypeError('bug')
          }),
        ).rejects.toThrow('bug')
        const r = await db.transaction(async (tx) => {
          await tx.query(`insert into ${t} values (2)`)
          throw new KairoError('BUSINESS_RULE', 'nope')
        })
        expect(!r.ok && r.error.code).toBe('BUSINESS_RULE')
        expect((await db.query(`select count(*)::int as n from ${t}`)).unwrap().rows[0]).toEqual({ n: 0 })
        // The database is still usable after both rollbacks.
        expect((await db.query('select 1 as one')).unwrap().rows).toEqual([{ one: 1 }])
      })

      it('refuses statements on a transaction after it ended', async () => {
        const db = setup.db()
        let leaked: Parameters<Parameters<Database['transaction']>[0]>[0] | undefined
        ;(
          await db.transaction(async (tx) => {
            leaked = tx
          })
        ).unwrap()
        const r = await leaked!.query('select 1')
        expect(!r.ok && r.error.code).toBe('TRANSACTION_CLOSED')
      })

      it.each<IsolationLevel>(['read uncommitted', 'read committed', 'repeatable read', 'serializable'])(
        'runs at isolation level %s',
        async (isolation) => {
          const db = setup.db()
          const r = await db.transaction(
            async (tx) => {
              expect(tx.isolation).toBe(isolation)
              return (await tx.query<{ transaction_isolation: string }>('show transaction_isolation')).map(
                (q) => q.rows[0]?.transaction_isolation,
              )
            },
            { isolation },
          )
          expect(r.unwrap()).toBe(isolation)
        },
      )

      it('refuses writes in a read-only transaction', async () => {
        const db = setup.db()
        const t = table()
        ;(await db.exec(`create table ${t} (n int)`)).unwrap()
        const r = await db.transaction(async (tx) => tx.query(`insert into ${t} values (1)`), { readOnly: true })
        expect(!r.ok && (r.error as QueryError).sqlState).toBe('25006')
      })

      it('rolls back only a failed savepoint and commits the rest', async () => {
        const db = setup.db()
        const t = table()
        ;(await db.exec(`create table ${t} (n int primary key)`)).unwrap()
        const r = await db.transaction(async (tx) => {
          await tx.query(`insert into ${t} values (1)`)
          const inner = await tx.savepoint(async (sp) => {
            await sp.query(`insert into ${t} values (2)`)
            return sp.query(`insert into ${t} values (1)`) // duplicate: the savepoint fails
          })
          expect(!inner.ok && inner.error.code).toBe('UNIQUE_VIOLATION')
          const kept = await tx.savepoint(async (sp) => sp.query(`insert into ${t} values (3)`))
          expect(kept.ok).toBe(true)
          return 'outer ok'
        })
        expect(r.unwrap()).toBe('outer ok')
        expect((await db.query<{ n: number }>(`select n from ${t} order by n`)).unwrap().rows).toEqual([
          { n: 1 },
          { n: 3 },
        ])
      })

      it('runs afterCommit callbacks only when the transaction commits', async () => {
        const db = setup.db()
        const calls: string[] = []
        ;(
          await db.transaction(async (tx) => {
            tx.afterCommit(() => void calls.push('committed'))
          })
        ).unwrap()
        await db.transaction(async (tx) => {
          tx.afterCommit(() => void calls.push('rolled back?'))
          return Result.Err(new KairoError('X', 'x'))
        })
        expect(calls).toEqual(['committed'])
      })
    })

    it('delivers NOTIFY payloads to listeners until they stop listening', async () => {
      const db = setup.db()
      const channel = `kairo_test_${process.pid}_${++tableCounter}`
      const received: string[] = []
      const stop = (await db.listen(channel, (payload) => received.push(payload))).unwrap()
      ;(await db.query('select pg_notify($1, $2)', [channel, 'first'])).unwrap()
      ;(await db.transaction(async (tx) => tx.query('select pg_notify($1, $2)', [channel, 'on commit']))).unwrap()
      await db.transaction(async (tx) => {
        await tx.query('select pg_notify($1, $2)', [channel, 'never: rolled back'])
        return Result.Err(new KairoError('X', 'x'))
      })
      await waitFor(() => received.length >= 2)
      expect(received).toEqual(['first', 'on commit'])
      await stop()
      ;(await db.query('select pg_notify($1, $2)', [channel, 'after stop'])).unwrap()
      await new Promise((resolve) => setTimeout(resolve, 150))
      expect(received).toEqual(['first', 'on commit'])
    })

    it('rejects channel names that are not plain identifiers', async () => {
      await expect(setup.db().listen('bad"; drop', () => {})).rejects.toThrow(/lowercase SQL identifier/)
    })

    it('holds a connection for session state until released', async () => {
      const db = setup.db()
      const conn = (await db.connect()).unwrap()
      ;(await conn.exec("set application_name = 'kairo_session_test'")).unwrap()
      const r = (await conn.query<{ application_name: string }>('show application_name')).unwrap()
      expect(r.rows[0]?.application_name).toBe('kairo_session_test')
      await conn.release()
      const after = await conn.query('select 1')
      expect(!after.ok && after.error.code).toBe('CONNECTION_RELEASED')
    })

    it('answers ping with its engine and version', async () => {
      const db = setup.db()
      const ping = (await db.ping()).unwrap()
      expect(ping.engine).toBe(db.engine)
      expect(ping.serverVersion).toMatch(/^\d+/)
      expect(ping.latencyMs).toBeGreaterThanOrEqual(0)
    })

    it('finishes work under way when closed, then refuses new work', async () => {
      const db = setup.fresh()
      const t = table()
      ;(await db.exec(`create table ${t} (n int)`)).unwrap()
      const slowWrite = db.transaction(async (tx) => {
        await tx.query('select pg_sleep(0.2)')
        return tx.query(`insert into ${t} values (42) returning n`)
      })
      const slowQuery = db.query('select pg_sleep(0.1), 1 as one')
      await new Promise((resolve) => setTimeout(resolve, 20))
      const closing = db.close()
      expect(db.closed).toBe(true)
      const refused = await db.query('select 1')
      expect(!refused.ok && refused.error.code).toBe('DATABASE_CLOSED')
      expect(!refused.ok && isUnavailableError(refused.error)).toBe(true)
      expect((await slowWrite).unwrap().rows).toEqual([{ n: 42 }])
      expect((await slowQuery).ok).toBe(true)
      await closing
    })
  })
}

/** Polls `condition` every 10 ms until it holds, or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
