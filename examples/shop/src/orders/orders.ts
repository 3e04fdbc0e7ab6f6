import { type KairoError, Result } from 'kairo'
import { createAggregateRepository, createCommandBus, createEventStore, type EventStore } from 'kairo/events'
import type { Database } from 'kairo/postgres'
import { CancelOrder, PayOrder, PlaceOrder, ShipOrder } from './order-commands.js'
import { type OrderCommand, orderDecider } from './order-decider.js'
import { type OrderEvent, orderEvents } from './order-events.js'
import {
  findOrderSummary,
  listOrderSummaries,
  orderSummaryProjection,
  orderSummaryTable,
} from './order-summary-projection.js'

/** What the order handlers return: the order's new version. */
export interface OrderChange {
  readonly orderId: string
  readonly status: string
  readonly version: number
}

/**
 * The shop's event-sourced orders: an event store on the shop's database with the order-summary
 * projection inline, a command bus (durable idempotency) routing each command through the decider.
 */
export function createOrders(db: Database) {
  const store: EventStore = createEventStore({
    database: db,
    events: orderEvents,
    projections: [orderSummaryProjection],
  })
  const repository = createAggregateRepository(store, { ...orderDecider, streamId: (id) => `order-${id}` })
  let ready: Promise<Result<KairoError, void>> | undefined
  const ensureTables = () => {
    ready ??= db.exec(orderSummaryTable).then((r) => {
      if (!r.ok) ready = undefined
      return r
    })
    return ready
  }
  const run = async (command: OrderCommand): Promise<Result<KairoError, OrderChange>> => {
    const tables = await ensureTables()
    if (!tables.ok) return Result.Err(tables.error)
    const handled = await repository.handle(command.orderId, (state) => orderDecider.decide(command, state))
    return handled.map((h) => ({ orderId: command.orderId, status: h.state.status, version: h.version }))
  }
  const commands = createCommandBus({ database: db })
    .register(PlaceOrder, (c) => run({ type: 'PlaceOrder', ...c }))
    .register(PayOrder, (c) => run({ type: 'PayOrder', ...c }))
    .register(ShipOrder, (c) => run({ type: 'ShipOrder', ...c }))
    .register(CancelOrder, (c) => run({ type: 'CancelOrder', ...c }))

  return {
    store,
    commands,
    async list(options: { status?: string; limit: number }) {
      const tables = await ensureTables()
      return tables.ok ? listOrderSummaries(db, options) : Result.Err(tables.error)
    },
    async find(orderId: string) {
      const tables = await ensureTables()
      return tables.ok ? findOrderSummary(db, orderId) : Result.Err(tables.error)
    },
    history: (orderId: string) => store.readStream<OrderEvent>(`order-${orderId}`),
  }
}

/** The orders module of the shop. */
export type Orders = ReturnType<typeof createOrders>
