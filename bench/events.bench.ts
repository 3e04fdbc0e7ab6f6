/**
 * `npm run bench -- events`: the event store on the PostgreSQL server (KAIRO_PG_URL), side by side
 * with a raw `pg` INSERT/SELECT of the same rows (the floor) and Emmett's PostgreSQL event store.
 * Runs in a database created for the run and dropped afterwards.
 * Options: `--replay <n>` events to replay (default 1,000,000), `--seconds <n>` per throughput case.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { dumbo } from '@event-driven-io/dumbo'
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql'
import { createAggregateRepository, createEvent, createEventStore } from 'kairo/events'
import { postgres } from 'kairo/postgres'
import pg from 'pg'
import { type BenchRow, benchGroup, printTable } from './harness.js'

const baseUrl = process.env.KAIRO_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const withDb = (url: string, db: string) => {
  const u = new URL(url)
  u.pathname = `/${db}`
  return u.toString()
}

interface Timed {
  name: string
  events: number
  ms: number
  latencies?: number[]
}

function rows(results: Timed[], baseline = 0): BenchRow[] {
  const base = results[baseline]!.events / (results[baseline]!.ms / 1000)
  return results.map((r) => {
    const perSecond = r.events / (r.ms / 1000)
    const sorted = [...(r.latencies ?? [])].sort((a, b) => a - b)
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? r.ms
    return {
      name: r.name,
      opsPerSecond: perSecond,
      meanMs: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : r.ms,
      p50Ms: sorted.length ? pct(0.5) : r.ms,
      p99Ms: sorted.length ? pct(0.99) : r.ms,
      ratio: perSecond / base,
      samples: sorted.length || 1,
    }
  })
}

/** Runs `step` (which handles `n` events) in a loop for `seconds`, on `workers` concurrent loops. */
async function timed(
  name: string,
  seconds: number,
  workers: number,
  step: (worker: number, i: number) => Promise<number>,
): Promise<Timed> {
  for (let w = 0; w < workers; w++) await step(w, -1 - w) // warm-up
  const latencies: number[] = []
  let events = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t = performance.now()
        events += await step(w, i)
        latencies.push(performance.now() - t)
      }
    }),
  )
  return { name, events, ms: performance.now() - started, latencies }
}

/**
 * Runs the contenders in turns (`rounds` turns of `seconds / rounds` each) so that a burst of load
 * from elsewhere on a shared machine hits all of them, not just one; sums each one's turns.
 */
async function compare(
  cases: Array<{ name: string; workers: number; step: (worker: number, i: number) => Promise<number> }>,
  seconds: number,
  rounds = 4,
): Promise<Timed[]> {
  const totals = cases.map((c) => ({ name: c.name, events: 0, ms: 0, latencies: [] as number[] }))
  for (let round = 0; round < rounds; round++) {
    for (const [k, c] of cases.entries()) {
      const r = await timed(c.name, seconds / rounds, c.workers, (w, i) => c.step(w, i + round * 1_000_000))
      const total = totals[k]!
      total.events += r.events
      total.ms += r.ms
      total.latencies.push(...(r.latencies ?? []))
    }
  }
  return totals
}

