import { defineCommand } from 'kairo/events'
import { lineIssues, type OrderLine } from './order-events.js'
import { isRecord, nonEmptyString, payloadSchema } from './payload-schema.js'

export const PlaceOrder = defineCommand(
  'PlaceOrder',
  payloadSchema<{ orderId: string; customerId: string; lines: OrderLine[] }>('shop', (v) =>
    isRecord(v)
      ? [
          ...nonEmptyString(v.orderId, ['orderId']),
          ...nonEmptyString(v.customerId, ['customerId']),
          ...lineIssues(v.lines, ['lines']),
        ]
      : [{ message: 'must be an object', path: [] }],
  ),
)
export const PayOrder = defineCommand(
  'PayOrder',
  payloadSchema<{ orderId: string; paymentRef: string }>('shop', (v) =>
    isRecord(v)
      ? [...nonEmptyString(v.orderId, ['orderId']), ...nonEmptyString(v.paymentRef, ['paymentRef'])]
      : [{ message: 'must be an object', path: [] }],
  ),
)
export const ShipOrder = defineCommand(
  'ShipOrder',
  payloadSchema<{ orderId: string; carrier: string }>('shop', (v) =>
    isRecord(v)
      ? [...nonEmptyString(v.orderId, ['orderId']), ...nonEmptyString(v.carrier, ['carrier'])]
      : [{ message: 'must be an object', path: [] }],
  ),
)
export const CancelOrder = defineCommand(
  'CancelOrder',
  payloadSchema<{ orderId: string; reason: string }>('shop', (v) =>
    isRecord(v)
      ? [...nonEmptyString(v.orderId, ['orderId']), ...nonEmptyString(v.reason, ['reason'])]
      : [{ message: 'must be an object', path: [] }],
  ),
)
