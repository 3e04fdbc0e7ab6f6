import { ConflictError } from '../core/errors.js'
import type { ExpectedVersion } from './event-store.js'

/**
 * Code of the `ConflictError` an append returns when the stream is not at the expected version.
 *
 * @example
 * ```ts
 * if (!r.ok && r.error.code === WRONG_EXPECTED_VERSION) reloadAndRetry()
 * ```
 */
export const WRONG_EXPECTED_VERSION = 'WRONG_EXPECTED_VERSION'
/**
 * Code of the `ConflictError` an append returns when some of its event ids are stored elsewhere.
 *
 * @example
 * ```ts
 * if (!r.ok && r.error.code === EVENT_ID_CONFLICT) console.error('event ids reused', r.error.details)
 * ```
 */
export const EVENT_ID_CONFLICT = 'EVENT_ID_CONFLICT'
/**
 * Code of the `ConflictError` a checkpoint write returns when the consumer's lease was lost.
 *
 * @example
 * ```ts
 * const moved = await lease.commit(from, to)
 * if (!moved.ok && moved.error.code === CHECKPOINT_CONFLICT) await lease.release() // another instance runs now
 * ```
 */
export const CHECKPOINT_CONFLICT = 'CHECKPOINT_CONFLICT'

/**
 * The stream is not at the version the append expected. `expected` and `actual` say what each was
 * (`actual` is `'no_stream'` for a stream without events).
 *
 * @example
 * ```ts
 * const r = await store.append('order-1', events, { expectedVersion: 2 })
 * if (!r.ok && isWrongExpectedVersion(r.error)) console.log(r.error.expected, r.error.actual) // 2 3
 * ```
 */
export function wrongExpectedVersion(streamId: string, expected: ExpectedVersion, actual: number): ConflictError {
  const actualLabel = actual === 0 ? 'no_stream' : actual
  return new ConflictError(
    `stream ${streamId} is at version ${actual === 0 ? '0 (no stream)' : actual}, expected ${String(expected)}`,
    { code: WRONG_EXPECTED_VERSION, expected, actual: actualLabel, details: { streamId } },
  )
}

/**
 * True for the `ConflictError` of an append whose expected version did not match.
 *
 * @example
 * ```ts
 * const r = await store.append('order-1', events, { expectedVersion: loaded.version })
 * if (!r.ok && isWrongExpectedVersion(r.error)) return retry()
 * ```
 */
export function isWrongExpectedVersion(error: unknown): error is ConflictError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === WRONG_EXPECTED_VERSION
}

/** Checks an expected version against the stream's current version (0 = no stream). @internal */
export function versionMatches(expected: ExpectedVersion, current: number): boolean {
  if (expected === 'any') return true
  if (expected === 'no_stream') return current === 0
  if (expected === 'exists') return current > 0
  return current === expected
}

/** Rejects malformed expected versions early (programmer errors). @internal */
export function assertExpectedVersion(expected: ExpectedVersion): void {
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new TypeError(`expectedVersion must be 'any', 'no_stream', 'exists' or an integer >= 0, got ${expected}`)
  }
  if (typeof expected === 'string' && !['any', 'no_stream', 'exists'].includes(expected)) {
    throw new TypeError(`expectedVersion must be 'any', 'no_stream', 'exists' or an integer >= 0, got ${expected}`)
  }
}

/** Some ids of the appended events are stored already, but not as exactly this append. @internal */
export function eventIdConflict(streamId: string, ids: readonly string[]): ConflictError {
  return new ConflictError(
    `append to ${streamId}: event ids ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''} are already stored, but not as this exact append`,
    { code: EVENT_ID_CONFLICT, details: { streamId, ids: ids.slice(0, 20) } },
  )
}
