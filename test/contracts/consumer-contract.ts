import { describe, expect, it } from 'vitest'
import {
  type AnyStoredEvent,
  type Consumer,
  type ConsumerOptions,
  createConsumer,
  createEvent,
  type EventStore,
} from '../../src/events/index.js'
import { ConflictError, Result } from '../../src/index.js'

/** How a consumer contract run gets its store. */
export interface ConsumerContractSetup {
  store(): EventStore
}

let counter = 0
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`

/** Waits for a condition, failing after a few seconds. */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/**
 * Consumers behave the same on every store: catch-up then live, checkpoints, retries and dead
 * letters, one running instance per name.
 */
export function consumerContract(engine: string, setup: ConsumerContractSetup): void {
  describe(`Consumer contract: ${engine}`, () => {
    const running: Consumer[] = []
    const start = async (store: EventStore, options: ConsumerOptions) => {
      const consumer = createConsumer(store, { pollIntervalMs: 200, leaseRetryMs: 50, onError: () => {}, ...options })
      running.push(consumer)
      await consumer.start()
      return consumer
    }
    const stopAll = () => Promise.all(running.splice(0).map((c) => c.stop()))

    it('catches up from the start of the log, signals it, then follows new events live', async () => {
      const store = setup.store()
      const stream = unique('live')
      const seen: AnyStoredEvent[] = []
      await store.append(stream, [createEvent('Before', { n: 1 }), createEvent('Before', { n: 2 })])
      const consumer = await start(store, {
        name: unique('live'),
        handler: (event) => {
          if (event.streamId === stream) seen.push(event)
        },
      })
      await consumer.caughtUp
      expect(seen.map((e) => e.type)).toEqual(['Before', 'Before'])
      expect(consumer.status()).toMatchObject({ state: 'running', caughtUp: true })
      const appended = (await store.append(stream, [createEvent('After', { n: 3 })])).unwrap()
      ;(await consumer.waitFor(appended.lastPosition, { timeoutMs: 10_000 })).unwrap()
      expect(seen.map((e) => (e.payload as { n: number }).n)).toEqual([1, 2, 3])
      expect(consumer.status().position).toBeGreaterThanOrEqual(appended.lastPosition)
      await stopAll()
    })

    it('resumes from its checkpoint after a restart without seeing handled events again', async () => {
      const store = setup.store()
      const name = unique('resume')
      const stream = unique('resume')
      const seen: number[] = []
      const handler = (event: AnyStoredEvent) => {
        if (event.streamId === stream) seen.push((event.payload as { n: number }).n)
      }
      const first = (await store.append(stream, [createEvent('N', { n: 1 }), createEvent('N', { n: 2 })])).unwrap()
      const a = await start(store, { name, handler })
      ;(await a.waitFor(first.lastPosition)).unwrap()
      await a.stop()
      const checkpoint = (await store.consumers.checkpoint(name)).unwrap()
      expect(checkpoint).toBeGreaterThanOrEqual(first.lastPosition)
      const second = (await store.append(stream, [createEvent('N', { n: 3 })])).unwrap()
      const b = await start(store, { name, handler })
      ;(await b.waitFor(second.lastPosition)).unwrap()
      expect(seen).toEqual([1, 2, 3])
      await stopAll()
    })

    it('delivers only the types asked for, while its checkpoint moves past the others', async () => {
      const store = setup.store()
      const stream = unique('types')
      const seen: string[] = []
      const last = (
        await store.append(stream, [createEvent('Wanted', {}), createEvent('Unwanted', {}), createEvent('Wanted', {})])
      ).unwrap()
      const consumer = await start(store, {
        name: unique('types'),
        types: ['Wanted'],
        handler: (event) => {
          if (event.streamId === stream) seen.push(`${event.type}:${event.version}`)
        },
      })
      ;(await consumer.waitFor(last.lastPosition)).unwrap()
      expect(seen).toEqual(['Wanted:1', 'Wanted:3'])
      await stopAll()
    })

    it('starts at the end of the log when asked, skipping history', async () => {
      const store = setup.store()
      const stream = unique('end')
      await store.append(stream, [createEvent('Old', {})])
      const seen: string[] = []
      const consumer = await start(store, {
        name: unique('end'),
        startFrom: 'end',
        handler: (event) => {
          if (event.streamId === stream) seen.push(event.type)
        },
      })
      await consumer.caughtUp
      const appended = (await store.append(stream, [createEvent('New', {})])).unwrap()
      ;(await consumer.waitFor(appended.lastPosition)).unwrap()
      expect(seen).toEqual(['New'])
      await stopAll()
    })

    it('retries a failing handler with backoff, parks the event as a dead letter and goes on; a retry replays it', async () => {
      const store = setup.store()
      const name = unique('dlq')
      const stream = unique('dlq')
      const attempts: number[] = []
      let broken = true
      const done: string[] = []
      const last = (await store.append(stream, [createEvent('Poison', {}), createEvent('Fine', {})])).unwrap()
      const consumer = await start(store, {
        name,
        retry: { maxAttempts: 3, initialDelayMs: 5, factor: 2, maxDelayMs: 20 },
        handler: (event, context) => {
          if (event.streamId !== stream) return undefined
          if (event.type === 'Poison' && broken) {
            attempts.push(context.attempt)
            return Result.Err(new ConflictError('downstream refused', { retryable: true }))
          }
          done.push(event.type)
          return undefined
        },
      })
      ;(await consumer.waitFor(last.lastPosition)).unwrap()
      expect(attempts).toEqual([1, 2, 3])
      expect(done).toEqual(['Fine'])
      const letters = (await consumer.deadLetters()).unwrap()
      expect(letters).toHaveLength(1)
      expect(letters[0]).toMatchObject({
        consumer: name,
        eventType: 'Poison',
        streamId: stream,
        attempts: 3,
        error: { code: 'CONFLICT', message: 'downstream refused' },
      })
      expect(consumer.status().deadLettered).toBe(1)
      broken = false
      expect((await consumer.retryDeadLetters()).unwrap()).toEqual({ retried: 1, resolved: 1, failed: 0 })
      expect(done).toEqual(['Fine', 'Poison'])
      expect((await consumer.deadLetters()).unwrap()).toEqual([])
      await stopAll()
    })

    it('parks at once an error that is not retryable', async () => {
      const store = setup.store()
      const stream = unique('fatal')
      let calls = 0
      const last = (await store.append(stream, [createEvent('Bad', {})])).unwrap()
      const consumer = await start(store, {
        name: unique('fatal'),
        handler: (event) => {
          if (event.streamId !== stream) return undefined
          calls++
          return Result.Err(new ConflictError('will never work'))
        },
      })
      ;(await consumer.waitFor(last.lastPosition)).unwrap()
      expect(calls).toBe(1)
      expect((await consumer.deadLetters()).unwrap()).toHaveLength(1)
      await stopAll()
    })

    it('runs one instance per name: a second stands by and takes over when the first stops', async () => {
      const store = setup.store()
      const name = unique('single')
      const stream = unique('single')
      const byInstance: Record<string, number> = { a: 0, b: 0 }
      const make = (instance: 'a' | 'b') =>
        start(store, {
          name,
          instanceId: instance,
          handler: (event) => {
            if (event.streamId === stream) byInstance[instance]! += 1
          },
        })
      const a = await make('a')
      const b = await make('b')
      expect(a.status().state).toBe('running')
      expect(b.status().state).toBe('standby')
      const first = (await store.append(stream, [createEvent('E', {})])).unwrap()
      ;(await a.waitFor(first.lastPosition)).unwrap()
      await a.stop()
      await until(() => b.status().state === 'running', 'the standby to take over')
      const second = (await store.append(stream, [createEvent('E', {})])).unwrap()
      ;(await b.waitFor(second.lastPosition)).unwrap()
      expect(byInstance).toEqual({ a: 1, b: 1 })
      await stopAll()
    })

    it('fences a lost lease: an old holder cannot move the checkpoint', async () => {
      const store = setup.store()
      const name = unique('fence')
      const first = (await store.consumers.acquire(name, 'one')).unwrap()!
      ;(await first.commit(first.position, first.position + 10n)).unwrap()
      await first.release()
      const second = (await store.consumers.acquire(name, 'two')).unwrap()!
      expect(second.position).toBe(first.position + 10n)
      const stale = await first.commit(first.position + 10n, first.position + 20n)
      expect(stale.ok ? undefined : stale.error).toMatchObject({ code: 'CHECKPOINT_CONFLICT' })
      expect((await first.check()).ok).toBe(false)
      expect((await second.check()).ok).toBe(true)
      const wrongExpected = await second.commit(0n, 99n)
      expect(wrongExpected.ok).toBe(false)
      await second.release()
    })
  })
}
