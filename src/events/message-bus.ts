import { NotFoundError } from '../core/errors.js'
import type { KairoError } from '../core/kairo-error.js'
import { Err, Ok, Result } from '../core/result.js'
import type { InferSchemaInput, InferSchemaOutput, StandardSchemaV1 } from '../core/standard-schema.js'
import { validateStandard } from '../core/standard-schema.js'
import { uuidv7 } from '../core/uuid-v7.js'
import type { MessageDefinition } from './define-message.js'
import { compose, type MessageEnvelope, type Middleware } from './message-middleware.js'
import { asKairoError } from './settle-handler.js'

/** What a handler is given besides the payload. */
export interface HandlerContext {
  readonly id: string
  readonly type: string
  readonly metadata: Readonly<Record<string, unknown>>
}

/** A registered handler's types, as the bus remembers them. */
export interface HandlerTypes {
  readonly input: unknown
  readonly output: unknown
  readonly error: KairoError
}

/** Options of `execute`. */
export interface ExecuteOptions {
  /** The command's id. Give one (a request id) to make the command idempotent: it runs at most once. */
  readonly id?: string
  /** Correlation ids, the user, …: passed to middleware and handlers. */
  readonly metadata?: Readonly<Record<string, unknown>>
}

/** The handler of one message type. */
export type MessageHandler<S extends StandardSchemaV1, Out, E extends KairoError> = (
  payload: InferSchemaOutput<S>,
  context: HandlerContext,
) => Promise<Result<E, Out>> | Result<E, Out>

/**
 * A command or query bus: typed handlers registered by type, validation, then middleware.
 *
 * @example
 * ```ts
 * const bus = createCommandBus().register(PlaceOrder, placeOrder).use(loggingMiddleware())
 * const r = await bus.execute('PlaceOrder', { orderId: 'o1' }) // typed by placeOrder's Result
 * ```
 */
export interface MessageBus<R extends Record<string, HandlerTypes>> {
  readonly kind: 'command' | 'query'
  /** The registered types. */
  readonly types: readonly string[]
  /** A new bus that also routes `definition.type` to `handler`. Registering a type twice throws. */
  register<const T extends string, S extends StandardSchemaV1, Out, E extends KairoError = never>(
    definition: MessageDefinition<T, S>,
    handler: MessageHandler<S, Out, E>,
  ): MessageBus<R & Record<T, { input: InferSchemaInput<S>; output: Out; error: E }>>
  /** A new bus with more middleware (outermost first, after the existing ones). */
  use(...middleware: Middleware[]): MessageBus<R>
  /**
   * Validates the payload with the type's schema, then runs the middleware and the handler. An
   * unknown type is a `NotFoundError`; an invalid payload a `ValidationError` (the handler never runs).
   */
  execute<T extends keyof R & string>(
    type: T | { readonly type: T },
    payload: R[T]['input'],
    options?: ExecuteOptions,
  ): Promise<Result<R[T]['error'] | KairoError, R[T]['output']>>
}

interface Registered {
  readonly definition: MessageDefinition
  readonly handler: MessageHandler<StandardSchemaV1, unknown, KairoError>
}

/** @internal */
export class MessageBusImpl<R extends Record<string, HandlerTypes>> implements MessageBus<R> {
  readonly kind: 'command' | 'query'
  readonly #handlers: ReadonlyMap<string, Registered>
  readonly #middleware: readonly Middleware[]
  /** Runs innermost, right before the handler (idempotency must see validated payloads only). */
  readonly #inner: readonly Middleware[]

  constructor(
    kind: 'command' | 'query',
    handlers: ReadonlyMap<string, Registered>,
    middleware: readonly Middleware[],
    inner: readonly Middleware[],
  ) {
    this.kind = kind
    this.#handlers = handlers
    this.#middleware = middleware
    this.#inner = inner
    Object.freeze(this)
  }

  get types(): readonly string[] {
    return [...this.#handlers.keys()]
  }

  register<const T extends string, S extends StandardSchemaV1, Out, E extends KairoError = never>(
    definition: MessageDefinition<T, S>,
    handler: MessageHandler<S, Out, E>,
  ): MessageBus<R & Record<T, { input: InferSchemaInput<S>; output: Out; error: E }>> {
    if (definition.kind !== this.kind) {
      throw new TypeError(`${definition.type} is a ${definition.kind}: register it on a ${definition.kind} bus`)
    }
    if (this.#handlers.has(definition.type))
      throw new TypeError(`${this.kind} ${definition.type} already has a handler`)
    const handlers = new Map(this.#handlers)
    handlers.set(definition.type, { definition, handler: handler as unknown as Registered['handler'] })
    return new MessageBusImpl<R & Record<T, { input: InferSchemaInput<S>; output: Out; error: E }>>(
      this.kind,
      handlers,
      this.#middleware,
      this.#inner,
    )
  }

  use(...middleware: Middleware[]): MessageBus<R> {
    return new MessageBusImpl(this.kind, this.#handlers, [...this.#middleware, ...middleware], this.#inner)
  }

  async execute<T extends keyof R & string>(
    typeOrDefinition: T | { readonly type: T },
    payload: R[T]['input'],
    options: ExecuteOptions = {},
  ): Promise<Result<R[T]['error'] | KairoError, R[T]['output']>> {
    const type = typeof typeOrDefinition === 'string' ? typeOrDefinition : typeOrDefinition.type
    const registered = this.#handlers.get(type)
    if (!registered) return new Err(new NotFoundError(`${this.kind} handler`, type))
    const valid = await validateStandard(registered.definition.schema, payload)
    if (!valid.ok) return new Err(valid.error)
    const message: MessageEnvelope = {
      kind: this.kind,
      type,
      id: options.id ?? uuidv7(),
      idempotent: options.id !== undefined,
      payload: valid.value,
      metadata: options.metadata ?? {},
    }
    const context: HandlerContext = { id: message.id, type, metadata: message.metadata }
    const handle = async (): Promise<Result<KairoError, unknown>> => {
      try {
        const r = await registered.handler(message.payload, context)
        return Result.isResult(r) ? r : new Ok(r)
      } catch (thrown) {
        return new Err(asKairoError(thrown))
      }
    }
    const outcome = await compose([...this.#middleware, ...this.#inner], message, handle)
    return outcome as Result<R[T]['error'] | KairoError, R[T]['output']>
  }
}
