import { ConflictError, NotFoundError, Result } from 'kairo'
import type { Decider } from 'kairo/events'
import {
  OrderCancelled,
  type OrderEvent,
  type OrderLine,
  OrderPaid,
  OrderPlaced,
  OrderShipped,
} from './order-events.js'

/** An order as its events make it. */
export interface OrderState {
  readonly status: 'none' | 'placed' | 'paid' | 'shipped' | 'cancelled'
  readonly total: number
}

/** What can be asked of an order. */
export type OrderCommand =
  | { readonly type: 'PlaceOrder'; readonly orderId: string; readonly customerId: string; readonly lines: OrderLine[] }
  | { readonly type: 'PayOrder'; readonly orderId: string; readonly paymentRef: string }
  | { readonly type: 'ShipOrder'; readonly orderId: string; readonly carrier: string }
  | { readonly type: 'CancelOrder'; readonly orderId: string; readonly reason: string }

const refuse = (orderId: string, action: string, status: string) =>
  Result.Err(
    new ConflictError(`order ${orderId} cannot be ${action}: it is ${status}`, {
      code: 'ORDER_STATE_CONFLICT',
      details: { orderId, status },
    }),
  )

/** The order's rules, as a pure decider. */
export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent, ConflictError | NotFoundError> = {
  initialState: () => ({ status: 'none', total: 0 }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'OrderPlaced':
        return { status: 'placed', total: event.payload.total }
      case 'OrderPaid':
        return { ...state, status: 'paid' }
      case 'OrderShipped':
        return { ...state, status: 'shipped' }
      case 'OrderCancelled':
        return { ...state, status: 'cancelled' }
      default: {
        const unknown: never = event
        return unknown
      }
    }
  },
  decide: (command, state) => {
    if (command.type !== 'PlaceOrder' && state.status === 'none') {
      return Result.Err(new NotFoundError('order', command.orderId))
    }
    switch (command.type) {
      case 'PlaceOrder': {
        if (state.status !== 'none') return refuse(command.orderId, 'placed again', state.status)
        const total = Math.round(command.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0) * 100) / 100
        return [
          OrderPlaced.create({ orderId: command.orderId, customerId: command.customerId, lines: command.lines, total }),
        ]
      }
      case 'PayOrder':
        if (state.status !== 'placed') return refuse(command.orderId, 'paid', state.status)
        return [OrderPaid.create({ orderId: command.orderId, amount: state.total, paymentRef: command.paymentRef })]
      case 'ShipOrder':
        if (state.status !== 'paid') return refuse(command.orderId, 'shipped', state.status)
        return [OrderShipped.create({ orderId: command.orderId, carrier: command.carrier })]
      case 'CancelOrder':
        if (state.status !== 'placed' && state.status !== 'paid')
          return refuse(command.orderId, 'cancelled', state.status)
        return [OrderCancelled.create({ orderId: command.orderId, reason: command.reason })]
      default: {
        const unknown: never = command
        return unknown
      }
    }
  },
}
