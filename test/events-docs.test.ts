import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  createConsumer,
  createEvent,
  createEventBus,
  createEventStore,
  defineEvent,
  isWrongExpectedVersion,
} from '../src/events/index.js'
import { Result } from '../src/index.js'
import { sharedPglite } from './support/pglite.js'

/** The examples of docs/events.md, run as written (with the names they assume defined). */
describe('docs/events.md examples', () => {
  const db = sharedPglite()

  it('quick start: append and read a stream on PGlite', async () => {
    const store = createEventStore({ database: db })
    const placed = await store.append('order-1', [createEvent('OrderPlaced', { total: 30 })], {
      expectedVersion: 'no_stream',
    })
    expect(placed.ok && placed.value.nextExpectedVersion).toBe(1)
    const history = (await store.readStream('order-1')).unwrap()
    expect(history.map((e) => e.payload)).toEqual([{ total: 30 }])
  })

  it('events with schemas: validated on append', async () => {
    const OrderPlaced = defineEvent('DocsOrderPlaced', z.object({ orderId: z.string(), total: z.number() }), {
      version: 2,
      upcast: (old, fromVersion) => (fromVersion === 1 ? { ...(old as object), total: 0 } : old),
    })
    const store = createEventStore({ database: db, events: [OrderPlaced] })
    const bad = await store.append('docs-order-1', [OrderPlaced.create({ orderId: 'o1', total: 'x' as never })])
    expect(bad.ok ? undefined : bad.error.code).toBe('VALIDATION_FAILED')
  })

  it('appending: a mismatch carries expected and actual', async () => {
    const store = createEventStore({ database: db })
    const events = [createEvent('A', {})]
    await store.append('docs-stream', [
      createEvent('A', {}),
      createEvent('A', {}),
      createEvent('A', {}),
      createEvent('A', {}),
      createEvent('A', {}),
    ])
    const r = await store.append('docs-stream', events, { expectedVersion: 3 })
    expect(!r.ok && isWrongExpectedVersion(r.error) && [r.error.expected, r.error.actual]).toEqual([3, 5])
  })

  it('several streams and another write in one transaction', async () => {
    const store = createEventStore({ database: db })
    ;(await db.exec('create table invoices (id text primary key, total int)')).unwrap()
    const invoiceId = 'inv-1'
    const r = await db.transaction(async (tx) => {
      const saved = await tx.query('insert into invoices (id, total) values ($1, $2)', [invoiceId, 30])
      if (!saved.ok) return saved
      return store.append(`invoice-${invoiceId}`, [createEvent('InvoiceIssued', { total: 30 })], { transaction: tx })
    })
    expect(r.ok).toBe(true)
    expect((await store.streamVersion('invoice-inv-1')).unwrap()).toBe(1)
  })

  it('consumers: catch up, wait for a position, report status', async () => {
    const store = createEventStore({ database: db })
    const sent: string[] = []
    const sendWelcome = async (payload: unknown) => {
      sent.push((payload as { email: string }).email)
    }
    const mailer = createConsumer(store, {
      name: 'welcome-mails',
      types: ['user.created'],
      handler: async (event) => sendWelcome(event.payload),
    })
    await mailer.start()
    await mailer.caughtUp
    const appended = (
      await store.append('user-1', [createEvent('user.created', { email: 'ada@example.com' })])
    ).unwrap()
    ;(await mailer.waitFor(appended.lastPosition, { timeoutMs: 5000 })).unwrap()
    expect(sent).toEqual(['ada@example.com'])
    expect(mailer.status()).toMatchObject({ state: 'running', caughtUp: true, stalledSince: undefined })
    await mailer.stop()
  })

  it('event bus: subscribe with a filter, publish, dead letters', async () => {
    const eventStore = createEventStore()
    const sent: string[] = []
    const sendWelcomeEmail = async (payload: { email: string }) => void sent.push(payload.email)
    const eventBus = createEventBus<{ 'user.created': { userId: string; email: string } }>({
      maxRetries: 3,
      deadLetterEnabled: true,
      eventStore,
    })
    eventBus.subscribe({
      eventType: 'user.created',
      filter: (event) => event.payload.email.includes('@company.com'),
      handler: async (event) => {
        await sendWelcomeEmail(event.payload)
        return Result.Ok(undefined)
      },
      retryPolicy: { maxRetries: 3, backoffMs: 1000, exponentialBackoff: true },
    })
    await eventBus.publish(
      createEvent(
        'user.created',
        { userId: '1', email: 'ada@company.com' },
        { aggregateId: '1', aggregateType: 'user' },
      ),
    )
    expect(sent).toEqual(['ada@company.com'])
    expect(eventBus.deadLetters()).toEqual([])
    expect((await eventStore.streamVersion('user-1')).unwrap()).toBe(1)
  })
})