export default async function eventsBench(args: string[]): Promise<void> {
  const option = (flag: string, fallback: number) => {
    const i = args.indexOf(flag)
    return i >= 0 ? Number(args[i + 1]) : fallback
  }
  const replayCount = option('--replay', 1_000_000)
  const seconds = option('--seconds', 4)
  const dbName = `kairo_bench_events_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  await admin.query(`create database "${dbName}"`)
  const url = withDb(baseUrl, dbName)
  console.log(`database ${dbName} (dropped afterwards)`)
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  pool.on('error', () => {})
  const db = postgres({ url, max: 10 })
  const store = createEventStore({ database: db })
  const emmett = getPostgreSQLEventStore(url)
  const emmettPool = dumbo({ connectionString: url })
  try {
    await pool.query(`create table raw_events (
      position bigserial primary key, stream_id text not null, version bigint not null, id uuid not null unique,
      type text not null, payload jsonb not null, metadata jsonb not null, occurred_at timestamptz not null default now(),
      unique (stream_id, version))`)
    ;(await store.streamVersion('warm-up')).unwrap()
    await emmett.appendToStream('warm-up', [{ type: 'WarmUp', data: {} }])

    const payload = { orderId: 'order-1', sku: 'pen', quantity: 2, unitPrice: 1.25, note: 'a short note' }
    const rawVersions = new Map<string, number>()
    const rawInsert = async (streamId: string, n: number) => {
      const start = rawVersions.get(streamId) ?? 0
      rawVersions.set(streamId, start + n)
      const values: string[] = []
      const params: unknown[] = []
      for (let k = 0; k < n; k++) {
        const b = params.length
        values.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`)
        params.push(streamId, start + k + 1, randomUUID(), 'ItemAdded', JSON.stringify(payload), '{}')
      }
      await pool.query(
        `insert into raw_events (stream_id, version, id, type, payload, metadata) values ${values.join(', ')}`,
        params,
      )
      return n
    }
    const kairoAppend = async (streamId: string, n: number) => {
      ;(
        await store.append(
          streamId,
          Array.from({ length: n }, () => createEvent('ItemAdded', payload)),
        )
      ).unwrap()
      return n
    }
    const emmettAppend = async (streamId: string, n: number) => {
      await emmett.appendToStream(
        streamId,
        Array.from({ length: n }, () => ({ type: 'ItemAdded', data: payload })),
      )
      return n
    }

    // 1. Append throughput, one writer.
    for (const batch of [1, 10, 100]) {
      const results = [
        await timed(`raw pg INSERT (floor), batch ${batch}`, seconds, 1, (_, i) =>
          rawInsert(`raw-${batch}-${i % 500}`, batch),
        ),
        await timed(`kairo append, batch ${batch}`, seconds, 1, (_, i) => kairoAppend(`k-${batch}-${i % 500}`, batch)),
        await timed(`emmett appendToStream, batch ${batch}`, seconds, 1, (_, i) =>
          emmettAppend(`e-${batch}-${i % 500}`, batch),
        ),
      ]
      printTable(`append, one writer, batches of ${batch} (events/s)`, rows(results), results[0]!.name)
    }

    // 2. Eight concurrent writers on distinct streams.
    {
      const results = await compare(
        [
          {
            name: 'raw pg INSERT (floor), 8 writers',
            workers: 8,
            step: (w, i) => rawInsert(`raw8-${w}-${i % 50}`, 10),
          },
          { name: 'kairo append, 8 writers', workers: 8, step: (w, i) => kairoAppend(`k8-${w}-${i % 50}`, 10) },
          {
            name: 'emmett appendToStream, 8 writers',
            workers: 8,
            step: (w, i) => emmettAppend(`e8-${w}-${i % 50}`, 10),
          },
        ],
        seconds,
      )
      printTable(
        'append, 8 concurrent writers on distinct streams, batches of 10 (events/s)',
        rows(results),
        results[0]!.name,
      )
    }

    // 3. Stream read and aggregate load, 1,000-event stream.
    {
      const id = 'aggregate-1000'
      for (let i = 0; i < 10; i++) {
        await rawInsert(id, 100)
        await kairoAppend(id, 100)
        await emmettAppend(id, 100)
      }
      type S = { quantity: number; count: number }
      const evolve = (s: S, e: { payload?: unknown; data?: unknown }) => {
        const p = (e.payload ?? e.data) as { quantity: number }
        return { quantity: s.quantity + p.quantity, count: s.count + 1 }
      }
      const initialState = () => ({ quantity: 0, count: 0 })
      const plain = createAggregateRepository(store, { initialState, evolve })
      const snapshotted = createAggregateRepository(store, {
        initialState,
        evolve,
        snapshots: { every: 100, version: 1 },
      })
      const loaded = (await snapshotted.load(id)).unwrap()
      ;(
        await store.snapshots.save({ streamId: id, version: loaded.version, snapshotVersion: 1, state: loaded.state })
      ).unwrap()
      await benchGroup(
        'load a 1,000-event aggregate (loads/s)',
        [
          {
            name: 'raw pg SELECT + fold (floor)',
            baseline: true,
            fn: async () => {
              const r = await pool.query('select * from raw_events where stream_id = $1 order by version', [id])
              return r.rows.reduce((s, row) => evolve(s, { payload: row.payload }), initialState())
            },
          },
          {
            name: 'kairo aggregateStream',
            fn: async () => (await store.aggregateStream(id, { initialState, evolve })).unwrap(),
          },
          { name: 'kairo repository.load', fn: async () => (await plain.load(id)).unwrap() },
          { name: 'kairo repository.load with snapshot', fn: async () => (await snapshotted.load(id)).unwrap() },
          { name: 'emmett aggregateStream', fn: () => emmett.aggregateStream(id, { initialState, evolve }) },
        ],
        { timeMs: 2000, iterations: 50 },
      )
      await benchGroup(
        'read a 1,000-event stream (reads/s)',
        [
          {
            name: 'raw pg SELECT (floor)',
            baseline: true,
            fn: () => pool.query('select * from raw_events where stream_id = $1 order by version', [id]),
          },
          { name: 'kairo readStream', fn: async () => (await store.readStream(id)).unwrap() },
          { name: 'emmett readStream', fn: () => emmett.readStream(id) },
        ],
        { timeMs: 2000, iterations: 50 },
      )
    }

    // 4. Command round trip (load, decide, append) against a bare append.
    {
      type S = { count: number }
      const repo = createAggregateRepository(store, {
        initialState: (): S => ({ count: 0 }),
        evolve: (s: S) => ({ count: s.count + 1 }),
        streamId: (id) => `cmd-${id}`,
      })
      for (let i = 0; i < 200; i++)
        (
          await repo.handle(String(i), () => Array.from({ length: 10 }, () => createEvent('ItemAdded', payload)))
        ).unwrap()
      const results = [
        await timed('kairo bare append (1 event)', seconds, 1, (_, i) => kairoAppend(`bare-${i % 200}`, 1)),
        await timed('kairo command: load, decide, append', seconds, 1, async (_, i) => {
          ;(
            await repo.handle(String(Math.abs(i) % 200), (s) =>
              s.count >= 0 ? [createEvent('ItemAdded', payload)] : [],
            )
          ).unwrap()
          return 1
        }),
      ]
      printTable(
        'command round trip vs a bare append (latency: p50, p99 in the mean/p99 columns)',
        rows(results),
        results[0]!.name,
      )
      const [bare, command] = rows(results)
      console.log(
        `p50: bare append ${bare!.p50Ms.toFixed(2)} ms, command ${command!.p50Ms.toFixed(2)} ms (${(command!.p50Ms / bare!.p50Ms).toFixed(2)}x); p99: ${bare!.p99Ms.toFixed(2)} / ${command!.p99Ms.toFixed(2)} ms`,
      )
    }

    // 5. Replay the global log.
    {
      console.log(`\nseeding ${replayCount.toLocaleString('en-US')} events in each store…`)
      await pool.query(
        `insert into raw_events (stream_id, version, id, type, payload, metadata)
         select 'replay-' || (g / 1000), 1000000 + g % 1000, gen_random_uuid(), 'ItemAdded', $1::jsonb, '{}'
         from generate_series(1, $2) g`,
        [JSON.stringify(payload), replayCount],
      )
      const seed = async (append: (stream: string, n: number) => Promise<number>) => {
        const per = 1000
        let next = 0
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            for (;;) {
              const k = next++
              if (k * per >= replayCount) return
              await append(`replay-${k}`, per)
            }
          }),
        )
      }
      await seed(kairoAppend)
      await seed(emmettAppend)
      await pool.query('vacuum analyze raw_events')
      const replayRaw = async (batch: number): Promise<Timed> => {
        const started = performance.now()
        let after = 0
        let events = 0
        for (;;) {
          const r = await pool.query('select * from raw_events where position > $1 order by position limit $2', [
            after,
            batch,
          ])
          if (r.rows.length === 0) break
          events += r.rows.length
          after = Number(r.rows.at(-1).position)
        }
        return { name: `raw pg keyset SELECT (floor), pages of ${batch}`, events, ms: performance.now() - started }
      }
      const replayKairo = async (batch: number): Promise<Timed> => {
        const started = performance.now()
        let after = 0n
        let events = 0
        for (;;) {
          const page = (await store.readAllPage({ after, limit: batch })).unwrap()
          events += page.events.length
          after = page.through
          if (page.endOfLog) break
        }
        return { name: `kairo readAllPage, pages of ${batch}`, events, ms: performance.now() - started }
      }
      const replayEmmett = async (batch: number, budgetMs: number): Promise<Timed> => {
        const started = performance.now()
        let after = 0n
        let events = 0
        while (performance.now() - started < budgetMs) {
          const r = await readMessagesBatch(emmettPool.execute, { after, batchSize: batch })
          events += r.messages.length
          after = r.currentGlobalPosition
          if (!r.areMessagesLeft) break
        }
        return {
          name: `emmett readMessagesBatch, pages of ${batch} (first ${events.toLocaleString('en-US')} events)`,
          events,
          ms: performance.now() - started,
        }
      }
      // Raw and Kairo alternate twice, so a burst of load elsewhere does not decide the ratio.
      const merge = (a: Timed, b: Timed): Timed => ({ name: a.name, events: a.events + b.events, ms: a.ms + b.ms })
      const raw1 = await replayRaw(1000)
      const kairo1 = await replayKairo(1000)
      const raw2 = await replayRaw(1000)
      const kairo2 = await replayKairo(1000)
      const results = [
        merge(raw1, raw2),
        merge(kairo1, kairo2),
        await replayKairo(10000),
        await replayRaw(10000),
        await replayEmmett(1000, 20_000),
      ]
      printTable(
        `replay the global log (${replayCount.toLocaleString('en-US')} events; events/s)`,
        rows(results),
        results[0]!.name,
      )
    }
  } finally {
    await emmettPool.close().catch(() => {})
    await emmett.close().catch(() => {})
    await db.close()
    await pool.end().catch(() => {})
    await admin.query(`drop database if exists "${dbName}" with (force)`)
    await admin.end()
  }
}
