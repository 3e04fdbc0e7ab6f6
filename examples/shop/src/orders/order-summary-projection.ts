import { defineProjection } from 'kairo/events'
import type { Database } from 'kairo/postgres'
import type { OrderEvent } from './order-events.js'

/** The read model behind `GET /orders`. */
export const orderSummaryTable = `create table if not exists order_summaries (
  order_id text primary key,
  customer_id text not null,
  status text not null,
  total numeric(12, 2) not null,
  item_count int not null,
  version int not null,
  placed_at timestamptz not null,
  updated_at timestamptz not null
)`

/**
 * The order-summary projection: inline, so the summary commits in the same transaction as the
 * order's events and `GET /orders` shows an order as soon as `POST /orders` answered. It writes plain
 * SQL through the append's transaction (a repository will take its place).
 */
export const orderSummaryProjection = defineProjection<OrderEvent>({
  name: 'order-summaries',
  events: ['OrderPlaced', 'OrderPaid', 'OrderShipped', 'OrderCancelled'],
  handle: async (event, { transaction }) => {
    if (!transaction) return undefined
    if (event.type === 'OrderPlaced') {
      const items = event.payload.lines.reduce((n, l) => n + l.quantity, 0)
      return transaction.query(
        `insert into order_summaries (order_id, customer_id, status, total, item_count, version, placed_at, updated_at)
         values ($1, $2, 'placed', $3, $4, $5, $6, $6) on conflict (order_id) do nothing`,
        [event.payload.orderId, event.payload.customerId, event.payload.total, items, event.version, event.occurredAt],
      )
    }
    const status = { OrderPaid: 'paid', OrderShipped: 'shipped', OrderCancelled: 'cancelled' }[event.type]
    return transaction.query(
      `update order_summaries set status = $2, version = $3, updated_at = $4 where order_id = $1 and version < $3`,
      [event.payload.orderId, status, event.version, event.occurredAt],
    )
  },
  reset: ({ transaction }) => transaction?.query('truncate order_summaries'),
})

/** One row of the order list. */
export interface OrderSummary {
  readonly orderId: string
  readonly customerId: string
  readonly status: string
  readonly total: number
  readonly itemCount: number
  readonly version: number
  readonly placedAt: string
  readonly updatedAt: string
}

interface SummaryRow {
  order_id: string
  customer_id: string
  status: string
  total: string
  item_count: number
  version: number
  placed_at: Date
  updated_at: Date
  [key: string]: unknown
}

function toSummary(row: SummaryRow): OrderSummary {
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    total: Number(row.total),
    itemCount: row.item_count,
    version: row.version,
    placedAt: row.placed_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

/** Reads the order summaries, newest first. */
export async function listOrderSummaries(db: Database, options: { status?: string; limit: number }) {
  const r = await db.query<SummaryRow>(
    `select * from order_summaries where ($1::text is null or status = $1) order by placed_at desc, order_id limit $2`,
    [options.status ?? null, options.limit],
  )
  return r.map((q) => q.rows.map(toSummary))
}

/** Reads one order summary. */
export async function findOrderSummary(db: Database, orderId: string) {
  const r = await db.query<SummaryRow>('select * from order_summaries where order_id = $1', [orderId])
  return r.map((q) => (q.rows[0] ? toSummary(q.rows[0]) : undefined))
}
