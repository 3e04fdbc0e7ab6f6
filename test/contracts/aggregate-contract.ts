import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  AggregateRoot,
  createAggregateRepository,
  createAggregateRootRepository,
  type Decider,
  defineEvent,
  defineProjection,
  type EventOf,
  type EventStore,
  projectionConsumer,
  rebuildProjection,
} from '../../src/events/index.js'
import { ConflictError, Result } from '../../src/index.js'

const Added = defineEvent('Added', z.object({ n: z.number().int() }))
type CounterEvent = EventOf<typeof Added>
const counter: Decider<{ n: number }, { total: number; count: number }, CounterEvent> = {
  initialState: () => ({ total: 0, count: 0 }),
  evolve: (state, event) => ({ total: state.total + event.payload.n, count: state.count + 1 }),
  decide: (command, state) =>
    state.total + command.n > 1000 ? Result.Err(new ConflictError('too big')) : [Added.create({ n: command.n })],
}

// The seed's class-style aggregate ("Event Sourcing & CQRS"), as written there.
class UserAggregate extends AggregateRoot {
  private name = ''
  private email = ''
  private isActive = true

  static create(id: string, name: string, email: string): UserAggregate {
    const user = new UserAggregate(id)
    user.addEvent('UserCreated', { name, email, timestamp: new Date() })
    return user
  }
  updateEmail(newEmail: string): void {
    if (this.email !== newEmail)
      this.addEvent('EmailUpdated', { oldEmail: this.email, newEmail, timestamp: new Date() })
  }
  deactivate(): void {
    if (this.isActive) this.addEvent('UserDeactivated', { timestamp: new Date() })
  }
  get view() {
    return { name: this.name, email: this.email, isActive: this.isActive }
  }
  protected applyUserCreated(event: { name: string; email: string }): void {
    this.name = event.name
    this.email = event.email
  }
  protected applyEmailUpdated(event: { newEmail: string }): void {
    this.email = event.newEmail
  }
  protected applyUserDeactivated(): void {
    this.isActive = false
  }
}

let counterId = 0
const uid = (p: string) => `${p}-${process.pid}-${++counterId}`

