import type { Database } from '../adapters/postgres/database.js'
import { PostgresIdempotencyStore } from '../adapters/postgres/postgres-idempotency-store.js'
import { idempotencyMiddleware } from './idempotency-middleware.js'
import type { IdempotencyStore } from './idempotency-store.js'
import { MemoryIdempotencyStore } from './memory-idempotency-store.js'
import { type HandlerTypes, type MessageBus, MessageBusImpl } from './message-bus.js'
import type { Middleware } from './message-middleware.js'
import { tracingMiddleware } from './tracing-middleware.js'

/** A bus for commands. */
export type CommandBus<R extends Record<string, HandlerTypes> = {}> = MessageBus<R>

/** Options of {@link createCommandBus}. */
export interface CommandBusOptions {
  /** Keep command outcomes in this database (table `kairo_command_outcomes`), so idempotency survives restarts and spans instances. */
  readonly database?: Database
  /** Where outcomes of commands executed with an `id` are kept. Defaults to the database, else memory. */
  readonly idempotency?: IdempotencyStore
  /** A claim by an executor that never finished is taken over after this long. Defaults to 60 s. */
  readonly staleAfterMs?: number
  /** Middleware run around every command, outermost first (after tracing). */
  readonly middleware?: readonly Middleware[]
  /** Open a span per command. Defaults to true. */
  readonly tracing?: boolean
}

/**
 * Makes a command bus. Register handlers (each call returns a new, typed bus), then execute commands
 * by type: the payload is validated, then middleware (tracing, yours, idempotency) and the handler run.
 * A command executed with an `id` runs at most once per id; a repeat returns the stored outcome.
 *
 * @example
 * ```ts
 * import { createCommandBus, defineCommand } from 'kairo/events'
 *
 * const PlaceOrder = defineCommand('PlaceOrder', z.object({ orderId: z.string() }))
 * const commands = createCommandBus({ database: db }).register(PlaceOrder, async ({ orderId }) => Result.Ok({ orderId }))
 * const r = await commands.execute('PlaceOrder', { orderId: 'o1' }, { id: 'request-42' })
 * ```
 */
export function createCommandBus(options: CommandBusOptions = {}): CommandBus {
  const store =
    options.idempotency ??
    (options.database ? new PostgresIdempotencyStore(options.database) : new MemoryIdempotencyStore())
  const outer = [...(options.tracing === false ? [] : [tracingMiddleware()]), ...(options.middleware ?? [])]
  const inner = [
    idempotencyMiddleware({ store, ...(options.staleAfterMs ? { staleAfterMs: options.staleAfterMs } : {}) }),
  ]
  return new MessageBusImpl<{}>('command', new Map(), outer, inner)
}
