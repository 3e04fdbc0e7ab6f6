/**
 * What an event carries besides its payload. Kairo fills the well-known keys from
 * {@link createEvent}'s options; anything else you put in `metadata` is kept as it is (JSON).
 */
export interface EventMetadata {
  /** The aggregate the event belongs to (an order id, a user id). */
  readonly aggregateId?: string
  /** The kind of aggregate (`'order'`, `'user'`). */
  readonly aggregateType?: string
  /** Ties together every message caused by one request. */
  readonly correlationId?: string
  /** The id of the message (command or event) that caused this one. */
  readonly causationId?: string
  readonly [key: string]: unknown
}

/**
 * An event about to be appended: made by {@link createEvent} or an event definition's `create`.
 *
 * @example
 * ```ts
 * const e: NewEvent<'OrderPlaced', { orderId: string }> = createEvent('OrderPlaced', { orderId: 'o1' })
 * ```
 */
export interface NewEvent<Type extends string = string, Payload = unknown> {
  /** A UUID v7, unique across the store: appending the same id again stores it once. */
  readonly id: string
  readonly type: Type
  readonly payload: Payload
  readonly metadata: EventMetadata
  readonly occurredAt: Date
  /** The version of the payload's schema; set by {@link defineEvent}, 1 otherwise. */
  readonly schemaVersion?: number
}

/**
 * An event read back from a store: a {@link NewEvent} with its place in its stream (`version`,
 * from 1) and in the global log (`position`, increasing in commit-safe order; not dense).
 *
 * @example
 * ```ts
 * const events = (await store.readStream('order-1')).unwrap()
 * events[0]?.version // 1
 * ```
 */
export interface StoredEvent<Type extends string = string, Payload = unknown> extends NewEvent<Type, Payload> {
  readonly streamId: string
  /** Position in its stream: 1 for the first event. */
  readonly version: number
  /** Position in the global log: increasing, unique, with gaps. */
  readonly position: bigint
  readonly schemaVersion: number
}

/** Any stored event. */
export type AnyStoredEvent = StoredEvent<string, unknown>
