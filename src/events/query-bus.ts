import { type HandlerTypes, type MessageBus, MessageBusImpl } from './message-bus.js'
import type { Middleware } from './message-middleware.js'
import { tracingMiddleware } from './tracing-middleware.js'

/** A bus for queries. */
export type QueryBus<R extends Record<string, HandlerTypes> = {}> = MessageBus<R>

/** Options of {@link createQueryBus}. */
export interface QueryBusOptions {
  readonly middleware?: readonly Middleware[]
  /** Open a span per query. Defaults to true. */
  readonly tracing?: boolean
}

/**
 * Makes a query bus: typed handlers by query type, parameters validated before the handler runs,
 * middleware around it.
 *
 * @example
 * ```ts
 * const GetOrder = defineQuery('GetOrder', z.object({ orderId: z.string() }))
 * const queries = createQueryBus().register(GetOrder, async ({ orderId }) => Result.Ok(await findSummary(orderId)))
 * const summary = await queries.execute('GetOrder', { orderId: 'o1' })
 * ```
 */
export function createQueryBus(options: QueryBusOptions = {}): QueryBus {
  const outer = [...(options.tracing === false ? [] : [tracingMiddleware()]), ...(options.middleware ?? [])]
  return new MessageBusImpl<{}>('query', new Map(), outer, [])
}
