import type { KairoError } from '../../core/kairo-error.js'
import { Err, Ok } from '../../core/result.js'
import type { DatabaseEngine, IsolationLevel, Transaction, TransactionOptions, TransactionResult } from './database.js'
import { isTransactionRetryable, mapDatabaseError } from './database-errors.js'
import type { OpenTransaction } from './session.js'
import { settle, TransactionSession } from './transaction-session.js'

/** Receives errors that happen away from any caller (after-commit callbacks, listener reconnects). */
export type BackgroundErrorReporter = (error: unknown, context: string) => void

/** How an engine opens a transaction with the given isolation. @internal */
export type OpenTransactionFn = (isolation: IsolationLevel, readOnly: boolean) => Promise<OpenTransaction>

/**
 * The transaction protocol both engines share: open, run the function, then commit or roll back;
 * run everything again on a serialization failure or deadlock while `retryOnConflict` allows.
 * @internal
 */
export async function runTransaction<T>(
  open: OpenTransactionFn,
  fn: (tx: Transaction) => Promise<T>,
  options: TransactionOptions,
  engine: DatabaseEngine,
  service: string,
  reportError: BackgroundErrorReporter,
): Promise<TransactionResult<T>> {
  const isolation = options.isolation ?? 'read committed'
  const maxAttempts = 1 + Math.max(0, Math.floor(options.retryOnConflict ?? 0))
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(open, fn, isolation, options.readOnly ?? false, engine, service, reportError)
    if (outcome.ok) return outcome as TransactionResult<T>
    const error = outcome.error as KairoError
    const retryable = typeof error === 'object' && error !== null && isTransactionRetryable(error)
    if (!retryable || attempt >= maxAttempts) return outcome as TransactionResult<T>
    // Back off a little, with jitter, so colliding transactions do not collide again in lockstep.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
  }
}

async function attemptOnce<T>(
  open: OpenTransactionFn,
  fn: (tx: Transaction) => Promise<T>,
  isolation: IsolationLevel,
  readOnly: boolean,
  engine: DatabaseEngine,
  service: string,
  reportError: BackgroundErrorReporter,
): Promise<Ok<unknown, unknown> | Err<unknown, unknown>> {
  let opened: OpenTransaction
  try {
    opened = await open(isolation, readOnly)
  } catch (error) {
    return new Err(mapDatabaseError(error, service))
  }
  const tx = new TransactionSession(opened, engine, isolation, service)
  const outcome = await settle(() => fn(tx))
  tx.finish()

  if (outcome.kind !== 'value' || tx.failure !== undefined) {
    const rolledBack = await rollbackSafely(opened)
    opened.release(!rolledBack)
    if (outcome.kind === 'threw') throw outcome.thrown
    return new Err(outcome.kind === 'failed' ? outcome.error : tx.failure)
  }
  try {
    await opened.commit()
  } catch (error) {
    // A failed COMMIT has ended the transaction on the server; make sure, then report.
    await rollbackSafely(opened)
    opened.release(true)
    return new Err(mapDatabaseError(error, service))
  }
  opened.release(false)
  for (const callback of tx.afterCommitCallbacks) {
    try {
      await callback()
    } catch (error) {
      // The transaction is committed: a failing callback must not turn it into an error, but it is reported.
      reportError(error, 'afterCommit callback failed')
    }
  }
  return new Ok(outcome.value)
}

async function rollbackSafely(opened: OpenTransaction): Promise<boolean> {
  try {
    await opened.rollback()
    return true
  } catch {
    return false
  }
}
