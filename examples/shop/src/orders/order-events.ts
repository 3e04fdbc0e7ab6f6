import { defineEvent, type EventOf } from 'kairo/events'
import { isRecord, nonEmptyString, type PayloadIssue, payloadSchema } from './payload-schema.js'

/** A line of an order. */
export interface OrderLine {
  readonly sku: string
  readonly quantity: number
  readonly unitPrice: number
}

/** Issues of a list of order lines. */
export function lineIssues(value: unknown, path: string[]): PayloadIssue[] {
  if (!Array.isArray(value) || value.length === 0) return [{ message: 'must be a non-empty array', path }]
  return value.flatMap((line, i) => {
    const at = [...path, String(i)]
    if (!isRecord(line)) return [{ message: 'must be an object', path: at }]
    return [
      ...nonEmptyString(line.sku, [...at, 'sku']),
      ...(Number.isInteger(line.quantity) && (line.quantity as number) > 0
        ? []
        : [{ message: 'must be a positive integer', path: [...at, 'quantity'] }]),
      ...(typeof line.unitPrice === 'number' && Number.isFinite(line.unitPrice) && line.unitPrice >= 0
        ? []
        : [{ message: 'must be a number >= 0', path: [...at, 'unitPrice'] }]),
    ]
  })
}

export const OrderPlaced = defineEvent(
  'OrderPlaced',
  payloadSchema<{ orderId: string; customerId: string; lines: OrderLine[]; total: number }>('shop', (v) =>
    isRecord(v)
      ? [
          ...nonEmptyString(v.orderId, ['orderId']),
          ...nonEmptyString(v.customerId, ['customerId']),
          ...lineIssues(v.lines, ['lines']),
        ]
      : [{ message: 'must be an object', path: [] }],
  ),
)
export const OrderPaid = defineEvent(
  'OrderPaid',
  payloadSchema<{ orderId: string; amount: number; paymentRef: string }>('shop', (v) =>
    isRecord(v)
      ? [...nonEmptyString(v.orderId, ['orderId']), ...nonEmptyString(v.paymentRef, ['paymentRef'])]
      : [{ message: 'must be an object', path: [] }],
  ),
)
export const OrderShipped = defineEvent(
  'OrderShipped',
  payloadSchema<{ orderId: string; carrier: string }>('shop', (v) =>
    isRecord(v)
      ? [...nonEmptyString(v.orderId, ['orderId']), ...nonEmptyString(v.carrier, ['carrier'])]
      : [{ message: 'must be an object', path: [] }],
  ),
)
export const OrderCancelled = defineEvent(
  'OrderCancelled',
  payloadSchema<{ orderId: string; reason: string }>('shop', (v) =>
    isRecord(v)
      ? [...nonEmptyString(v.orderId, ['orderId']), ...nonEmptyString(v.reason, ['reason'])]
      : [{ message: 'must be an object', path: [] }],
  ),
)

/** Every order event definition, for the event store. */
export const orderEvents = [OrderPlaced, OrderPaid, OrderShipped, OrderCancelled]

export type OrderEvent =
  | EventOf<typeof OrderPlaced>
  | EventOf<typeof OrderPaid>
  | EventOf<typeof OrderShipped>
  | EventOf<typeof OrderCancelled>
