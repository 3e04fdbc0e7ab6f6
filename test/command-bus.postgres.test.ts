import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Database } from '../src/adapters/postgres/index.js'
import { createCommandBus, defineCommand } from '../src/events/index.js'
import { ConflictError, Result } from '../src/index.js'
import { sharedPglite } from './support/pglite.js'
import { useTestPostgres } from './support/postgres.js'
import { requireEngine } from './support/require-engine.js'

const Charge = defineCommand('Charge', z.object({ amount: z.number() }))

function durableIdempotency(engine: string, database: () => Database, other: () => Database) {
  describe(`command outcomes stored in PostgreSQL: ${engine}`, () => {
    it('returns the stored outcome to another bus instance without executing again', async () => {
      let runs = 0
      const handler = async ({ amount }: { amount: number }) => {
        runs++
        return amount > 100 ? Result.Err(new ConflictError('over the limit')) : Result.Ok({ charged: amount, at: runs })
      }
      const a = createCommandBus({ database: database() }).register(Charge, handler)
      const b = createCommandBus({ database: other() }).register(Charge, handler)
      const id = `charge-${engine}-${Date.now()}`
      const first = (await a.execute('Charge', { amount: 5 }, { id })).unwrap()
      expect((await b.execute('Charge', { amount: 5 }, { id })).unwrap()).toEqual(first)
      const refused = await a.execute('Charge', { amount: 500 }, { id: `${id}-big` })
      const refusedAgain = await b.execute('Charge', { amount: 500 }, { id: `${id}-big` })
      expect(refusedAgain.ok ? undefined : refusedAgain.error).toMatchObject({
        name: 'ConflictError',
        code: 'CONFLICT',
        message: refused.ok ? '' : refused.error.message,
      })
      expect(runs).toBe(2)
    })

    it('takes over a claim whose executor died before completing', async () => {
      const db = database()
      let runs = 0
      const bus = createCommandBus({ database: db, staleAfterMs: 50 }).register(Charge, async () => {
        runs++
        return Result.Ok('done')
      })
      ;(await bus.execute('Charge', { amount: 1 }, { id: 'warm' })).unwrap()
      const id = `crashed-${engine}-${Date.now()}`
      ;(
        await db.query(
          `insert into kairo_command_outcomes (command_id, command_type, status) values ($1, 'Charge', 'pending')`,
          [id],
        )
      ).unwrap()
      const busy = await bus.execute('Charge', { amount: 1 }, { id })
      expect(busy.ok ? undefined : busy.error.code).toBe('COMMAND_IN_PROGRESS')
      await new Promise((r) => setTimeout(r, 80))
      expect((await bus.execute('Charge', { amount: 1 }, { id })).unwrap()).toBe('done')
      expect(runs).toBe(2)
    })
  })
}

describe('pglite', () => {
  const db = sharedPglite()
  durableIdempotency(
    'pglite',
    () => db,
    () => db,
  )
})

describe.runIf(requireEngine('postgres'))('postgres server', () => {
  const server = useTestPostgres()
  durableIdempotency(
    'postgres',
    () => server.db,
    () => server.open(),
  )

  it('executes a command once when instances race on the same id', async () => {
    let runs = 0
    const buses = Array.from({ length: 6 }, () =>
      createCommandBus({ database: server.open({ max: 2 }) }).register(Charge, async () => {
        runs++
        await new Promise((r) => setTimeout(r, 30))
        return Result.Ok('charged')
      }),
    )
    ;(await buses[0]!.execute('Charge', { amount: 1 }, { id: 'warm-up' })).unwrap()
    runs = 0
    const results = await Promise.all(buses.map((bus) => bus.execute('Charge', { amount: 1 }, { id: 'race-1' })))
    expect(runs).toBe(1)
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.error.code === 'COMMAND_IN_PROGRESS')).toHaveLength(5)
    const after = await buses[3]!.execute('Charge', { amount: 1 }, { id: 'race-1' })
    expect(after.unwrap()).toBe('charged')
    expect(runs).toBe(1)
  })
})
