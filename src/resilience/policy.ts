import type { ErrType, OkType, Result } from '../core/result.js'
import type { ThrownError } from './resilience-errors.js'

/**
 * What a policy hands to the work it runs. `signal` is created only when the work reads it, so a
 * policy that never needs to cancel (and work that never asks) allocates no `AbortController`.
 *
 * @example
 * ```ts
 * import { timeout } from 'kairo/resilience'
 *
 * await timeout(2000).execute(({ signal, attempt }) => fetch(`https://example.com?try=${attempt}`, { signal }))
 * ```
 */
export interface WorkContext {
  /** Fires when the policy gives up on this attempt (deadline, hedge lost, caller aborted). */
  readonly signal: AbortSignal
  /** 1 for the first try; retries count up. */
  readonly attempt: number
}

/**
 * The work a policy runs: it may return a value, a Promise, or a `Result` (or a Promise of one).
 * An `Err` is a failure; a thrown error or rejected Promise becomes a {@link ThrownError}.
 */
export type Work<R> = (context: WorkContext) => R

/** How one call runs: the caller's own abort signal. A {@link WorkContext} is also accepted. */
export interface ExecuteOptions {
  /** Aborting it stops waiting (queues, backoff) and reaches the work through its `signal`. */
  readonly signal?: AbortSignal | undefined
  /** The attempt number to report to the work (set by an enclosing retry). */
  readonly attempt?: number
}

/** The success type of a work's return: `T` for `T`, `Promise<T>`, `Result<E, T>` or `Promise<Result<E, T>>`. */
export type WorkValue<R> = Awaited<R> extends infer A ? (A extends Result<unknown, unknown> ? OkType<A> : A) : never

/** The error type of a work's return: `E` for `Result<E, T>` (or a Promise of one), else `never`. */
export type WorkError<R> =
  Awaited<R> extends infer A ? (A extends Result<unknown, unknown> ? ErrType<A> : never) : never

/** What `execute` resolves to: the work's own errors, the policy's errors (`PE`), and thrown errors. */
export type PolicyResult<R, PE> = Result<WorkError<R> | PE | ThrownError, WorkValue<R>>

/**
 * A resilience policy: runs work under a rule (retry, deadline, circuit, concurrency cap, rate)
 * and always resolves to a `Result`, never rejects. `PE` is the errors the policy itself adds.
 *
 * @example
 * ```ts
 * import { retry, type Policy } from 'kairo/resilience'
 *
 * const policy: Policy<never> = retry({ maxAttempts: 3 })
 * const r = await policy.execute(async () => 42) // Ok(42)
 * ```
 */
export interface Policy<PE = never> {
  /** Type-level only: the errors this policy adds (never set at run time). */
  readonly '~errors'?: PE
  execute<R>(work: Work<R>, options?: ExecuteOptions): Promise<PolicyResult<R, PE>>
}

/** The errors a policy (or a union of policies) adds. */
export type PolicyErrorsOf<P> = P extends { readonly '~errors'?: infer E } ? Exclude<E, undefined> : never
