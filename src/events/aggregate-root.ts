import { type CreateEventOptions, createEvent } from './create-event.js'
import type { AnyStoredEvent, NewEvent } from './event.js'

/**
 * A class-style aggregate: methods check rules and record events with `addEvent`; each event is
 * applied to the instance by a method named `apply<EventType>` (`applyUserCreated` for
 * `UserCreated`, `applyUserCreated` too for `user.created`), called with the payload and the event,
 * both when the event is recorded and when the aggregate is loaded from its stream.
 *
 * @example
 * ```ts
 * class UserAggregate extends AggregateRoot {
 *   private email = ''
 *   static create(id: string, email: string) {
 *     const user = new UserAggregate(id)
 *     user.addEvent('UserCreated', { email })
 *     return user
 *   }
 *   protected applyUserCreated(payload: { email: string }) {
 *     this.email = payload.email
 *   }
 * }
 * ```
 */
export abstract class AggregateRoot {
  readonly id: string
  #version = 0
  #pending: NewEvent[] = []

  constructor(id: string) {
    this.id = id
  }

  /** The version of the last stored event: the expected version of the next save. */
  get version(): number {
    return this.#version
  }

  /** Events recorded since the aggregate was loaded or last saved. */
  get uncommittedEvents(): readonly NewEvent[] {
    return this.#pending
  }

  /** The aggregate type stored in each event's metadata; the class name by default. */
  protected get aggregateType(): string {
    return this.constructor.name
  }

  /** Records an event and applies it to this instance. */
  protected addEvent<Payload>(
    type: string,
    payload: Payload,
    options: CreateEventOptions = {},
  ): NewEvent<string, Payload> {
    const event = createEvent(type, payload, { aggregateId: this.id, aggregateType: this.aggregateType, ...options })
    this.#apply(event)
    this.#pending.push(event)
    return event
  }

  #apply(event: NewEvent | AnyStoredEvent): void {
    const method = (this as unknown as Record<string, unknown>)[applyMethodName(event.type)]
    if (typeof method === 'function') method.call(this, event.payload, event)
  }

  /** Applies a stored event while loading. @internal */
  replayEvent(event: AnyStoredEvent): void {
    this.#apply(event)
    this.#version = event.version
  }

  /** Marks the recorded events as stored at `version`. @internal */
  markSaved(version: number): void {
    this.#pending = []
    this.#version = version
  }

  /** Restores the version from a snapshot. @internal */
  restoreVersion(version: number): void {
    this.#version = version
  }
}

/** `OrderPlaced` → `applyOrderPlaced`; `order.placed` and `order-placed` → `applyOrderPlaced`. @internal */
export function applyMethodName(type: string): string {
  return `apply${type
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')}`
}