/** Aggregates, snapshots and projections on every store. */
export function aggregateContract(engine: string, setup: { store(): EventStore }): void {
  describe(`aggregates, snapshots and projections: ${engine}`, () => {
    it('handles commands with a decider: load, decide, append with the expected version', async () => {
      const store = setup.store()
      const repo = createAggregateRepository(store, { ...counter, streamId: (id) => `counter-${id}` })
      const id = uid('c')
      const first = (await repo.handle(id, (state) => counter.decide({ n: 5 }, state))).unwrap()
      expect(first).toMatchObject({ state: { total: 5, count: 1 }, version: 1, attempts: 1 })
      ;(await repo.handle(id, (state) => counter.decide({ n: 7 }, state))).unwrap()
      expect((await repo.load(id)).unwrap()).toMatchObject({ state: { total: 12, count: 2 }, version: 2 })
      const rejected = await repo.handle(id, (state) => counter.decide({ n: 5000 }, state))
      expect(rejected.ok ? undefined : rejected.error.message).toBe('too big')
      const empty = (await repo.handle(id, () => [])).unwrap()
      expect(empty.appended).toBeUndefined()
    })

    it('rejects a save over a concurrent change, and handle retries on it a bounded number of times', async () => {
      const store = setup.store()
      const repo = createAggregateRepository(store, counter)
      const id = uid('race')
      ;(await repo.handle(id, () => [Added.create({ n: 1 })])).unwrap()
      const a = (await repo.load(id)).unwrap()
      const b = (await repo.load(id)).unwrap()
      ;(await repo.save(a, [Added.create({ n: 1 })])).unwrap()
      const lost = await repo.save(b, [Added.create({ n: 1 })])
      expect(lost.ok ? undefined : lost.error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', expected: 1, actual: 2 })

      let interfered = 0
      const retried = (
        await repo.handle(id, async (state) => {
          if (interfered++ === 0) await store.append(id, [Added.create({ n: 100 })]) // someone else wins once
          return [Added.create({ n: state.total })]
        })
      ).unwrap()
      expect(retried.attempts).toBe(2)
      expect(retried.state.total).toBe(204)

      let runs = 0
      const gaveUp = await repo.handle(
        id,
        async () => {
          runs++
          await store.append(id, [Added.create({ n: 0 })])
          return [Added.create({ n: 1 })]
        },
        { maxRetries: 2 },
      )
      expect(gaveUp.ok ? undefined : gaveUp.error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' })
      expect(runs).toBe(3)
    })

    it('loads from the latest snapshot plus later events, and ignores snapshots of another state version', async () => {
      const store = setup.store()
      const id = uid('snap')
      const v1 = createAggregateRepository(store, { ...counter, snapshots: { every: 10, version: 1 } })
      for (let i = 1; i <= 25; i++) (await v1.handle(id, () => [Added.create({ n: i })])).unwrap()
      const snapshot = (await store.snapshots.load<{ total: number }>(id)).unwrap()
      expect(snapshot).toMatchObject({
        streamId: id,
        version: 20,
        snapshotVersion: 1,
        state: { total: 210, count: 20 },
      })
      const fast = (await v1.load(id)).unwrap()
      expect(fast).toMatchObject({ state: { total: 325, count: 25 }, version: 25, eventsRead: 5 })
      const plain = (await createAggregateRepository(store, counter).load(id)).unwrap()
      expect(plain).toMatchObject({ state: fast.state, eventsRead: 25 })
      // The state's shape changed: old snapshots must not be used.
      const v2 = createAggregateRepository(store, {
        initialState: () => ({ total: 0, count: 0, doubled: 0 }),
        evolve: (s, e: CounterEvent) => ({
          total: s.total + e.payload.n,
          count: s.count + 1,
          doubled: s.doubled + 2 * e.payload.n,
        }),
        snapshots: { every: 10, version: 2 },
      })
      const rebuilt = (await v2.load(id)).unwrap()
      expect(rebuilt).toMatchObject({ state: { total: 325, count: 25, doubled: 650 }, eventsRead: 25 })
      for (let i = 0; i < 5; i++) (await v2.handle(id, () => [Added.create({ n: 0 })])).unwrap()
      expect((await store.snapshots.load(id)).unwrap()).toMatchObject({ version: 30, snapshotVersion: 2 })
      expect((await v2.load(id)).unwrap().eventsRead).toBe(0)
    })

    it('runs class aggregates with addEvent and apply<EventType>, as in the seed', async () => {
      const store = setup.store()
      const users = createAggregateRootRepository(store, {
        create: (id) => new UserAggregate(id),
        streamId: (id) => `user-${id}`,
        snapshots: { every: 2, version: 1 },
      })
      const id = uid('user')
      const user = UserAggregate.create(id, 'John', 'john@example.com')
      expect(user.uncommittedEvents.map((e) => e.type)).toEqual(['UserCreated'])
      expect((await users.save(user)).unwrap()?.nextExpectedVersion).toBe(1)
      expect(user.uncommittedEvents).toEqual([])
      const updated = (
        await users.update(id, (u) => {
          u.updateEmail('john@company.com')
          u.updateEmail('john@company.com') // no change, no event
          return undefined
        })
      ).unwrap()
      expect(updated.version).toBe(2)
      const loaded = (await users.load(id)).unwrap()
      expect(loaded.view).toEqual({ name: 'John', email: 'john@company.com', isActive: true })
      expect(loaded.version).toBe(2)
      const events = (await store.readStream(`user-${id}`)).unwrap()
      expect(events[0]?.metadata).toMatchObject({ aggregateId: id, aggregateType: 'UserAggregate' })
      // Two copies loaded at the same version: the second save is a conflict.
      const x = (await users.load(id)).unwrap()
      const y = (await users.load(id)).unwrap()
      x.deactivate()
      y.deactivate()
      ;(await users.save(x)).unwrap()
      const conflict = await users.save(y)
      expect(conflict.ok ? undefined : conflict.error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' })
      expect((await users.load(id)).unwrap().view.isActive).toBe(false)
      expect((await store.snapshots.load(`user-${id}`)).unwrap()?.version).toBe(2)
    })

    it('runs a projection asynchronously and rebuilds it from scratch with progress', async () => {
      const store = setup.store()
      const totals = new Map<string, number>()
      const name = uid('totals')
      const stream = uid('proj')
      const projection = defineProjection<CounterEvent>({
        name,
        events: [Added],
        handle: (event) => {
          if (event.streamId === stream) totals.set(event.streamId, (totals.get(event.streamId) ?? 0) + event.payload.n)
          return undefined
        },
        reset: () => {
          totals.clear()
          return undefined
        },
      })
      const last = (
        await store.append(
          stream,
          [1, 2, 3, 4].map((n) => Added.create({ n })),
        )
      ).unwrap()
      const consumer = projectionConsumer(store, projection, { pollIntervalMs: 100, onError: () => {} })
      await consumer.start()
      ;(await consumer.waitFor(last.lastPosition)).unwrap()
      expect(totals.get(stream)).toBe(10)
      const refused = await rebuildProjection(store, projection)
      expect(refused.ok ? undefined : refused.error).toMatchObject({ code: 'PROJECTION_RUNNING' })
      await consumer.stop()
      totals.set(stream, -999) // a corrupted read model
      const progress: number[] = []
      const rebuilt = (
        await rebuildProjection(store, projection, { batchSize: 2, onProgress: (p) => progress.push(p.processed) })
      ).unwrap()
      expect(totals.get(stream)).toBe(10)
      expect(rebuilt.processed).toBeGreaterThanOrEqual(4)
      expect(progress.length).toBeGreaterThanOrEqual(2)
      expect((await store.consumers.checkpoint(name)).unwrap()).toBe(rebuilt.position)
      // The consumer carries on from the rebuild's checkpoint.
      const after = (await store.append(stream, [Added.create({ n: 5 })])).unwrap()
      const resumed = projectionConsumer(store, projection, { pollIntervalMs: 100, onError: () => {} })
      await resumed.start()
      ;(await resumed.waitFor(after.lastPosition)).unwrap()
      await resumed.stop()
      expect(totals.get(stream)).toBe(15)
    })
  })
}
