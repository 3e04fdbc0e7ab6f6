import type { KairoError } from '../../core/kairo-error.js'
import { Err, Ok, Result } from '../../core/result.js'
import type {
  DatabaseEngine,
  DatabaseFailure,
  IsolationLevel,
  QueryResult,
  Row,
  Transaction,
  TransactionResult,
} from './database.js'
import { mapDatabaseError, QueryError } from './database-errors.js'
import type { OpenTransaction } from './session.js'

/**
 * The public face of one open transaction: maps driver errors, remembers the first failure,
 * runs savepoints and collects after-commit callbacks.
 * @internal
 */
export class TransactionSession implements Transaction {
  readonly engine: DatabaseEngine
  readonly isolation: IsolationLevel
  readonly #open: OpenTransaction
  readonly #service: string
  #failure: KairoError | undefined
  #finished = false
  #savepoints = 0
  readonly afterCommitCallbacks: Array<() => void | Promise<void>> = []

  constructor(open: OpenTransaction, engine: DatabaseEngine, isolation: IsolationLevel, service: string) {
    this.#open = open
    this.engine = engine
    this.isolation = isolation
    this.#service = service
  }

  get failure(): KairoError | undefined {
    return this.#failure
  }

  fail(error: KairoError): void {
    this.#failure ??= error
  }

  finish(): void {
    this.#finished = true
  }

  async query<R extends Row = Row>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<Result<DatabaseFailure, QueryResult<R>>> {
    if (this.#finished) return Result.Err(closedError())
    try {
      return new Ok((await this.#open.run(sql, params)) as QueryResult<R>)
    } catch (error) {
      const mapped = mapDatabaseError(error, this.#service)
      this.fail(mapped)
      return new Err(mapped)
    }
  }

  async exec(sql: string): Promise<Result<DatabaseFailure, void>> {
    if (this.#finished) return Result.Err(closedError())
    try {
      await this.#open.runScript(sql)
      return new Ok(undefined)
    } catch (error) {
      const mapped = mapDatabaseError(error, this.#service)
      this.fail(mapped)
      return new Err(mapped)
    }
  }

  async savepoint<T>(fn: (tx: Transaction) => Promise<T>): Promise<TransactionResult<T>> {
    const name = `kairo_sp_${++this.#savepoints}`
    const started = await this.exec(`SAVEPOINT ${name}`)
    if (!started.ok) return started as TransactionResult<T>
    const failureBefore = this.#failure
    this.#failure = undefined
    const outcome = await settle(() => fn(this))
    const statementFailure = this.#failure
    this.#failure = failureBefore
    if (outcome.kind === 'value' && statementFailure === undefined) {
      const released = await this.exec(`RELEASE SAVEPOINT ${name}`)
      if (!released.ok) return released as TransactionResult<T>
      return new Ok(outcome.value) as TransactionResult<T>
    }
    const undone = await this.exec(`ROLLBACK TO SAVEPOINT ${name}`)
    if (!undone.ok) return undone as TransactionResult<T>
    if (outcome.kind === 'threw') throw outcome.thrown
    return new Err(outcome.kind === 'failed' ? outcome.error : statementFailure) as TransactionResult<T>
  }

  afterCommit(fn: () => void | Promise<void>): void {
    this.afterCommitCallbacks.push(fn)
  }
}

function closedError(): QueryError {
  return new QueryError('the transaction has already ended; run statements inside its function', {
    code: 'TRANSACTION_CLOSED',
  })
}

/**
 * What a transaction function produced: a value (a returned `Result` unwrapped), a failure (an
 * `Err`'s error, kept as it is, or a thrown `KairoError`), or another thrown value.
 * @internal
 */
export type Settled =
  | { kind: 'value'; value: unknown }
  | { kind: 'failed'; error: unknown }
  | { kind: 'threw'; thrown: unknown }

/** Runs `fn` and classifies its outcome. @internal */
export async function settle(fn: () => Promise<unknown>): Promise<Settled> {
  try {
    const value = await fn()
    if (Result.isResult(value)) {
      return value.ok ? { kind: 'value', value: value.value } : { kind: 'failed', error: value.error }
    }
    return { kind: 'value', value }
  } catch (thrown) {
    if (isKairo(thrown)) return { kind: 'failed', error: thrown }
    return { kind: 'threw', thrown }
  }
}

function isKairo(value: unknown): value is KairoError {
  return typeof value === 'object' && value !== null && (value as { isKairoError?: unknown }).isKairoError === true
}
