import { describe, expect, it } from 'vitest'
import { ManualClock, Result } from '../index.js'
import { createEvent } from './create-event.js'
import { createEventStore } from './create-event-store.js'
import { createEventBus } from './event-bus.js'

describe('event bus (the seed examples)', () => {
  it('runs the EVENT-DRIVEN ARCHITECTURE example as written', async () => {
    const sent: string[] = []
    const sendWelcomeEmail = async (payload: { email: string }) => {
      sent.push(payload.email)
    }
    const eventStore = createEventStore()
    const eventBus = createEventBus<{ 'user.created': { userId: string; name: string; email: string } }>({
      maxRetries: 3,
      deadLetterEnabled: true,
      eventStore: eventStore, // Optional persistence
    })

    // ✅ COMPLETE: Event subscriptions with filtering and retry
    eventBus.subscribe({
      eventType: 'user.created',
      filter: (event) => event.payload.email.includes('@company.com'),
      handler: async (event) => {
        await sendWelcomeEmail(event.payload)
        return Result.Ok(undefined)
      },
      retryPolicy: {
        maxRetries: 3,
        backoffMs: 1000,
        exponentialBackoff: true,
      },
    })

    // Type-safe event publishing
    const userCreatedEvent = createEvent(
      'user.created',
      {
        userId: '123',
        name: 'John Doe',
        email: 'john@example.com',
      },
      {
        aggregateId: '123',
        aggregateType: 'user',
      },
    )
    await eventBus.publish(userCreatedEvent)
    const colleague = createEvent(
      'user.created',
      { userId: '124', name: 'Ada', email: 'ada@company.com' },
      { aggregateId: '124', aggregateType: 'user' },
    )
    expect((await eventBus.publish(colleague)).unwrap()).toEqual({ delivered: 1, failed: 0 })
    expect(sent).toEqual(['ada@company.com'])
    expect((await eventStore.readStream('user-123')).unwrap().map((e) => e.id)).toEqual([userCreatedEvent.id])

    // ✅ COMPLETE: Event store with replay capabilities
    const userUpdatedEvent = createEvent(
      'user.updated',
      { name: 'John D.' },
      { aggregateId: '123', aggregateType: 'user' },
    )
    const store = createEventStore()
    await store.append('user-123', [userCreatedEvent, userUpdatedEvent])
    const applied: string[] = []
    const applyEventToAggregate = (event: { type: string }) => applied.push(event.type)
    await store.replay('user-123', async (event) => {
      applyEventToAggregate(event)
      return Result.Ok(undefined)
    })
    expect(applied).toEqual(['user.created', 'user.updated'])
  })

  it('retries with exponential backoff, then parks the event; reprocessing delivers it', async () => {
    const clock = new ManualClock(0)
    const bus = createEventBus<{ 'order.paid': { orderId: string } }>({ deadLetterEnabled: true, clock })
    const attemptsAt: number[] = []
    let healthy = false
    bus.subscribe({
      eventType: 'order.paid',
      name: 'ledger',
      handler: async () => {
        attemptsAt.push(clock.now())
        return healthy ? Result.Ok(undefined) : Result.Err('ledger down')
      },
      retryPolicy: { maxRetries: 2, backoffMs: 100, exponentialBackoff: true },
    })
    const other: string[] = []
    bus.subscribe({ eventType: '*', handler: (e) => void other.push(e.type) })
    const publishing = bus.publish(createEvent('order.paid', { orderId: 'o1' }))
    await clock.advance(1000)
    expect((await publishing).unwrap()).toEqual({ delivered: 1, failed: 1 })
    expect(attemptsAt).toEqual([0, 100, 300])
    expect(other).toEqual(['order.paid'])
    const [letter] = bus.deadLetters()
    expect(letter).toMatchObject({ subscription: 'ledger', attempts: 3, event: { type: 'order.paid' } })
    expect(letter?.error.code).toBe('HANDLER_FAILED')
    expect(await bus.reprocessDeadLetters()).toEqual({ reprocessed: 1, resolved: 0 })
    expect(bus.deadLetters()).toHaveLength(1)
    healthy = true
    expect(await bus.reprocessDeadLetters()).toEqual({ reprocessed: 1, resolved: 1 })
    expect(bus.deadLetters()).toEqual([])
  })

  it('drops failures when dead letters are off, and stops delivering to an unsubscribed handler', async () => {
    const bus = createEventBus({ maxRetries: 0, deadLetterEnabled: false })
    const seen: string[] = []
    const subscription = bus.subscribe({ eventType: 'x', handler: (e) => void seen.push(e.id) })
    bus.subscribe({ eventType: 'x', handler: () => Result.Err('no') })
    expect((await bus.publish(createEvent('x', {}))).unwrap()).toEqual({ delivered: 1, failed: 1 })
    expect(bus.deadLetters()).toEqual([])
    subscription.unsubscribe()
    await bus.publish(createEvent('x', {}))
    expect(seen).toHaveLength(1)
    await bus.close()
  })
})
